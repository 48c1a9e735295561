"""The site card's address line: the site URL as a reader writes it."""

from __future__ import annotations

import pytest

from pelican_smo.facts.cards import site_address


@pytest.mark.parametrize(("url", "expected"), [
    ("https://blog.example.org", "blog.example.org"),
    ("https://blog.example.org/", "blog.example.org"),
    ("https://example.org/blog", "example.org/blog"),  # a sub-path site keeps its path
    ("https://example.org/blog/", "example.org/blog"),
    ("http://localhost:8000", "localhost:8000"),
    (None, ""),
])
def test_site_address(url, expected):
    assert site_address(url) == expected
