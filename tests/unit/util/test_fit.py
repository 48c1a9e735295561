"""Post lengths as each network counts them, and text cut to fit.

Expected values are worked out by hand from each network's documented rule, not from
the code:

- X, docs.x.com "Counting characters" (twitter-text config v3): code points in
  U+0000–U+10FF, U+2000–U+200D, U+2010–U+201F, U+2032–U+2037 weigh 1, others 2 (CJK);
  any emoji, ZWJ sequences and flags included, weighs 2; a URL weighs 23; NFC first
  ("café" typed as e + U+0301 is 4).
- Bluesky: 300 graphemes, links shortened by social-app's ``toShortUrl`` (host +
  13 characters + "..." when the rest is over 15).
- Mastodon: ``StatusLengthValidator``: grapheme clusters, URL = 23, ``@u@host`` = ``@u``.
- Threads API: 500 characters, an emoji counts its UTF-8 bytes.
"""

from __future__ import annotations

import pytest

from pelican_smo.util.fit import (
    RULES,
    bluesky_length,
    cut,
    graphemes,
    mastodon_length,
    short_url,
    threads_length,
    x_length,
)

FAMILY = "👩\u200d👩\u200d👧\u200d👦"  # 4 emoji + 3 ZWJ: 7 code points, 25 UTF-8 bytes
FLAG = "🇯🇵"  # two regional indicators, 8 bytes
THUMB_TONE = "👍🏽"  # emoji + skin tone modifier, 8 bytes
LONG_URL = "https://fieldnotes.example.org/2025/05/a-very-long-article-slug-about-birds.html"


@pytest.mark.parametrize(("text", "x", "bluesky", "mastodon", "threads"), [
    ("hello", 5, 5, 5, 5),
    (FAMILY, 2, 1, 1, 25),                 # X: one emoji = 2, whatever it joins
    (FLAG, 2, 1, 1, 8),
    (THUMB_TONE, 2, 1, 1, 8),
    ("日本語", 6, 3, 3, 3),                  # CJK weighs 2 on X
    ("한국어 텍스트", 13, 7, 7, 7),            # Hangul 2 each, the space 1
    ("cafe\u0301", 4, 4, 4, 4),             # NFC on X; one grapheme elsewhere
    ("a\u0308\u0301", 2, 1, 1, 1),          # X: NFC makes ä + U+0301, two code points
    ("Ελληνικά", 8, 8, 8, 8),               # Greek is in U+0000–U+10FF
    ("“quotes” — dash…", 17, 16, 16, 16),   # “ ” — in U+2010–U+201F; … (U+2026) weighs 2
    (LONG_URL, 23, len("fieldnotes.example.org/2025/05/a-ve..."), 23, len(LONG_URL)),
    (f"Read {LONG_URL} now", 5 + 23 + 4, 5 + 38 + 4, 5 + 23 + 4, 5 + 80 + 4),
])
def test_lengths_follow_each_networks_rule(text, x, bluesky, mastodon, threads):
    assert (x_length(text), bluesky_length(text), mastodon_length(text),
            threads_length(text)) == (x, bluesky, mastodon, threads)


def test_mastodon_counts_a_mention_as_its_local_part():
    assert mastodon_length("via @ada@mastodon.example") == len("via @ada")


def test_x_counts_a_bare_domain_as_a_link():
    # twitter-text links "example.com" without a scheme: at least 23
    assert x_length("see example.com") == 4 + 23


@pytest.mark.parametrize(("url", "short"), [
    ("https://example.org/", "example.org"),
    ("https://example.org/short", "example.org/short"),
    ("https://example.org/exactly-15-ch", "example.org/exactly-15-ch"),
    ("https://example.org/sixteen-chars-x", "example.org/sixteen-char..."),
    ("https://a.example/p.html#:~:text=hello", "a.example/p.html#:~:te..."),
])
def test_bluesky_short_url(url, short):
    assert short_url(url) == short


def test_graphemes_never_split_a_cluster():
    text = f"a{FAMILY}b{FLAG}e\u0301"
    assert graphemes(text) == ["a", FAMILY, "b", FLAG, "e\u0301"]


def test_cut_at_a_word_with_an_ellipsis():
    text = "The quick brown fox jumps over the lazy dog"
    assert cut(text, lambda s: len(s) <= 20) == "The quick brown fox…"
    assert cut(text, lambda s: len(s) <= 100) == text


def test_cut_cjk_at_a_grapheme():
    # X: each kanji/kana 2, the ellipsis 2: 4 characters + … = 10
    assert cut("日本語のテキストはとても長いです", lambda s: x_length(s) <= 10) == "日本語の…"


def test_cut_never_inside_an_emoji_sequence():
    text = FAMILY * 10
    for room in range(2, 10):  # "…" alone is no text
        out = cut(text, lambda s, room=room: bluesky_length(s) <= room)
        assert out.endswith("…") and bluesky_length(out) <= room
        assert out[:-1] == FAMILY * (room - 1)  # whole families only
    out = cut(text, lambda s: threads_length(s) <= 60)  # 25 bytes each, … 1
    assert out == FAMILY * 2 + "…"


def test_cut_keeps_combining_marks_with_their_letter():
    text = "e\u0301" * 50
    out = cut(text, lambda s: len(graphemes(s)) <= 10)
    assert out == "e\u0301" * 9 + "…"


def test_rules_have_the_documented_limits():
    assert {name: limit for name, (_, limit) in RULES.items()} == {
        "x": 280, "bluesky": 300, "mastodon": 500, "threads": 500}


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from pelican_smo.util.fit import AT_MOST  # noqa: E402

_PIECES = st.sampled_from([FAMILY, FLAG, THUMB_TONE, LONG_URL, "http://a", "x.co", "a.b/c",
                           "é", "e\u0301", "\u0344", "\ufb1d", "文字", "@u@host.social", " ",
                           "\r\n", "#️⃣", "-", ".", "://", "\ud800"])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_PIECES, st.text(max_size=8)), max_size=12).map("".join))
def test_cheap_bound_is_never_below_the_exact_count(text):
    """``AT_MOST`` lets a post skip the exact count when the bound is within the limit: it
    must never be smaller than the count, in any script, with links, emoji or NFC growth."""
    for network, (length, _) in RULES.items():
        assert AT_MOST[network](text) >= length(text), network
