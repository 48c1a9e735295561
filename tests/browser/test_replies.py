"""The conversation under an article in headless Chromium, against fake Mastodon and
Bluesky servers on 127.0.0.1.

The fakes are small HTTP servers of this module (``FakeApi``): they answer the API
paths the issue names with CORS headers, log every request, and stop by themselves
after ``FAKE_LIFETIME`` seconds or ``FAKE_MAX_REQUESTS`` requests. The site is built
once with the notmyidea theme; its articles name posts on the fakes; it is served from
127.0.0.1 with a strict Content-Security-Policy header (``script-src 'self'; style-src
'self'`` and ``connect-src`` for the fakes), so every test runs under it.

Expected threads, texts and messages are written out here from the fake data, never
computed by the plugin's code.
"""

from __future__ import annotations

import contextlib
import functools
import io
import json
import socket
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from PIL import Image

from tests.helpers import axe_violations, block_external, build_site, screenshot_path

pytestmark = pytest.mark.browser

#: A fake server answers for at most this long, and at most this many requests.
FAKE_LIFETIME = 600.0
FAKE_MAX_REQUESTS = 2000
ADA_DID = "did:plc:adaexample"
HOSTILE_DID = "did:plc:hostileexample"
STATUS = ".smo-replies__status"


# ---------------------------------------------------------------------------
# Fake APIs
# ---------------------------------------------------------------------------

Route = Callable[[dict[str, list[str]]], tuple[int, object]]


class FakeApi:
    """A JSON API on 127.0.0.1: ``routes`` maps a path to a function of the query that
    returns (status, body); a ``bytes`` body is served as a PNG. Every response carries
    ``Access-Control-Allow-Origin: *``. ``log`` lists (path, query, Referer, Cookie) of
    every request. ``down()`` stops listening for a while (the server is down)."""

    def __init__(self, routes: dict[str, Route]) -> None:
        self.routes = routes
        self.log: list[tuple[str, str, str | None, str | None]] = []
        self._lock = threading.Lock()
        self._started = time.monotonic()
        self._server = self._listen(0)
        self.port = self._server.server_address[1]
        self.origin = f"http://127.0.0.1:{self.port}"
        self._thread = self._serve()

    def _listen(self, port: int) -> ThreadingHTTPServer:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                parts = urlsplit(self.path)
                with fake._lock:
                    fake.log.append((parts.path, parts.query, self.headers.get("Referer"),
                                     self.headers.get("Cookie")))
                route = fake.routes.get(parts.path)
                status, body = route(parse_qs(parts.query)) if route else (
                    404, {"error": "Record not found"})
                data = body if isinstance(body, bytes) else json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "image/png" if isinstance(body, bytes)
                                 else "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.send_header("Access-Control-Allow-Origin", "*")
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, format, *args):
                pass

        server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        server.daemon_threads = True
        server.timeout = 0.2
        return server

    def _serve(self) -> threading.Thread:
        server = self._server

        def loop():
            # bounded: stops by itself, whatever the tests do
            while (server is self._server and len(self.log) < FAKE_MAX_REQUESTS
                   and time.monotonic() - self._started < FAKE_LIFETIME):
                server.handle_request()
            server.server_close()

        thread = threading.Thread(target=loop, daemon=True)
        thread.start()
        return thread

    def requests(self) -> list[str]:
        with self._lock:
            return [path + (f"?{query}" if query else "") for path, query, _, _ in self.log]

    def clear(self) -> None:
        with self._lock:
            self.log.clear()

    @contextlib.contextmanager
    def down(self) -> Iterator[None]:
        """Nothing listens on the port inside the block (connections are refused)."""
        self._stop()
        try:
            yield
        finally:
            self._server = self._listen(self.port)
            self._thread = self._serve()

    def _stop(self) -> None:
        self._server = None  # the serving loop ends within its 0.2 s timeout, and closes
        self._thread.join(timeout=5)
        assert not self._thread.is_alive()

    def close(self) -> None:
        if self._server is not None:
            self._stop()


def dead_port() -> int:
    """A port on 127.0.0.1 that nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@functools.cache
def avatar(colour: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (96, 96), colour).save(out, "PNG")
    return out.getvalue()


def mastodon_account(origin: str, acct: str, name: str, colour: str, **extra) -> dict:
    user = acct.split("@")[0]
    return {"id": f"a-{user}", "acct": acct, "username": user, "display_name": name,
            "url": f"{origin}/@{acct}", "avatar": f"{origin}/avatars/{user}.png",
            "avatar_static": f"{origin}/avatars/{user}.png", **extra}


def mastodon_status(origin: str, sid: str, parent: str | None, account: dict, minute: int,
                    content: str, counts=(0, 0, 0), **extra) -> dict:
    acct = account["acct"]
    return {"id": sid, "in_reply_to_id": parent, "created_at": f"2025-03-01T10:{minute:02d}:00.000Z",
            "url": f"{origin}/@{acct}/{sid}", "uri": f"{origin}/users/{acct}/statuses/{sid}",
            "content": content, "spoiler_text": "", "account": account,
            "replies_count": counts[0], "reblogs_count": counts[1], "favourites_count": counts[2],
            "media_attachments": [], **extra}


def mastodon_routes(origin: str) -> dict[str, Route]:
    ada = mastodon_account(origin, "ada", "Ada Example", "#2e7d32")
    bob = mastodon_account(origin, "bob@other.example", "Bob", "#1565c0")
    carol = mastodon_account(origin, "carol", "Carol", "#ad1457")
    root = mastodon_status(origin, "1001", None, ada, 0,
                           '<p>New post: <a href="https://blog.example.org/conversation.html" '
                           'rel="nofollow noopener" target="_blank"><span class="invisible">'
                           'https://</span>blog.example.org/conversation.html</a></p>',
                           (3, 4, 10))
    # Not in thread order: the page sorts replies by time and nests them by parent.
    descendants = [
        mastodon_status(origin, "1004", "1001", carol, 30,
                        "<p>Saving this for the weekend.</p>", (0, 0, 1)),
        mastodon_status(origin, "1002", "1001", bob, 5,
                        '<p><span class="h-card"><a href="https://x.example/@ada" class="u-url '
                        'mention">@<span>ada</span></a></span> Lovely walk!<br>Which boots?</p>',
                        (1, 0, 2)),
        mastodon_status(origin, "1005", "1003", bob, 9, "<p>Thanks!</p>"),
        mastodon_status(origin, "1003", "1002", ada, 7, "<p>Old leather ones.</p><p>Ten years "
                        "old.</p>", (1, 0, 3)),
    ]
    mallory = mastodon_account(origin, "mallory", '<img src=x onerror="window.smoPwned=6">'
                               "Mallory\u202e", "#000000", url="javascript:window.smoPwned=7",
                               avatar="javascript:window.smoPwned=8", avatar_static="")
    hostile_root = mastodon_status(origin, "2001", None, ada, 0, "<p>Hostile thread</p>")
    hostile = [
        mastodon_status(origin, "2002", "2001", mallory, 1, (
            '<p>Hi<script>window.smoPwned=1</script><img src="x" onerror="window.smoPwned=2">'
            '<a href="javascript:window.smoPwned=3">click me</a> <a href="https://ok.example/" '
            'onclick="window.smoPwned=4" style="color:red">fine link</a>'
            '<iframe src="javascript:window.smoPwned=5"></iframe><style>body{display:none}'
            '</style><svg onload="window.smoPwned=9"><a href="javascript:1">svg</a></svg>'
            '<form action="https://evil.example/"><button>Send</button></form></p>'),
            url="javascript:window.smoPwned=10", uri="javascript:window.smoPwned=11"),
        mastodon_status(origin, "2003", "2001", mallory, 2, "<p>" + "A" * 200_000 + "</p>"),
        mastodon_status(origin, "2004", "2001", mallory, 3, "<p>Behind a warning</p>",
                        spoiler_text="<b>spoilers</b>"),
    ]

    def status(body):
        return lambda query: (200, body)

    return {
        "/api/v1/statuses/1001": status(root),
        "/api/v1/statuses/1001/context": status({"ancestors": [], "descendants": descendants}),
        "/api/v1/statuses/2001": status(hostile_root),
        "/api/v1/statuses/2001/context": status({"ancestors": [], "descendants": hostile}),
        "/avatars/ada.png": lambda query: (200, avatar("#2e7d32")),
        "/avatars/bob.png": lambda query: (200, avatar("#1565c0")),
        "/avatars/carol.png": lambda query: (200, avatar("#ad1457")),
        # /api/v1/statuses/404404 and anything else: 404 {"error": "Record not found"}
    }


def bluesky_post(origin: str, did: str, handle: str, name: str, rkey: str, minute: int,
                 text: str, facets=(), counts=(0, 0, 0), replies=(), **author) -> dict:
    return {
        "$type": "app.bsky.feed.defs#threadViewPost",
        "post": {
            "uri": f"at://{did}/app.bsky.feed.post/{rkey}", "cid": f"cid{rkey}",
            "author": {"did": did, "handle": handle, "displayName": name,
                       "avatar": f"{origin}/avatars/{handle.split('.')[0]}.png", **author},
            "record": {"$type": "app.bsky.feed.post", "text": text, "facets": list(facets),
                       "createdAt": f"2025-03-01T11:{minute:02d}:00.000Z"},
            "replyCount": counts[0], "repostCount": counts[1], "likeCount": counts[2],
            "indexedAt": f"2025-03-01T11:{minute:02d}:01.000Z",
        },
        "replies": list(replies),
    }


def facet(text: str, part: str, feature: dict) -> dict:
    start = len(text[:text.index(part)].encode())
    return {"index": {"byteStart": start, "byteEnd": start + len(part.encode())},
            "features": [feature]}


def bluesky_routes(origin: str) -> dict[str, Route]:
    dan_text = "Great photos, see example.org/trail — ünïcode first"
    dan = bluesky_post(origin, "did:plc:danexample", "dan.example.org", "Dan", "3kdan", 20,
                       dan_text, facets=[facet(dan_text, "example.org/trail", {
                           "$type": "app.bsky.richtext.facet#link",
                           "uri": "https://example.org/trail"})], counts=(1, 0, 2), replies=[
        bluesky_post(origin, ADA_DID, "ada.example.org", "Ada Example", "3kthanks", 25,
                     "Thank you @dan.example.org", facets=[facet(
                         "Thank you @dan.example.org", "@dan.example.org",
                         {"$type": "app.bsky.richtext.facet#mention",
                          "did": "did:plc:danexample"})])])
    erin = bluesky_post(origin, "did:plc:erinexample", "erin.example.org", "Erin", "3kerin", 10,
                        "First!")
    gone = {"$type": "app.bsky.feed.defs#notFoundPost", "uri": "at://x/app.bsky.feed.post/y",
            "notFound": True}
    root = bluesky_post(origin, ADA_DID, "ada.example.org", "Ada Example", "3kroot", 0,
                        "New post: Walking the ridge", counts=(2, 1, 5),
                        replies=[dan, gone, erin])
    hostile_text = "Tap here\nor there"
    hostile = bluesky_post(origin, HOSTILE_DID, "mallory.example.org", "Hostile root",
                           "3khostile", 0, "Hostile thread", replies=[
        bluesky_post(origin, "did:plc:malloryexample", "mallory.example.org",
                     "<script>window.smoPwned=20</script>Mallory", "3kbad", 1, hostile_text,
                     facets=[facet(hostile_text, "here", {
                         "$type": "app.bsky.richtext.facet#link",
                         "uri": "javascript:window.smoPwned=21"}),
                         {"index": {"byteStart": 900, "byteEnd": 5}, "features": []}],
                     avatar="javascript:window.smoPwned=22")])
    threads = {f"at://{ADA_DID}/app.bsky.feed.post/3kroot": root,
               f"at://{ADA_DID}/app.bsky.feed.post/3kdown": root,
               f"at://{HOSTILE_DID}/app.bsky.feed.post/3khostile": hostile}

    def thread(query):
        uri = query.get("uri", [""])[0]
        if uri in threads:
            return 200, {"thread": threads[uri]}
        return 400, {"error": "NotFound", "message": f"Post not found: {uri}"}

    def resolve(query):
        handle = query.get("handle", [""])[0]
        if handle == "ada.example.org":
            return 200, {"did": ADA_DID}
        return 400, {"error": "InvalidRequest", "message": "Unable to resolve handle"}

    return {
        "/xrpc/app.bsky.feed.getPostThread": thread,
        "/xrpc/com.atproto.identity.resolveHandle": resolve,
        "/avatars/ada.png": lambda query: (200, avatar("#2e7d32")),
        "/avatars/dan.png": lambda query: (200, avatar("#ef6c00")),
        "/avatars/erin.png": lambda query: (200, avatar("#6a1b9a")),
    }


# ---------------------------------------------------------------------------
# The site, served with a Content-Security-Policy
# ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def fakes():
    mastodon = FakeApi({})
    mastodon.routes.update(mastodon_routes(mastodon.origin))
    bluesky = FakeApi({})
    bluesky.routes.update(bluesky_routes(bluesky.origin))
    try:
        yield {"mastodon": mastodon, "bluesky": bluesky, "dead": dead_port()}
    finally:
        mastodon.close()
        bluesky.close()


def article(slug: str, title: str, day: int, mastodon: str | None, bluesky: str | None) -> str:
    lines = [f"Title: {title}", f"Slug: {slug}", f"Date: 2025-03-0{day} 09:00",
             "Category: Walks"]
    if mastodon:
        lines.append(f"Mastodon: {mastodon}")
    if bluesky:
        lines.append(f"Bluesky: {bluesky}")
    return "\n".join(lines) + ("\n\nWe walked the ridge at dusk. The last climb met the sunset, "
                               "and the moon came up over the heather.\n")


@pytest.fixture(scope="module")
def site(fakes, tmp_path_factory):
    m = fakes["mastodon"].origin
    content = {
        "conversation.md": article("conversation", "Walking the ridge", 1, f"{m}/@ada/1001",
                                   "https://bsky.app/profile/ada.example.org/post/3kroot"),
        "hostile.md": article("hostile", "Hostile replies", 2, f"{m}/@ada/2001",
                              f"at://{HOSTILE_DID}/app.bsky.feed.post/3khostile"),
        "gone.md": article("gone", "Gone", 3, f"{m}/@ada/404404",
                           f"at://{ADA_DID}/app.bsky.feed.post/3kgone"),
        "down.md": article("down", "Down", 4, f"http://127.0.0.1:{fakes['dead']}/@ada/1",
                           f"at://{ADA_DID}/app.bsky.feed.post/3kdown"),
        "plain.md": article("plain", "No conversation", 5, None, None),
    }
    return build_site(tmp_path_factory.mktemp("replies"), theme="notmyidea", content=content,
                      settings={"RELATIVE_URLS": True, "SITENAME": "Field Notes",
                                "SMO_REPLIES_BLUESKY_APPVIEW": fakes["bluesky"].origin})


def csp(fakes) -> str:
    return ("script-src 'self'; style-src 'self'; connect-src 'self' "
            f"{fakes['mastodon'].origin} {fakes['bluesky'].origin} "
            f"http://127.0.0.1:{fakes['dead']}")


@pytest.fixture(scope="module")
def base(site, fakes):
    """The built site on 127.0.0.1, every response with the Content-Security-Policy."""
    policy = csp(fakes)

    class Handler(SimpleHTTPRequestHandler):
        def end_headers(self):
            self.send_header("Content-Security-Policy", policy)
            super().end_headers()

        def log_message(self, format, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0),
                                 functools.partial(Handler, directory=str(site.output)))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


#: Registered before any page script: CSP violations, alerts and the hostile flag.
WATCH = """
window.smoViolations = [];
document.addEventListener('securitypolicyviolation', e => window.smoViolations.push(
  {directive: e.violatedDirective, blocked: e.blockedURI, sample: e.sample,
   source: e.sourceFile + ':' + e.lineNumber, target: String(e.target && (e.target.outerHTML || e.target.nodeName)).slice(0, 200)}));
"""


@pytest.fixture
def watched(page):
    """The `page` fixture, with CSP violations, console errors and dialogs recorded."""
    page.add_init_script(WATCH)
    seen = {"console": [], "dialogs": [], "requests": []}
    page.on("console", lambda m: seen["console"].append(m.text) if m.type == "error" else None)
    page.on("dialog", lambda d: (seen["dialogs"].append(d.message), d.dismiss()))
    page.on("request", lambda r: seen["requests"].append(r.url))
    page.emulate_media(reduced_motion="reduce")
    return page, seen


def open_article(page, url: str) -> None:
    response = page.goto(url)
    assert response is not None and response.status == 200, url
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_load_state("networkidle")


def show_replies(page, *needles: str) -> str:
    """Press "Show replies" and wait until the live region says each of ``needles``."""
    page.locator("[data-smo-replies-show]").click()
    checks = " && ".join(f"t.includes('{n}')" for n in needles)
    page.wait_for_function(f"() => {{ const t = document.querySelector('{STATUS}')"
                           f".textContent; return {checks}; }}", timeout=20_000)
    return page.locator(STATUS).inner_text()


#: The threads as nested data: each post's name, handle, text, counts, links and replies.
THREADS = """() => {
  const post = li => {
    const a = li.querySelector(':scope > article');
    return {
      name: a.querySelector('.smo-reply__name').textContent,
      handle: a.querySelector('.smo-reply__handle')?.textContent ?? null,
      text: a.querySelector('.smo-reply__text').innerText.trim(),
      counts: Array.from(a.querySelectorAll('.smo-reply__counts li'), x => x.textContent),
      time: a.querySelector('time')?.getAttribute('datetime') ?? null,
      permalink: a.querySelector('.smo-reply__permalink')?.getAttribute('href') ?? null,
      reply: a.querySelector('.smo-reply__reply')?.getAttribute('href') ?? null,
      avatar: a.querySelector('img') ? {src: a.querySelector('img').getAttribute('src'),
        loading: a.querySelector('img').loading, alt: a.querySelector('img').alt} : null,
      replies: Array.from(li.querySelectorAll(':scope > ol > li'), post),
    };
  };
  return Object.fromEntries(Array.from(document.querySelectorAll('.smo-replies__network'),
    box => [box.querySelector('h3').textContent,
            Array.from(box.querySelectorAll(':scope > ol.smo-thread > li'), post)]));
}"""


def outline(posts: list[dict]) -> list:
    """Names and first words, nested: the shape of a thread."""
    return [(p["name"], p["text"][:24], outline(p["replies"])) for p in posts]


# ---------------------------------------------------------------------------
# Tests
# ---------------------------------------------------------------------------


def test_nothing_is_requested_before_the_click(base, fakes, watched):
    page, seen = watched
    fakes["mastodon"].clear()
    fakes["bluesky"].clear()
    open_article(page, base + "conversation.html")
    page.wait_for_timeout(500)
    own = urlsplit(base).netloc
    before = list(seen["requests"])
    assert before and all(urlsplit(url).netloc == own for url in before), before
    assert any(url.endswith("/smo/replies.js") for url in before)
    assert fakes["mastodon"].requests() == [] and fakes["bluesky"].requests() == []
    # the links work without the script; the button and its note come with it
    assert page.locator(".smo-replies__discuss-link").evaluate_all(
        "links => links.map(a => [a.textContent, a.getAttribute('href')])") == [
        ["Discuss on Mastodon", f"{fakes['mastodon'].origin}/@ada/1001"],
        ["Discuss on Bluesky", "https://bsky.app/profile/ada.example.org/post/3kroot"]]
    button = page.locator("[data-smo-replies-show]")
    assert button.is_visible() and button.get_attribute("aria-expanded") == "false"
    assert page.locator(".smo-replies__note").inner_text() == (
        f"Replies are read from 127.0.0.1:{fakes['mastodon'].port} and "
        f"127.0.0.1:{fakes['bluesky'].port} when you press the button, not before.")

    status = show_replies(page, "Mastodon:", "Bluesky:")
    assert status == "Mastodon: 4 replies. Bluesky: 3 replies."
    api = [path for path in fakes["mastodon"].requests() if not path.startswith("/avatars/")]
    assert sorted(api) == ["/api/v1/statuses/1001", "/api/v1/statuses/1001/context"]
    calls = [path for path in fakes["bluesky"].requests() if not path.startswith("/avatars/")]
    assert calls == [
        "/xrpc/com.atproto.identity.resolveHandle?handle=ada.example.org",
        "/xrpc/app.bsky.feed.getPostThread?uri=at%3A%2F%2Fdid%3Aplc%3Aadaexample%2Fapp.bsky"
        ".feed.post%2F3kroot&depth=10&parentHeight=0"]
    # no referrer and no cookie reach the servers
    for fake in (fakes["mastodon"], fakes["bluesky"]):
        assert {(referer, cookie) for _, _, referer, cookie in fake.log} == {(None, None)}
    assert page.evaluate("window.smoViolations") == []


def test_replies_in_order_with_nesting(base, fakes, watched):
    page, seen = watched
    open_article(page, base + "conversation.html")
    show_replies(page, "Mastodon:", "Bluesky:")
    threads = page.evaluate(THREADS)
    assert list(threads) == ["Replies on Mastodon", "Replies on Bluesky"]
    mastodon = threads["Replies on Mastodon"]
    assert outline(mastodon) == [
        ("Ada Example", "New post: https://blog.e", [
            ("Bob", "@ada Lovely walk!\nWhich ", [
                ("Ada Example", "Old leather ones.\n\nTen y", [
                    ("Bob", "Thanks!", [])])]),
            ("Carol", "Saving this for the week", [])])]
    m = fakes["mastodon"].origin
    bob = mastodon[0]["replies"][0]
    assert bob["handle"] == "@bob@other.example"
    assert bob["counts"] == ["1 reply", "0 boosts", "2 favourites"]
    assert bob["time"] == "2025-03-01T10:05:00.000Z"
    assert bob["permalink"] == f"{m}/@bob@other.example/1002"
    assert bob["reply"] == f"{m}/@bob@other.example/1002"
    assert bob["avatar"] == {"src": f"{m}/avatars/bob.png", "loading": "lazy", "alt": ""}
    assert mastodon[0]["handle"] == f"@ada@127.0.0.1:{fakes['mastodon'].port}"
    assert mastodon[0]["counts"] == ["3 replies", "4 boosts", "10 favourites"]
    bluesky = threads["Replies on Bluesky"]
    assert outline(bluesky) == [
        ("Ada Example", "New post: Walking the ri", [
            ("Erin", "First!", []),
            ("Dan", "Great photos, see exampl", [
                ("Ada Example", "Thank you @dan.example.o", [])])])]
    dan = bluesky[0]["replies"][1]
    assert dan["text"] == "Great photos, see example.org/trail — ünïcode first"
    assert dan["permalink"] == dan["reply"] == "https://bsky.app/profile/dan.example.org/post/3kdan"
    assert dan["counts"] == ["1 reply", "0 reposts", "2 likes"]
    links = page.locator(".smo-replies__network--bluesky .smo-reply__text a").evaluate_all(
        "links => links.map(a => [a.textContent, a.getAttribute('href'), a.rel])")
    assert links == [["example.org/trail", "https://example.org/trail", "nofollow ugc noopener"],
                     ["@dan.example.org", "https://bsky.app/profile/did:plc:danexample",
                      "nofollow ugc noopener"]]
    # every link the script made: http(s), rel="nofollow ugc noopener"
    made = page.locator("[data-smo-replies-threads] a").evaluate_all(
        "links => links.map(a => [a.protocol, a.rel])")
    assert made and {rel for _, rel in made} == {"nofollow ugc noopener"}
    assert {protocol for protocol, _ in made} <= {"http:", "https:"}
    assert page.evaluate("window.smoViolations") == [] and seen["dialogs"] == []


def test_hostile_replies_are_inert(base, fakes, watched):
    page, seen = watched
    open_article(page, base + "hostile.html")
    status = show_replies(page, "Mastodon:", "Bluesky:")
    assert status == "Mastodon: 3 replies. Bluesky: 1 reply."
    page.wait_for_timeout(300)
    assert page.evaluate("window.smoPwned") is None
    assert seen["dialogs"] == []
    threads = page.locator("[data-smo-replies-threads]")
    found = threads.evaluate("""box => ({
      elements: Array.from(new Set(Array.from(box.querySelectorAll('*'), e => e.localName))).sort(),
      handlers: Array.from(box.querySelectorAll('*')).flatMap(e => Array.from(e.attributes)
        .filter(a => a.name.startsWith('on') || a.name === 'style' || a.name === 'srcdoc')
        .map(a => e.localName + ' ' + a.name)),
      hrefs: Array.from(box.querySelectorAll('[href], [src], [action]'),
        e => e.getAttribute('href') || e.getAttribute('src') || e.getAttribute('action')),
    })""")
    assert set(found["elements"]) <= {
        "ol", "li", "article", "header", "footer", "span", "bdi", "a", "time", "div", "p", "br",
        "ul", "details", "summary", "img", "section", "h3"}, found["elements"]
    assert found["handlers"] == []
    assert not [h for h in found["hrefs"] if not h.startswith(("http://", "https://"))], found
    mallory = threads.locator(".smo-reply__name").filter(has_text="Mallory").first
    assert mallory.inner_text().startswith('<img src=x onerror="window.smoPwned=6">Mallory')
    texts = page.evaluate(THREADS)
    first, huge, warned = texts["Replies on Mastodon"][0]["replies"]
    assert first["text"] == "Hiclick me fine linkSend"
    # the status's own addresses were javascript:, so the link is the one made here
    assert first["permalink"] == first["reply"] == f"{fakes['mastodon'].origin}/@mallory/2002"
    assert first["avatar"] is None
    assert threads.locator("a", has_text="fine link").get_attribute("href") == "https://ok.example/"
    assert threads.locator("a", has_text="click me").count() == 0
    assert len(huge["text"]) == 5001 and huge["text"].endswith("A…")
    summary = threads.locator("details summary")
    assert summary.inner_text() == "<b>spoilers</b>"
    assert warned["text"] == ""  # behind its content warning until asked
    summary.click()
    assert threads.locator("details .smo-reply__text").inner_text() == "Behind a warning"
    bad = texts["Replies on Bluesky"][0]["replies"][0]
    assert bad["name"] == "<script>window.smoPwned=20</script>Mallory"
    assert bad["text"] == "Tap here\nor there" and bad["avatar"] is None
    assert threads.locator(".smo-replies__network--bluesky a", has_text="here").count() == 0
    # the page still lays out: the huge word wraps inside the article
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"]
    assert page.evaluate("window.smoViolations") == []


def test_gone_posts_say_so(base, watched):
    page, _ = watched
    open_article(page, base + "gone.html")
    status = show_replies(page, "Mastodon:", "Bluesky:")
    gone = ("The post on {} is gone: it was deleted or made private, or its account was "
            "closed.")
    assert status == (f"Mastodon: {gone.format('Mastodon')} "
                      f"Bluesky: {gone.format('Bluesky')}")
    errors = page.locator(".smo-replies__error").all_inner_texts()
    assert errors == [gone.format("Mastodon"), gone.format("Bluesky")]
    assert page.locator("[data-smo-replies-show]").get_attribute("aria-expanded") == "true"


def test_servers_down_say_so_and_a_second_try_reads_again(base, fakes, watched):
    page, _ = watched
    open_article(page, base + "down.html")
    dead, appview = f"127.0.0.1:{fakes['dead']}", f"127.0.0.1:{fakes['bluesky'].port}"
    with fakes["bluesky"].down():
        status = show_replies(page, "Mastodon:", "Bluesky:")
    down = "Could not reach {}: the server may be down. Try again later."
    assert status == f"Mastodon: {down.format(dead)} Bluesky: {down.format(appview)}"
    assert page.locator(".smo-replies__error").all_inner_texts() == [
        down.format(dead), down.format(appview)]
    button = page.locator("[data-smo-replies-show]")
    assert button.inner_text() == "Hide replies"
    button.click()  # hide
    assert button.get_attribute("aria-expanded") == "false"
    assert page.locator("[data-smo-replies-threads]").is_hidden()
    status = show_replies(page, "Bluesky: 3")  # the AppView is back: read again
    assert status == f"Mastodon: {down.format(dead)} Bluesky: 3 replies."
    assert page.locator(".smo-replies__error").all_inner_texts() == [down.format(dead)]


def test_keyboard_states_and_axe(base, watched):
    page, _ = watched
    open_article(page, base + "conversation.html")
    bluesky = page.locator(".smo-replies__discuss-link--bluesky")
    bluesky.focus()
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.hasAttribute('data-smo-replies-show')")
    assert focused, "Tab from the last link reaches the button"
    assert page.evaluate("document.activeElement.getAttribute('aria-describedby')") == \
        "smo-replies-note"
    page.keyboard.press("Enter")
    page.wait_for_function(f"() => document.querySelector('{STATUS}').textContent"
                           ".includes('Bluesky:')", timeout=20_000)
    button = page.locator("[data-smo-replies-show]")
    assert button.get_attribute("aria-expanded") == "true"
    assert button.get_attribute("aria-controls") == "smo-replies-threads"
    assert button.get_attribute("aria-disabled") is None
    assert page.locator("[data-smo-replies-threads]").get_attribute("aria-busy") is None
    assert page.locator(STATUS).get_attribute("role") == "status"
    # the next Tab goes into the thread: author of the first post
    page.keyboard.press("Tab")
    assert page.evaluate("!!document.activeElement.closest('[data-smo-replies-threads]')")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing_in_the_conversation(browser, base, scheme):
    # axe is injected as an inline script, which the page's own policy forbids: this
    # context bypasses it (every other test runs under it)
    context = browser.new_context(bypass_csp=True, color_scheme=scheme)
    try:
        block_external(context, [])
        page = context.new_page()
        open_article(page, base + "conversation.html")
        axe_check(page, "before")
        show_replies(page, "Mastodon:", "Bluesky:")
        axe_check(page, "after")
        page.locator("[data-smo-replies-show]").click()  # hide again
        axe_check(page, "hidden")
    finally:
        context.close()


def axe_check(page, when: str) -> None:
    violations = [v for v in axe_violations(page) if any(
        page.evaluate("sel => !!document.querySelector(sel)?.closest('[data-smo-replies]')",
                      node["target"][0]) for node in v["nodes"])]
    assert violations == [], (when, [(v["id"], v["help"], [
        (n["target"], n.get("failureSummary")) for n in v["nodes"]]) for v in violations])


def test_without_javascript_the_links_stay_and_no_button_shows(browser, base):
    blocked: list[str] = []
    context = browser.new_context(java_script_enabled=False)
    try:
        block_external(context, blocked)
        page = context.new_page()
        page.goto(base + "conversation.html")
        links = page.locator(".smo-replies__discuss-link")
        assert links.count() == 2 and links.first.is_visible() and links.last.is_visible()
        assert page.locator("[data-smo-replies-show]").is_hidden()
        assert page.locator(".smo-replies__note").is_hidden()
    finally:
        context.close()
    assert blocked == []


def test_script_only_on_articles_with_a_conversation(base, watched):
    page, seen = watched
    open_article(page, base + "plain.html")
    open_article(page, base + "index.html")
    assert not [url for url in seen["requests"] if "replies" in url]
    assert page.locator("[data-smo-replies]").count() == 0


def test_screenshot_of_a_thread(base, fakes, watched):
    page, _ = watched
    page.set_viewport_size({"width": 900, "height": 800})
    open_article(page, base + "conversation.html")
    show_replies(page, "Mastodon:", "Bluesky:")
    page.wait_for_load_state("networkidle")  # the avatars
    page.evaluate("() => document.querySelectorAll('.smo-reply__avatar')"
                  ".forEach(img => img.scrollIntoView())")
    page.wait_for_function("() => Array.from(document.querySelectorAll('.smo-reply__avatar'))"
                           ".every(img => img.complete && img.naturalWidth > 0)")
    section = page.locator("[data-smo-replies]")
    page.evaluate("() => window.scrollTo(0, 0)")
    page.mouse.move(0, 0)  # no hover style in the picture
    box = section.bounding_box()
    assert box is not None and box["height"] > 600
    pad = 16
    target = screenshot_path("replies.png")
    page.screenshot(path=str(target), full_page=True, clip={
        "x": max(box["x"] - pad, 0), "y": max(box["y"] - pad, 0),
        "width": box["width"] + 2 * pad, "height": box["height"] + 2 * pad})
    assert Path(target).stat().st_size > 10_000
    assert page.evaluate("window.smoViolations") == []
