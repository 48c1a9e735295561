"""The test infrastructure itself: real builds, vnu.jar, extruct, Chromium.

These run without the plugin (``plugins=()``), so they pass or fail on the
tools alone.
"""

from __future__ import annotations

import urllib.request

import pytest

from tests.helpers import (
    AXE_PATH,
    BUILTIN_THEMES,
    PACKAGED_THEMES,
    UNSET,
    VNU_JAR,
    BuildError,
    axe_violations,
    build_site,
    extruct_meta,
    image_bytes,
    og_values,
    serve,
    theme_path,
    vnu_errors,
)
from tests.helpers.site import render_settings

TWO_ARTICLES = {
    "first.md": (
        "Title: First Post\n"
        "Date: 2025-01-02 10:00\n"
        "Category: Notes\n"
        "Tags: alpha, beta\n"
        "Summary: The first post.\n"
        "\n"
        "Hello **world**.\n\n![A blue square]({static}/images/blue.png)\n"
    ),
    "second.md": (
        "Title: Second Post\n"
        "Date: 2025-01-03 10:00\n"
        "Category: Notes\n"
        "\n"
        'Another paragraph of text, with an ampersand & a quote ".\n'
    ),
    "images/blue.png": image_bytes(300, 200),
    "pages/about.md": "Title: About\n\nAbout this site.\n",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return build_site(tmp_path_factory.mktemp("infra"), content=TWO_ARTICLES, plugins=())


def test_build_writes_real_pages(site):
    assert site.returncode == 0
    assert site.errors == []
    rels = {site.rel(p) for p in site.html_files()}
    assert {"index.html", "first-post.html", "second-post.html", "pages/about.html"} <= rels
    soup = site.soup("first-post.html")
    assert soup.title.get_text() == "First Post"
    assert "Hello <strong>world</strong>." in site.page("first-post.html")
    # static files are copied; absolute SITEURL from the default settings
    assert site.path("images/blue.png").read_bytes() == TWO_ARTICLES["images/blue.png"]
    assert soup.find("img")["src"] == "https://blog.example.org/images/blue.png"
    assert "Done: Processed 2 articles" in site.log
    # defaults: no feeds were written
    assert not site.exists("feeds")


def test_settings_file_is_python_with_reprs():
    text = render_settings({"A": "x'y\"z", "B": None, "C": UNSET, "D": ["p", 1], "E": {"k": 2}})
    ns: dict = {}
    exec(text, ns)
    assert ns["A"] == "x'y\"z" and ns["B"] is None and ns["D"] == ["p", 1]
    assert ns["E"] == {"k": 2}
    assert "C" not in ns


def test_settings_override_and_unset(tmp_path):
    result = build_site(
        tmp_path,
        content={"a.md": "Title: A\nDate: 2025-01-01\n\nx\n"},
        settings={"SITENAME": "Other", "SITEURL": UNSET, "ARTICLE_URL": "posts/{slug}/"},
        plugins=(),
    )
    assert "SITEURL" not in (tmp_path / "pelicanconf.py").read_text()
    soup = result.soup("a.html")
    assert soup.select_one("#banner h1").get_text(strip=True) == "Other"
    assert soup.find("a", rel="bookmark")["href"] == "/posts/a/"


def test_failed_build_raises_with_log(tmp_path):
    # Pelican exits 0 after "Cannot load plugin"; build_site must still notice.
    with pytest.raises(BuildError) as info:
        build_site(
            tmp_path,
            content={"a.md": "Title: A\nDate: 2025-01-01\n\nx\n"},
            plugins=("no_such_plugin_xyz",),
        )
    assert "no_such_plugin_xyz" in str(info.value)

    result = build_site(
        tmp_path,
        content={"a.md": "Title: A\nDate: 2025-01-01\n\nx\n"},
        plugins=("no_such_plugin_xyz",),
        expect_ok=False,
    )
    assert any("Cannot load plugin" in line for line in result.errors)


@pytest.mark.parametrize("name", BUILTIN_THEMES + PACKAGED_THEMES)
def test_every_theme_builds(tmp_path, name):
    path = theme_path(name)
    assert (path / "templates" / "article.html").is_file()
    result = build_site(tmp_path, content=TWO_ARTICLES, theme=name, plugins=())
    soup = result.soup("first-post.html")
    assert soup.find("head") is not None
    assert "First Post" in soup.get_text()


def test_vnu_reports_per_file(site, tmp_path):
    assert VNU_JAR.name == "vnu.jar"
    good = tmp_path / "good.html"
    good.write_text(
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>ok</title>'
        "</head><body><p>fine</p></body></html>",
        encoding="utf-8",
    )
    bad = tmp_path / "bad.html"
    bad.write_text(
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>x</title>'
        '<meta property="og:title"></head><body><p><div>bad nesting</p></body></html>',
        encoding="utf-8",
    )
    pages = [site.path("first-post.html"), site.path("index.html")]
    errors = vnu_errors([good, bad, *pages])
    assert set(errors) == {str(good), str(bad), *map(str, pages)}
    assert errors[str(good)] == []
    assert len(errors[str(bad)]) >= 2
    assert all({"message", "type"} <= set(m) for m in errors[str(bad)])
    assert any("content" in m["message"] for m in errors[str(bad)])
    for page in pages:
        assert isinstance(errors[str(page)], list)


def test_extruct_parses_opengraph_and_jsonld(site):
    html = (
        '<!DOCTYPE html><html><head><meta property="og:title" content="T &amp; U">'
        '<meta property="article:tag" content="a"><meta property="article:tag" content="b">'
        '<script type="application/ld+json">{"@context": "https://schema.org", '
        '"@type": "BlogPosting", "headline": "T & U"}</script></head><body></body></html>'
    )
    meta = extruct_meta(html, "https://blog.example.org/t.html")
    assert meta["opengraph"][0]["og:title"] == "T & U"
    assert og_values(meta, "article:tag") == ["a", "b"]
    assert meta["json-ld"] == [
        {"@context": "https://schema.org", "@type": "BlogPosting", "headline": "T & U"}
    ]
    # notmyidea writes no Open Graph and no JSON-LD of its own
    built = extruct_meta(site.page("first-post.html"), "https://blog.example.org/first-post.html")
    assert built == {"opengraph": [], "opengraph_properties": [], "json-ld": []}


def test_serve_serves_the_output(site):
    with serve(site.output) as base:
        assert base.startswith("http://127.0.0.1:") and base.endswith("/")
        with urllib.request.urlopen(base + "first-post.html", timeout=10) as resp:
            assert resp.status == 200
            assert b"First Post" in resp.read()


@pytest.mark.browser
def test_chromium_loads_a_served_page(tmp_path, page, external_requests):
    site = build_site(tmp_path, content=TWO_ARTICLES, settings={"RELATIVE_URLS": True}, plugins=())
    with serve(site.output) as base:
        response = page.goto(base + "first-post.html")
        assert response is not None and response.status == 200
        assert page.title() == "First Post"
        assert page.locator("h1.entry-title").inner_text().strip() == "First Post"
        assert page.evaluate("document.characterSet") == "UTF-8"
        # the image is served locally and decodes to its real size
        width = page.evaluate("document.querySelector('.entry-content img').naturalWidth")
        assert width == 300
        assert AXE_PATH.is_file()
        violations = axe_violations(page, {"runOnly": ["wcag2a"]})
        assert isinstance(violations, list)
        assert all("id" in v and "nodes" in v for v in violations)
    # with relative URLs the built-in theme needs nothing from outside
    assert external_requests == []


@pytest.mark.browser
def test_requests_off_the_machine_are_blocked(site, page, external_requests):
    # `site` has an absolute SITEURL: its CSS and image URLs leave the machine
    with serve(site.output) as base:
        page.goto(base + "first-post.html")
        width = page.evaluate("document.querySelector('.entry-content img').naturalWidth")
    assert width == 0
    assert "https://blog.example.org/images/blue.png" in external_requests
