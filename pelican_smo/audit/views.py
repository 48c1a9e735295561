"""What each platform's link card shows for one page, after that platform's fallbacks.

``card_views`` reads a page's own tags (``PageHead``) the way X, Facebook, LinkedIn,
Mastodon, Slack and Discord do, and returns one ``CardView`` per platform: title,
description, site name, domain and image (``ImageView``: a local file, or why there
is none). ``audit.preview`` draws them.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from pelican_smo.audit.checks import X_IMAGE_TYPES, PageHead, SiteIndex
from pelican_smo.i18n import ENGLISH, Strings, messages

#: Mastodon reads these JSON-LD types' headline/description before Open Graph.
_MASTODON_JSONLD_TYPES = ("NewsArticle", "WebPage")


@dataclass(frozen=True, slots=True)
class ImageView:
    """What a card shows in its image slot: a local file, or a placeholder saying why not."""

    src: str | None
    #: Why there is no picture (placeholder): a few words shown, the full reason as a tooltip.
    note: str | None = None
    short: str | None = None
    width: int | None = None
    height: int | None = None

    @property
    def landscape_large(self) -> bool:
        """Big enough for a large layout: unknown sizes count as large."""
        if self.width is None or self.height is None:
            return True
        return self.width >= 400 and self.width >= self.height


@dataclass(frozen=True, slots=True)
class CardView:
    """One platform's card for one page, after that platform's fallbacks."""

    platform: str
    label: str
    layout: str  # "large" or "small"
    title: str | None
    description: str | None
    site_name: str | None
    domain: str
    image: ImageView | None
    color: str | None = None
    byline: str | None = None
    fields: tuple[tuple[str, str], ...] = ()


def card_views(head: PageHead, site: SiteIndex, output_dir: str,
               preview_dir: str, words: Strings = ENGLISH) -> list[CardView]:
    """The six cards for one page, each with its platform's fallback order.

    - X: ``twitter:title`` → ``og:title``; ``twitter:description`` →
      ``og:description``; ``twitter:image`` → ``og:image``; layout from the last
      ``twitter:card`` (``summary_large_image`` is large, anything else small).
    - Facebook, LinkedIn: ``og:title`` → ``<title>``; ``og:description`` →
      meta description; ``og:image``; small layout for a small known image.
    - Mastodon: JSON-LD ``NewsArticle``/``WebPage`` headline and description
      first, then Open Graph, then ``<title>``/description;
      ``fediverse:creator`` as the byline.
    - Slack: ``og:*`` → ``twitter:*`` → ``<title>``/description; extra
      ``twitter:label1/data1`` fields; large image only for
      ``summary_large_image``.
    - Discord: like Slack, with ``theme-color`` as the embed's colour bar.
    """
    domain = _domain(head, site)
    site_name = head.first("og:site_name") or None
    card = (head.last("twitter:card") or "").strip()
    og_image = head.any_of("og:image", "og:image:url")
    x_image = head.any_of("twitter:image") or og_image

    def image(value: str | None) -> ImageView | None:
        return _image_view(value, head, site, output_dir, preview_dir)

    x_img = image(x_image)
    og_img = image(og_image)
    any_img = og_img or image(head.any_of("twitter:image"))
    og_title = head.any_of("og:title") or head.title
    og_description = head.any_of("og:description", "description")
    chat_title = head.any_of("og:title", "twitter:title") or head.title
    chat_description = head.any_of("og:description", "twitter:description", "description")
    ld_title, ld_description = _mastodon_json_ld(head)
    x_large = card == "summary_large_image"
    fields = tuple((label, data) for n in ("1", "2")
                   if (label := head.any_of(f"twitter:label{n}"))
                   and (data := head.any_of(f"twitter:data{n}")))
    creator = head.any_of("fediverse:creator")
    return [
        CardView("x", "X · " + ("large image card" if x_large else "summary card"),
                 "large" if x_large else "small",
                 head.any_of("twitter:title", "og:title"),
                 head.any_of("twitter:description", "og:description"),
                 site_name, domain, x_img),
        CardView("facebook", "Facebook", _size_layout(og_img, 600, 315), og_title,
                 og_description, site_name, domain, og_img),
        CardView("linkedin", "LinkedIn", _size_layout(og_img, 401, 1), og_title, None,
                 site_name, domain, og_img),
        CardView("mastodon", "Mastodon",
                 "large" if any_img is None or any_img.landscape_large else "small",
                 ld_title or og_title, ld_description or og_description,
                 site_name or domain, domain, any_img,
                 byline=words.format(messages.PREVIEW_MORE_FROM, creator=creator)
                 if creator else None),
        CardView("slack", "Slack", "large" if x_large else "small", chat_title,
                 chat_description, site_name or domain, domain, any_img, fields=fields),
        CardView("discord", "Discord", "large" if x_large else "small", chat_title,
                 chat_description, site_name, domain, any_img,
                 color=head.any_of("theme-color")),
    ]


def _size_layout(image: ImageView | None, min_width: int, min_height: int) -> str:
    if image is None or image.width is None or image.height is None:
        return "large"
    return "large" if image.width >= min_width and image.height >= min_height else "small"


def _domain(head: PageHead, site: SiteIndex) -> str:
    url = head.any_of("og:url") or (head.canonicals[0] if head.canonicals else "")
    host = urlsplit(url.strip()).hostname if url else None
    if not host:
        host = urlsplit(site.page_url(head.path)).hostname or ""
    if host == "site.invalid":
        return "(unknown site)"
    return host.removeprefix("www.")


def _mastodon_json_ld(head: PageHead) -> tuple[str | None, str | None]:
    for body in head.json_ld:
        try:
            data = json.loads(body)
        except ValueError:
            continue
        stack = data if isinstance(data, list) else [data]
        nodes = []
        for item in stack:
            if isinstance(item, dict):
                nodes.append(item)
                graph = item.get("@graph")
                if isinstance(graph, list):
                    nodes.extend(n for n in graph if isinstance(n, dict))
        for node in nodes:
            types = node.get("@type")
            types = types if isinstance(types, list) else [types]
            if any(t in _MASTODON_JSONLD_TYPES for t in types):
                title = node.get("headline") or node.get("name")
                description = node.get("description")
                return (title if isinstance(title, str) else None,
                        description if isinstance(description, str) else None)
    return None, None


def _image_view(value: str | None, head: PageHead, site: SiteIndex, output_dir: str,
                preview_dir: str) -> ImageView | None:
    """Local file → relative ``src``; anything a platform could not show → a placeholder."""
    if not value:
        return None
    parts = urlsplit(value.strip())
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return ImageView(None, "relative image URL: platforms show no image", "relative URL")
    url = site.resolve(value, head.path)
    if not site.is_local(url):
        return ImageView(None, f"remote image, not loaded by the preview ({parts.hostname or ''})",
                         "remote image")
    rel = site.file_for(url)
    if rel is None:
        return ImageView(None, "image file missing from the output folder", "missing file")
    info = site.image(rel)
    if info.mime_type is None:
        return ImageView(None, "not a readable image file", "unreadable")
    if info.mime_type not in X_IMAGE_TYPES:
        return ImageView(None, f"{info.mime_type}: X and Facebook show no image of this type",
                         "unsupported type")
    return ImageView(relative_path(output_dir, rel, preview_dir), width=info.width,
                     height=info.height)


def relative_path(output_dir: str, rel: str, preview_dir: str) -> str:
    path = os.path.relpath(os.path.join(os.path.abspath(output_dir), rel), preview_dir)
    return quote(path.replace(os.sep, "/"), safe="/")


# --- markup ----------------------------------------------------------------------------------
