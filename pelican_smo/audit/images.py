"""The card image checks: alt text, declared size, and for local files existence, type,
file extension, pixel size and weight against each platform's limits
(``pelican_smo.limits``), and Google Discover's width for articles."""

from __future__ import annotations

import posixpath
from collections import defaultdict
from urllib.parse import unquote, urlsplit

from pelican_smo.audit.model import (
    ERROR,
    SEVERITY_RANK,
    WARNING,
    Add,
    ImageInfo,
    PageHead,
    SiteIndex,
)
from pelican_smo.limits import (
    BLUESKY_MAX_BYTES,
    DISCOVER_MIN_WIDTH,
    FACEBOOK_LARGE_MIN,
    FACEBOOK_MAX_BYTES,
    FACEBOOK_MIN,
    MB,
    WHATSAPP_MAX_BYTES,
    X_IMAGE_TYPES,
    X_LARGE_MIN,
    X_MAX_BYTES,
    X_SUMMARY_MIN,
)

__all__ = ["IMAGE_EXTENSIONS", "images"]

#: File extensions static hosts (GitHub Pages, Netlify, nginx, Apache, S3 by upload
#: tools) serve with an ``image/*`` Content-Type. Any other (``.php``, none at all,
#: ``.svgz``, served gzip-encoded) comes as ``application/octet-stream`` or with an
#: encoding that crawlers refuse, whatever the bytes are.
IMAGE_EXTENSIONS = frozenset({".jpg", ".jpeg", ".jpe", ".png", ".gif", ".webp", ".avif",
                              ".bmp", ".ico", ".tif", ".tiff", ".svg"})


def images(head: PageHead, site: SiteIndex, add: Add) -> None:
    """The card image(s): alt text, declared size, and — for local files — existence,
    pixel size, type and weight against each platform's limits.

    Facebook, LinkedIn and WhatsApp show ``og:image``; X shows ``twitter:image``
    and falls back to ``og:image``. Remote images are never fetched.
    """
    og_image = head.first("og:image") or head.first("og:image:url")
    x_image = head.first("twitter:image") or og_image
    if not og_image and not x_image:
        return
    if not head.any_of("og:image:alt", "twitter:image:alt"):
        add("image-alt-missing", WARNING,
            "the card image has no og:image:alt or twitter:image:alt text", og_image or x_image)
    if og_image and not (head.first("og:image:width") and head.first("og:image:height")):
        add("image-size-missing", WARNING,
            "og:image:width/height are missing; Facebook often shows no image on the "
            "first share of a URL", og_image)
    card = (head.last("twitter:card") or "summary").strip()
    roles: dict[str, set[str]] = defaultdict(set)
    if og_image:
        roles[og_image].add("og")
    if x_image:
        roles[x_image].add("x")
    for value, used_by in roles.items():
        _image_file(head, site, value, used_by, card, add)


def _image_file(head: PageHead, site: SiteIndex, value: str, used_by: set[str], card: str,
                add: Add) -> None:
    url = site.resolve(value, head.path)
    if not site.is_local(url):
        return
    rel = site.file_for(url)
    if rel is None:
        add("image-missing-file", ERROR, "the card image is not in the output folder", value)
        return
    extension = posixpath.splitext(unquote(urlsplit(url).path))[1].lower()
    if extension not in IMAGE_EXTENSIONS:
        named = f"the extension {extension}" if extension else "no extension"
        add("image-extension", ERROR,
            f"a static host serves a file with {named} without an image Content-Type; "
            "platforms refuse it as an image (use .jpg, .png, .webp or .gif)", value)
    info = site.image(rel)
    if info.mime_type is None:
        add("image-type", ERROR, f"not an image Pillow can read ({info.error})", value)
        return
    if info.mime_type == "image/svg+xml":
        add("image-type", ERROR, "SVG card images are shown by neither X nor Facebook", value)
        return
    if info.mime_type not in X_IMAGE_TYPES:
        add("image-type", ERROR,
            f"{info.mime_type} is not JPG, PNG, WEBP or GIF, the types X accepts", value)
    declared = head.first("og:image:type")
    if "og" in used_by and declared and declared.lower() != info.mime_type:
        add("image-type", WARNING,
            f"og:image:type says {declared} but the file is {info.mime_type}", value)
    small = _image_pixels(head, info, value, used_by, card, add)
    if not small and "og" in used_by and head.first("og:type") == "article" and (
            (info.width or 0) < DISCOVER_MIN_WIDTH):
        add("image-too-narrow", WARNING,
            f"image is {info.width} px wide: Google Discover shows an article's image large "
            f"only from {DISCOVER_MIN_WIDTH} px wide", value)
    _image_weight(info, value, add)


def _image_pixels(head: PageHead, info: ImageInfo, value: str, used_by: set[str], card: str,
                  add: Add) -> bool:
    """``image-too-small`` and ``image-size-mismatch``; whether the image was too small."""
    w, h = info.width or 0, info.height or 0
    reasons: list[tuple[str, str]] = []
    if "x" in used_by and card == "summary_large_image" and (w < X_LARGE_MIN[0]
                                                              or h < X_LARGE_MIN[1]):
        reasons.append((ERROR, "X needs at least 300×157 for summary_large_image"))
    if "x" in used_by and card == "summary" and (w < X_SUMMARY_MIN[0] or h < X_SUMMARY_MIN[1]):
        reasons.append((ERROR, "X needs at least 144×144 for a summary card"))
    if "og" in used_by:
        if w < FACEBOOK_MIN[0] or h < FACEBOOK_MIN[1]:
            reasons.append((WARNING, "Facebook and LinkedIn show no image below 200×200"))
        elif w < FACEBOOK_LARGE_MIN[0] or h < FACEBOOK_LARGE_MIN[1]:
            reasons.append((WARNING, "Facebook shows a small thumbnail below 600×315 "
                                     "(1200×630 recommended)"))
    if reasons:
        severity = min((s for s, _ in reasons), key=SEVERITY_RANK.__getitem__)
        add("image-too-small", severity,
            f"image is {w}×{h}: " + "; ".join(text for _, text in reasons), value)
    if "og" in used_by:
        declared = (head.first("og:image:width"), head.first("og:image:height"))
        if all(declared) and declared != (str(w), str(h)):
            add("image-size-mismatch", WARNING,
                f"og:image:width/height say {declared[0]}×{declared[1]} but the file is "
                f"{w}×{h}", value)
    return bool(reasons)


def _image_weight(info: ImageInfo, value: str, add: Add) -> None:
    size = info.size_bytes
    kb = f"{size / 1024:.0f} KB" if size < MB else f"{size / MB:.1f} MB"
    if size > FACEBOOK_MAX_BYTES:
        add("image-too-heavy", ERROR, f"image weighs {kb}: over Facebook's 8 MB and X's and "
                                      "LinkedIn's 5 MB limits", value)
    elif size >= X_MAX_BYTES:
        add("image-too-heavy", ERROR, f"image weighs {kb}: X and LinkedIn take under 5 MB",
            value)
    elif size > BLUESKY_MAX_BYTES:
        add("image-too-heavy", WARNING,
            f"image weighs {kb} ({size:,} bytes): Bluesky takes a card image of at most "
            f"{BLUESKY_MAX_BYTES:,} bytes, and WhatsApp often drops previews over 300 KB",
            value)
    elif size > WHATSAPP_MAX_BYTES:
        add("image-too-heavy", WARNING,
            f"image weighs {kb}: WhatsApp often drops previews over 300 KB", value)
