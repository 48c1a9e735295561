"""Lengths as shown: display width, truncation and the audit ("Real sites, second batch" #7).

Results and cards cut text by pixels; an East Asian Wide or Fullwidth character
(UAX #11: ``east_asian_width`` ``W`` or ``F``) takes the room of two Latin letters and
counts two columns, a combining mark none. Truncation keeps word boundaries in spaced
scripts, may cut between CJK characters (UAX #14: ideographs break without a space)
and never inside a grapheme cluster (UAX #29). Every expected value is counted by hand
from those rules.
"""

from __future__ import annotations

import unicodedata

import pytest

from pelican_smo.audit.checks import lengths
from pelican_smo.audit.parse import parse_page
from pelican_smo.audit.report import audit_site
from pelican_smo.util.text import display_width, truncate
from tests.helpers import build_site

#: A complete Chinese sentence of 43 characters: 86 columns.
ZH_43 = "本文介绍如何用静态网站生成器搭建个人博客，并说明主题、插件和部署的基本步骤与注意事项。"
#: 8 Han characters, no punctuation.
ZH_8 = "学习中文很有意思"


def test_the_fixtures_are_what_they_claim():
    assert len(ZH_43) == 43 and len(ZH_8) == 8
    assert {unicodedata.east_asian_width(c) for c in ZH_43 + ZH_8} <= {"W", "F"}


@pytest.mark.parametrize(("text", "width"), [
    ("abc", 3),
    ("中文", 4),                 # Han: W
    ("ａｂｃ", 6),               # fullwidth Latin: F
    ("ｱｲｳ", 3),                 # halfwidth katakana: H, one column
    ("한국어", 6),               # Hangul syllables: W
    ("e\u0301te\u0301", 3),      # combining acute accents (Mn): none
    ("a\u200db", 2),             # ZERO WIDTH JOINER (Cf): none
    ("“…”", 3),                  # Ambiguous (A): one, as outside East Asian fonts
    ("😀", 2),                   # emoji with Emoji_Presentation: W
    ("Ünïcödé", 7),
])
def test_display_width(text, width):
    assert display_width(text) == width


@pytest.mark.parametrize(("text", "limit", "expected"), [
    # 152 Han characters at 200 columns: 99 characters (198) and "…" (1).
    (ZH_8 * 19, 200, ZH_8 * 12 + "学习中" + "…"),
    # Spaced scripts keep cutting at a space.
    ("the quick brown fox jumps", 15, "the quick…"),
    ("안녕하세요 반갑습니다 여러분", 14, "안녕하세요…"),
    # Mixed: between two Han characters is a boundary too, later than the last space.
    ("我喜欢 Python 编程语言和它的生态系统", 20, "我喜欢 Python 编程…"),
    # A text that fits is left alone.
    (ZH_43, 86, ZH_43),
    # Decomposed é (e + U+0301) is one cluster of one column: four of them and "…".
    ("e\u0301" * 10, 5, "e\u0301" * 4 + "…"),
])
def test_truncate_by_columns(text, limit, expected):
    out = truncate(text, limit)
    assert out == expected
    assert display_width(out) <= limit


@pytest.mark.parametrize(("text", "limit", "expected"), [
    # Flags are pairs of regional indicators (UAX #29 GB12/13): never half a flag.
    ("🇫🇷🇩🇪🇯🇵", 4, "🇫🇷…"),
    # An emoji ZWJ sequence (GB11) is one cluster.
    ("👩\u200d💻👩\u200d💻", 4, "👩\u200d💻…"),
    ("👩\u200d💻👩\u200d💻", 3, "…"),
    # A skin-tone modifier stays with its emoji.
    ("👍🏽👍🏽👍🏽", 4, "👍🏽…"),
    # A Devanagari conjunct (क + virama + ष, GB9c) is one cluster.
    ("aक्षb", 4, "a…"),
])
def test_truncate_never_splits_a_grapheme_cluster(text, limit, expected):
    assert truncate(text, limit, unit="characters") == expected


def test_truncate_by_characters_keeps_a_character_limit():
    # Alt text is read aloud: X's 420 is a limit in characters, however wide they are.
    assert truncate(ZH_8 * 60, 420, unit="characters") == (ZH_8 * 60)[:419] + "…"


def audit_lengths(**values: str) -> list[tuple[str, str]]:
    """(check, severity) of each length finding on a page with these head values."""
    head = "".join(f'<meta property="{k.replace("_", ":")}" content="{v}">'
                   if k.startswith("og") else f'<meta name="{k}" content="{v}">'
                   for k, v in values.items())
    page = parse_page("a.html", f"<!DOCTYPE html><html><head>{head}</head></html>")
    found: list[tuple[str, str]] = []
    lengths(page, lambda check, severity, message, value=None: found.append((check, severity)))
    return [f for f in found if f[0] != "description-missing"]


def test_a_complete_chinese_sentence_is_not_too_short():
    assert audit_lengths(description=ZH_43) == []
    # 24 characters are 48 columns, under the 50 a result needs.
    assert audit_lengths(description=ZH_8 * 3) == [("description-too-short", "info")]


def test_descriptions_and_titles_are_too_long_by_columns():
    # 81 Han characters: 162 columns, over 160.
    assert audit_lengths(description=ZH_8 * 10 + "学") == [("description-too-long", "info")]
    # 80 characters: 160 columns, not over.
    assert audit_lengths(description=ZH_8 * 10) == []
    # 36 Han characters: 72 columns, over X's 70; 48: 96, over Facebook's 95 too.
    assert audit_lengths(og_title=ZH_8 * 4 + "学习中文") == [("title-too-long", "warning")]
    assert audit_lengths(og_title=ZH_8 * 6) == [("title-too-long", "warning")] * 2
    # 101 Han characters: 202 columns, over X's 200.
    assert audit_lengths(og_description=ZH_8 * 12 + "学" * 5) == \
        [("description-too-long", "warning")]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    content = {
        "long.md": "Slug: long\nTitle: 长文\nDate: 2025-01-01\n\n" + ZH_8 * 19,
        "sentence.md": f"Slug: sentence\nTitle: 一句话\nDate: 2025-01-02\nDescription: {ZH_43}\n\n"
                       + ZH_8,
        "title.md": f"Slug: title\nTitle: {ZH_8 * 5}\nDate: 2025-01-03\n\n" + ZH_8,
    }
    return build_site(tmp_path_factory.mktemp("width"), content=content)


def meta(site, rel: str, key: str) -> str:
    soup = site.soup(rel)
    tag = soup.find("meta", attrs={"name": key}) or soup.find("meta", attrs={"property": key})
    return tag["content"]


def test_descriptions_are_cut_by_columns_in_a_build(site):
    # SMO_DESCRIPTION_LENGTH 160 (the default, the audit's too): 79 Han characters (158
    # columns) and "…".
    assert meta(site, "long.html", "description") == ZH_8 * 9 + "学习中文很有意" + "…"
    assert meta(site, "sentence.html", "description") == ZH_43


def test_x_title_is_cut_by_columns_in_a_build(site):
    # 40 Han characters: 80 columns, over X's 70: 34 characters (68) and "…".
    assert meta(site, "title.html", "og:title") == ZH_8 * 5
    assert meta(site, "title.html", "twitter:title") == (ZH_8 * 5)[:34] + "…"


def test_the_audit_of_a_chinese_build(site):
    report = audit_site(str(site.output), None)
    checks = {(f.page, f.check) for f in report.findings}
    assert ("sentence.html", "description-too-short") not in checks
    # X reads the twitter:title the plugin cut to 69 columns; og:title's 80 are under 95.
    assert ("title.html", "title-too-long") not in checks


def test_the_narrow_ranges_hold_only_narrow_characters():
    # display_width looks up only characters outside NARROW_RANGES: every assigned
    # character inside must be neither Wide/Fullwidth (UAX #11) nor zero-width.
    import re

    from pelican_smo.util.text import NARROW_RANGES

    inside = re.compile(f"[{NARROW_RANGES}]")
    for code in range(0x3000):
        char = chr(code)
        if inside.match(char) and unicodedata.category(char) != "Cn":
            assert unicodedata.east_asian_width(char) not in ("W", "F"), hex(code)
            assert unicodedata.category(char) not in ("Mn", "Me", "Cf"), hex(code)
