"""Absolute URLs from site-relative ones, and the URL checks every metadata URL passes.

Absolute URLs always start from the configured site URL (``SMO_SITEURL`` or
``SITEURL`` as set in the settings file), never from the writer's context, which
is relative (``.``, ``..``) when ``RELATIVE_URLS`` is on.
"""

from __future__ import annotations

import functools
import ipaddress
import re
from urllib.parse import quote, urlsplit, urlunsplit

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
#: Characters a URL may not carry raw; anything else (including non-ASCII) is percent-encoded.
_URL_SAFE = "/:?#[]@!$&'()*+,;=%~-._"


class UnsafeUrlError(ValueError):
    """A URL that can't be used: a scheme other than http(s), characters that can't be a
    URL (controls, a lone surrogate), a host ``urlsplit`` refuses (``https://[::1/x``), or
    a path whose ``..`` segments climb above the root."""


def site_root(siteurl: str) -> str:
    """The site URL without a trailing slash, its sub-path kept (``https://x.org/blog``)."""
    return siteurl.rstrip("/")


def absolute_url(site: str | None, path: str) -> str | None:
    """Resolve a site-relative ``path`` (``a/b.html``, ``/a/b.html``, ``""``) against ``site``.

    Fallback order: an absolute ``http(s)`` URL is returned as it is; a
    protocol-relative one (``//cdn/x``) gets ``https:``; a site-relative path is
    joined to the site URL (keeping its sub-path: ``/blog`` + ``a.html`` is
    ``/blog/a.html``, because Pelican writes URLs relative to ``SITEURL``); with no
    site URL there is no absolute URL, and ``None`` says so rather than a relative
    URL where platforms require an absolute one. Other schemes raise
    ``UnsafeUrlError`` (``javascript:``, ``data:``, ``file:``). Dot segments are
    resolved as a browser does (RFC 3986 §5.2.4, ``%2e`` counting as a dot as in the
    WHATWG URL Standard): i18n_subsites links a subsite's page to the main site's as
    ``../page.html``. A path whose ``..`` would climb above the host's root raises
    ``UnsafeUrlError`` (a browser would silently drop them; here it is a mistake, or
    ``/%2e%2e/%2e%2e/etc/passwd``).
    """
    path = path.strip()
    if path.startswith("//") or _SCHEME.match(path):
        return _absolute(path)
    if site is None:
        return None
    joined = site_root(site) + "/" + path.lstrip("/")
    if _DOT_HINT.search(joined):
        joined = _remove_dot_segments(joined)
    return normalise(joined)


def resolve_reference(base: str, ref: str) -> str:
    """``ref`` resolved against the absolute URL ``base`` the way a browser resolves a link
    on the page at ``base`` (RFC 3986 §5.2, "Relative Resolution").

    ``https://x.org/blog/post/`` + ``pic.png`` is ``https://x.org/blog/post/pic.png``,
    ``./pic.png`` the same, ``../a.png`` is ``https://x.org/blog/a.png``, ``/a.png`` is
    ``https://x.org/a.png`` (the host's root, not the site's: that is what the reader's
    browser loads). Absolute and protocol-relative references are taken as
    ``absolute_url`` takes them. Raises ``UnsafeUrlError`` as ``absolute_url`` does.
    """
    ref = ref.strip()
    if ref.startswith("//") or _SCHEME.match(ref):
        return _absolute(ref)
    try:
        base_parts = urlsplit(base)
        ref_parts = urlsplit(ref)
    except ValueError as err:
        raise UnsafeUrlError(f"not a URL ({err}): {ref[:80]!r}") from None
    if not ref_parts.path:  # "?q" or "#f": the page itself (§5.2.2)
        query = ref_parts.query if "?" in ref else base_parts.query
        path = base_parts.path
    else:
        query = ref_parts.query
        path = ref_parts.path if ref_parts.path.startswith("/") else (
            base_parts.path[: base_parts.path.rfind("/") + 1] + ref_parts.path)
    url = urlunsplit((base_parts.scheme, base_parts.netloc, path, query, ref_parts.fragment))
    if _DOT_HINT.search(path):
        url = _remove_dot_segments(url)
    return normalise(url)


def _absolute(url: str) -> str:
    """An absolute (``https://…``) or protocol-relative (``//cdn/x``, given ``https:``)
    URL, checked and normalised."""
    if url.startswith("//"):
        url = "https:" + url
    scheme = url.split(":", 1)[0].lower()
    if scheme not in ("http", "https"):
        raise UnsafeUrlError(f"URL scheme {scheme!r} is not allowed (use http, https "
                             f"or a site-relative path): {url[:80]!r}")
    if _DOT_HINT.search(url.split("://", 1)[-1].partition("/")[2]):
        url = _remove_dot_segments(url)
    normalised = normalise(url)
    if not urlsplit(normalised).hostname:
        raise UnsafeUrlError(f"URL has no host: {url[:80]!r}")
    return normalised


#: A path that may hold a dot segment: ``.``/``..`` or their ``%2e`` spellings.
_DOT_HINT = re.compile(r"(?:^|/)(?:\.|%2e)", re.IGNORECASE)
#: Dot segments as the WHATWG URL Standard reads them ("single-dot" and "double-dot
#: URL path segments": ``.``, ``%2e``; ``..``, ``.%2e``, ``%2e.``, ``%2e%2e``).
_SINGLE_DOT = re.compile(r"^(?:\.|%2e)$", re.IGNORECASE)
_DOUBLE_DOT = re.compile(r"^(?:\.|%2e){2}$", re.IGNORECASE)


def _remove_dot_segments(url: str) -> str:
    """``url`` with ``.`` and ``..`` path segments resolved (RFC 3986 §5.2.4).

    A ``..`` with nothing left to remove (above the root) raises ``UnsafeUrlError``
    instead of being dropped.
    """
    try:
        parts = urlsplit(url)
    except ValueError as err:
        raise UnsafeUrlError(f"not a URL ({err}): {url[:80]!r}") from None
    segments = parts.path.split("/")
    kept: list[str] = []
    for index, segment in enumerate(segments[1:], start=1):
        last = index == len(segments) - 1
        if _SINGLE_DOT.match(segment):
            if last:
                kept.append("")
        elif _DOUBLE_DOT.match(segment):
            if not kept:
                raise UnsafeUrlError(f"the path climbs above the root: {url[:80]!r}")
            kept.pop()
            if last:
                kept.append("")
        else:
            kept.append(segment)
    return urlunsplit(parts._replace(path="/" + "/".join(kept)))


@functools.lru_cache(maxsize=4096)
def normalise(url: str) -> str:
    """Percent-encode what may not appear raw in a URL (spaces, non-ASCII, quotes, ``<``).

    Existing ``%XX`` escapes are kept, so normalising twice changes nothing.
    Cached: the same URLs (home, categories, images) come up on many pages. Raises
    ``UnsafeUrlError`` for what no URL can hold: control characters, a lone surrogate
    (text that is not Unicode, which UTF-8 can't encode), or an authority ``urlsplit``
    refuses (an unclosed IPv6 bracket: ``https://[::1/x.png``).
    """
    if any(ch in url for ch in "\x00\r\n\t"):
        raise UnsafeUrlError(f"URL contains control characters: {url[:80]!r}")
    try:
        quoted = quote(url, safe=_URL_SAFE)
    except UnicodeEncodeError:
        raise UnsafeUrlError(f"URL contains a lone surrogate (not Unicode text): "
                             f"{url[:80]!r}") from None
    try:
        urlsplit(quoted)
    except ValueError as err:
        raise UnsafeUrlError(f"not a URL ({err}): {url[:80]!r}") from None
    return quoted


def same_origin(url: str, site: str | None) -> bool:
    """Whether ``url`` lives on the site's own scheme and host."""
    if site is None:
        return False
    a, b = urlsplit(url), urlsplit(site)
    return (a.scheme, a.netloc.lower()) == (b.scheme, b.netloc.lower())


def url_path(url: str) -> str:
    """The path part of an absolute or relative URL, without query or fragment."""
    return urlsplit(url).path


#: The version ``with_version`` adds: ``v=`` and 8 lower-case hex digits.
_VERSION_PARAM = re.compile(r"v=[0-9a-f]{8}")


def with_version(url: str, digest: str | None) -> str:
    """``url`` with ``v=<digest>`` added to its query (``SMO_IMAGE_VERSIONS``).

    Facebook, LinkedIn and X cache an image by its URL for days or weeks; a file
    replaced under the same name keeps its old preview until the URL changes. The
    parameter goes after the query the URL already has (``a.png?s=1`` →
    ``a.png?s=1&v=…``) and before its fragment (``a.png#x`` → ``a.png?v=…#x``). A
    URL whose query already has a ``v`` parameter (the author's own) is left as it
    is, and so is any URL when there is no digest (the file could not be read).
    """
    if not digest:
        return url
    base, hash_mark, fragment = url.partition("#")
    _, question, query = base.partition("?")
    if any(part.partition("=")[0] == "v" for part in query.split("&")):
        return url
    joiner = "&" if query and not query.endswith("&") else ("" if question else "?")
    return f"{base}{joiner}v={digest}{hash_mark}{fragment}"


def without_version(url: str) -> str:
    """``url`` without a ``v=`` parameter of 8 hex digits, as ``with_version`` adds it:
    the same image file under any version (``a.png?s=1&v=1a2b3c4d`` → ``a.png?s=1``)."""
    base, hash_mark, fragment = url.partition("#")
    path, question, query = base.partition("?")
    if not question:
        return url
    parts = query.split("&")
    kept = [part for part in parts if not _VERSION_PARAM.fullmatch(part)]
    if len(kept) == len(parts):
        return url
    query = "&".join(kept)
    return f"{path}{'?' + query if query else ''}{hash_mark}{fragment}"


def is_loopback(host: str) -> bool:
    """``localhost`` or a loopback address (``127.0.0.0/8``, ``::1``, with or without
    brackets): a server on this machine."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False
