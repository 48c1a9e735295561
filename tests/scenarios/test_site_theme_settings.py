"""A company blog whose theme writes its own tags and reads the common theme settings
(``tests/sites/theme-settings``).

Expected values:
- listing pages are titled by what they list (Open Graph ``og:title`` is "the title of
  your object as it should appear within the graph"), whatever their ``*_SAVE_AS``;
- an error page is not indexed and names no address of its own (Google Search Central,
  "soft 404 errors": a not-found page must not be indexable; RFC 6596: a canonical names
  the preferred URL of the content, which an error page has not);
- ``article:author`` is a profile URL (ogp.me ``article:author`` - ``profile`` array;
  Facebook's Sharing Debugger rejects a name: "could not be parsed as type 'profile'");
- ``twitter:site`` is the site's ``@username`` (X Cards markup reference);
- settings themes print as HTML are plain text in tags.
"""

from __future__ import annotations

import json

import pytest

from tests.helpers import SITES_DIR, build_scenario, versioned
from tests.scenarios.test_site_core import head_values, one

SITE = "https://example.org"
WRITTEN = SITES_DIR / "theme-settings" / "content"


def image_url(path: str) -> str:
    """The URL the tags give the content file ``path``, with its version."""
    return versioned(f"{SITE}/{path}", (WRITTEN / path).read_bytes())


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return build_scenario("theme-settings", tmp_path_factory.mktemp("theme-settings"))


@pytest.mark.parametrize(("rel", "title", "url"), [
    ("tags/index.html", "Tags – Listings", f"{SITE}/tags/"),
    ("posts/index.html", "Archives – Listings", f"{SITE}/posts/"),
    ("categories.html", "Categories – Listings", f"{SITE}/categories.html"),
    ("search.html", "Search – Listings", f"{SITE}/search.html"),
    ("index.html", "Listings", f"{SITE}/"),
])
def test_listing_pages_are_titled_by_what_they_list(site, rel, title, url):
    values = head_values(site.soup(rel))
    assert one(values, "og:title") == title
    assert one(values, "og:type") == "website"
    assert one(values, "canonical") == url


def test_error_page_is_noindex_with_no_address_card_or_bar(site):
    page = site.page("404.html")
    values = head_values(site.soup("404.html"))
    assert one(values, "robots") == "noindex"
    assert values["canonical"] == []
    assert "og:url" not in values
    assert "page-not-found" not in page
    assert "/smo/cards/" not in page
    assert "data-smo-share" not in page


def test_article_author_is_a_profile_url_or_absent(site):
    values = head_values(site.soup("so-good.html"))
    assert "article:author" not in values  # author pages are off: no profile to name


def test_theme_settings_are_fallbacks(site):
    values = head_values(site.soup("index.html"))
    assert one(values, "twitter:site") == "@examplecorp"
    assert one(values, "description") == "Notes on small things and more"
    assert one(values, "og:image") == image_url("images/featured.png")
    me = [link["href"] for link in site.soup("index.html").find_all("link", rel="me")]
    assert me == ["https://mastodon.example/@corp", "https://github.com/corp"]
    blocks = [json.loads(s.string) for s in
              site.soup("so-good.html").find_all("script", type="application/ld+json")]
    publisher = next(b["publisher"] for b in _nodes(blocks) if "publisher" in b)
    assert publisher["logo"]["url"] == image_url("images/logo.png")
    assert publisher["sameAs"] == ["https://mastodon.example/@corp", "https://github.com/corp"]


def _nodes(blocks):
    for block in blocks:
        yield from block.get("@graph", [block])


def test_theme_tags_with_broken_quoting_are_replaced_and_two_key_tags_keep_the_other(site):
    soup = site.soup("so-good.html")
    values = head_values(soup)
    assert one(values, "og:description") == (
        "It's \"So Good They Can't Ignore You\". In this article.")
    assert one(values, "twitter:site") == "@examplecorp"
    assert one(values, "author") == "Example Company Ltd."
    assert "og:author" not in values
