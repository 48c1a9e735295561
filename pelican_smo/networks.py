"""The share networks pelican_smo knows: their names, labels and share-link formats.

Formats follow each service's documented share endpoint (see REFERENCE.md).
Every parameter is percent-encoded with ``quote(value, safe="")``, so spaces are
``%20`` (never ``+``, which mail clients show literally) and ``&``, ``#``, ``?``
in titles can't end a parameter early. No tracking parameters are added.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

#: The networks shown when ``SMO_SHARE_NETWORKS`` is not set.
DEFAULT_NETWORKS = ("x", "facebook", "linkedin", "reddit", "hackernews", "mastodon",
                    "bluesky", "email")
#: Bluesky counts graphemes; 300 is its post limit.
BLUESKY_MAX = 300
MASTODON_PICKER = "https://share.joinmastodon.org/#text="


@dataclass(frozen=True, slots=True)
class ShareText:
    """What a share link carries: all plain text / absolute URLs, unescaped."""

    title: str
    url: str
    description: str | None = None
    image: str | None = None
    via: str | None = None  # X handle without "@"
    hashtags: tuple[str, ...] = ()


#: Percent-encoding of each byte: RFC 3986 unreserved characters stay, the rest is %XX.
_UNRESERVED = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-~")
_PERCENT = {byte: chr(byte) if byte in _UNRESERVED else f"%{byte:02X}" for byte in range(256)}


@functools.lru_cache(maxsize=256)
def q(value: str) -> str:
    """Percent-encode one query or fragment value, as ``urllib.parse.quote(value, safe="")``.

    The UTF-8 bytes, read as Latin-1 (one character per byte), go through one
    ``str.translate``: twice as fast as ``quote``, which looks each byte up in
    Python. A lone surrogate, which ``quote`` refuses with an error, is encoded as
    its three bytes. Cached: a page's title and URL go into several of its links.
    """
    return value.encode("utf-8", "surrogatepass").decode("latin-1").translate(_PERCENT)


def _title_and_url(text: ShareText) -> str:
    return f"{text.title} {text.url}"


def _x(text: ShareText) -> str:
    link = f"https://x.com/intent/tweet?text={q(text.title)}&url={q(text.url)}"
    if text.via:
        link += f"&via={q(text.via)}"
    if text.hashtags:
        link += f"&hashtags={q(','.join(text.hashtags))}"
    return link


def _bluesky(text: ShareText) -> str:
    room = BLUESKY_MAX - len(text.url) - 1
    title = text.title if len(text.title) <= room else text.title[:max(room - 1, 0)] + "…"
    return f"https://bsky.app/intent/compose?text={q(f'{title} {text.url}')}"


def _email(text: ShareText) -> str:
    body = f"{text.description}\r\n\r\n{text.url}" if text.description else text.url
    return f"mailto:?subject={q(text.title)}&body={q(body)}"


def _pinterest(text: ShareText) -> str:
    link = f"https://www.pinterest.com/pin/create/button/?url={q(text.url)}"
    if text.image:
        link += f"&media={q(text.image)}"
    return link + f"&description={q(text.title)}"


def _tumblr(text: ShareText) -> str:
    return (f"https://www.tumblr.com/widgets/share/tool?canonicalUrl={q(text.url)}"
            f"&title={q(text.title)}&caption={q(text.description or '')}&posttype=link")


@dataclass(frozen=True, slots=True)
class Network:
    """One share target: id, the name readers know it by, and its link builder."""

    id: str
    label: str
    link: Callable[[ShareText], str]


_ALL = (
    Network("x", "X", _x),
    Network("facebook", "Facebook",
            lambda t: f"https://www.facebook.com/sharer/sharer.php?u={q(t.url)}"),
    Network("linkedin", "LinkedIn",
            lambda t: f"https://www.linkedin.com/sharing/share-offsite/?url={q(t.url)}"),
    Network("reddit", "Reddit",
            lambda t: f"https://www.reddit.com/submit?url={q(t.url)}&title={q(t.title)}"),
    Network("hackernews", "Hacker News",
            lambda t: f"https://news.ycombinator.com/submitlink?u={q(t.url)}&t={q(t.title)}"),
    # Mastodon's link depends on SMO_SHARE_MASTODON; see mastodon_link().
    Network("mastodon", "Mastodon", lambda t: MASTODON_PICKER + q(_title_and_url(t))),
    Network("bluesky", "Bluesky", _bluesky),
    Network("threads", "Threads",
            lambda t: f"https://www.threads.com/intent/post?text={q(t.title)}&url={q(t.url)}"),
    Network("whatsapp", "WhatsApp", lambda t: f"https://wa.me/?text={q(_title_and_url(t))}"),
    Network("telegram", "Telegram",
            lambda t: f"https://t.me/share/url?url={q(t.url)}&text={q(t.title)}"),
    Network("email", "Email", _email),
    Network("pinterest", "Pinterest", _pinterest),
    Network("tumblr", "Tumblr", _tumblr),
    Network("vk", "VK", lambda t: f"https://vk.com/share.php?url={q(t.url)}&title={q(t.title)}"),
    Network("xing", "Xing", lambda t: f"https://www.xing.com/spi/shares/new?url={q(t.url)}"),
    Network("weibo", "Weibo",
            lambda t: f"https://service.weibo.com/share/share.php?url={q(t.url)}"
                      f"&title={q(t.title)}"),
    Network("line", "LINE",
            lambda t: f"https://social-plugins.line.me/lineit/share?url={q(t.url)}"
                      f"&text={q(t.title)}"),
)
NETWORKS: dict[str, Network] = {n.id: n for n in _ALL}


def mastodon_link(text: ShareText, mode: str, local_page: str) -> str:
    """Mastodon share link for ``SMO_SHARE_MASTODON``.

    ``ask`` (default): the site's own page (``local_page``), which asks the reader
    for their instance once, so no third party sees the click; ``picker``: the
    official picker, text in the fragment (kept out of server logs); any other
    value is a fixed instance host.
    """
    message = q(_title_and_url(text))
    if mode == "ask":
        return f"{local_page}#text={message}"
    if mode == "picker":
        return MASTODON_PICKER + message
    return f"https://{mode}/share?text={message}"
