"""The preview page in headless Chromium: six cards per page, local images, search, no leaks.

A real pelican_smo build (local cover images, one remote image, a title that
tries to be markup) plus one hand-written page carrying ``theme-color`` for the
Discord bar. The preview is served from 127.0.0.1; every request that leaves
the machine is recorded by the ``page`` fixture and must not happen.
"""

from __future__ import annotations

import pytest

from pelican_smo.audit.preview import write_preview
from pelican_smo.audit.report import audit_site
from tests.helpers import (
    axe_violations,
    block_external,
    build_site,
    image_bytes,
    screenshot_path,
    serve,
)

pytestmark = pytest.mark.browser

#: Pelican titles are HTML: the source escapes the markup, so the plain-text title (what
#: og:title carries and the preview must show as text) is HOSTILE.
HOSTILE_SOURCE = 'Fish &amp; "chips" &lt;img src=x onerror=alert(1)&gt;'
HOSTILE = 'Fish & "chips" <img src=x onerror=alert(1)>'
CONTENT = {
    "first.md": ("Title: First post\nDate: 2024-01-01\nCategory: News\nSlug: first-post\n"
                 "Summary: A first post about things that matter to people who read blogs.\n"
                 "Image: images/cover.jpg\nImage_alt: A teal cover\n\nHello world.\n"),
    "second.md": ("Title: Second post, with a small picture\nDate: 2024-01-02\nCategory: News\n"
                  "Slug: second-post\n"
                  "Summary: The second post has a square picture, so X shows a summary card.\n"
                  "Image: images/square.png\nImage_alt: A small square\n\nHello again.\n"),
    "remote.md": ("Title: Remote picture\nDate: 2024-01-03\nCategory: News\nSlug: remote\n"
                  "Summary: This post's picture lives on another server; the preview must "
                  "never load it.\nImage: https://cdn.example.com/remote.png\n"
                  "Image_alt: Remote\n\nElsewhere.\n"),
    "hostile.md": (f"Title: {HOSTILE_SOURCE}\nDate: 2024-01-04\nCategory: News\nSlug: hostile\n"
                   "Summary: A title that tries to be markup must come out as text.\n\nText.\n"),
    "images/cover.jpg": image_bytes(1200, 630, "JPEG", (20, 140, 150)),
    "images/square.png": image_bytes(160, 160, "PNG", (200, 90, 60)),
    "images/default.png": image_bytes(1200, 630, "PNG", (60, 60, 140)),
}

THEMED = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>Themed</title>
<meta property="og:title" content="A page with a theme colour">
<meta property="og:type" content="website">
<meta property="og:url" content="https://blog.example.org/themed.html">
<meta property="og:site_name" content="Test Blog">
<meta property="og:description" content="Discord paints the bar of this embed purple.">
<meta name="theme-color" content="#5865f2">
</head><body></body></html>"""

PLATFORMS = ("x", "facebook", "linkedin", "mastodon", "slack", "discord")


@pytest.fixture(scope="module")
def preview_site(tmp_path_factory):
    site = build_site(tmp_path_factory.mktemp("preview"), content=CONTENT, settings={
        "AUTHOR": "Ann Author", "STATIC_PATHS": ["images"], "SMO_CARDS": "never",
        "SMO_DEFAULT_IMAGE": "images/default.png", "SMO_DEFAULT_IMAGE_ALT": "The blog's logo",
        "SMO_SITE_DESCRIPTION": "A blog for tests, about testing, by people who test things."})
    (site.output / "themed.html").write_text(THEMED, encoding="utf-8")
    report = audit_site(str(site.output), None)
    write_preview(str(site.output), None, report)
    return site, report


def section(page, path: str):
    return page.locator(f'.smo-page[data-page="{path}"]')


def test_one_card_per_platform_per_page(preview_site, page, external_requests):
    site, report = preview_site
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    with serve(site.output) as base:
        page.goto(base + "smo-preview.html")
        sections = page.locator(".smo-page")
        assert sections.count() == len(report.pages)
        assert sections.count() >= 10  # 4 articles + listings + the themed page
        for platform in PLATFORMS:
            assert page.locator(f'.smo-page .card[data-platform="{platform}"]').count() == \
                sections.count(), platform
        for path in ("first-post.html", "themed.html", "index.html"):
            assert section(page, path).locator(".card").count() == 6
        captions = section(page, "first-post.html").locator("figcaption").all_text_contents()
        assert [c.strip().lower() for c in captions] == [
            "x · large image card", "facebook", "linkedin", "mastodon", "slack", "discord"]
        # a 160×160 picture: X summary layout, Facebook's small layout
        second = section(page, "second-post.html")
        assert second.locator('.card[data-platform="x"]').get_attribute("class") == \
            "card card-x small"
        assert second.locator('.card[data-platform="facebook"]').get_attribute("class") == \
            "card card-facebook small"
        # Every drawn image is a local file that decoded.
        images = page.evaluate("""() => Array.from(document.querySelectorAll('img.img'))
            .map(img => [img.getAttribute('src'), img.complete, img.naturalWidth])""")
        assert len(images) >= 6 * 4
        assert all(complete and width > 0 for _, complete, width in images), images
        assert {src for src, _, _ in images} == {"images/cover.jpg", "images/square.png",
                                                 "images/default.png"}
        # The remote picture is a placeholder, never fetched.
        remote = section(page, "remote.html")
        assert remote.locator("img").count() == 0
        assert remote.locator(".ph").first.text_content() == "remote image"
        # Hostile title: text, not markup
        hostile = section(page, "hostile.html")
        assert hostile.locator("h2").text_content() == HOSTILE
        assert hostile.locator('.card[data-platform="facebook"] .t').text_content() == HOSTILE
        # Discord's bar takes theme-color; without one it keeps Discord's default.
        bar = "el => getComputedStyle(el).backgroundColor"
        assert section(page, "themed.html").locator(".card-discord .bar").evaluate(bar) == \
            "rgb(88, 101, 242)"
        assert section(page, "first-post.html").locator(".card-discord .bar").evaluate(bar) == \
            "rgb(30, 31, 34)"
        # The findings are beside the cards.
        assert "og-missing" in section(page, "themed.html").locator(".smo-findings").text_content()
        # A sample for humans: one article's six cards and its findings.
        page.fill("#smo-q", "first post")
        page.evaluate("window.scrollTo(0, 0)")
        page.screenshot(path=str(screenshot_path("preview.png")), full_page=True)
    assert dialogs == []
    assert external_requests == []


def test_search_filters_by_title(preview_site, page, external_requests):
    site, report = preview_site
    total = len(report.pages)
    with serve(site.output) as base:
        page.goto(base + "smo-preview.html")
        assert page.locator("#smo-search").is_visible()
        page.fill("#smo-q", "POST")
        visible = page.locator(".smo-page:visible")
        assert sorted(visible.evaluate_all("els => els.map(e => e.dataset.page)")) == [
            "first-post.html", "second-post.html"]
        assert page.locator("#smo-shown").inner_text() == f"2 of {total} pages"
        page.fill("#smo-q", "nothing has this title")
        assert page.locator(".smo-page:visible").count() == 0
        page.fill("#smo-q", "")
        assert page.locator(".smo-page:visible").count() == total
    assert external_requests == []


def test_without_javascript_everything_is_shown(preview_site, browser):
    site, report = preview_site
    blocked: list[str] = []
    context = browser.new_context(java_script_enabled=False,
                                  viewport={"width": 1280, "height": 800})
    block_external(context, blocked)
    try:
        no_js = context.new_page()
        with serve(site.output) as base:
            no_js.goto(base + "smo-preview.html")
            assert no_js.locator(".smo-page:visible").count() == len(report.pages)
            assert not no_js.locator("#smo-search").is_visible()
    finally:
        context.close()
    assert blocked == []


def test_preview_passes_axe(preview_site, page, external_requests):
    site, _ = preview_site
    with serve(site.output) as base:
        page.goto(base + "smo-preview.html")
        violations = axe_violations(page, {"runOnly": ["wcag2a", "wcag2aa"]})
    assert [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations] == []
    assert external_requests == []
