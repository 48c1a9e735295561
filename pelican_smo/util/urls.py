"""Absolute URLs from site-relative ones, and the URL checks every metadata URL passes.

Absolute URLs always start from the configured site URL (``SMO_SITEURL`` or
``SITEURL`` as set in the settings file), never from the writer's context, which
is relative (``.``, ``..``) when ``RELATIVE_URLS`` is on.
"""

from __future__ import annotations

import functools
import re
from urllib.parse import quote, urljoin, urlsplit, urlunsplit

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
#: Characters a URL may not carry raw; anything else (including non-ASCII) is percent-encoded.
_URL_SAFE = "/:?#[]@!$&'()*+,;=%~-._"


class UnsafeUrlError(ValueError):
    """A URL with a scheme other than http(s), or with characters that can't be a URL."""


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
    resolved as a browser does (RFC 3986 §5.2.4): i18n_subsites links a subsite's
    page to the main site's as ``../page.html``.
    """
    path = path.strip()
    if path.startswith("//"):
        return normalise("https:" + path)
    if _SCHEME.match(path):
        scheme = path.split(":", 1)[0].lower()
        if scheme not in ("http", "https"):
            raise UnsafeUrlError(f"URL scheme {scheme!r} is not allowed (use http, https "
                                 f"or a site-relative path): {path[:80]!r}")
        return normalise(path)
    if site is None:
        return None
    joined = site_root(site) + "/" + path.lstrip("/")
    if "/." in joined:
        joined = _remove_dot_segments(joined)
    return normalise(joined)


def _remove_dot_segments(url: str) -> str:
    """``url`` with ``.`` and ``..`` path segments resolved (RFC 3986 §5.2.4), through the
    standard library's reference resolution."""
    parts = urlsplit(url)
    resolved = urlsplit(urljoin(f"{parts.scheme}://{parts.netloc}/", parts.path))
    return urlunsplit(parts._replace(path=resolved.path))


@functools.lru_cache(maxsize=4096)
def normalise(url: str) -> str:
    """Percent-encode what may not appear raw in a URL (spaces, non-ASCII, quotes, ``<``).

    Existing ``%XX`` escapes are kept, so normalising twice changes nothing.
    Cached: the same URLs (home, categories, images) come up on many pages.
    """
    if any(ch in url for ch in "\x00\r\n\t"):
        raise UnsafeUrlError(f"URL contains control characters: {url[:80]!r}")
    return quote(url, safe=_URL_SAFE)


def same_origin(url: str, site: str | None) -> bool:
    """Whether ``url`` lives on the site's own scheme and host."""
    if site is None:
        return False
    a, b = urlsplit(url), urlsplit(site)
    return (a.scheme, a.netloc.lower()) == (b.scheme, b.netloc.lower())


def url_path(url: str) -> str:
    """The path part of an absolute or relative URL, without query or fragment."""
    return urlsplit(url).path
