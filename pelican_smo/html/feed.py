"""Feed items carry the page's preview: the same image as ``og:image`` and the plain-text
description, for feed readers and for the feed-to-social tools that post new articles
to Mastodon, Bluesky or X from the feed, not the page.

Works on the feed object Pelican hands to ``feed_generated`` (feedgenerator's
``Atom1Feed``/``Rss201rev2Feed``) before it is written: each item gets
``media:content`` (``url``, ``width``, ``height``, ``type``, ``medium="image"``) and
``media:thumbnail`` (Media RSS 1.5.1, namespace ``http://search.yahoo.com/mrss/``);
RSS items also get an ``enclosure`` (RSS 2.0: ``url``, ``length`` in bytes, ``type``;
one per item), which RSS readers show as the item's picture. The XML is written by
feedgenerator's own serializer, which escapes attribute values.
"""

from __future__ import annotations

import contextlib
import io
import xml.etree.ElementTree as ET
from collections.abc import Callable, Collection, Mapping
from typing import Any

from feedgenerator import Enclosure, Rss201rev2Feed

from pelican_smo.model import ImageFact, PageFacts
from pelican_smo.util.write import write_atomic

MEDIA_NS = "http://search.yahoo.com/mrss/"
#: Key under which an item carries its image until the item's elements are written.
_ITEM_IMAGE = "smo_image"
#: Pelican's ``FEED_APPEND_REF`` suffix on item links.
_FEED_REF = "?ref=feed"


def add_previews(feed: Any, facts_by_link: Callable[[str], PageFacts | None],
                 *, summary: bool) -> int:
    """Give each item of ``feed`` its page's image and (``summary``) its plain-text
    description as the item's summary; returns how many items got an image.

    ``facts_by_link``: the facts of the page an item links to (its absolute URL).
    An item whose page has no facts (opted out, unknown) is left as it is.
    """
    found = 0
    for item in feed.items:
        facts = facts_by_link(_page_link(str(item.get("link") or "")))
        if facts is None:
            continue
        if summary and facts.description:
            item["description"] = facts.description
        image = facts.image
        if image is None or not image.url:
            continue
        found += 1
        item[_ITEM_IMAGE] = image
        length = image_length(image)
        if isinstance(feed, Rss201rev2Feed) and not item.get("enclosures") and length \
                and image.mime_type:
            item["enclosures"] = [Enclosure(image.url, str(length), image.mime_type)]
    if found:
        _write_media_elements(feed)
    return found


def _page_link(link: str) -> str:
    return link[: -len(_FEED_REF)] if link.endswith(_FEED_REF) else link


def image_length(image: ImageFact) -> int | None:
    """The image file's size in bytes, when it is a file of this site."""
    if not image.source_path:
        return None
    import os

    try:
        return os.path.getsize(image.source_path)
    except OSError:
        return None


def media_attributes(image: ImageFact) -> tuple[dict[str, str], dict[str, str]]:
    """``media:content`` and ``media:thumbnail`` attributes for ``image``."""
    content = {"url": image.url, "medium": "image"}
    thumbnail = {"url": image.url}
    if image.mime_type:
        content["type"] = image.mime_type
    if image.width and image.height:
        for attrs in (content, thumbnail):
            attrs["width"], attrs["height"] = str(image.width), str(image.height)
    return content, thumbnail


def _write_media_elements(feed: Any) -> None:
    """Make this feed object declare the Media RSS namespace and write each item's media
    elements after feedgenerator's own (instance attributes: other feeds are untouched)."""
    root_attributes = feed.root_attributes
    add_item_elements = feed.add_item_elements

    def with_media_namespace() -> Mapping[str, str]:
        attrs = dict(root_attributes())
        attrs["xmlns:media"] = MEDIA_NS
        return attrs

    def with_media(handler: Any, item: Mapping[str, Any]) -> None:
        add_item_elements(handler, item)
        image = item.get(_ITEM_IMAGE)
        if isinstance(image, ImageFact):
            content, thumbnail = media_attributes(image)
            handler.addQuickElement("media:content", "", content)
            handler.addQuickElement("media:thumbnail", "", thumbnail)

    feed.root_attributes = with_media_namespace
    feed.add_item_elements = with_media


def item_images(feed: Any) -> set[str]:
    """The image URLs ``add_previews`` gave this feed's items."""
    return {image.url for item in feed.items
            if isinstance(image := item.get(_ITEM_IMAGE), ImageFact)}


def drop_images(path: str, urls: Collection[str]) -> int:
    """Remove the ``media:content`` and ``media:thumbnail`` elements naming one of
    ``urls`` from the feed file at ``path`` (written already: a card it names could not
    be drawn); returns how many were removed. The rest of the feed is kept, its
    namespace prefixes too; the file is replaced atomically.

    Read and written with the standard library's ``xml.etree.ElementTree``. Raises
    ``OSError`` (naming the path) and ``xml.etree.ElementTree.ParseError``.
    """
    for _, (prefix, uri) in ET.iterparse(path, events=("start-ns",)):
        # keep "media:" and Atom's default namespace; a prefix ElementTree reserves (ns0 …)
        # is left to it
        with contextlib.suppress(ValueError):
            ET.register_namespace(prefix, uri)
    tree = ET.parse(path)
    names = {f"{{{MEDIA_NS}}}content", f"{{{MEDIA_NS}}}thumbnail"}
    removed = 0
    for parent in tree.iter():
        for child in [c for c in parent if c.tag in names and c.get("url") in urls]:
            parent.remove(child)
            removed += 1
    if removed:
        out = io.BytesIO()
        tree.write(out, encoding="utf-8", xml_declaration=True)
        write_atomic(path, out.getvalue())
    return removed
