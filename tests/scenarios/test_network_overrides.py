"""Site-level tags, Google Discover's image preview, and X's own title, description and
image (issue "Beyond the head").

Expected values, from each platform's documentation:
- Google Search Central, robots meta tag: ``max-image-preview:large`` lets Discover and
  search show a large image; ``noindex`` pages need none;
- ogp.me / Facebook Sharing: ``article:publisher`` is the Facebook Page URL,
  ``fb:app_id`` the app id;
- site verification: Google ``google-site-verification``, Bing ``msvalidate.01``,
  Pinterest ``p:domain_verify``, Meta ``facebook-domain-verification``, Yandex
  ``yandex-verification``, each a ``<meta name content>`` on the home page;
- X Cards markup: ``twitter:title``/``twitter:description``/``twitter:image`` win over
  ``og:*`` for X, which reads ``og:*`` only when they are absent.
"""

from __future__ import annotations

import pytest

from tests.helpers import build_site, image_bytes, versioned
from tests.scenarios.test_site_core import head_values, one

SITE = "https://blog.example.org"
CONTENT = {
    "images/og.png": image_bytes(1200, 630),
    "images/x.png": image_bytes(1200, 600, color=(200, 30, 30)),
    "a.md": "Title: Open Graph title\nDate: 2024-01-01\nCategory: C\n"
            "Description: The description every network reads.\n"
            "Image: {static}/images/og.png\nImage_alt: The Open Graph picture\n"
            "Twitter_title: A shorter title for X\n"
            "Twitter_description: What X readers see.\n"
            "Twitter_image: {static}/images/x.png\nTwitter_image_alt: The X picture\n\nBody.\n",
    "b.md": "Title: Plain\nDate: 2024-01-02\nCategory: C\n\nNothing special here.\n",
    "draft.md": "Title: Draft\nDate: 2024-01-03\nStatus: draft\n\nNot yet.\n",
}
SETTINGS = {
    "STATIC_PATHS": ["images"],
    "SMO_FACEBOOK_PAGE": "https://www.facebook.com/exampleblog",
    "SMO_FACEBOOK_APP_ID": "1234567890",
    "SMO_VERIFICATION": {"google": "g00gle-Token_1", "bing": "B1NG0", "pinterest": "pin123",
                         "facebook": "fbdomain42", "yandex": "yand3x"},
}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return build_site(tmp_path_factory.mktemp("overrides"), content=CONTENT, settings=SETTINGS)


def robots(values):
    return values.get("robots", [])


def test_indexable_pages_allow_large_image_previews(site):
    for rel in ("open-graph-title.html", "plain.html", "index.html", "category/c.html"):
        assert robots(head_values(site.soup(rel))) == ["max-image-preview:large"], rel
    assert robots(head_values(site.soup("drafts/draft.html"))) == ["noindex"]


def test_large_image_preview_can_be_turned_off(tmp_path):
    off = build_site(tmp_path, content=CONTENT,
                     settings={**SETTINGS, "SMO_LARGE_IMAGE_PREVIEW": False})
    assert robots(head_values(off.soup("open-graph-title.html"))) == []


def test_facebook_page_and_app_id(site):
    values = head_values(site.soup("open-graph-title.html"))
    assert one(values, "article:publisher") == "https://www.facebook.com/exampleblog"
    assert one(values, "fb:app_id") == "1234567890"
    assert one(head_values(site.soup("index.html")), "fb:app_id") == "1234567890"


def test_verification_tags_on_the_home_page_only(site):
    home = head_values(site.soup("index.html"))
    assert one(home, "google-site-verification") == "g00gle-Token_1"
    assert one(home, "msvalidate.01") == "B1NG0"
    assert one(home, "p:domain_verify") == "pin123"
    assert one(home, "facebook-domain-verification") == "fbdomain42"
    assert one(home, "yandex-verification") == "yand3x"
    assert "google-site-verification" not in head_values(site.soup("open-graph-title.html"))


def test_x_gets_its_own_title_description_and_image(site):
    values = head_values(site.soup("open-graph-title.html"))
    assert one(values, "og:title") == "Open Graph title"
    assert one(values, "og:description") == "The description every network reads."
    assert one(values, "og:image") == versioned(f"{SITE}/images/og.png", CONTENT["images/og.png"])
    assert one(values, "twitter:title") == "A shorter title for X"
    assert one(values, "twitter:description") == "What X readers see."
    assert one(values, "twitter:image") == versioned(f"{SITE}/images/x.png",
                                                     CONTENT["images/x.png"])
    assert one(values, "twitter:image:alt") == "The X picture"
    plain = head_values(site.soup("plain.html"))
    assert one(plain, "twitter:title") == one(plain, "og:title") == "Plain"


def test_the_preview_page_shows_each_network_its_own_values(site, capsys):
    from bs4 import BeautifulSoup

    from pelican_smo.cli import main

    assert main(["preview", str(site.output)]) in (0, 1)
    capsys.readouterr()
    page = BeautifulSoup((site.output / "smo-preview.html").read_text(encoding="utf-8"),
                         "html.parser")
    text = page.get_text(" ")
    assert "A shorter title for X" in text and "Open Graph title" in text
    images = {img.get("src") for img in page.find_all("img")}
    assert any(src and src.endswith("images/x.png") for src in images), images
    assert any(src and src.endswith("images/og.png") for src in images), images


@pytest.mark.parametrize(("settings", "named"), [
    ({"SMO_FACEBOOK_APP_ID": "abc"}, "SMO_FACEBOOK_APP_ID"),
    ({"SMO_VERIFICATION": {"gogle": "x1234"}}, "SMO_VERIFICATION"),
    ({"SMO_VERIFICATION": {"google": "has space"}}, "SMO_VERIFICATION"),
    ({"SMO_FACEBOOK_PAGE": "facebook.com/x"}, "SMO_FACEBOOK_PAGE"),
])
def test_bad_site_level_settings_name_themselves(settings, named):
    from pelican_smo.settings import SmoConfigError, from_settings

    with pytest.raises(SmoConfigError, match=named):
        from_settings(settings)
