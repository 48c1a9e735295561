"""render.markup: the one place that escapes. Read back with a real parser."""

from __future__ import annotations

import json

import pytest
from bs4 import BeautifulSoup

from pelican_smo.html.escape import comment, element, escape_attr, json_ld_script, link, meta

HOSTILE = [
    'plain',
    'quote " and \' apostrophe',
    "<b>bold</b> & </script><script>alert(1)</script>",
    "<!-- comment --> ]]> <![CDATA[ x ]]>",
    "line\nbreak\r\nand\ttab",
    "日本語 עברית 🎉",
    "x" * 10000,
]


@pytest.mark.parametrize("value", HOSTILE)
@pytest.mark.parametrize("parser", ["html.parser", "html5lib"])
def test_meta_round_trips_through_a_parser(value, parser):
    page = f"<html><head>{meta('property', 'og:title', value)}</head><body></body></html>"
    soup = BeautifulSoup(page, parser)
    tags = soup.find_all("meta")
    assert len(tags) == 1
    assert tags[0]["content"] == value
    assert soup.find("script") is None
    assert "\n" not in meta("property", "og:title", value)


def test_forbidden_characters_are_dropped():
    assert escape_attr("a\x00b\x01c\ud800d") == "abcd"


@pytest.mark.parametrize("value", HOSTILE)
def test_json_ld_cannot_close_its_script(value):
    script = json_ld_script({"headline": value, "nested": [{"name": value}]})
    inner = script[len('<script type="application/ld+json">'):-len("</script>")]
    assert "<" not in inner and ">" not in inner and "&" not in inner
    assert json.loads(inner) == {"headline": value, "nested": [{"name": value}]}
    soup = BeautifulSoup(f"<head>{script}</head>", "html5lib")
    scripts = soup.find_all("script")
    assert len(scripts) == 1
    assert json.loads(scripts[0].string)["headline"] == value


def test_link_and_element_skip_none_attributes():
    assert link("canonical", "https://x.org/?a=1&b=2") == \
        '<link rel="canonical" href="https://x.org/?a=1&amp;b=2">'
    assert element("a", [("href", "/x"), ("title", None)], void=False, text="<x>") == \
        '<a href="/x">&lt;x&gt;</a>'


def test_comment_refuses_unsafe_text():
    assert comment("pelican_smo") == "<!-- pelican_smo -->"
    with pytest.raises(ValueError):
        comment("a -- b")


@pytest.mark.parametrize("control", ["\x00", "\x01", "\x08", "\x0b", "\x1f", "\x7f", "\ud800"])
def test_json_ld_drops_what_attributes_drop(control):
    """JSON-LD and meta tags carry the same text: a character ``escape_attr`` drops is
    dropped from JSON-LD too, whether JSON would write it raw, as ``\\u00XX`` or as
    ``\\b``."""
    value = f"a{control}b"
    script = json_ld_script({"headline": value, "nested": [{"name": value}]})
    inner = script[len('<script type="application/ld+json">'):-len("</script>")]
    assert json.loads(inner) == {"headline": escape_attr(value), "nested": [{"name": "ab"}]}
    assert escape_attr(value) == "ab"


def test_json_ld_keeps_a_backslash_that_is_text():
    script = json_ld_script({"headline": "C:\\bin and \\u0041"})
    inner = script[len('<script type="application/ld+json">'):-len("</script>")]
    assert json.loads(inner) == {"headline": "C:\\bin and \\u0041"}
