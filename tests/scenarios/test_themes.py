"""A matrix of real themes, each built with and without the plugin from the same content.

Themes emit their own (often broken) tags: reflex and engineering write og:*,
twitter:* and canonical; smallweb a canonical; the built-ins a description and
hreflang links. With the plugin every page must carry exactly one of each
single-valued key and one canonical, and the Nu HTML Checker must find no error
on any page that the same page without the plugin did not already have.
"""

from __future__ import annotations

from collections import Counter

import pytest

from tests.helpers import SITES_DIR, build_site, versioned, vnu_errors
from tests.helpers.site import content_from_dir
from tests.scenarios.test_site_core import SETTINGS, assert_single_valued, head_values, one

THEMES = ("notmyidea", "simple", "reflex", "engineering", "smallweb", "themeless")
CONTENT = content_from_dir(SITES_DIR / "awkward" / "content")
#: Theme options that make the themes emit as many of their own tags as they can.
THEME_SETTINGS = {
    "REL_CANONICAL": True,  # reflex: its own rel=canonical
    "SITELOGO": "/images/small.png",  # reflex: its own (relative) og:image
    "SITEDESCRIPTION": "Theme's own description",
    "ENGINEERING_THEME_SOCIAL_IMAGE": "https://cdn.example.net/theme-card.png",
}
PAGES = ("fish-chips-bold-n-tags.html", "no-summary.html", "cross-posted-from-elsewhere.html",
         "unicode.html", "unicode-de.html", "pages/about.html", "index.html", "index2.html",
         "category/notes.html", "tag/cafe.html", "archives.html")


@pytest.fixture(scope="module", params=THEMES)
def theme_builds(request, tmp_path_factory):
    theme = request.param
    settings = {**SETTINGS, **THEME_SETTINGS}
    with_plugin = build_site(tmp_path_factory.mktemp(f"{theme}-smo"), content=CONTENT,
                             settings=settings, theme=theme)
    without = build_site(tmp_path_factory.mktemp(f"{theme}-plain"), content=CONTENT,
                         settings=settings, theme=theme, plugins=())
    return theme, with_plugin, without


def test_one_of_every_single_valued_tag_and_one_canonical(theme_builds):
    theme, site, _ = theme_builds
    for rel in PAGES:
        values = head_values(site.soup(rel))
        assert_single_valued(values, f"{theme}:{rel}")
        assert len(values["canonical"]) == 1, f"{theme}:{rel}: {values['canonical']}"
        assert one(values, "og:url").startswith("https://"), f"{theme}:{rel}"


def test_our_values_replace_the_themes(theme_builds):
    theme, site, _ = theme_builds
    values = head_values(site.soup("fish-chips-bold-n-tags.html"))
    assert one(values, "og:title") == 'Fish & "Chips" bold \'n\' <tags>', theme
    assert one(values, "og:image") == versioned("https://blog.example.org/images/cover.jpg",
                                                CONTENT["images/cover.jpg"]), theme
    assert one(values, "canonical") == "https://blog.example.org/fish-chips-bold-n-tags.html"
    assert one(values, "description") == \
        'A summary with & and "quotes" <script>alert(1)</script>.', theme
    assert one(values, "article:published_time") == "2024-03-01T09:30:00+00:00", theme


def _our_lines(page: str) -> set[int]:
    """Line numbers (1-based) holding what the plugin inserted: its head block, its bar."""
    lines = page.splitlines()
    ours: set[int] = set()
    inside = False
    for number, line in enumerate(lines, start=1):
        if "<!-- pelican_smo -->" in line:
            inside = True
        if inside or "data-smo-share" in line:
            ours.add(number)
        if "<!-- /pelican_smo -->" in line:
            inside = False
    return ours


def test_no_new_html_errors(theme_builds):
    """No vnu error in what we inserted, and no error the page without us lacked.

    A theme's own broken tag can make vnu give up ("Cannot recover"): then the
    plain page's later errors are unknown, so only our inserted lines are
    compared (our plugin replaced the broken tag, and vnu reads on to the
    theme's further bugs).
    """
    theme, site, plain = theme_builds
    # One run of the checker for both builds (a path's messages are its own).
    ours = theirs = vnu_errors([*(site.path(rel) for rel in PAGES),
                                *(plain.path(rel) for rel in PAGES)])
    for rel in PAGES:
        after = ours[str(site.path(rel))]
        before = theirs[str(plain.path(rel))]
        inserted = _our_lines(site.page(rel))
        in_ours = [m for m in after if set(range(m.get("firstLine", m.get("lastLine", 0)),
                                                 m.get("lastLine", 0) + 1)) & inserted]
        assert not in_ours, f"{theme}:{rel}: vnu errors in our markup {in_ours}"
        if any(m.get("subType") == "fatal" or m["message"].startswith("Cannot recover")
               for m in before):
            continue
        new = Counter(m["message"] for m in after) - Counter(m["message"] for m in before)
        assert not new, f"{theme}:{rel}: new vnu errors {dict(new)}"


def test_keep_policy_leaves_the_theme_tags(tmp_path):
    site = build_site(tmp_path, content=CONTENT, theme="engineering",
                      settings={**SETTINGS, **THEME_SETTINGS, "SMO_THEME_TAGS": "keep"})
    values = head_values(site.soup("fish-chips-bold-n-tags.html"))
    assert one(values, "og:image") == "https://cdn.example.net/theme-card.png"
    assert "og:image:width" not in values  # ours would describe a different image
    assert len(values["canonical"]) == 1
    assert_single_valued(values, "engineering keep")
    # Keys the theme does not set still come from us.
    assert values["article:tag"] == ["fish & chips", '"quoted"', "café"]


def test_theme_that_places_the_head_block_itself_gets_no_second_copy(tmp_path):
    import shutil

    from tests.helpers import theme_path

    theme = tmp_path / "custom-theme"
    shutil.copytree(theme_path("simple"), theme)
    base = theme / "templates" / "base.html"
    text = base.read_text(encoding="utf-8")
    marker = "<title>"
    assert marker in text
    base.write_text(text.replace(
        "{% block head %}",
        "{% block head %}\n<!-- theme-chosen spot -->\n"
        "{% if article %}{{ smo_head(article) }}{% endif %}", 1), encoding="utf-8")
    site = build_site(tmp_path / "site", content=CONTENT, settings=SETTINGS,
                      theme=str(theme))
    page = site.page("no-summary.html")
    assert page.count("<!-- pelican_smo -->") == 1
    assert page.index("<!-- theme-chosen spot -->") < page.index("<!-- pelican_smo -->")
    values = head_values(site.soup("no-summary.html"))
    assert_single_valued(values, "custom")
    assert one(values, "og:title") == "No summary at all"


def test_an_article_quoting_our_marks_keeps_its_text(tmp_path):
    """Only marks the theme wrote through ``smo_head()``/``smo_share()`` are ours: an
    article whose raw HTML quotes a head block and a bar attribute keeps them as
    written, and still gets its head tags and its share bar."""
    quoting = (
        "Title: Quoting the plugin\nDate: 2024-03-01\n\nBefore the example.\n\n"
        "<!-- pelican_smo -->\n<p class=\"kept\">An example block, kept as written.</p>\n"
        "<!-- /pelican_smo -->\n\n<div class=\"demo\" data-smo-share>A demo bar</div>\n\n"
        "After the example.\n")
    site = build_site(tmp_path, content={"quoting.md": quoting}, settings=SETTINGS)
    page = site.page("quoting-the-plugin.html")
    soup = site.soup("quoting-the-plugin.html")
    assert soup.find("p", class_="kept").get_text() == "An example block, kept as written."
    assert page.count("<!-- pelican_smo -->") == 2  # the article's, and ours in <head>
    assert page.index("<!-- pelican_smo -->") < page.index("</head>")
    assert one(head_values(soup), "og:title") == "Quoting the plugin"
    assert not soup.body.find("meta", property="og:title")
    bars = soup.find_all(attrs={"data-smo-share": True})
    assert [(bar.name, bar["class"][0]) for bar in bars] == [("div", "demo"),
                                                            ("nav", "smo-share")]
    assert soup.find("div", class_="demo").get_text() == "A demo bar"
