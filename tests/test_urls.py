"""urls: absolute URLs from site-relative paths, and refusing unsafe schemes."""

from __future__ import annotations

import pytest

from pelican_smo.util.urls import UnsafeUrlError, absolute_url, normalise, same_origin


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
