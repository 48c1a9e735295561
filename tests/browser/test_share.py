"""The share bar in headless Chromium: visible, keyboard-reachable, accessible, private.

Sites: the example site (content and settings of example_site/, notmyidea theme,
SMO_SHARE_STYLE='icons+labels') and the same content with the reflex and
engineering themes (default 'icons' style). Each built once per module and served
from 127.0.0.1; the `page` fixture aborts and records every request that would
leave the machine.

Expected values come from each page's own <link rel=canonical> and og: tags and
from the content, never from the plugin's code.
"""

from __future__ import annotations

import itertools
import runpy
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from tests.helpers import (
    ARTIFACTS_DIR,
    REPO_ROOT,
    axe_violations,
    block_external,
    build_site,
    content_from_dir,
    serve,
)
from tests.scenarios.test_share_site import decode_params, expected_link, split_link

pytestmark = pytest.mark.browser

EXAMPLE = REPO_ROOT / "example_site"
SITEURL = "https://fieldnotes.example.org"
#: SMO_TWITTER_SITE of the example site: X links carry it as `via`.
VIA = "fieldnotes"
#: Published articles of the example site (output files), translation included.
ARTICLES = ["autumn-ridge-trail.html", "coastal-birds.html", "escaping-titles.html",
            "harbour-morning.html", "pocket-compass.html", "pressing-flowers.html",
            "pressing-flowers-de.html", "static-sites-offline.html", "unicode-title.html"]
#: Pages that must have no bar: listing, page, opted-out article, draft.
NO_BAR = ["index.html", "category/walks.html", "pages/about.html",
          "maintenance-log-week-31.html", "drafts/winter-plans.html"]
DEFAULT_NETWORKS = ["x", "facebook", "linkedin", "reddit", "hackernews", "mastodon", "bluesky",
                    "email"]
THEMES = ["notmyidea", "reflex", "engineering"]


def example_settings() -> dict:
    """example_site/pelicanconf.py's own settings, minus the paths build_site sets."""
    conf = runpy.run_path(str(EXAMPLE / "pelicanconf.py"))
    skip = {"PATH", "OUTPUT_PATH", "THEME", "PLUGINS"}
    return {k: v for k, v in conf.items() if k.isupper() and k not in skip}


def _build(tmp_path_factory, name: str, theme: str, plugins=("pelican_smo",), **extra):
    settings = example_settings()
    settings.update(extra)
    assert settings["RELATIVE_URLS"] is True  # served from 127.0.0.1, not SITEURL
    return build_site(tmp_path_factory.mktemp(name), theme=theme, plugins=plugins,
                      content=content_from_dir(EXAMPLE / "content"), settings=settings)


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    return {
        "notmyidea": _build(tmp_path_factory, "example", "notmyidea",
                            SMO_SHARE_STYLE="icons+labels"),
        "reflex": _build(tmp_path_factory, "reflex", "reflex"),
        "engineering": _build(tmp_path_factory, "engineering", "engineering"),
    }


@pytest.fixture(scope="module")
def servers(sites):
    with serve(sites["notmyidea"].output) as a, serve(sites["reflex"].output) as b, \
            serve(sites["engineering"].output) as c:
        yield {"notmyidea": a, "reflex": b, "engineering": c}


# ---------------------------------------------------------------------------
# Helpers run in the page
# ---------------------------------------------------------------------------

PAGE_FACTS = """() => {
  const one = (sel, attr) => { const e = document.querySelectorAll(sel);
    return e.length === 1 ? e[0].getAttribute(attr) : `${e.length} x ${sel}`; };
  const bars = Array.from(document.querySelectorAll('[data-smo-share]'));
  const bar = bars[0];
  return {
    canonical: one('link[rel=canonical]', 'href'),
    ogTitle: one('meta[property="og:title"]', 'content'),
    ogDescription: document.querySelector('meta[property="og:description"]')
      ?.getAttribute('content') ?? null,
    twitterSite: one('meta[name="twitter:site"]', 'content'),
    creator: document.querySelector('meta[name="twitter:creator"]')
      ?.getAttribute('content') ?? null,
    fediverse: document.querySelector('meta[name="fediverse:creator"]')
      ?.getAttribute('content') ?? null,
    bars: bars.length,
    inArticle: !!(bar && bar.closest('article')),
    links: bar ? Array.from(bar.querySelectorAll('a')).map(a => ({
      network: Array.from(a.classList).find(c => c.startsWith('smo-share__link--'))
        .slice('smo-share__link--'.length),
      href: a.getAttribute('href'), target: a.getAttribute('target'),
      rel: a.getAttribute('rel'), visible: a.checkVisibility(),
    })) : [],
  };
}"""

#: Focusable controls of the bar in DOM order, with their boxes and visibility.
CONTROLS = """() => {
  const bar = document.querySelector('[data-smo-share]');
  return Array.from(bar.querySelectorAll('a[href], button')).map(el => {
    const r = el.getBoundingClientRect();
    return {name: Array.from(el.classList).find(c => c.startsWith('smo-share__link--')),
            visible: el.checkVisibility({visibilityProperty: true}) && r.width > 0,
            x: r.x, y: r.y, w: r.width, h: r.height};
  });
}"""

ACTIVE = """() => {
  const el = document.activeElement;
  return {inBar: !!el.closest('[data-smo-share]'),
          name: Array.from(el.classList || []).find(c => c.startsWith('smo-share__link--'))
                || el.tagName};
}"""


def via_of(facts: dict) -> str:
    """X's ``via``: the author's handle (``twitter:creator``), else the site's."""
    return (facts["creator"] or facts["twitterSite"]).lstrip("@")


def mention_of(facts: dict) -> str | None:
    """The author's fediverse handle, named in Mastodon's text."""
    return facts["fediverse"]


def load(page, url: str) -> dict:
    response = page.goto(url)
    assert response is not None and response.status == 200, url
    page.wait_for_load_state("networkidle")
    return page.evaluate(PAGE_FACTS)


def bar_violations(page) -> list[dict]:
    """axe's violations whose nodes lie inside the share bar.

    tests.helpers.axe_violations(page, options) runs ``axe.run(document, options)``:
    an ``include`` given in options is ignored there (axe takes it in the context
    argument), so we run it on the whole page and keep the bar's nodes.
    """
    found = []
    for violation in axe_violations(page):
        nodes = [n for n in violation["nodes"] if page.evaluate(
            "sel => !!document.querySelector(sel)?.closest('[data-smo-share]')",
            n["target"][0])]
        if nodes:
            found.append({"id": violation["id"], "help": violation["help"],
                          "nodes": [(n["target"], n.get("failureSummary")) for n in nodes]})
    return found


# ---------------------------------------------------------------------------
# Tests
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("theme", THEMES)
def test_one_visible_bar_per_article_links_decode_nothing_leaves(servers, page,
                                                                external_requests, theme):
    base = servers[theme]
    for rel in ARTICLES:
        facts = load(page, base + rel)
        assert facts["bars"] == 1, rel
        assert facts["inArticle"], rel
        bar = page.locator("[data-smo-share]")
        assert bar.is_visible(), rel
        # the German translation's bar speaks German and asks in German for the server
        german = rel.endswith("-de.html")
        assert bar.get_attribute("aria-label") == (
            "Diesen Artikel teilen" if german else "Share this article")
        assert [link["network"] for link in facts["links"]] == DEFAULT_NETWORKS, rel
        canonical, title = facts["canonical"], facts["ogTitle"]
        assert canonical.startswith("https://"), (rel, canonical)
        assert facts["twitterSite"] == "@" + VIA
        mastodon_page = urljoin(base + rel,
                                "smo/mastodon.de.html" if german else "smo/mastodon.html")
        for link in facts["links"]:
            assert link["visible"], (rel, link["network"])
            where, params = split_link(link["href"], base + rel)
            assert (where, params) == expected_link(
                link["network"], title, canonical, facts["ogDescription"], mastodon_page,
                via=via_of(facts), mention=mention_of(facts)), (
                rel, link["href"])
            if link["network"] == "email":
                assert (link["target"], link["rel"]) == (None, None)
            else:
                assert (link["target"], link["rel"]) == ("_blank", "noopener noreferrer")
    for rel in NO_BAR:
        assert load(page, base + rel)["bars"] == 0, rel
    # reflex loads web fonts by itself: see test_reflex_bar_adds_no_outside_requests
    if theme != "reflex":
        assert external_requests == []


def test_share_text_follows_the_pages_own_overrides(servers, page):
    # Hand-written from the content: an og_title override and a cross-post canonical.
    base = servers["notmyidea"]
    facts = load(page, base + "coastal-birds.html")
    assert facts["ogTitle"] == "214 birds, 17 species: our spring count on the salt marsh"
    x = next(link for link in facts["links"] if link["network"] == "x")
    assert decode_params(urlsplit(x["href"]).query) == {
        "text": "214 birds, 17 species: our spring count on the salt marsh",
        "url": f"{SITEURL}/coastal-birds.html", "via": via_of(facts)}
    assert via_of(facts) == "ada"  # the author's handle (SMO_AUTHORS), not the site's
    facts = load(page, base + "static-sites-offline.html")
    assert facts["canonical"] == "https://dev.example.com/original-post"
    reddit = next(link for link in facts["links"] if link["network"] == "reddit")
    assert decode_params(urlsplit(reddit["href"]).query) == {
        "url": "https://dev.example.com/original-post",
        "title": "Building a Static Site That Works Offline"}
    facts = load(page, base + "escaping-titles.html")
    hn = next(link for link in facts["links"] if link["network"] == "hackernews")
    assert decode_params(urlsplit(hn["href"]).query)["t"] == (
        "Why \"<b>\" & 'quotes' break tags </script>")


@pytest.mark.parametrize("theme", THEMES)
def test_tab_reaches_every_control_in_visual_order(servers, page, theme):
    page.goto(servers[theme] + "autumn-ridge-trail.html")
    page.wait_for_load_state("networkidle")
    controls = page.evaluate(CONTROLS)
    visible = [c for c in controls if c["visible"]]
    names = [c["name"] for c in visible]
    # eight links and, with JavaScript on and a clipboard, "Copy link"; headless
    # Chromium on Linux has no navigator.share, so "Share…" stays hidden
    assert names == [f"smo-share__link--{n}" for n in DEFAULT_NETWORKS] + [
        "smo-share__link--copy"]
    assert page.evaluate("typeof navigator.share") == "undefined"
    # visual order (left to right, then top to bottom) is the DOM order
    for a, b in itertools.pairwise(visible):
        same_row = abs(a["y"] - b["y"]) < 2
        assert (same_row and b["x"] > a["x"]) or b["y"] >= a["y"] + a["h"] - 1, (a, b)
    # start at the top of the bar: focus the nav itself (not in the tab order)
    page.evaluate("""() => { const bar = document.querySelector('[data-smo-share]');
                             bar.setAttribute('tabindex', '-1'); bar.focus(); }""")
    reached = []
    for _ in range(len(visible) + 1):
        page.keyboard.press("Tab")
        reached.append(page.evaluate(ACTIVE))
    assert [r["name"] for r in reached[:-1]] == names
    assert all(r["inBar"] for r in reached[:-1])
    assert not reached[-1]["inBar"], "focus should leave the bar after its last control"
    # each control shows where the focus is
    page.evaluate("() => document.querySelector('[data-smo-share]').focus()")
    page.keyboard.press("Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("theme", THEMES)
def test_axe_finds_nothing_in_the_bar(servers, page, theme, scheme):
    page.emulate_media(color_scheme=scheme)
    page.goto(servers[theme] + "escaping-titles.html")
    page.wait_for_load_state("networkidle")
    assert page.locator("[data-smo-share]").count() == 1
    assert bar_violations(page) == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing_on_the_mastodon_page(servers, page, scheme):
    page.emulate_media(color_scheme=scheme)
    page.goto(servers["notmyidea"] + "smo/mastodon.html#text=" + "Hello%20https%3A%2F%2Fa.example")
    page.wait_for_load_state("networkidle")
    assert page.locator("#instance").is_visible()
    violations = axe_violations(page)
    assert [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations] == []


@pytest.mark.parametrize("theme", THEMES)
def test_links_and_buttons_look_alike(servers, page, theme):
    # share.css gives every control `color: inherit; text-decoration: none`: the bar
    # takes the theme's text colour, and a link looks like the "Copy link" button.
    page.goto(servers[theme] + "autumn-ridge-trail.html")
    looks = page.evaluate("""() => Array.from(
        document.querySelectorAll('[data-smo-share] .smo-share__link'))
      .filter(el => el.checkVisibility())
      .map(el => { const s = getComputedStyle(el);
        return [el.classList[1], s.color, s.textDecorationLine, s.borderTopColor]; })""")
    assert len(looks) == len(DEFAULT_NETWORKS) + 1
    button = looks[-1]
    assert button[0] == "smo-share__link--copy"
    for look in looks[:-1]:
        assert look[1:] == button[1:], (look, button)


def test_reflex_bar_adds_no_outside_requests(sites, servers, browser, page, external_requests,
                                             tmp_path_factory):
    # reflex loads Google Fonts by itself, with or without the plugin: so the claim
    # is that the plugin's bar and assets add no request leaving the machine. Compare
    # with the same pages built without the plugin.
    plain = _build(tmp_path_factory, "reflex-plain", "reflex", plugins=())
    local = []
    page.on("request", lambda r: local.append(r.url))
    for rel in ARTICLES:
        load(page, servers["reflex"] + rel)
    assert any("/smo/share.css" in u for u in local) and any("/smo/share.js" in u for u in local)
    assert all(u.startswith(servers["reflex"]) for u in local if "/smo/" in u)
    without = []
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        block_external(context, without)
        plain_page = context.new_page()
        with serve(plain.output) as base:
            for rel in ARTICLES:
                plain_page.goto(base + rel)
                plain_page.wait_for_load_state("networkidle")
                assert plain_page.locator("[data-smo-share]").count() == 0
    finally:
        context.close()
    assert without, "reflex was expected to load web fonts from outside"
    assert set(external_requests) == set(without)


@pytest.mark.parametrize("rel", ["autumn-ridge-trail.html", "static-sites-offline.html"])
def test_copy_link_puts_the_canonical_url_on_the_clipboard(servers, page, rel):
    base = servers["notmyidea"]
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base[:-1])
    facts = load(page, base + rel)
    button = page.locator("[data-smo-share] button.smo-share__link--copy")
    assert button.is_visible()
    assert button.inner_text().strip() == "Copy link"
    button.click()
    status = page.locator("[data-smo-share] .smo-share__status")
    status.filter(has_text="Link copied").wait_for(timeout=5000)
    assert status.inner_text().strip() == "Link copied"
    assert page.evaluate("navigator.clipboard.readText()") == facts["canonical"]


@pytest.mark.parametrize("theme", THEMES)
def test_without_javascript_links_stay_and_buttons_stay_hidden(browser, servers, theme):
    blocked = []
    context = browser.new_context(java_script_enabled=False,
                                  viewport={"width": 1280, "height": 800})
    try:
        block_external(context, blocked)
        page = context.new_page()
        page.goto(servers[theme] + "autumn-ridge-trail.html")
        bar = page.locator("[data-smo-share]")
        assert bar.count() == 1 and bar.is_visible()
        links = bar.locator("a.smo-share__link")
        assert links.count() == len(DEFAULT_NETWORKS)
        for i in range(links.count()):
            assert links.nth(i).is_visible(), i
        for kind in ("copy", "native"):
            button = bar.locator(f"button.smo-share__link--{kind}")
            assert button.count() == 1 and not button.is_visible(), kind
    finally:
        context.close()


def test_mastodon_ask_flow(servers, page):
    base = servers["notmyidea"]
    facts = load(page, base + "unicode-title.html")
    expected_text = f"{facts['ogTitle']} {facts['canonical']} via {facts['fediverse']}"
    assert facts["fediverse"] == "@ada@mastodon.example"
    assert facts["ogTitle"] == "Ünïcödé & 日本語 — a test"
    assert facts["canonical"] == f"{SITEURL}/unicode-title.html"
    link = page.locator("[data-smo-share] a.smo-share__link--mastodon")
    assert link.get_attribute("target") == "_blank"
    with page.context.expect_page() as opened:
        link.click()
    ask = opened.value
    ask.wait_for_load_state()
    assert urlsplit(ask.url).path == "/smo/mastodon.html"
    assert ask.locator("#text").inner_text() == expected_text

    shared = []

    def capture(route):
        shared.append(route.request.url)
        route.abort()

    ask.route("https://mastodon.example/**", capture)
    ask.locator("#instance").fill("@ada@mastodon.example")
    # the instance does not answer NodeInfo here (tests/browser/test_fediverse.py has
    # instances that do): Mastodon's form is offered, and confirmed
    ask.locator("#form button[type=submit]").click()
    ask.locator("#software").wait_for(state="visible")
    assert shared == ["https://mastodon.example/.well-known/nodeinfo"]
    with ask.expect_request("https://mastodon.example/share**"):
        ask.locator("#form button[type=submit]").click()
    assert len(shared) == 2, shared
    parts = urlsplit(shared[1])
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "mastodon.example", "/share")
    text = decode_params(parts.query)["text"]
    assert text == expected_text
    assert unquote(parts.query.removeprefix("text=")) == expected_text

    # a bad address is refused with a message, and nothing is requested
    again = page.context.new_page()
    again.route("https://**", capture)
    href = link.get_attribute("href")
    again.goto(urljoin(base + "unicode-title.html", href) + "&change=1")
    again.locator("#instance").fill("not a server")
    again.locator("#form button[type=submit]").click()
    assert "is not a server address" in again.locator("#instance-error").inner_text()
    assert again.locator("#instance").get_attribute("aria-invalid") == "true"
    assert len(shared) == 2


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_screenshot_of_the_bar(servers, page, scheme):
    page.emulate_media(color_scheme=scheme)
    page.goto(servers["notmyidea"] + "autumn-ridge-trail.html")
    page.wait_for_load_state("networkidle")
    bar = page.locator("[data-smo-share]")
    bar.scroll_into_view_if_needed()
    box = bar.bounding_box()
    assert box is not None and box["width"] > 200 and box["height"] >= 44
    # icons+labels: every label is visible text, at least 44px targets
    for i in range(bar.locator(".smo-share__link").count()):
        link = bar.locator(".smo-share__link").nth(i)
        if link.is_visible():
            link_box = link.bounding_box()
            assert link_box["width"] >= 44 and link_box["height"] >= 44, i
    assert bar.locator("a.smo-share__link--x .smo-share__label").inner_text().endswith("X")
    pad = 16
    ARTIFACTS_DIR.mkdir(parents=True, exist_ok=True)
    target = ARTIFACTS_DIR / f"share-bar-{scheme}.png"
    page.screenshot(path=str(target), clip={
        "x": max(box["x"] - pad, 0), "y": max(box["y"] - pad, 0),
        "width": box["width"] + 2 * pad, "height": box["height"] + 2 * pad})
    assert target.is_file() and target.stat().st_size > 1000
