"""Quotes in an article's content, their text fragments, and the settings that turn them on."""

from __future__ import annotations

import pytest

from pelican_smo.html.quotes import find_quotes, text_fragment
from pelican_smo.settings import SmoConfigError, from_settings

CONTENT = """<p>Intro</p>
<blockquote class="pull"><p>One &amp; two-three, four;\u00a0five</p></blockquote>
<blockquote><p>First paragraph of a longer quote with many words in it.</p>
<blockquote><p>nested</p></blockquote>
<p>Last paragraph, and the end of it.</p><script>no()</script></blockquote>"""


def test_top_level_blockquotes_with_their_blocks():
    found = find_quotes(CONTENT)
    assert [q.blocks for q in found] == [
        ("One & two-three, four; five",),
        ("First paragraph of a longer quote with many words in it.", "nested",
         "Last paragraph, and the end of it.")]
    assert CONTENT[:found[0].end].endswith("</blockquote>")
    assert CONTENT[:found[1].end].endswith("</script></blockquote>")
    assert [q.blocks[0] for q in find_quotes(CONTENT, "pull")] == ["One & two-three, four; five"]


def test_text_fragment_encodes_the_directive_syntax():
    # WICG: '-', '&' and ',' are syntax in a text directive, so they are percent-encoded
    assert text_fragment(("One & two-three, four; five",)) == (
        ":~:text=One%20%26%20two%2Dthree%2C%20four%3B%20five")
    assert text_fragment(("a b c d e f g h i j k l",)) == ":~:text=a%20b%20c%20d%20e,h%20i%20j%20k%20l"
    assert text_fragment(("First words here", "last words there")) == (
        ":~:text=First%20words%20here,last%20words%20there")


@pytest.mark.parametrize(("value", "expected"), [(True, True), (False, False),
                                                 ("pull", "pull")])
def test_share_quotes_setting(value, expected):
    assert from_settings({"SMO_SHARE_QUOTES": value}).share_quotes == expected


@pytest.mark.parametrize(("name", "value"), [
    ("SMO_SHARE_QUOTES", "two words"), ("SMO_SHARE_QUOTES", 1),
    ("SMO_SHARE_HASHTAGS", ["facebook"]), ("SMO_SHARE_HASHTAGS", "x"),
    ("SMO_SHARE_MENTIONS", "yes")])
def test_bad_values_stop_the_build(name, value):
    with pytest.raises(SmoConfigError, match=name):
        from_settings({name: value})


def test_hashtags_setting():
    assert from_settings({"SMO_SHARE_HASHTAGS": True}).share_hashtags == (
        "x", "mastodon", "bluesky", "threads")
    assert from_settings({"SMO_SHARE_HASHTAGS": ["bluesky"]}).share_hashtags == ("bluesky",)
    assert from_settings({}).share_hashtags == ()
