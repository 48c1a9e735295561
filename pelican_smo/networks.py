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

import regex

from pelican_smo.util import fit

#: The networks shown when ``SMO_SHARE_NETWORKS`` is not set.
DEFAULT_NETWORKS = ("x", "facebook", "linkedin", "reddit", "hackernews", "mastodon",
                    "bluesky", "email")
#: Networks whose posts use hashtags (``SMO_SHARE_HASHTAGS = True``); Threads takes one.
HASHTAG_NETWORKS = ("x", "mastodon", "bluesky", "threads")
#: Networks whose share link carries a text of our own, so a quote can be shared.
QUOTE_NETWORKS = ("x", "mastodon", "bluesky", "threads")
#: How many of a page's tags become hashtags, at most (fewer when the post is full).
MAX_HASHTAGS = 3
MASTODON_PICKER = "https://share.joinmastodon.org/#text="


@dataclass(frozen=True, slots=True)
class ShareText:
    """What a share link carries: all plain text / absolute URLs, unescaped."""

    title: str
    url: str
    description: str | None = None
    image: str | None = None
    via: str | None = None  # X handle without "@"
    hashtags: tuple[str, ...] = ()  # without "#"
    #: The author's fediverse handle, ``@user@instance``, for Mastodon's text.
    mention: str | None = None


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


_HASHTAG_WORD = regex.compile(r"[\p{L}\p{M}\p{N}_]+")


def hashtag(tag: str) -> str | None:
    """A page tag as a hashtag, without "#": letters, marks, digits and ``_`` only,
    several words joined in CamelCase ("static sites" → "StaticSites", "C++" → "C");
    ``None`` when nothing is left or only digits (no network links "#2025")."""
    words = _HASHTAG_WORD.findall(tag)
    if not words:
        return None
    joined = words[0] if len(words) == 1 else "".join(w[:1].upper() + w[1:] for w in words)
    return None if joined.isdigit() else joined


def post_parts(network: str, text: ShareText) -> tuple[list[str], list[str]]:
    """(what follows the title in the post, the hashtags that may follow it), as
    ``network`` composes the post: X adds the link and "via @handle" itself."""
    after = [text.url]
    if network == "x" and text.via:
        after.append(f"via @{text.via}")
    if network == "mastodon" and text.mention:
        after.append(f"via {text.mention}")
    tags = list(text.hashtags[:1] if network == "threads" else text.hashtags)
    return after, tags


def fitted(network: str, title: str, after: list[str], tags: list[str],
           wrap: tuple[str, str] = ("", "")) -> tuple[str, list[str]]:
    """``title`` (cut, inside ``wrap``) and the hashtags that fit in ``network``'s post
    with ``after``: hashtags go first (from the last), then the title is cut at a word."""
    length, limit = fit.RULES[network]
    tags = list(tags)

    def tail(tags: list[str]) -> str:
        return "".join(f" {part}" for part in after) + "".join(f" #{t}" for t in tags)

    if fit.AT_MOST[network](wrap[0] + title + wrap[1] + tail(tags)) <= limit:
        return (wrap[0] + title + wrap[1] if title else ""), tags  # no exact count needed

    while tags and length(wrap[0] + title + wrap[1] + tail(tags)) > limit:
        tags.pop()
    rest = tail(tags)
    cut = fit.cut(title, lambda t: length(wrap[0] + t + wrap[1] + rest) <= limit)
    return (wrap[0] + cut + wrap[1] if cut else ""), tags


def post_text(network: str, text: ShareText) -> str:
    """The whole post for networks that take one text (Mastodon, Bluesky): the title cut
    to fit, the link, the author's handle, the hashtags."""
    after, tags = post_parts(network, text)
    title, tags = fitted(network, text.title, after, tags)
    return " ".join([p for p in (title, *after) if p] + [f"#{t}" for t in tags])


#: The marks around a shared quote.
QUOTE_MARKS = ("“", "”")


def quote_text(network: str, quote: str, text: ShareText) -> str:
    """``quote`` in quotation marks, cut to fit ``network``'s post with the link (and the
    author's handle) of ``text``; hashtags are left out."""
    after, _ = post_parts(network, text)
    return fitted(network, quote, after, [], wrap=QUOTE_MARKS)[0]


def _title_and_url(text: ShareText) -> str:
    return f"{text.title} {text.url}"


def _x(text: ShareText) -> str:
    after, tags = post_parts("x", text)
    title, tags = fitted("x", text.title, after, tags)
    link = f"https://x.com/intent/tweet?text={q(title)}&url={q(text.url)}"
    if text.via:
        link += f"&via={q(text.via)}"
    if tags:
        link += f"&hashtags={q(','.join(tags))}"
    return link


def _bluesky(text: ShareText) -> str:
    return f"https://bsky.app/intent/compose?text={q(post_text('bluesky', text))}"


def _threads(text: ShareText) -> str:
    after, tags = post_parts("threads", text)
    title, tags = fitted("threads", text.title, after, tags)
    title = " ".join([title, *(f"#{t}" for t in tags)]).strip()
    return f"https://www.threads.com/intent/post?text={q(title)}&url={q(text.url)}"


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
    Network("threads", "Threads", _threads),
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


def mastodon_link(text: ShareText, mode: str, local_page: str, *, title: str | None = None,
                  quote: str | None = None) -> str:
    """Mastodon share link for ``SMO_SHARE_MASTODON``.

    ``ask`` (default): the site's own page (``local_page``), which asks the reader
    for their instance once, so no third party sees the click; ``picker``: the
    official picker, text in the fragment (kept out of server logs); any other
    value is a fixed instance host. ``title`` (the article's, when ``text`` carries a
    quote) and ``quote`` go to the "ask" page for the forms that take them apart.
    """
    message = q(post_text("mastodon", text))
    if mode == "ask":
        # url and title too: Lemmy and Diaspora take them apart (html/mastodon.py)
        link = f"{local_page}#text={message}&url={q(text.url)}&title={q(title or text.title)}"
        return link + (f"&quote={q(quote)}" if quote else "")
    if mode == "picker":
        return MASTODON_PICKER + message
    return f"https://{mode}/share?text={message}"
