"""urls: absolute URLs from site-relative paths, and refusing unsafe schemes."""

from __future__ import annotations

import pytest

from pelican_smo.util.urls import (
    UnsafeUrlError,
    absolute_url,
    normalise,
    same_origin,
    with_version,
    without_version,
)


@pytest.mark.parametrize(
    ("site", "path", "expected"),
    [
        ("https://x.org", "a/b.html", "https://x.org/a/b.html"),
        ("https://x.org/", "/a/b.html", "https://x.org/a/b.html"),
        ("https://x.org/blog", "a.html", "https://x.org/blog/a.html"),
        ("https://x.org/blog", "", "https://x.org/blog/"),
        ("https://x.org", "https://cdn.org/i.png", "https://cdn.org/i.png"),
        ("https://x.org", "//cdn.org/i.png", "https://cdn.org/i.png"),
        ("https://x.org", "images/my pic.png", "https://x.org/images/my%20pic.png"),
        ("https://x.org", "images/café.png", "https://x.org/images/caf%C3%A9.png"),
        ("https://x.org", "a%20b.png", "https://x.org/a%20b.png"),
        (None, "a.html", None),
    ],
)
def test_absolute_url(site, path, expected):
    assert absolute_url(site, path) == expected


@pytest.mark.parametrize("bad", ["javascript:alert(1)", "JaVaScRiPt:x", "data:image/png;base64,AA",
                                 "file:///etc/passwd", "vbscript:x"])
def test_unsafe_schemes_are_refused(bad):
    with pytest.raises(UnsafeUrlError):
        absolute_url("https://x.org", bad)


def test_control_characters_are_refused():
    with pytest.raises(UnsafeUrlError):
        normalise("https://x.org/a\nb")


def test_normalise_is_idempotent_and_escapes_markup_characters():
    once = normalise('https://x.org/"<q>"')
    assert '"' not in once and "<" not in once
    assert normalise(once) == once


def test_same_origin():
    assert same_origin("https://X.org/a", "https://x.org/blog")
    assert not same_origin("http://x.org/a", "https://x.org")
    assert not same_origin("https://y.org/a", "https://x.org")
    assert not same_origin("https://x.org/a", None)


#: RFC 3986 §5.4.1 "Normal Examples": each reference resolved against this base.
RFC3986_BASE = "http://a/b/c/d;p?q"
RFC3986_NORMAL = [
    ("g", "http://a/b/c/g"), ("./g", "http://a/b/c/g"), ("g/", "http://a/b/c/g/"),
    ("/g", "http://a/g"), ("//g", "https://g"), ("?y", "http://a/b/c/d;p?y"),
    ("g?y", "http://a/b/c/g?y"), ("#s", "http://a/b/c/d;p?q#s"), ("g#s", "http://a/b/c/g#s"),
    ("g?y#s", "http://a/b/c/g?y#s"), (";x", "http://a/b/c/;x"), ("g;x", "http://a/b/c/g;x"),
    ("g;x?y#s", "http://a/b/c/g;x?y#s"), ("", "http://a/b/c/d;p?q"), (".", "http://a/b/c/"),
    ("./", "http://a/b/c/"), ("..", "http://a/b/"), ("../", "http://a/b/"),
    ("../g", "http://a/b/g"), ("../..", "http://a/"), ("../../", "http://a/"),
    ("../../g", "http://a/g"),
]


@pytest.mark.parametrize(("ref", "expected"), RFC3986_NORMAL)
def test_references_resolve_against_the_page_as_rfc_3986_says(ref, expected):
    """RFC 3986 §5.4.1, except ``//g``: a protocol-relative URL gets ``https:`` here, as
    every absolute URL the plugin writes does (``absolute_url``)."""
    from pelican_smo.util.urls import resolve_reference

    assert resolve_reference(RFC3986_BASE, ref) == expected


@pytest.mark.parametrize(("ref", "expected"), [
    # RFC 3986 §5.4.2 "Abnormal Examples" that stay below the root:
    ("/./g", "http://a/g"), ("g.", "http://a/b/c/g."), (".g", "http://a/b/c/.g"),
    ("g..", "http://a/b/c/g.."), ("..g", "http://a/b/c/..g"), ("./../g", "http://a/b/g"),
    ("./g/.", "http://a/b/c/g/"), ("g/./h", "http://a/b/c/g/h"), ("g/../h", "http://a/b/c/h"),
    ("g;x=1/./y", "http://a/b/c/g;x=1/y"), ("g;x=1/../y", "http://a/b/c/y"),
    # WHATWG URL Standard: %2e is a dot in a dot segment
    ("%2e%2e/g", "http://a/b/g"), (".%2E/g", "http://a/b/g"), ("%2e/g", "http://a/b/c/g"),
])
def test_abnormal_references(ref, expected):
    from pelican_smo.util.urls import resolve_reference

    assert resolve_reference(RFC3986_BASE, ref) == expected


@pytest.mark.parametrize("ref", ["../../../g", "../../../../g", "/../g", "/%2e%2e/%2e%2e/etc/passwd"])
def test_a_path_above_the_root_is_refused(ref):
    """RFC 3986 §5.4.2 resolves these to ``http://a/g`` by dropping the extra ``..``; a
    reference that needs it is a mistake (or a probe for files outside the site)."""
    from pelican_smo.util.urls import resolve_reference

    with pytest.raises(UnsafeUrlError, match="climbs above the root"):
        resolve_reference(RFC3986_BASE, ref)
    with pytest.raises(UnsafeUrlError, match="climbs above the root"):
        absolute_url("https://x.org", ref)


@pytest.mark.parametrize("bad", ["https://[::1/x.png", "https://[oops/v.mp4", "//[::1/x",
                                 "https:///no-host.png", "images/caf\udce9.png",
                                 "https://x.org/\ud800.png"])
def test_what_no_url_can_be_is_refused_with_its_own_error(bad):
    """``urlsplit`` raises ValueError on an unclosed IPv6 bracket; a lone surrogate can't
    be encoded as UTF-8 (UnicodeEncodeError): both become ``UnsafeUrlError``."""
    with pytest.raises(UnsafeUrlError):
        absolute_url("https://x.org", bad)


#: (URL, with version 1a2b3c4d): the parameter joins the query the URL has, goes before
#: the fragment (RFC 3986 §3: query, then fragment), and an author's own ``v`` is kept.
VERSIONS = [
    ("https://x.org/a.png", "https://x.org/a.png?v=1a2b3c4d"),
    ("https://x.org/a.png?s=1", "https://x.org/a.png?s=1&v=1a2b3c4d"),
    ("https://x.org/a.png?s=1&t=2", "https://x.org/a.png?s=1&t=2&v=1a2b3c4d"),
    ("https://x.org/a.png?", "https://x.org/a.png?v=1a2b3c4d"),
    ("https://x.org/a.png?s=1&", "https://x.org/a.png?s=1&v=1a2b3c4d"),
    ("https://x.org/a.png#top", "https://x.org/a.png?v=1a2b3c4d#top"),
    ("https://x.org/a.png?s=1#top", "https://x.org/a.png?s=1&v=1a2b3c4d#top"),
    ("https://x.org/a.png#x?v=1", "https://x.org/a.png?v=1a2b3c4d#x?v=1"),
    ("https://x.org/a.png?dev=1", "https://x.org/a.png?dev=1&v=1a2b3c4d"),
    ("https://x.org/a.png?v=2", "https://x.org/a.png?v=2"),
    ("https://x.org/a.png?s=1&v=", "https://x.org/a.png?s=1&v="),
]


@pytest.mark.parametrize(("url", "expected"), VERSIONS)
def test_a_version_joins_the_query_before_the_fragment(url, expected):
    assert with_version(url, "1a2b3c4d") == expected


def test_no_digest_no_version():
    assert with_version("https://x.org/a.png", None) == "https://x.org/a.png"
    assert with_version("https://x.org/a.png", "") == "https://x.org/a.png"


@pytest.mark.parametrize(("versioned", "plain"), [
    ("https://x.org/a.png?v=1a2b3c4d", "https://x.org/a.png"),
    ("https://x.org/a.png?s=1&v=1a2b3c4d", "https://x.org/a.png?s=1"),
    ("https://x.org/a.png?v=1a2b3c4d&s=1", "https://x.org/a.png?s=1"),
    ("https://x.org/a.png?v=1a2b3c4d#top", "https://x.org/a.png#top"),
    ("https://x.org/a.png?s=1&v=1a2b3c4d#top", "https://x.org/a.png?s=1#top"),
])
def test_without_version_undoes_with_version(versioned, plain):
    assert without_version(versioned) == plain
    assert with_version(plain, "1a2b3c4d").startswith(plain.partition("#")[0])
    assert without_version(with_version(plain, "1a2b3c4d")) == plain


@pytest.mark.parametrize("url", ["https://x.org/a.png?v=2", "https://x.org/a.png?v=1A2B3C4D",
                                 "https://x.org/a.png?v=1a2b3c4d5", "https://x.org/a.png",
                                 "https://x.org/a.png#v=1a2b3c4d", "og:image"])
def test_without_version_leaves_anything_else(url):
    assert without_version(url) == url
