"""text: plain text from HTML and truncation at word boundaries."""

from __future__ import annotations

import pytest

from pelican_smo.util.prose import html_to_text
from pelican_smo.util.text import clean_text, truncate


@pytest.mark.parametrize(
    ("fragment", "expected"),
    [
        ("<p>Hello <b>world</b></p>", "Hello world"),
        ("<p>a</p><p>b</p>", "a b"),
        ("Fish &amp; chips &lt;3 &quot;q&quot; &#39;s&#39;", "Fish & chips <3 \"q\" 's'"),
        ("a<script>alert(1)</script>b<style>p{}</style>c", "a b c"),
        ("x<!-- hidden -->y", "xy"),  # a comment holds no text and separates nothing (DOM)
        ("  lots \n\t of   space  ", "lots of space"),
        ("Ünïcödé &amp; 日本語", "Ünïcödé & 日本語"),
        ("line<br>break", "line break"),
        ("", ""),
        (None, ""),
    ],
)
def test_html_to_text(fragment, expected):
    assert html_to_text(fragment) == expected


@pytest.mark.parametrize(("fragment", "expected"), [
    # pelican-render-math and docutils: display math is a block, left out whole
    ('<p>Is:</p><div class="math">$$ p = \rho R T $$</div><p>where</p>', "Is: where"),
    # inline math in plain letters and operators keeps its place, without delimiters
    (r'<p>where <span class="math">\( M = m/n\)</span> is</p>', "where M = m/n is"),
    (r'<p>so <span class="math">\(a^2 + b^2 = c^2\)</span>.</p>', "so a^2 + b^2 = c^2."),
    ('<p>has <span class="math">$x$</span> in</p>', "has x in"),
    # a TeX command or brace: left out, and the brackets around it with it
    (r'<p>constant (<span class="math">\( 8.31~\mathrm{J}\)</span>) and</p>', "constant and"),
    (r'<p>a <span class="math">\(\frac{a}{b}\)</span> b</p>', "a b"),
    # Pandoc marks display math on a span; arithmatex (PyMdown) its own class
    (r'<p>x <span class="math display">\[y\]</span> z</p>', "x z"),
    (r'<p>x <span class="math inline">\(y\)</span> z</p>', "x y z"),
    (r'<p>x <span class="arithmatex">\(y\)</span> z</p>', "x y z"),
    (r'<p>x <span class="math">$$y$$</span> z</p>', "x z"),
    # no mathematics left out: brackets are the author's
    ("<p>An empty () and [] stay.</p>", "An empty () and [] stay."),
])
def test_math_left_as_tex_source(fragment, expected):
    assert html_to_text(fragment) == expected


@pytest.mark.parametrize(("fragment", "expected"), [
    # a sentence ending in a colon introduces the listing: it goes with it
    ("<p>Install it:</p><pre>pip install x</pre><p>Then build.</p>", "Then build."),
    ("<p>Intro. Declared so:</p><div class=highlight><pre>f()</pre></div>"
     "<p>and in ksh:</p><pre>x</pre><p>In Bash, more.</p>", "Intro. In Bash, more."),
    ("<p>Numbers. They are:</p><table><tr><td>1</td></tr></table><p>End.</p>", "Numbers. End."),
    ("<p>日本語の文。次は：</p><pre>code</pre><p>後。</p>", "日本語の文。 後。"),
    # no colon, or no listing after it: the sentence stays
    ("<p>No colon here</p><pre>code</pre><p>After.</p>", "No colon here After."),
    ("<p>Three things: a, b and c.</p><p>More.</p>", "Three things: a, b and c. More."),
])
def test_the_sentence_introducing_a_listing_goes_with_it(fragment, expected):
    assert html_to_text(fragment) == expected


@pytest.mark.parametrize(("fragment", "expected"), [
    # an image's credit line, in its paragraph or the next, is the picture's
    ('<p><a href="f"><img alt="LHC" src="l.jpg"></a>\n© 2007 <a href="p">Image Editor</a>, '
     "Flickr | CC-BY</p><p>As the LHC gears up.</p>", "As the LHC gears up."),
    ('<p><img src="a.jpg" alt="x"></p><p>Photo by <a href="u">Jane</a> on Unsplash</p>'
     "<p>The text.</p>", "The text."),
    ('<p><img src="a.jpg" alt="x"></p><p>Image credit: NASA</p><p>The text.</p>', "The text."),
    # not after an image, or not a credit: prose
    ("<p>Text first.</p><p>Source: the author</p>", "Text first. Source: the author"),
    ('<p><img src="a.jpg" alt="x"></p><p>Photographs age well.</p>', "Photographs age well."),
    ('<p><img src="a.jpg" alt="x">A photo by the sea, this is.</p>',
     "A photo by the sea, this is."),
])
def test_an_image_credit_is_not_prose(fragment, expected):
    assert html_to_text(fragment) == expected


@pytest.mark.parametrize("enough", [None, 160])
@pytest.mark.parametrize(("fragment", "expected"), [
    # the author's teaser break (Markdown's "* * *") ends the opening
    ("<p>The teaser.</p>\n<hr>\n<p>menu: == 0ops Flag Generator == 1. Input</p>",
     "The teaser."),
    ("<p>The teaser.</p><hr /><p>More.</p>", "The teaser."),
    # a rule before any prose ends nothing
    ("<hr><p>After a rule.</p><hr><p>More.</p>", "After a rule."),
])
def test_a_thematic_break_ends_the_text(fragment, expected, enough):
    assert html_to_text(fragment, enough=enough) == expected


def test_html_to_text_prefix_reading_matches_full_reading_at_start():
    body = "<p>" + " ".join(f"word{i}" for i in range(20000)) + "</p>"
    short = html_to_text(body, enough=200)
    assert len(short) > 200
    assert html_to_text(body).startswith(short)


def test_prefix_cut_inside_a_tag_leaves_no_markup():
    body = "x" * 2040 + '<a href="http://example.org/very/long/path">' + "y" * 5000
    text = html_to_text(body, enough=100)
    assert "<" not in text and "href" not in text


def test_clean_text_drops_controls_and_bidi():
    assert clean_text("a\x00b\u202ec\u2066d\x07e") == "a bcd e"


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        ("short", 10, "short"),
        ("the quick brown fox jumps", 15, "the quick…"),
        ("supercalifragilistic", 10, "supercali…"),
        # 8 columns: kanji and kana are East Asian Wide (UAX #11), two each; "…" one.
        ("日本語のテキストはスペースがない", 8, "日本語…"),
        ("ends with comma, and more", 17, "ends with comma…"),
    ],
)
def test_truncate(text, limit, expected):
    out = truncate(text, limit)
    assert out == expected
    assert len(out) <= limit


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from pelican_smo.util.prose import _ProseReader  # noqa: E402


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(
    st.sampled_from(["&amp;", "&amp", "&#39;", "&#x27;", "&notin;", "&unknown;", "&", "&#0;",
                     "&#xD800;", "&#1114112;", " ", "\n", "\u00a0", "é", "文", "🙂", ";"]),
    st.text(alphabet=st.characters(blacklist_characters="<"), max_size=6)),
    max_size=12).map("".join))
def test_text_without_markup_reads_as_the_parser_reads_it(text):
    """A title or summary without ``<`` skips the parser: the result must be the parser's."""
    reader = _ProseReader()
    reader.feed(text)
    reader.close()
    assert html_to_text(text) == reader.text(complete=True)
