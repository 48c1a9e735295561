"""Social cards in real builds: wired into the tags, cached across builds, never stale."""

from __future__ import annotations

import shutil

import pytest
from PIL import Image

from tests.helpers import build_site, image_bytes, versioned
from tests.scenarios.test_site_core import head_values, one

SITE = "https://blog.example.org"


def files(title_b: str = "Second post") -> dict[str, str | bytes]:
    return {
        "a.md": "Title: First post\nDate: 2024-01-01\nAuthor: Ada\n\nText.\n",
        "b.md": f"Title: {title_b}\nDate: 2024-01-02\nAuthor: Ada\n\nText.\n",
        "jp.md": "Title: 日本語のタイトル\nDate: 2024-01-03\nAuthor: Ada\nLang: ja\n\nテキスト。\n",
        "own.md": "Title: Has its own\nDate: 2024-01-04\nImage: {static}/images/c.png\n\nx\n",
        "draft.md": "Title: Draft\nDate: 2024-01-05\nStatus: draft\n\nx\n",
        "off.md": "Title: Off\nDate: 2024-01-06\nSmo: off\n\nx\n",
        "pages/about.md": "Title: About us\n\nAbout.\n",
        "images/c.png": image_bytes(1200, 630),
    }


SETTINGS = {"STATIC_PATHS": ["images"], "SITENAME": "Card Blog"}


def card_counts(log: str) -> tuple[int, int]:
    line = next(line for line in log.splitlines() if "social cards:" in line)
    words = line.split("social cards:")[1].replace(",", "").split()
    return int(words[0]), int(words[2])


def build(root, content=None, **settings):
    return build_site(root, content=content or files(), settings={**SETTINGS, **settings},
                      extra_args=("-v",))


def test_cards_are_wired_into_the_tags_and_match_the_real_files(tmp_path):
    site = build(tmp_path)
    for rel in ("first-post.html", "ri-ben-yu-notaitoru-ja.html", "pages/about-us.html"):
        values = head_values(site.soup(rel))
        url = one(values, "og:image")
        # A card's name already carries its digest: no ?v= on it.
        assert url.startswith(f"{SITE}/smo/cards/") and url.endswith(".png"), rel
        assert "?" not in url, rel
        assert one(values, "twitter:image") == url
        with Image.open(site.path(url.removeprefix(f"{SITE}/"))) as img:
            assert (one(values, "og:image:width"), one(values, "og:image:height")) == \
                (str(img.width), str(img.height)) == ("1200", "630")
            assert one(values, "og:image:type") == Image.MIME[img.format]
        assert one(values, "twitter:card") == "summary_large_image"
        assert one(values, "og:image:alt").endswith("— Card Blog")
        assert site.path(url.removeprefix(f"{SITE}/")).stat().st_size < 300 * 1024
    own = head_values(site.soup("has-its-own.html"))
    assert one(own, "og:image") == versioned(f"{SITE}/images/c.png", files()["images/c.png"])
    assert "og:image" not in head_values(site.soup("drafts/draft.html"))
    assert "smo/cards" not in site.page("off.html")


def test_unchanged_rebuild_draws_nothing_and_one_changed_title_redraws_one(tmp_path):
    first = build(tmp_path)
    assert card_counts(first.log) == (5, 0)  # four pages' cards and the site card
    second = build(tmp_path)
    assert card_counts(second.log) == (0, 5)
    changed = build(tmp_path, files(title_b="Second post, renamed"))
    assert card_counts(changed.log) == (1, 4)
    cards = sorted(p.name for p in (changed.output / "smo" / "cards").iterdir())
    assert len(cards) == 5, "the old card of the renamed post must be gone"
    named = {one(head_values(changed.soup(rel)), "og:image").rsplit("/", 1)[1]
             for rel in ("first-post.html", "second-post-renamed.html",
                         "ri-ben-yu-notaitoru-ja.html", "pages/about-us.html", "index.html")}
    assert named == set(cards)


def test_deleting_the_output_restores_every_card_from_the_cache(tmp_path):
    build(tmp_path)
    shutil.rmtree(tmp_path / "output")
    again = build(tmp_path)
    assert card_counts(again.log) == (0, 5)
    url = one(head_values(again.soup("first-post.html")), "og:image")
    assert again.path(url.removeprefix(f"{SITE}/")).is_file()


@pytest.mark.parametrize(("mode", "expected"), [("always", 6), ("never", 0)])
def test_card_modes(tmp_path, mode, expected):
    site = build(tmp_path, SMO_CARDS=mode)
    folder = site.output / "smo" / "cards"
    assert len(list(folder.iterdir()) if folder.exists() else []) == expected
    own = one(head_values(site.soup("has-its-own.html")), "og:image")
    assert ("smo/cards" in own) == (mode == "always")


LISTING_PAGES = ("index.html", "archives.html", "tags.html", "categories.html",
                 "authors.html", "category/misc.html", "author/ada.html")


def test_home_and_listing_pages_show_the_site_card(tmp_path):
    """No SMO_DEFAULT_IMAGE: the home page and every listing page name one generated card
    (the site's name and address), with its real size and type, as a large card."""
    site = build(tmp_path)
    urls = set()
    for rel in LISTING_PAGES:
        values = head_values(site.soup(rel))
        url = one(values, "og:image")
        urls.add(url)
        assert url.startswith(f"{SITE}/smo/cards/"), rel
        assert one(values, "twitter:image") == url
        assert one(values, "twitter:card") == "summary_large_image"
        assert one(values, "og:image:alt") == "Card Blog — blog.example.org"
        with Image.open(site.path(url.removeprefix(f"{SITE}/"))) as img:
            assert (one(values, "og:image:width"), one(values, "og:image:height")) == \
                (str(img.width), str(img.height)) == ("1200", "630")
            assert one(values, "og:image:type") == Image.MIME[img.format]
    assert len(urls) == 1, urls
    [card] = urls
    article = one(head_values(site.soup("first-post.html")), "og:image")
    assert article != card
    assert card in site.page("index.html").split("application/ld+json", 1)[1]


@pytest.mark.parametrize("settings", [
    {"SMO_DEFAULT_IMAGE": "images/c.png"},  # the site has an image for them
    {"SMO_LISTING_PAGES": False},  # no tags on listing pages at all
])
def test_no_site_card_when_listing_pages_need_none(tmp_path, settings):
    site = build(tmp_path, **settings)
    cards = list((site.output / "smo" / "cards").iterdir())
    assert len(cards) == 4, cards  # the four pages' own
    assert "smo/cards" not in site.page("index.html")
