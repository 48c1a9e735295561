"""Feeds carry the preview: every Atom and RSS item Pelican writes gets its page's image
(Media RSS ``media:content`` with url, width, height and type, and ``media:thumbnail``;
in RSS an ``enclosure`` with the file's length), and its summary is the page's plain-text
description. Read back with feedparser, the parser feed readers build on.
"""

from __future__ import annotations

import feedparser
import pytest

from tests.helpers import build_site, image_bytes, versioned
from tests.scenarios.test_site_core import head_values, one

SITE = "https://blog.example.org"
FEEDS = {"FEED_ALL_ATOM": "feeds/all.atom.xml", "FEED_ALL_RSS": "feeds/all.rss.xml",
         "CATEGORY_FEED_ATOM": "feeds/{slug}.atom.xml", "STATIC_PATHS": ["images"]}
CONTENT = {
    "images/cover.jpg": image_bytes(1200, 630, "JPEG"),
    "cover.md": "Title: With a cover\nDate: 2024-01-01\nCategory: News\n"
                "Image: {static}/images/cover.jpg\n"
                "Summary: <p>A <em>summary</em> &amp; more.</p>\n\nThe body.\n",
    "plain.md": "Title: Without a cover\nDate: 2024-01-02\nCategory: News\n\n"
                "Just text, so the page gets a generated card.\n",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return build_site(tmp_path_factory.mktemp("feeds"), content=CONTENT, settings=FEEDS)


def pages_by_link(site):
    return {f"{SITE}/with-a-cover.html": "with-a-cover.html",
            f"{SITE}/without-a-cover.html": "without-a-cover.html"}


@pytest.mark.parametrize("feed", ["feeds/all.atom.xml", "feeds/all.rss.xml",
                                  "feeds/news.atom.xml"])
def test_every_item_has_its_pages_image_and_description(site, feed):
    parsed = feedparser.parse(site.path(feed).read_bytes())
    assert not parsed.bozo, parsed.bozo_exception
    assert len(parsed.entries) == 2
    for entry in parsed.entries:
        rel = pages_by_link(site)[entry.link]
        values = head_values(site.soup(rel))
        image = one(values, "og:image")
        [content] = entry.media_content
        assert content["url"] == image
        assert content["medium"] == "image"
        assert content["type"] == one(values, "og:image:type")
        assert (content["width"], content["height"]) == (one(values, "og:image:width"),
                                                         one(values, "og:image:height"))
        assert entry.media_thumbnail[0]["url"] == image
        assert entry.summary == one(values, "og:description")


def test_rss_items_have_an_enclosure_with_the_files_length(site):
    parsed = feedparser.parse(site.path("feeds/all.rss.xml").read_bytes())
    cover = next(e for e in parsed.entries if e.link.endswith("with-a-cover.html"))
    [enclosure] = cover.enclosures
    assert enclosure["href"] == versioned(f"{SITE}/images/cover.jpg",
                                          CONTENT["images/cover.jpg"])
    assert enclosure["type"] == "image/jpeg"
    assert int(enclosure["length"]) == len(CONTENT["images/cover.jpg"])


def test_feeds_can_be_left_as_pelican_writes_them(tmp_path):
    ours = build_site(tmp_path / "off", content=CONTENT, settings={**FEEDS, "SMO_FEEDS": False})
    plain = build_site(tmp_path / "plain", content=CONTENT, settings=FEEDS, plugins=())
    for feed in ("feeds/all.atom.xml", "feeds/all.rss.xml"):
        assert ours.path(feed).read_bytes() == plain.path(feed).read_bytes()


def test_a_card_that_could_not_be_drawn_leaves_the_feeds(tmp_path):
    """The card folder cannot be made (a file stands at ``smo/cards``): the feeds, written
    naming the planned card, lose that item's image and keep everything else (the other
    item's image, every summary, the Media RSS namespace prefix)."""
    out = tmp_path / "output"
    (out / "smo").mkdir(parents=True)
    (out / "smo" / "cards").write_text("not a folder", encoding="utf-8")
    site = build_site(tmp_path, content=CONTENT, settings=FEEDS, expect_ok=False)
    assert [e for e in site.errors if "card folder" in e], site.log
    cover = versioned(f"{SITE}/images/cover.jpg", CONTENT["images/cover.jpg"])
    for feed in ("feeds/all.atom.xml", "feeds/all.rss.xml", "feeds/news.atom.xml"):
        raw = site.path(feed).read_text(encoding="utf-8")
        assert "smo/cards" not in raw, feed
        assert "<media:content" in raw, feed  # the prefix kept, not ns0:
        parsed = feedparser.parse(raw.encode("utf-8"))
        assert not parsed.bozo, parsed.bozo_exception
        entries = {e.link: e for e in parsed.entries}
        assert [c["url"] for c in entries[f"{SITE}/with-a-cover.html"].media_content] == [cover]
        without = entries[f"{SITE}/without-a-cover.html"]
        assert "media_content" not in without and "media_thumbnail" not in without, feed
        assert without.summary.startswith("Just text"), feed
        assert without.title == "Without a cover"
