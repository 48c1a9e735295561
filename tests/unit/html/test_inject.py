"""inject: splicing into <head> without touching anything else, idempotently."""

from __future__ import annotations

import os
import stat

import pytest
from bs4 import BeautifulSoup

from pelican_smo.html.placement import bar_edit
from pelican_smo.html.splice import (
    BLOCK_END,
    BLOCK_START,
    NoHeadError,
    apply_edits,
    element_key,
    group_of,
    head_block,
    head_edits,
    splice_head,
)
from pelican_smo.util.write import write_atomic

ITEMS = [
    ("description", '<meta name="description" content="Ours">'),
    ("canonical", '<link rel="canonical" href="https://x.org/a.html">'),
    ("og:title", '<meta property="og:title" content="Our title">'),
    ("og:image", '<meta property="og:image" content="https://x.org/i.png">'),
    ("og:image:width", '<meta property="og:image:width" content="1200">'),
    ("twitter:card", '<meta name="twitter:card" content="summary">'),
]

THEME_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
    <meta charset="utf-8">
    <title>T</title>
    <meta name="description" content="Theme description">
    <meta property="og:title" content="Theme title" />
    <meta property="og:image" content="/relative.png">
    <link rel="canonical" href="/a.html"><link rel="stylesheet" href="s.css">
    <!-- <meta property="og:url" content="commented out"> -->
    <script>var s = '<meta property="og:type" content="in a script">';</script>
    <meta name="viewport" content="width=device-width">
</head>
<body>
<meta property="og:title" content="in the body is not ours to touch">
<p>Body &amp; text</p>
</body>
</html>
"""


def owned(key: str) -> bool:
    return key in {"description", "canonical"} or key.startswith(("og:", "twitter:"))


def single_valued(html: str, parser: str = "html.parser") -> dict[str, list[str]]:
    soup = BeautifulSoup(html, parser)
    found: dict[str, list[str]] = {}
    for tag in soup.head.find_all("meta"):
        key = tag.get("property") or tag.get("name")
        if key:
            found.setdefault(key, []).append(tag.get("content"))
    found["canonical"] = [t["href"] for t in soup.head.find_all("link", rel="canonical")]
    return found


def test_replace_policy_leaves_one_of_each_and_ours_win():
    out = splice_head(THEME_PAGE, ITEMS, keep_theme=False, owned=owned)
    tags = single_valued(out)
    assert tags["description"] == ["Ours"]
    assert tags["og:title"] == ["Our title"]
    assert tags["og:image"] == ["https://x.org/i.png"]
    assert tags["canonical"] == ["https://x.org/a.html"]
    # The stylesheet sharing a line with the theme canonical survives.
    assert '<link rel="stylesheet" href="s.css">' in out
    # Commented-out and scripted look-alikes and the body are untouched.
    assert '<!-- <meta property="og:url" content="commented out"> -->' in out
    assert "content=\"in a script\">';</script>" in out
    assert out.endswith(THEME_PAGE[THEME_PAGE.index("<body>"):])


def test_nothing_outside_touched_elements_changes():
    out = splice_head(THEME_PAGE, ITEMS, keep_theme=False, owned=owned)
    block = out[out.index(BLOCK_START):out.index(BLOCK_END) + len(BLOCK_END)]
    without_block = out.replace("\n" + block, "", 1)
    removed = [
        '    <meta name="description" content="Theme description">\n',
        '    <meta property="og:title" content="Theme title" />\n',
        '    <meta property="og:image" content="/relative.png">\n',
        '<link rel="canonical" href="/a.html">',
    ]
    original = THEME_PAGE
    for piece in removed:
        assert piece in original
        original = original.replace(piece, "", 1)
    assert without_block == original


def test_theme_tags_printed_before_the_head_are_replaced_too():
    """A theme block rendered before <!DOCTYPE> (pelican-mg's listing pages): the HTML
    parser puts those tags in the head, first, so they are the theme's and go; our block
    still goes after the charset inside <head>."""
    page = ('<meta property="og:title" content="Site" />\n<meta property="og:url" content="." />'
            "\n" + THEME_PAGE)
    out = splice_head(page, ITEMS, keep_theme=False, owned=owned)
    tags = single_valued(out, "html5lib")  # the browser's parser
    assert tags["og:title"] == ["Our title"]
    assert "og:url" not in tags
    assert out.startswith("<!DOCTYPE html>")
    assert out.index("<head>") < out.index('<meta charset="utf-8">') < out.index(BLOCK_START)


def test_block_goes_right_after_charset():
    out = splice_head(THEME_PAGE, ITEMS, keep_theme=False, owned=owned)
    assert out.index('<meta charset="utf-8">') < out.index(BLOCK_START) < out.index("<title>")


def test_injection_is_idempotent():
    once = splice_head(THEME_PAGE, ITEMS, keep_theme=False, owned=owned)
    twice = splice_head(once, ITEMS, keep_theme=False, owned=owned)
    assert twice == once
    kept_once = splice_head(THEME_PAGE, ITEMS, keep_theme=True, owned=owned)
    assert splice_head(kept_once, ITEMS, keep_theme=True, owned=owned) == kept_once


def test_keep_policy_keeps_theme_tags_and_drops_our_whole_group():
    out = splice_head(THEME_PAGE, ITEMS, keep_theme=True, owned=owned)
    tags = single_valued(out)
    assert tags["og:title"] == ["Theme title"]
    assert tags["og:image"] == ["/relative.png"]
    assert "og:image:width" not in tags  # would describe the theme's image otherwise
    assert tags["twitter:card"] == ["summary"]
    assert tags["description"] == ["Theme description"]


def test_theme_placed_block_keeps_its_position_and_is_not_duplicated():
    page = THEME_PAGE.replace("<title>T</title>",
                              "<title>T</title>\n" + head_block(ITEMS[:1]))
    out = splice_head(page, ITEMS, keep_theme=False, owned=owned)
    assert out.count(BLOCK_START) == 1
    assert out.index("<title>T</title>") < out.index(BLOCK_START)
    assert single_valued(out)["og:title"] == ["Our title"]


def test_no_head_raises():
    with pytest.raises(NoHeadError):
        splice_head("<p>fragment</p>", ITEMS, keep_theme=False, owned=owned)


def test_head_without_closing_tag_ends_at_body():
    page = "<html><head><meta charset=utf-8><meta name=description content=x><body>" \
           "<meta name=description content=body-level></body></html>"
    out = splice_head(page, ITEMS, keep_theme=False, owned=owned)
    assert "content=x>" not in out
    assert "content=body-level" in out


@pytest.mark.parametrize(
    ("tag", "attrs", "key"),
    [
        ("meta", {"property": "OG:Title"}, "og:title"),
        ("meta", {"name": "twitter:card"}, "twitter:card"),
        ("meta", {"charset": "utf-8"}, "charset"),
        ("link", {"rel": "Canonical", "href": "/"}, "canonical"),
        ("link", {"rel": "alternate", "hreflang": "de"}, "hreflang"),
        ("link", {"rel": "alternate", "type": "application/atom+xml"}, None),
        ("script", {"type": "application/ld+json"}, "json-ld"),
        ("script", {}, None),
    ],
)
def test_element_key(tag, attrs, key):
    assert element_key(tag, attrs) == key


def test_group_of():
    assert group_of("og:image:width") == "og:image"
    assert group_of("og:title") == "og:title"
    assert group_of("twitter:image:alt") == "twitter:image"


def test_write_atomic_keeps_mode_and_leaves_no_temporary_file(tmp_path):
    page = tmp_path / "p.html"
    page.write_text(THEME_PAGE, encoding="utf-8")
    os.chmod(page, 0o640)
    write_atomic(str(page), "new text")
    assert page.read_text(encoding="utf-8") == "new text"
    assert stat.S_IMODE(page.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["p.html"]


def test_write_atomic_leaves_the_original_when_writing_fails(tmp_path):
    page = tmp_path / "p.html"
    page.write_text(THEME_PAGE, encoding="utf-8")
    with pytest.raises(UnicodeEncodeError):
        write_atomic(str(page), "half \ud800 written")
    assert page.read_text(encoding="utf-8") == THEME_PAGE
    assert [p.name for p in tmp_path.iterdir()] == ["p.html"]


def test_bar_and_head_edits_apply_together_when_a_removed_line_ends_the_content():
    """The bar goes right after the content; when the content's last line is a theme
    JSON-LD script (removed whole, with its line break), the bar lands after the
    removed line, once, and no text is lost or doubled."""
    content = ('<p>Text</p>\n<script type="application/ld+json">{"@type": "Thing"}</script>')
    page = (f"<html><head><meta charset=utf-8><title>T</title></head>\n<body>\n"
            f"<article>{content}\n</article>\n<footer>F</footer>\n</body></html>")
    bar = bar_edit(page, ("<nav data-smo-share>", "bar", "</nav>"),
                   marker="data-smo-share", anchor=content, selector=None, before=False)
    assert bar is not None
    items = [*ITEMS, ("json-ld", '<script type="application/ld+json">{}</script>')]
    out = apply_edits(page, [bar, *head_edits(page, items, keep_theme=False, owned=owned)])
    assert out.count("<nav data-smo-share>bar</nav>") == 1
    assert out.count("application/ld+json") == 1 and '"Thing"' not in out
    assert out.count("<p>Text</p>") == 1 and out.count("<footer>F</footer>") == 1
    assert out.index("<p>Text</p>") < out.index("<nav") < out.index("</article>")
    assert out.count(BLOCK_START) == 1


def test_the_themes_robots_directives_join_ours_in_one_tag():
    """Google Search Central (robots meta tag): directives are comma-separated and
    several tags combine; one tag keeps the theme's ``noarchive`` with our
    ``max-image-preview:large``, and our ``noindex`` overrides the theme's ``index``."""
    from bs4 import BeautifulSoup

    from pelican_smo.html import splice

    page = ('<html><head><meta charset="utf-8">\n<meta name="robots" content="index, '
            'noarchive">\n</head><body></body></html>')
    for ours, expected in (("max-image-preview:large",
                            "index, noarchive, max-image-preview:large"),
                           ("noindex", "noarchive, noindex")):
        out = splice.splice_head(page, [("robots", f'<meta name="robots" content="{ours}">')],
                                 keep_theme=False, owned=lambda key: False)
        tags = BeautifulSoup(out, "html.parser").find_all("meta", attrs={"name": "robots"})
        assert [t["content"] for t in tags] == [expected]
