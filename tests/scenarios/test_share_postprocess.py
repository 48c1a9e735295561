"""The share bar after the post-processors real sites run on their output.

pelican-minify 2.0 (on ``finalized``) passes every ``.html``, ``.css`` and ``.js``
file of the output to ``minify_html.minify(text, minify_css=..., minify_js=...)``:
pages are minified as HTML (quotes, optional end tags, ``<head>``/``<body>`` go), and
a ``.js`` or ``.css`` file is minified *as an HTML document*: it is text to
minify-html, whose runs of white space become one space (the file becomes one
line, so a ``//`` comment would swallow the rest of the script), whose character
references are decoded and whose "<" is escaped. pelican-htmlmin does pages with
htmlmin; pelican-webassets' filters use rjsmin and rcssmin; pelican-precompress
writes ``.gz`` copies beside text files (gzip_cache's way).

The site: example_site's content and settings, notmyidea theme, with pelican-minify,
sitemap, neighbors and render_math beside pelican_smo, checked in headless Chromium
(requests that leave the machine are aborted and recorded). Expected values come
from each page's own ``<link rel=canonical>`` and ``og:`` tags, and from each
service's documented share link (``tests.scenarios.test_share_site.expected_link``).
"""

from __future__ import annotations

import gzip
import re
import shutil
from urllib.parse import urljoin

import pytest

from tests.browser.test_share import (
    ARTICLES,
    DEFAULT_NETWORKS,
    EXAMPLE,
    bar_violations,
    example_settings,
    load,
    mention_of,
    via_of,
)
from tests.helpers import REPO_ROOT, build_site, content_from_dir, require, serve
from tests.scenarios.test_share_site import expected_link, split_link

ASSETS = REPO_ROOT / "pelican_smo" / "assets"
#: The English articles: the German translation speaks German (tests/scenarios/test_site_languages.py).
ENGLISH_ARTICLES = [rel for rel in ARTICLES if not rel.endswith("-de.html")]
COMPANIONS = ["pelican.plugins.minify", "pelican.plugins.sitemap", "pelican.plugins.neighbors",
              "pelican.plugins.render_math"]
#: Each link's accessible name in English ("Share on X"; email is sent, not posted on).
SERVICE_NAMES = {"x": "Share on X", "facebook": "Share on Facebook",
                 "linkedin": "Share on LinkedIn", "reddit": "Share on Reddit",
                 "hackernews": "Share on Hacker News", "mastodon": "Share on Mastodon",
                 "bluesky": "Share on Bluesky", "email": "Share by Email"}

#: Headless Chromium on Linux has no navigator.share: this stands in for the system
#: share sheet, recording what the page hands it.
FAKE_SHARE = """Object.defineProperty(Navigator.prototype, 'share', {configurable: true,
  value: function (data) { window.__smoShared = data; return Promise.resolve(); }});"""


def minify_like_pelican_minify(text: str, kind: str) -> str:
    """What pelican-minify writes for a file of ``kind`` ('html', 'css' or 'js'), with
    its default settings (CSS_MIN, JS_MIN, HTML_MIN, INLINE_CSS_MIN, INLINE_JS_MIN)."""
    from pelican.plugins.minify.minify import Minify

    css, js = {"html": (True, True), "css": (True, False), "js": (False, True)}[kind]
    return Minify.minify(None, text, css, js)


def one_space(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _build(tmp_path_factory, name: str, plugins: list[str], theme: str = "notmyidea",
           **extra):
    settings = example_settings()
    settings.update(extra)
    return build_site(tmp_path_factory.mktemp(name), theme=theme, plugins=plugins,
                      content=content_from_dir(EXAMPLE / "content"), settings=settings)


@pytest.fixture(scope="module")
def minified(tmp_path_factory):
    return _build(tmp_path_factory, "minified", ["pelican_smo", *COMPANIONS])


@pytest.fixture(scope="module")
def plain(tmp_path_factory):
    """The same site as pelican_smo alone writes it."""
    return _build(tmp_path_factory, "plain", ["pelican_smo"])


# ---------------------------------------------------------------------------
# The files themselves
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["share.js", "share.css", "replies.js", "replies.css"])
def test_minify_html_only_joins_the_lines_of_the_assets(name):
    # Anything else minify-html does to text (decoding "&amp;", escaping "<") would
    # change the program; joining lines is safe only without // comments and ASI.
    original = (ASSETS / name).read_text(encoding="utf-8")
    kind = name.rsplit(".", 1)[1]
    assert minify_like_pelican_minify(original, kind) == one_space(original)


# ---------------------------------------------------------------------------
# A site built with pelican-minify and the usual companions
# ---------------------------------------------------------------------------


def test_pelican_minify_really_ran_on_the_assets_and_the_pages(minified):
    # Otherwise the browser tests below would prove nothing.
    assert "\n" not in minified.page("smo/share.js").strip()
    assert "\n" not in minified.page("smo/share.css").strip()
    assert len(minified.page("smo/mastodon.html")) < len((ASSETS / "mastodon.html").read_text())
    page = minified.page("autumn-ridge-trail.html")
    assert "</li>" not in page  # minify-html drops optional end tags
    assert re.search(r"<nav [^>]*\bdata-smo-share[\s>]", page)
    assert "class=smo-share__list" in page
    assert minified.exists("sitemap.xml")


@pytest.mark.browser
@pytest.mark.parametrize("rel", ENGLISH_ARTICLES)
def test_minified_bar_has_every_link_and_both_buttons_work(minified, page, external_requests,
                                                          rel):
    page.add_init_script(FAKE_SHARE)
    with serve(minified.output) as base:
        page.context.grant_permissions(["clipboard-read", "clipboard-write"],
                                       origin=base[:-1])
        facts = load(page, base + rel)
        assert facts["bars"] == 1 and facts["inArticle"], rel
        canonical, title = facts["canonical"], facts["ogTitle"]
        mastodon_page = urljoin(base + rel, "smo/mastodon.html")
        assert [link["network"] for link in facts["links"]] == DEFAULT_NETWORKS, rel
        for link in facts["links"]:
            assert link["visible"], (rel, link["network"])
            assert split_link(link["href"], base + rel) == expected_link(
                link["network"], title, canonical, facts["ogDescription"], mastodon_page,
                via=via_of(facts), mention=mention_of(facts)), (rel, link["href"])
        bar = page.locator("[data-smo-share]")
        for network, service in SERVICE_NAMES.items():
            named = bar.get_by_role("link", name=service, exact=True)
            assert named.count() == 1, (rel, network)

        copy = bar.get_by_role("button", name="Copy link", exact=True)
        assert copy.is_visible(), rel
        copy.click()
        status = bar.locator(".smo-share__status")
        status.filter(has_text="Link copied").wait_for(timeout=5000)
        assert page.evaluate("navigator.clipboard.readText()") == canonical

        native = bar.get_by_role("button", name="Share…", exact=True)
        assert native.is_visible(), rel
        native.click()
        page.wait_for_function("() => window.__smoShared !== undefined")
        shared = page.evaluate("window.__smoShared")
        assert shared == {"url": canonical, "title": title,
                          "text": facts["ogDescription"] or title}, rel
        assert bar_violations(page) == [], rel
    assert external_requests == []


@pytest.mark.browser
@pytest.mark.browser
def test_minified_conversation_script_still_runs(minified, page, external_requests):
    # The example's harbour article names posts on mastodon.example and bsky.app: the
    # button shows (the one-line script ran), and pressing it asks those servers only
    # (the page fixture aborts them: "Could not reach" for both).
    assert "\n" not in minified.page("smo/replies.js").strip()
    with serve(minified.output) as base:
        page.goto(base + "harbour-morning.html")
        page.wait_for_load_state("networkidle")
        assert external_requests == []
        button = page.locator("[data-smo-replies-show]")
        assert button.is_visible()
        button.click()
        status = page.locator("[data-smo-replies] [role=status]")
        status.filter(has_text="Bluesky:").wait_for(timeout=20_000)
        down = "Could not reach {}: the server may be down. Try again later."
        assert status.inner_text() == (f"Mastodon: {down.format('mastodon.example')} "
                                       f"Bluesky: {down.format('public.api.bsky.app')}")
    assert sorted(external_requests) == [
        "https://mastodon.example/api/v1/statuses/113012345678901234",
        "https://mastodon.example/api/v1/statuses/113012345678901234/context",
        "https://public.api.bsky.app/xrpc/com.atproto.identity.resolveHandle"
        "?handle=ada.example.org"]


def test_minified_mastodon_page_still_asks_and_shares(minified, page):
    with serve(minified.output) as base:
        facts = load(page, base + "unicode-title.html")
        href = page.locator("[data-smo-share] a.smo-share__link--mastodon").get_attribute("href")
        shared = []
        page.route("https://mastodon.example/**",
                   lambda route: (shared.append(route.request.url), route.abort()))
        page.goto(urljoin(base + "unicode-title.html", href))
        assert page.locator("#text").inner_text() == (
            f"{facts['ogTitle']} {facts['canonical']} via {facts['fediverse']}")
        page.locator("#instance").fill("mastodon.example")
        # minify-html drops type="submit", the default; no NodeInfo answers here, so
        # Mastodon's form is offered and confirmed
        page.get_by_role("button", name="Share", exact=True).click()
        page.locator("#software").wait_for(state="visible")
        with page.expect_request("https://mastodon.example/share**"):
            page.get_by_role("button", name="Share", exact=True).click()
    assert len(shared) == 2 and shared[1].startswith("https://mastodon.example/share?text=")


# ---------------------------------------------------------------------------
# Other minifiers, and compression
# ---------------------------------------------------------------------------


@pytest.mark.browser
def test_bar_works_after_rjsmin_rcssmin_and_htmlmin(plain, page, external_requests, tmp_path):
    # pelican-webassets' usual filters for the assets, pelican-htmlmin's default
    # options for the pages (remove_comments, remove_all_empty_space).
    try:
        import htmlmin
        import rcssmin
        import rjsmin
    except ImportError:
        require(False, "rjsmin, rcssmin, htmlmin missing: pip install -e '.[test]'")
    site = tmp_path / "site"
    shutil.copytree(plain.output, site)
    for path, minify in ((site / "smo" / "share.js", rjsmin.jsmin),
                         (site / "smo" / "share.css", rcssmin.cssmin)):
        text = path.read_text(encoding="utf-8")
        path.write_text(minify(text), encoding="utf-8")
        assert path.read_text(encoding="utf-8") != text
    for rel in ARTICLES:
        path = site / rel
        path.write_text(htmlmin.minify(path.read_text(encoding="utf-8"), remove_comments=True,
                                       remove_all_empty_space=True), encoding="utf-8")
    page.add_init_script(FAKE_SHARE)
    with serve(site) as base:
        page.context.grant_permissions(["clipboard-read", "clipboard-write"],
                                       origin=base[:-1])
        for rel in ARTICLES:
            facts = load(page, base + rel)
            bar = page.locator("[data-smo-share]")
            assert [link["network"] for link in facts["links"]] == DEFAULT_NETWORKS, rel
            if rel not in ENGLISH_ARTICLES:
                continue  # the German translation's names: tests/scenarios/test_site_languages.py
            for service in SERVICE_NAMES.values():
                named = bar.get_by_role("link", name=service, exact=True)
                assert named.count() == 1, (rel, service)
            bar.get_by_role("button", name="Copy link", exact=True).click()
            bar.locator(".smo-share__status").filter(has_text="Link copied").wait_for(
                timeout=5000)
            assert bar.get_by_role("button", name="Share…", exact=True).is_visible(), rel
            icon = bar.locator(".smo-share__icon").first.bounding_box()
            assert icon["width"] >= 16 and icon["height"] >= 16, rel
    assert external_requests == []


@pytest.mark.parametrize("first", ["pelican.plugins.minify", "pelican.plugins.precompress"])
def test_post_processors_listed_before_pelican_smo_see_the_assets(tmp_path_factory, first):
    # Pelican runs `finalized` handlers in PLUGINS order: the assets must be in the
    # output before any of them runs, or a site listing pelican_smo last ships them
    # unminified and without .gz copies (a stale .gz of an older share.js survives).
    site = _build(tmp_path_factory, first.rsplit(".", 1)[1], [first, "pelican_smo"],
                  PRECOMPRESS_BROTLI=False, PRECOMPRESS_ZOPFLI=False,
                  PRECOMPRESS_ZSTANDARD=False)
    for name in ("share.js", "share.css", "mastodon.html"):
        shipped = (ASSETS / name).read_bytes()
        if first.endswith("minify"):
            written = site.path(f"smo/{name}").read_bytes()
            assert len(written) < len(shipped), name
        else:
            written = site.path(f"smo/{name}").read_bytes()
            if name != "mastodon.html":  # the Mastodon page is written in English from a template
                assert written == shipped, name
            assert gzip.decompress(site.path(f"smo/{name}.gz").read_bytes()) == written, name
