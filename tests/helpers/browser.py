"""Headless Chromium (Debian's /usr/bin/chromium) driven by Playwright, and a
tiny local HTTP server for built sites.

Playwright never downloads a browser here: we launch Debian's Chromium with
``executable_path``. The flags keep Chromium from phoning home (the machine has
no network, and background connections would otherwise be refused noisily).
"""

from __future__ import annotations

import contextlib
import functools
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

from .tools import AXE_PATH, CHROMIUM_PATH, require

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@contextlib.contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve ``directory`` on 127.0.0.1 (a free port); yields the base URL,
    ending in "/", e.g. ``http://127.0.0.1:43117/``."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        host, port = server.server_address[:2]
        yield f"http://{host}:{port}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def require_chromium() -> None:
    require(CHROMIUM_PATH.exists(), f"{CHROMIUM_PATH} missing: run `make sysdeps` (chromium)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        require(False, "playwright not installed: pip install -e '.[test]'")


def launch_kwargs() -> dict:
    return {
        "executable_path": str(CHROMIUM_PATH),
        "headless": True,
        "args": list(CHROMIUM_ARGS),
    }


def is_loopback(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in {"data", "blob", "about"}:
        return True
    return (parts.hostname or "") in LOOPBACK_HOSTS or parts.netloc in LOOPBACK_HOSTS


def block_external(context, blocked: list[str]) -> None:
    """Abort every request of ``context`` that leaves the machine, recording its
    URL in ``blocked`` (themes load web fonts; a share link must not be fetched)."""

    def handle(route):
        url = route.request.url
        if is_loopback(url):
            route.continue_()
        else:
            blocked.append(url)
            route.abort()

    context.route("**/*", handle)


def axe_violations(page, options: dict | None = None) -> list[dict]:
    """Run axe-core in ``page`` (already loaded); returns axe's ``violations``."""
    require(AXE_PATH.is_file(), f"{AXE_PATH} missing: run `make node_modules/.installed`")
    page.add_script_tag(path=str(AXE_PATH))
    return page.evaluate(
        "async (opts) => (await axe.run(document, opts || {})).violations", options
    )
