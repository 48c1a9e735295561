"""The fediverse "ask" page and quote sharing, in headless Chromium.

Fake instances: one little HTTP server bound to 127.0.0.1 inside the test plays every
``*.example`` instance (the Host it was asked for travels in a header): each answers
``/.well-known/nodeinfo`` and its NodeInfo 2.1 document (with CORS headers, as real
instances send them) naming its software, and its share form with a page that echoes
nothing. Chromium asks ``https://<instance>/…``; Playwright hands each such request to
the loopback server and returns its answer unchanged (CORS is still enforced by the
browser). The server logs every request, so does Playwright: nothing may reach an
instance before the reader types its name and presses Share. The server is bounded:
each request has a timeout and the server stops with the test.

Expected forms come from each software's source (listed in assets/mastodon.html).
"""

from __future__ import annotations

import contextlib
import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.helpers import axe_violations, serve

pytestmark = pytest.mark.browser

SITE = "https://quotes.example.org"
TITLE = "On quoting well"
URL = f"{SITE}/quoting.html"
QUOTE_1 = ("The art of quotation is the art of those who do not know how to reflect "
           "for themselves, and who need a crutch to lean on; ten more words here.")
QUOTE_2_P1 = "Short first paragraph of the second quote, with a hyphen-ated word."
QUOTE_2_P2 = "And its second paragraph, which ends the quote for good."
FILLER = "\n\n".join(f"Paragraph {i} of filler text, so that the quotes sit far below "
                     "the fold and the page must scroll to reach them." for i in range(40))
CONTENT = {
    "quoting.md": (
        f"Title: {TITLE}\nDate: 2025-01-01 10:00\nSlug: quoting\nTags: quotes, style guide\n\n"
        f"{FILLER}\n\n> {QUOTE_1}\n\nBetween the quotes.\n\n"
        f"> {QUOTE_2_P1}\n>\n> {QUOTE_2_P2}\n\nThe end.\n"),
}
SETTINGS = {"SITEURL": SITE, "RELATIVE_URLS": True, "SMO_SHARE_QUOTES": True,
            "AUTHOR": "Ada", "SMO_AUTHORS": {"Ada": {"mastodon": "@ada@home.example"}}}

#: Fake instance host → NodeInfo software.name (None: no NodeInfo at all).
SOFTWARE = {
    "masto.example": "mastodon", "hometown.example": "hometown",
    "misskey.example": "misskey", "sharkey.example": "sharkey",
    "friendica.example": "friendica", "hubzilla.example": "hubzilla",
    "gnusocial.example": "gnusocial", "lemmy.example": "lemmy",
    "diaspora.example": "diaspora", "weird.example": "brandnewsoftware",
    "silent.example": None,
}
#: Software → (share form path, the parameter that must carry the post's text).
FORMS = {
    "mastodon": ("/share", "text"), "hometown": ("/share", "text"),
    "misskey": ("/share", "text"), "sharkey": ("/share", "text"),
    "friendica": ("/compose", "body"), "hubzilla": ("/rpost", "body"),
    "gnusocial": ("/notice/new", "status_textarea"),
    "lemmy": ("/create_post", None), "diaspora": ("/bookmarklet", None),
}


class _Instances(BaseHTTPRequestHandler):
    log: list[tuple[str, str]]
    timeout = 5

    def log_message(self, format, *args):
        pass

    def do_GET(self):
        host = self.headers.get("X-Fake-Host", "")
        self.log.append((host, self.path))
        name = SOFTWARE.get(host, "missing")
        path = urlsplit(self.path).path
        if path == "/.well-known/nodeinfo" and name not in (None, "missing"):
            body = {"links": [
                {"rel": "http://nodeinfo.diaspora.software/ns/schema/2.0",
                 "href": f"https://{host}/nodeinfo/2.0"},
                {"rel": "http://nodeinfo.diaspora.software/ns/schema/2.1",
                 "href": f"https://{host}/nodeinfo/2.1"}]}
            return self._send(200, json.dumps(body), "application/json")
        if path.startswith("/nodeinfo/2.") and name not in (None, "missing"):
            body = {"version": path.rsplit("/", 1)[1], "software": {"name": name,
                                                                     "version": "1.0"}}
            return self._send(200, json.dumps(body), "application/json")
        if name != "missing" and not path.startswith(("/.well-known", "/nodeinfo")):
            return self._send(200, "<!doctype html><title>form</title><p>form",
                              "text/html")
        return self._send(404, "not found", "text/plain")

    def _send(self, code: int, body: str, kind: str) -> None:
        data = body.encode()
        self.send_response(code)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Access-Control-Allow-Origin", "*")
        self.end_headers()
        self.wfile.write(data)


@contextlib.contextmanager
def fake_instances():
    """The fake instances on 127.0.0.1: yields (base URL, request log)."""
    log: list[tuple[str, str]] = []
    handler = type("Handler", (_Instances,), {"log": log})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    server.timeout = 5
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", log
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def route_instances(context, base: str, asked: list[str]) -> None:
    """Send Chromium's requests for https://*.example to the loopback server."""

    def handle(route):
        parts = urlsplit(route.request.url)
        asked.append(route.request.url)
        target = base + parts.path + (f"?{parts.query}" if parts.query else "")
        response = route.fetch(url=target, headers={**route.request.headers,
                                                    "X-Fake-Host": parts.hostname},
                               timeout=5000)
        route.fulfill(response=response)

    context.route(re.compile(r"^https://[a-z0-9.-]+\.example/"), handle)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    from tests.helpers import build_site

    return build_site(tmp_path_factory.mktemp("quotes"), content=CONTENT, settings=SETTINGS)


@pytest.fixture(scope="module")
def base(site):
    with serve(site.output) as url:
        yield url


@pytest.fixture
def instances(page):
    with fake_instances() as (server, log):
        asked: list[str] = []
        route_instances(page.context, server, asked)
        yield log, asked


def ask_url(page, base: str) -> str:
    page.goto(base + "quoting.html")
    href = page.locator("[data-smo-share] a.smo-share__link--mastodon").get_attribute("href")
    return base + href


def share_on(page, host: str):
    page.locator("#instance").fill(host)
    with page.expect_navigation(url=re.compile(rf"^https://{re.escape(host)}/")):
        page.locator("#form button[type=submit]").click()
    return urlsplit(page.url)


# ---------------------------------------------------------------------------


@pytest.mark.parametrize("host", [h for h, s in SOFTWARE.items() if s in FORMS])
def test_the_right_form_opens_with_the_right_text_and_nothing_leaves_before(
        base, page, instances, host):
    log, asked = instances
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(ask_url(page, base))
    expected_text = page.locator("#text").inner_text()
    assert expected_text.startswith(TITLE + " " + URL) and "via @ada@home.example" in expected_text
    page.locator("#instance").fill(host)
    page.wait_for_timeout(300)
    # typed but not confirmed: nothing asked of any instance
    assert log == [] and asked == []
    assert not [u for u in requests if ".example/" in u and "quotes.example.org" not in u]
    parts = share_on(page, host)
    software = SOFTWARE[host]
    path, field = FORMS[software]
    assert parts.path == path
    params = {k: v[0] for k, v in parse_qs(parts.query).items()}
    if field:
        assert params[field] == expected_text
    else:  # Lemmy and diaspora*: the link and the title apart
        assert (params["url"], params["title"]) == (URL, TITLE)
    # the instance was asked for NodeInfo, then its form; no other instance was asked
    assert [p for h, p in log] == ["/.well-known/nodeinfo", "/nodeinfo/2.1", parts.path + "?"
                                   + parts.query]
    assert {h for h, _ in log} == {host}


def test_unknown_software_offers_mastodons_form_or_a_choice(base, page, instances):
    page.goto(ask_url(page, base))
    page.locator("#instance").fill("weird.example")
    page.locator("#form button[type=submit]").click()
    picker = page.locator("#software")
    picker.wait_for(state="visible")
    assert picker.input_value() == "mastodon"
    page.locator("#status").filter(
        has_text="Could not tell which software weird.example runs").wait_for(timeout=5000)
    assert page.evaluate("document.activeElement.id") == "software"
    picker.select_option("lemmy")
    with page.expect_navigation(url=re.compile(r"^https://weird\.example/create_post")):
        page.locator("#form button[type=submit]").click()
    # an instance without NodeInfo: the same choice, Mastodon's form by default
    page.goto(ask_url(page, base))
    page.locator("#instance").fill("silent.example")
    page.locator("#form button[type=submit]").click()
    page.locator("#software").wait_for(state="visible")
    with page.expect_navigation(url=re.compile(r"^https://silent\.example/share\?text=")):
        page.locator("#form button[type=submit]").click()


def test_several_instances_are_remembered_most_recent_first(base, page, instances):
    log, _ = instances
    link = ask_url(page, base)
    for host in ("masto.example", "misskey.example", "lemmy.example"):
        page.goto(link)
        share_on(page, host)
    page.goto(link)
    saved = page.locator("#saved li button:not(.forget)")
    assert saved.all_inner_texts() == ["Share on lemmy.example", "Share on misskey.example",
                                       "Share on masto.example"]
    assert page.evaluate("document.activeElement.textContent") == "Share on lemmy.example"
    asked_before = len(log)
    # a remembered instance opens its form directly: no NodeInfo asked again
    with page.expect_navigation(url=re.compile(r"^https://misskey\.example/share\?text=")):
        saved.nth(1).click()
    assert log[asked_before][1].startswith("/share?text=")
    page.goto(link)
    assert page.locator("#saved li button:not(.forget)").first.inner_text() == (
        "Share on misskey.example")
    page.get_by_role("button", name="Forget masto.example").click()
    assert page.locator("#saved li button:not(.forget)").all_inner_texts() == [
        "Share on misskey.example", "Share on lemmy.example"]
    page.locator("#status").filter(has_text="masto.example forgotten.").wait_for(timeout=5000)
    stored = page.evaluate("JSON.parse(localStorage.getItem('smo-fediverse-instances'))")
    assert [i["host"] for i in stored] == ["misskey.example", "lemmy.example"]
    assert axe_violations(page) == []


def test_quote_link_scrolls_to_the_highlighted_quote(base, page, site):
    page.goto(base + "quoting.html")
    groups = page.locator("[data-smo-quote]")
    assert groups.count() == 2
    assert groups.first.get_attribute("aria-label") == "Share this quote"
    names = [a.get_attribute("href") for a in groups.nth(1).locator("a").all()]
    fragment_link = groups.nth(1).locator("a.smo-share__link--quote").get_attribute("href")
    assert fragment_link == (f"{URL}#:~:text=Short%20first%20paragraph%20of%20the,"
                             "ends%20the%20quote%20for%20good.")
    assert any(n.startswith("https://x.com/intent/tweet?text=%E2%80%9C") for n in names)
    # every rule but "region": Pelican's default theme leaves the article outside any
    # landmark, the quotes and their controls with it
    axe = [v for v in axe_violations(page, {"rules": {"region": {"enabled": False}}}) if any(
        page.evaluate("s => !!document.querySelector(s)?.closest('[data-smo-quote]')",
                      n["target"][0]) for n in v["nodes"])]
    assert axe == []
    # follow the link (on loopback): Chromium finds the quote, highlights it, scrolls
    local = base + "quoting.html" + fragment_link[len(URL):]
    page.goto("about:blank")
    page.goto(local)
    page.wait_for_function("() => window.scrollY > 0", timeout=5000)
    box = page.evaluate("""() => {
        const q = document.querySelectorAll('blockquote')[1].getBoundingClientRect();
        return {top: q.top, bottom: q.bottom, h: innerHeight, y: scrollY,
                directive: typeof document.fragmentDirective};
    }""")
    assert box["directive"] == "object"
    assert 0 <= box["top"] < box["h"], box  # the quote is in the viewport
    # the first quote's link uses a start and an end too: it is longer than 10 words
    first = groups.first.locator("a.smo-share__link--quote").get_attribute("href")
    assert first.split("#:~:text=")[1].count(",") == 1


def test_quote_controls_are_our_marks_only(site):
    from pelican_smo.html.quotes import QUOTE_MARKER

    page = site.page("quoting.html")
    assert page.count(QUOTE_MARKER) == 2
    stripped = re.sub(r"<div [^>]*data-smo-quote[^>]*>.*?</ul></div>", "", page, flags=re.S)
    assert "data-smo-quote" not in stripped
    assert stripped.count("<blockquote>") == 2


def test_selected_text_gets_the_same_links(base, page):
    page.goto(base + "quoting.html")
    page.wait_for_load_state("networkidle")
    assert page.locator(".smo-select").count() == 0
    page.evaluate("""() => {
        const p = Array.from(document.querySelectorAll('p'))
          .find(e => e.textContent.startsWith('Paragraph 3 of'));
        const r = document.createRange();
        r.selectNodeContents(p);
        const s = getSelection(); s.removeAllRanges(); s.addRange(r);
        p.scrollIntoView();
    }""")
    box = page.locator(".smo-select")
    box.wait_for(state="attached", timeout=5000)
    assert box.get_attribute("aria-label") == "Share the selected text"
    # right after the paragraph: the next stop for Tab
    assert page.evaluate("document.querySelector('.smo-select').previousElementSibling"
                         ".textContent.startsWith('Paragraph 3 of')")
    selected = ("Paragraph 3 of filler text, so that the quotes sit far below the fold and "
                "the page must scroll to reach them.")
    x = box.locator("a.smo-share__link--x").get_attribute("href")
    params = {k: v[0] for k, v in parse_qs(urlsplit(x).query).items()}
    assert params["text"] == f"“{selected}”"
    assert params["url"] == (f"{URL}#:~:text=Paragraph%203%20of%20filler%20text%2C,"
                             "must%20scroll%20to%20reach%20them.")
    names = [a.inner_text() for a in box.locator("a").all()]
    assert "Share the selected text on X" in names and "Link to the selected text" in names
    page.locator("[data-smo-share] .smo-share__status").filter(
        has_text="Links to share the selected text follow it.").wait_for(timeout=5000)
    page.keyboard.press("Escape")
    assert page.locator(".smo-select").count() == 0


def test_long_selection_is_cut_to_fit_x(base, page):
    page.goto(base + "quoting.html")
    page.evaluate("""() => {
        const ps = Array.from(document.querySelectorAll('p'))
          .filter(e => e.textContent.startsWith('Paragraph'));
        const r = document.createRange();
        r.setStartBefore(ps[0]); r.setEndAfter(ps[9]);
        const s = getSelection(); s.removeAllRanges(); s.addRange(r);
    }""")
    box = page.locator(".smo-select")
    box.wait_for(state="attached", timeout=5000)
    x = box.locator("a.smo-share__link--x").get_attribute("href")
    text = parse_qs(urlsplit(x).query)["text"][0]
    from pelican_smo.util.fit import x_length

    assert text.startswith("“Paragraph 0 of") and text.endswith("…”")
    assert 280 - 30 < x_length(text) + 1 + 23 <= 280
