"""Social cards, the parts without pixels: Unicode helpers, layout, digest, font coverage."""

from __future__ import annotations

import os
import shutil

import pytest
from PIL import Image, ImageFont

from pelican_smo.cards import fonts
from pelican_smo.cards import text as scripts
from pelican_smo.cards.fontstack import FontStack
from pelican_smo.cards.layout import Box, Extent, ellipsize, layout_card, wrap
from pelican_smo.cards.spec import CardSpec, FileStamps
from pelican_smo.cards.style import CardStyle, LayoutOptions

# --- scripts -----------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    ("abc", ["a", "b", "c"]),
    ("e\u0301x", ["e\u0301", "x"]),                       # combining accent
    ("👩‍💻!", ["👩‍💻", "!"]),                              # ZWJ sequence
    ("🇯🇵🇫🇷", ["🇯🇵", "🇫🇷"]),                             # flags pair up
    ("1️⃣a", ["1️⃣", "a"]),                               # keycap
    ("👍🏽", ["👍🏽"]),                                     # skin tone
    ("❤️ x", ["❤️", " ", "x"]),                          # VS16
    ("क्षa", ["क्ष", "a"]),                               # Devanagari conjunct (GB9c)
    ("\u1100\u1161\u11a8x", ["\u1100\u1161\u11a8", "x"]),  # conjoining Hangul jamo
])
def test_clusters(text, expected):
    assert scripts.clusters(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Hello big world", ["Hello ", "big ", "world"]),
    ("日本語。テスト", ["日", "本", "語。", "テ", "ス", "ト"]),   # no break before 。
    ("「日本」です", ["「日", "本」", "で", "す"]),             # none after 「, none before 」
    ("well-known", ["well-", "known"]),
    ("a/b/c", ["a/", "b/", "c"]),
    ("-x", ["-x"]),
])
def test_segments(text, expected):
    pieces = scripts.segments(text)
    assert pieces == expected
    assert "".join(pieces) == text


def test_bidi_levels_and_order():
    text = "abc אבג def"
    assert scripts.paragraph_level(text) == 0
    assert scripts.embedding_levels(text, 0) == [0, 0, 0, 0, 1, 1, 1, 0, 0, 0, 0]
    hebrew = "אבג 123 דה"
    assert scripts.paragraph_level(hebrew) == 1
    levels = scripts.embedding_levels(hebrew, 1)
    assert levels == [1, 1, 1, 1, 2, 2, 2, 1, 1, 1]
    visual = "".join(hebrew[i] for i in scripts.visual_order(levels))
    assert visual == "הד 123 גבא"
    # Arabic letters turn following European digits into Arabic-number context (W2).
    arabic = "عام 2024"
    assert scripts.embedding_levels(arabic, 1)[-4:] == [2, 2, 2, 2]
    # Trailing spaces stay at the paragraph level (L1).
    assert scripts.embedding_levels("אב  ", 0) == [1, 1, 0, 0]


# --- layout with a fake measurer (10 px per cluster, glyphs from -size*0.8 to +size*0.2) ---


def fake_measure(role, text, size, base):
    width = 10 * len(scripts.clusters(text)) * size // 40
    return Extent(0, -int(size * 0.8), width, int(size * 0.2) + 1, width)


def test_wrap_respects_width_and_keeps_words():
    text = "the quick brown fox jumps over the lazy dog " * 5
    lines = wrap(text, lambda line: len(line) <= 20)
    assert all(len(line) <= 20 for line in lines)
    assert " ".join(lines).split() == text.split()


def test_wrap_breaks_overlong_word_between_clusters():
    lines = wrap("x" * 50, lambda line: len(line) <= 20)
    assert lines == ["x" * 20, "x" * 20, "x" * 10]


def test_ellipsize_prefers_word_boundary():
    fits = lambda text: len(text) <= 20  # noqa: E731
    assert ellipsize("short", fits) == "short"
    cut = ellipsize("a sentence that is much too long", fits)
    assert cut == "a sentence that is…"
    assert ellipsize("exact", fits, force=True) == "exact…"


def _inside(layout):
    return all(layout.content.contains(line.ink) for line in layout.lines)


def test_layout_short_title_uses_max_size():
    spec = CardSpec("p", "Short", "Site", ("Ada",), "2024")
    layout = layout_card(spec, fake_measure)
    assert layout.title_size == spec.style.layout.title_max_size
    assert not layout.title_truncated
    assert [line.role for line in layout.lines] == ["title", "site", "meta"]
    assert _inside(layout)


def test_layout_shrinks_then_truncates():
    medium = CardSpec("p", "word " * 60)
    shrunk = layout_card(medium, fake_measure)
    assert medium.style.layout.title_min_size <= shrunk.title_size \
        < medium.style.layout.title_max_size
    assert not shrunk.title_truncated
    huge = CardSpec("p", "word " * 400, "Site", ("A", "B"), "2024")
    layout = layout_card(huge, fake_measure)
    assert layout.title_size == huge.style.layout.title_min_size
    assert layout.title_truncated
    titles = [line for line in layout.lines if line.role == "title"]
    assert len(titles) <= huge.style.layout.title_max_lines
    assert titles[-1].text.endswith("…")
    assert _inside(layout)


def test_layout_rtl_title_is_right_aligned():
    spec = CardSpec("p", "שלום עולם")
    layout = layout_card(spec, fake_measure)
    (title,) = [line for line in layout.lines if line.role == "title"]
    assert title.base == 1
    assert title.ink.right == layout.content.right


def test_layout_footer_ellipsized_and_logo_inside():
    spec = CardSpec("p", "Title", "S" * 300, tuple("Author" for _ in range(40)), "2024")
    layout = layout_card(spec, fake_measure, logo_size=(400, 100))
    assert layout.logo is not None and layout.content.contains(layout.logo)
    footer = [line for line in layout.lines if line.role != "title"]
    assert all(line.text.endswith("…") for line in footer)
    assert all(line.ink.left >= layout.logo.right for line in footer)
    assert _inside(layout)


def test_layout_empty_title_and_footer():
    layout = layout_card(CardSpec("p", "  "), fake_measure)
    assert layout.lines == () and layout.title_size == 0


def test_lang_is_normalised():
    assert CardSpec("p", "t", lang="pt_BR").lang == "pt-BR"
    assert CardSpec("p", "t", lang=" ").lang is None


def test_box_contains():
    assert Box(0, 0, 10, 10).contains(Box(0, 0, 10, 10))
    assert not Box(0, 0, 10, 10).contains(Box(-1, 0, 10, 10))


# --- spec and digest ---------------------------------------------------------------------


@pytest.mark.parametrize("bad", [{"background": "red"}, {"accent": "#12345"},
                                 {"format": "gif"}, {"draw_function": "no colon"}])
def test_style_validation(bad):
    assert CardStyle(background="#ABCDEF").background == "#abcdef"
    with pytest.raises(ValueError):
        CardStyle(**bad)


def test_layout_options_validation():
    with pytest.raises(ValueError):
        LayoutOptions(title_min_size=90, title_max_size=40)
    with pytest.raises(ValueError):
        LayoutOptions(margin_x=700)


def test_digest_covers_what_changes_the_picture(tmp_path):
    font = tmp_path / "font.ttf"
    shutil.copy(fonts.default_font_stack(True)[0].split("#")[0], font)
    logo = tmp_path / "logo.png"
    Image.new("RGB", (10, 10), "red").save(logo)
    base = CardSpec("p", "Title", "Site", ("Ada",), "2024",
                    style=CardStyle(fonts=(str(font),), logo=str(logo)))
    digest = base.digest()
    assert len(digest) == 20 and digest == base.digest()
    same = CardSpec("other-page", "Title", "Site", ("Ada",), "2024", style=base.style)
    assert same.digest() == digest  # page_id names the page, it isn't drawn
    changed = [
        CardSpec("p", "Title!", "Site", ("Ada",), "2024", style=base.style),
        CardSpec("p", "Title", "Site", ("Ada", "Bo"), "2024", style=base.style),
        CardSpec("p", "Title", "Site", ("Ada",), "2024", lang="ja", style=base.style),
        CardSpec("p", "Title", "Site", ("Ada",), "2024",
                 style=CardStyle(fonts=(str(font),), logo=str(logo), accent="#000000")),
        CardSpec("p", "Title", "Site", ("Ada",), "2024",
                 style=CardStyle(fonts=(str(font),), logo=str(logo),
                                 layout=LayoutOptions(margin_x=90))),
        CardSpec("p", "Title", "Site", ("Ada",), "2024",
                 style=CardStyle(fonts=(str(font),), logo=str(logo), format="jpeg")),
    ]
    digests = {spec.digest() for spec in changed}
    assert len(digests) == len(changed) and digest not in digests
    # Same logo path, new content: new digest.
    Image.new("RGB", (10, 10), "blue").save(logo)
    assert base.digest() != digest
    after_logo = base.digest()
    # Font file touched (mtime): new digest.
    os.utime(font, ns=(1, 1))
    assert base.digest() != after_logo


def test_file_stamps_are_cached_per_build(tmp_path):
    logo = tmp_path / "logo.png"
    Image.new("RGB", (4, 4), "red").save(logo)
    stamps = FileStamps()
    spec = CardSpec("p", "T", style=CardStyle(logo=str(logo)))
    first = spec.digest(stamps)
    Image.new("RGB", (4, 4), "blue").save(logo)
    assert spec.digest(stamps) == first  # one build sees one state of the files
    assert spec.digest() != first


# --- font coverage -----------------------------------------------------------------------


def _drawn_differently_from_notdef(path: str, ch: str) -> bool:
    font = ImageFont.truetype(path, 40)
    notdef = font.getmask("\U0010fffd")
    mask = font.getmask(ch)
    return (mask.size, bytes(mask)) != (notdef.size, bytes(notdef))


SAMPLE = "Aé€Ωж中日語あア한😀\u0378\U0010fffd\u05d0\u0627"


def test_cmap_coverage_agrees_with_rendering():
    """The cmap parser says a glyph exists exactly when FreeType draws something else than .notdef."""
    checked = 0
    for ref in fonts.default_font_stack(True)[:6]:
        path, face = fonts.split_font_ref(ref)
        if face or ref == fonts.BUILTIN_FONT:
            continue
        info = fonts.font_info(ref)
        if info is None or info.strikes:  # bitmap emoji can't render at 40 px
            continue
        for ch in SAMPLE:
            assert info.covers(ch) == _drawn_differently_from_notdef(path, ch), (path, ch)
            checked += 1
    assert checked >= len(SAMPLE)


def test_builtin_font_is_scalable_and_covers_latin():
    info = fonts.font_info(fonts.BUILTIN_FONT)
    assert info is not None and info.covers("A") and not info.covers("日")
    small, big = ImageFont.load_default(10), ImageFont.load_default(60)
    assert big.getbbox("A")[3] > 3 * small.getbbox("A")[3]


def test_default_stack_needs_no_download():
    stack = fonts.default_font_stack(True)
    assert stack[-1] == fonts.BUILTIN_FONT
    assert all(os.path.exists(fonts.split_font_ref(ref)[0]) for ref in stack[:-1])
    assert fonts.default_font_stack(False)[-1] == fonts.BUILTIN_FONT


def test_prefetched_stacks_are_the_same_and_looked_up_once(monkeypatch):
    """The background lookup and the build's own call share one fontconfig run."""
    expected = (fonts.default_font_stack(True), fonts.default_font_stack(False))
    fonts._default_font_stack.cache_clear()
    fonts._font_listing.cache_clear()
    commands: list[str] = []
    real_run = fonts._run

    def counting_run(args):
        commands.append(args[0])
        return real_run(args)

    monkeypatch.setattr(fonts, "_run", counting_run)
    thread = fonts.prefetch_default_stacks()
    bold = fonts.default_font_stack(True)  # waits for the thread instead of racing it
    thread.join(timeout=60)
    assert not thread.is_alive()
    assert (bold, fonts.default_font_stack(False)) == expected
    if commands:  # machines without fontconfig use the Debian paths and run nothing
        assert sorted(commands) == ["fc-list", "fc-match", "fc-match"]


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork()")
def test_a_forked_card_worker_is_not_stuck_on_the_font_lock():
    """A pool worker forked while the background lookup holds the lock still gets stacks."""
    import signal
    import time

    expected = fonts.default_font_stack(True)
    with fonts._STACK_LOCK:  # as the background thread holds it at the moment of the fork
        pid = os.fork()
        if pid == 0:  # the worker: report through its exit status only
            os._exit(0 if fonts.default_font_stack(True) == expected else 1)
    deadline = time.monotonic() + 20
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            break
        if time.monotonic() > deadline:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            pytest.fail("the forked worker waited for a lock no thread will release")
        time.sleep(0.02)
    assert os.waitstatus_to_exitcode(status) == 0


def test_font_problem_names_the_trouble(tmp_path):
    bogus = tmp_path / "bogus.ttf"
    bogus.write_bytes(b"not a font at all")
    assert "not a usable" in fonts.font_problem(str(bogus))
    assert "does not exist" in fonts.font_problem(str(tmp_path / "nope.ttf"))
    assert fonts.font_problem(fonts.default_font_stack(True)[0]) is None


def test_runs_pick_fonts_per_character_and_order_rtl():
    stack = FontStack(fonts.default_font_stack(True))
    runs = stack.runs("Hi שלום", 0)
    assert [r.text for r in runs] == ["Hi ", "שלום"]
    assert runs[1].rtl and not runs[0].rtl
    assert runs[0].font != runs[1].font or fonts.covers(runs[0].font, "ש")
    assert stack.missing("abc \U0010fffd\u0378") == ["\U0010fffd", "\u0378"]
