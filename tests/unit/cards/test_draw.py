"""Social cards, drawn for real with Pillow and the installed fonts: files, margins, cache.

Sample cards are saved to tests/artifacts/cards/ for a human look.
"""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageDraw

from pelican_smo.cards import CardJobs, CardSpec, CardStyle, LayoutOptions, ensure_cards
from pelican_smo.cards.cache import install_file
from pelican_smo.cards.draw import MAX_BYTES, render_card, stacks_for
from pelican_smo.cards.fonts import BUILTIN_FONT
from pelican_smo.cards.fontstack import FontStack
from tests.helpers import ARTIFACTS_DIR
from tests.helpers.tools import require

ARTIFACTS = ARTIFACTS_DIR / "cards"
BACKGROUND = "#123456"
STYLE = CardStyle(background=BACKGROUND, foreground="#fafafa", accent="#ff8800")
FOLDER = "smo/cards"

LONG = ("How we rebuilt our static site pipeline: forty-two lessons about caching, "
        "fonts, right-to-left scripts, emoji and the surprisingly deep rabbit hole of "
        "social card images that nobody warned us about before we started. ") * 2
TITLES = {
    "latin": ("Building social cards that never overflow their margins", "fonts-noto-core"),
    "long": (LONG, "fonts-noto-core"),
    "cjk": ("日本語のとても長いタイトル：静的サイトジェネレーターでソーシャルカードを"
            "作る方法と、フォントのフォールバックについて詳しく説明します", "fonts-noto-cjk"),
    "rtl-hebrew": ("כותרת ארוכה בעברית: איך בונים כרטיסי שיתוף לאתר סטטי בשנת 2024",
                   "fonts-noto-core"),
    "rtl-arabic": ("عنوان طويل باللغة العربية: كيف نبني بطاقات المشاركة لموقع ثابت في عام 2024",
                   "fonts-noto-core"),
    "emoji": ("Launch day 🎉🚀 version 2.0 ships with ❤️ and 👩‍💻", "fonts-noto-color-emoji"),
    "cyrillic-greek": ("Привет, мир! Καλημέρα κόσμε — заголовок и τίτλος", "fonts-noto-core"),
    "url": ("See https://example.org/" + "very-long-path-segment" * 20, "fonts-noto-core"),
    "mixed": ("Mixed: English, עברית, العربية, 日本語, Ελληνικά and 🎉 in one title",
              "fonts-noto-cjk"),
}
SAMPLES = {"latin", "cjk", "rtl-hebrew", "rtl-arabic", "long", "emoji", "cyrillic-greek"}


def spec_for(page_id: str, title: str, style: CardStyle = STYLE, **kw) -> CardSpec:
    kw.setdefault("site_name", "Example Site")
    kw.setdefault("authors", ("Ada Lovelace", "Grace Hopper"))
    kw.setdefault("date_text", "1 May 2024")
    return CardSpec(page_id, title, style=style, **kw)


def require_fonts_for(text: str, package: str) -> None:
    """Skip (or, with CI set, fail) unless installed fonts other than Pillow's draw ``text``."""
    stack = stacks_for(spec_for("x", text))["title"]
    no_glyph = stack.missing(text)
    only_builtin = all(stack.font_for(c) in (None, BUILTIN_FONT) for c in text if not c.isspace()
                       and not c.isascii())
    require(not no_glyph and not (only_builtin and not text.isascii()),
            f"no installed font draws {''.join(no_glyph) or text[:10]!r}: "
            f"run scripts/system-deps.sh ({package})")


def ink_outside_content(image: Image.Image, options: LayoutOptions,
                        background: str = BACKGROUND) -> tuple[int, int]:
    """(pixels differing from the background outside the content box, inside it).

    Outside = the margins, minus the accent bar at the left edge (the only thing
    the design draws there). Any non-background pixel counts, however faint.
    """
    rgb = image.convert("RGB")
    red, green, blue = ImageChops.difference(rgb, Image.new("RGB", rgb.size, background)).split()
    diff = ImageChops.lighter(ImageChops.lighter(red, green), blue)  # max over channels
    marks = diff.point(lambda v: 255 if v else 0)
    content = (options.margin_x, options.margin_y,
               options.width - options.margin_x - 1, options.height - options.margin_y - 1)
    inside = Image.new("L", rgb.size, 0)
    ImageDraw.Draw(inside).rectangle(content, fill=255)
    inside_marks = ImageChops.multiply(marks, inside)
    outside_marks = ImageChops.subtract(marks, inside)
    if options.accent_width:
        ImageDraw.Draw(outside_marks).rectangle((0, 0, options.accent_width - 1,
                                                 options.height - 1), fill=0)
    count = lambda im: im.histogram()[255]  # noqa: E731
    return count(outside_marks), count(inside_marks)


# --- files ---------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["png", "jpeg"])
def test_reported_files_are_what_is_on_disk(tmp_path, fmt):
    style = CardStyle(background=BACKGROUND, format=fmt)
    specs = [spec_for("a", "First card", style), spec_for("b", "Second card 🎉", style)]
    result = ensure_cards(specs, str(tmp_path / "cache"), str(tmp_path / "out"), FOLDER)
    assert set(result) == {"a", "b"} and result.drawn == 2 and result.reused == 0
    for card in result.values():
        path = tmp_path / "out" / card.path_in_output
        assert card.path_in_output.startswith(FOLDER + "/")
        assert path.name == f"{card.digest}.{'png' if fmt == 'png' else 'jpg'}"
        with Image.open(path) as image:
            assert image.format == fmt.upper()
            assert image.size == (card.width, card.height) == (1200, 630)
            assert Image.MIME[image.format] == card.mime
        assert card.size_bytes == path.stat().st_size < MAX_BYTES
        assert card.size_bytes < 120_000  # "well under" 300 KB
        assert oct(path.stat().st_mode & 0o777) == oct(0o644)
    # Nothing half-written is left behind.
    leftovers = [p for p in tmp_path.rglob(".smo-*")]
    assert leftovers == []


@pytest.mark.parametrize("name", sorted(TITLES))
def test_no_text_pixel_outside_the_margins(tmp_path, name):
    title, package = TITLES[name]
    require_fonts_for(title, package)
    spec = spec_for(name, title, lang="ja" if name == "cjk" else None)
    stack = stacks_for(spec)["title"]
    assert stack.missing(title) == []  # every character has a real glyph: no tofu
    rendered = render_card(spec)
    assert not rendered.clipped  # the layout kept the text in; nothing was cut off
    result = ensure_cards([spec], str(tmp_path / "cache"), str(tmp_path / "out"), FOLDER)
    path = tmp_path / "out" / result[name].path_in_output
    with Image.open(path) as image:
        outside, inside = ink_outside_content(image, STYLE.layout)
    assert outside == 0
    assert inside > 5000  # the text is there
    if name in SAMPLES:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, ARTIFACTS / f"{name}.png")
    layout = rendered.layout
    assert layout is not None
    if name == "long":
        assert layout.title_truncated and layout.lines[0].text != LONG
        assert [line for line in layout.lines if line.role == "title"][-1].text.endswith("…")
    if name.startswith("rtl"):
        titles = [line for line in layout.lines if line.role == "title"]
        assert all(line.ink.right == layout.content.right for line in titles)


def test_margin_check_sees_a_single_stray_pixel():
    """The margin scan above is not vacuous: one faint pixel in a margin counts."""
    image = Image.new("RGB", (1200, 630), BACKGROUND)
    assert ink_outside_content(image, STYLE.layout) == (0, 0)
    image.putpixel((STYLE.layout.width - 3, 300), (0x12, 0x34, 0x57))
    assert ink_outside_content(image, STYLE.layout) == (1, 0)
    image.putpixel((5, 5), (255, 255, 255))  # inside the accent bar: allowed
    assert ink_outside_content(image, STYLE.layout) == (1, 0)


def test_right_to_left_without_libraqm_keeps_visual_order():
    """Without shaping, Hebrew runs are reversed by us: same picture as HarfBuzz gives."""
    text = "שלום עולם (כותרת) 2024"
    require_fonts_for(text, "fonts-noto-core")
    stack = stacks_for(spec_for("x", text))["title"]
    masks = []
    for shaping in (True, False):
        fallback = FontStack(stack.fonts, shaping=shaping)
        mask = Image.new("L", (1000, 120))
        fallback.draw(mask, Image.new("RGBA", mask.size), (10, 90), text, 60, (255, 255, 255),
                      base=1)
        masks.append(mask)
    ink = masks[0].point(lambda v: 255 if v > 128 else 0).histogram()[255]
    strong_diff = ImageChops.difference(*masks).point(lambda v: 255 if v > 128 else 0)
    assert strong_diff.histogram()[255] < 0.15 * ink  # sub-pixel placement only


def test_title_shrinks_before_it_is_cut():
    short = render_card(spec_for("s", "Short title")).layout
    medium = render_card(spec_for("m", " ".join(["Medium length words"] * 8))).layout
    assert short.title_size == STYLE.layout.title_max_size
    assert STYLE.layout.title_min_size <= medium.title_size < short.title_size
    assert not medium.title_truncated


def test_logo_is_drawn_inside_the_content_box(tmp_path):
    logo = tmp_path / "logo.png"
    Image.new("RGBA", (300, 100), (0, 255, 0, 255)).save(logo)
    style = CardStyle(background=BACKGROUND, logo=str(logo))
    rendered = render_card(spec_for("l", "A card with a logo", style))
    image = rendered.image
    outside, _ = ink_outside_content(image, style.layout)
    assert outside == 0
    box = rendered.layout.logo
    assert box is not None and rendered.layout.content.contains(box)
    assert image.getpixel(((box.left + box.right) // 2, (box.top + box.bottom) // 2)) == (0, 255, 0)
    footer = [line for line in rendered.layout.lines if line.role != "title"]
    assert all(line.ink.left > box.right for line in footer)


# --- cache ---------------------------------------------------------------------------------


def test_cache_reuse_redraw_one_and_stale_removal(tmp_path):
    cache, out = str(tmp_path / "cache"), str(tmp_path / "out")
    specs = [spec_for(f"p{i}", f"Title number {i}") for i in range(4)]
    first = ensure_cards(specs, cache, out, FOLDER)
    assert (first.drawn, first.reused, first.removed) == (4, 0, 0)
    again = ensure_cards(specs, cache, out, FOLDER)
    assert (again.drawn, again.reused) == (0, 4)
    assert {k: v.path_in_output for k, v in again.items()} == \
        {k: v.path_in_output for k, v in first.items()}
    folder = tmp_path / "out" / FOLDER
    (folder / "README.txt").write_text("not a card")  # someone else's file: kept
    specs[2] = spec_for("p2", "Title number 2, edited")
    edited = ensure_cards(specs, cache, out, FOLDER)
    assert (edited.drawn, edited.reused, edited.removed) == (1, 3, 1)
    assert edited["p2"].digest != first["p2"].digest
    assert not (tmp_path / "out" / first["p2"].path_in_output).exists()
    on_disk = sorted(p.name for p in folder.iterdir())
    assert on_disk == sorted([*(Path(c.path_in_output).name for c in edited.values()),
                              "README.txt"])


def test_deleted_output_is_restored_from_cache(tmp_path):
    cache, out = str(tmp_path / "cache"), str(tmp_path / "out")
    specs = [spec_for(f"p{i}", f"Restorable {i}") for i in range(3)]
    ensure_cards(specs, cache, out, FOLDER)
    shutil.rmtree(out)
    restored = ensure_cards(specs, cache, out, FOLDER)
    assert (restored.drawn, restored.reused) == (0, 3)
    for card in restored.values():
        assert (tmp_path / "out" / card.path_in_output).stat().st_size == card.size_bytes


def test_install_links_a_new_card_and_replaces_an_old_one_whole(tmp_path):
    source = tmp_path / "cache.png"
    source.write_bytes(b"card bytes")
    target = tmp_path / "out.png"
    install_file(str(source), str(target))  # a clean output: one hard link
    assert os.path.samefile(source, target)
    other = tmp_path / "other.png"
    other.write_bytes(b"a newer card")
    install_file(str(other), str(target))  # an existing file: replaced, never mixed
    assert target.read_bytes() == b"a newer card" and os.path.samefile(other, target)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache.png", "other.png", "out.png"]


def test_install_copies_where_hard_links_cannot_go(tmp_path):
    shm = Path("/dev/shm")
    if not shm.is_dir() or os.stat(shm).st_dev == os.stat(tmp_path).st_dev:
        pytest.skip("needs a second file system (tmpfs at /dev/shm) to refuse the link")
    source = shm / f"smo-test-{os.getpid()}.png"
    source.write_bytes(b"card on another file system")
    try:
        for _ in range(2):  # into a clean folder, then over the copy
            install_file(str(source), str(tmp_path / "out.png"))
            assert (tmp_path / "out.png").read_bytes() == b"card on another file system"
        assert [p.name for p in tmp_path.iterdir()] == ["out.png"]
    finally:
        source.unlink()


def test_pages_with_identical_cards_share_one_file(tmp_path):
    specs = [spec_for("en/a", "Same"), spec_for("fr/a", "Same")]
    result = ensure_cards(specs, str(tmp_path / "c"), str(tmp_path / "o"), FOLDER)
    assert result.drawn == 1 and result["en/a"] == result["fr/a"]


def test_corrupt_cache_file_is_redrawn(tmp_path):
    cache, out = tmp_path / "cache", str(tmp_path / "out")
    spec = spec_for("p", "Will be damaged")
    card = ensure_cards([spec], str(cache), out, FOLDER)["p"]
    (cache / f"{card.digest}.png").write_bytes(b"\x89PNG broken")
    again = ensure_cards([spec], str(cache), out, FOLDER)
    assert again.drawn == 1
    with Image.open(tmp_path / "out" / again["p"].path_in_output) as image:
        image.load()


def test_submit_early_wait_late_and_inline_mode(tmp_path):
    specs = [spec_for(f"p{i}", f"Jobs {i}") for i in range(3)]
    jobs = CardJobs(str(tmp_path / "c1"), str(tmp_path / "o1"), FOLDER)
    planned = jobs.submit(specs[:2])
    planned.update(jobs.submit(specs[2:]))  # articles, then pages
    assert all(card.size_bytes is None for card in planned.values())
    pooled = jobs.wait()
    for page, card in planned.items():  # the plan handed out early holds
        assert (card.path_in_output, card.width, card.height, card.mime) == \
            (pooled[page].path_in_output, pooled[page].width, pooled[page].height,
             pooled[page].mime)
    inline = ensure_cards(specs, str(tmp_path / "c2"), str(tmp_path / "o2"), FOLDER,
                          max_workers=0)
    assert pooled.drawn == inline.drawn == 3
    for page in pooled:
        a = (tmp_path / "o1" / pooled[page].path_in_output).read_bytes()
        b = (tmp_path / "o2" / inline[page].path_in_output).read_bytes()
        assert a == b  # same digest, same bytes, whichever process drew it


# --- problems --------------------------------------------------------------------------------


def test_missing_glyph_warns_once_naming_the_page(tmp_path, caplog):
    title = "Private \U0010fffd use and unassigned \u0378 code points \U0010fffd"
    specs = [spec_for("posts/odd.html", title, site_name="Site \U0010fffd"),
             spec_for("posts/fine.html", "Nothing odd here")]
    with caplog.at_level(logging.WARNING, logger="pelican_smo.cards"):
        result = ensure_cards(specs, str(tmp_path / "c"), str(tmp_path / "o"), FOLDER)
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1
    message = warnings[0].getMessage()
    assert "posts/odd.html" in message and "U+10FFFD" in message and "U+0378" in message
    assert set(result) == {"posts/odd.html", "posts/fine.html"}  # the card is still made


def test_corrupt_logo_logs_error_and_other_cards_are_made(tmp_path, caplog):
    broken = tmp_path / "logo.png"
    broken.write_bytes(b"\x89PNG\r\n\x1a\n this is not really a png")
    bad_style = CardStyle(background=BACKGROUND, logo=str(broken))
    specs = [spec_for("bad-logo", "Has a broken logo", bad_style),
             spec_for("good-1", "Fine"), spec_for("good-2", "Also fine")]
    with caplog.at_level(logging.ERROR, logger="pelican_smo.cards"):
        result = ensure_cards(specs, str(tmp_path / "c"), str(tmp_path / "o"), FOLDER)
    errors = [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR]
    assert len(errors) == 1 and "bad-logo" in errors[0]
    assert set(result) == {"good-1", "good-2"}
    assert result.failed == ("bad-logo",)


def solid_card(spec: CardSpec) -> Image.Image:
    """A custom drawing function (referenced as tests.unit.cards.test_draw:solid_card)."""
    image = Image.new("RGBA", (1200, 630), (10, 200, 30, 255))
    ImageDraw.Draw(image).text((50, 50), spec.title, fill="white")
    return image


def small_card(spec: CardSpec) -> Image.Image:
    return Image.new("RGB", (600, 400), (200, 10, 10))


def not_an_image(spec: CardSpec) -> str:
    return "oops"


def test_custom_drawing_function(tmp_path, caplog):
    custom = CardStyle(draw_function="tests.unit.cards.test_draw:solid_card")
    broken = CardStyle(draw_function="tests.unit.cards.test_draw:not_an_image")
    small = CardStyle(draw_function="tests.unit.cards.test_draw:small_card")
    specs = [spec_for("custom", "Mine", custom), spec_for("broken", "Broken", broken),
             spec_for("small", "Small", small)]
    with caplog.at_level(logging.ERROR, logger="pelican_smo.cards"):
        result = ensure_cards(specs, str(tmp_path / "c"), str(tmp_path / "o"), FOLDER)
    assert set(result) == {"custom", "small"}
    with Image.open(tmp_path / "o" / result["custom"].path_in_output) as image:
        assert image.convert("RGB").getpixel((600, 600)) == (10, 200, 30)
    with Image.open(tmp_path / "o" / result["small"].path_in_output) as image:
        assert image.size == (1200, 630)  # the size the tags announced
        assert image.convert("RGB").getpixel((600, 300)) == (200, 10, 10)
    assert any("broken" in r.getMessage() and "not a PIL.Image.Image" in r.getMessage()
               for r in caplog.records)


def photo_card(spec: CardSpec) -> Image.Image:
    """A photographic custom card: smooth light plus sensor-like noise."""
    light = Image.radial_gradient("L").resize((1200, 630)).convert("RGB")
    tint = ImageChops.multiply(light, Image.new("RGB", light.size, (200, 120, 90)))
    return ImageChops.add(tint, Image.effect_noise((1200, 630), 40).convert("RGB"), scale=1.4)


def test_photographic_card_jpeg_under_budget_png_warned(tmp_path, caplog):
    jpeg = CardStyle(draw_function="tests.unit.cards.test_draw:photo_card", format="jpeg")
    png = CardStyle(draw_function="tests.unit.cards.test_draw:photo_card", format="png")
    with caplog.at_level(logging.WARNING, logger="pelican_smo.cards"):
        result = ensure_cards([spec_for("jpeg", "J", jpeg), spec_for("png", "P", png)],
                              str(tmp_path / "c"), str(tmp_path / "o"), FOLDER)
    assert result["jpeg"].size_bytes < MAX_BYTES
    assert result["jpeg"].mime == "image/jpeg"
    # Noise does not compress losslessly: the PNG is reduced as far as it goes, then reported.
    warned = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    if result["png"].size_bytes > MAX_BYTES:
        assert len(warned) == 1 and "png" in warned[0] and "'jpeg'" in warned[0]
    else:
        assert warned == []


def test_colours_are_exact_in_palette_png(tmp_path):
    style = CardStyle(background="#1f2937", foreground="#f9fafb", accent="#f59e0b")
    result = ensure_cards([spec_for("p", "Exact colours", style)], str(tmp_path / "c"),
                          str(tmp_path / "o"), FOLDER)
    with Image.open(tmp_path / "o" / result["p"].path_in_output) as image:
        rgb = image.convert("RGB")
    assert rgb.getpixel((1199, 629)) == (0x1F, 0x29, 0x37)
    assert rgb.getpixel((0, 0)) == (0xF5, 0x9E, 0x0B)


@pytest.fixture(autouse=True)
def _no_stray_files():
    yield
    assert not any(name.startswith(".smo-") for name in os.listdir("."))


def dies_in_a_worker(spec: CardSpec) -> Image.Image:
    """Kills the pool worker that draws it (a segfaulting extension, an OOM kill); drawn
    normally in the build's own process."""
    import multiprocessing

    if multiprocessing.parent_process() is not None:
        os._exit(1)
    return solid_card(spec)


def test_a_dead_pool_worker_leaves_the_cards_to_the_build_process(tmp_path):
    style = CardStyle(draw_function="tests.unit.cards.test_draw:dies_in_a_worker")
    specs = [spec_for(f"p{i}", f"Worker dies {i}", style) for i in range(3)]
    result = ensure_cards(specs, str(tmp_path / "c"), str(tmp_path / "o"), FOLDER,
                          max_workers=2)
    assert set(result) == {"p0", "p1", "p2"} and not result.failed
    for card in result.values():
        with Image.open(tmp_path / "o" / card.path_in_output) as image:
            assert image.convert("RGB").getpixel((600, 600)) == (10, 200, 30)
