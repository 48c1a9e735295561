"""The image and video of a page: which reference wins, its absolute URL, its file facts."""

from __future__ import annotations

import logging
import os
import posixpath
import re
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, unquote, urlsplit

from pelican_smo.model import ImageFact, VideoFact
from pelican_smo.util.text import clean_text, tag_attributes
from pelican_smo.util.urls import UnsafeUrlError, absolute_url, same_origin, url_path

if TYPE_CHECKING:
    from pelican_smo.facts.state import BuildState

logger = logging.getLogger(__name__)

_TAG_ATTRS = r"(?:[^>\"']|\"[^\"]*\"|'[^']*')*"
_FIRST_IMG = re.compile(rf"<img\b{_TAG_ATTRS}>", re.IGNORECASE)
_VIDEO_TAG = re.compile(rf"<(iframe|video|source)\b{_TAG_ATTRS}>", re.IGNORECASE)
_SCHEME_OR_ROOT = re.compile(r"^(?:[A-Za-z][A-Za-z0-9+.-]*:|/)")
_SRC = re.compile(r'src="([^"]*)"')
_YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{6,20}$")
_VIDEO_TYPES = {".mp4": "video/mp4", ".m4v": "video/mp4", ".webm": "video/webm",
                ".ogv": "video/ogg", ".mov": "video/quicktime"}

#: Limits from REFERENCE.md: Facebook's minimum size and maximum weight, WhatsApp's
#: practical weight limit (unofficial, but previews over it are often dropped).
MIN_SIDE = 200
MAX_BYTES = 8 * 1024 * 1024
WHATSAPP_BYTES = 300 * 1024


def page_image(content: Any, res: BuildState,
               source: str) -> tuple[ImageFact | None, str | None]:
    """The page's preview image.

    Fallback order: ``og_image`` → ``image`` → ``cover`` → ``featured_image`` metadata
    (names themes already use) → the first ``<img>`` in the content → ``SMO_DEFAULT_IMAGE``.
    Alt text: ``og_image_alt`` or ``image_alt`` metadata for a metadata image, the
    ``alt`` of the content image it came from, ``SMO_DEFAULT_IMAGE_ALT`` for the
    default. A reference that can't be made an absolute http(s) URL is skipped
    with a warning and the chain goes on. Returns the image and where it came
    from ("metadata", "content", "default"); a generated card, when
    ``SMO_CARDS`` asks for one, takes the place of the default later.
    """
    meta = content.metadata
    alt = meta.get("og_image_alt") or meta.get("image_alt")
    for key in ("og_image", "image", "cover", "featured_image"):
        if meta.get(key):
            found = image_fact(str(meta[key]), alt, content, res, source)
            if found:
                return found, "metadata"
    first = _first_content_image(getattr(content, "_content", None) or "")
    if first:
        src, img_alt = first
        found = image_fact(src, img_alt, content, res, source)
        if found:
            return found, "content"
    fallback = default_image(res, source)
    return fallback, "default" if fallback else None


def default_image(res: BuildState, source: str) -> ImageFact | None:
    """The site's default image (site-relative path or URL) with its alt text:
    ``SMO_DEFAULT_IMAGE`` → ``FEATURED_IMAGE`` (the theme setting several themes use
    for the same purpose) → none.

    Resolved once per build: every listing page and many articles use it.
    """
    ref = res.config.default_image or res.settings.get("FEATURED_IMAGE")
    if not ref or not isinstance(ref, str):
        return None
    if not isinstance(res.default_image_fact, ImageFact | None):
        res.default_image_fact = image_fact(ref, res.config.default_image_alt, None, res,
                                            source)
    return res.default_image_fact


def _first_content_image(body: str) -> tuple[str, str | None] | None:
    match = _FIRST_IMG.search(body)
    if not match:
        return None
    attrs = tag_attributes(match.group(0))
    src = attrs.get("src")
    if not src or src.startswith("data:"):
        return None
    return src, attrs.get("alt")


def image_fact(ref: str, alt: Any, content: Any, res: BuildState,
               source: str, *, preview: bool = True) -> ImageFact | None:
    """Resolve an image reference to an absolute URL, then read its file if it is local.

    Reference forms, in the order tried: ``{static}``/``{attach}``/``{filename}``
    links (resolved by Pelican itself against the content's folder); absolute
    http(s) URLs; site-relative paths (``images/a.png``, ``/images/a.png``);
    paths relative to the content file's folder. Remote images are never
    fetched: their size stays unknown. ``preview=False`` (a logo) skips the
    warnings about what link previews need.
    """
    ref = clean_text(ref)
    if not ref or res.site.url is None:
        return None
    if ref.startswith("{") and content is not None:
        ref = _pelican_link(ref, content, res)
        if ref.startswith("{"):
            logger.warning("%s: image %s names no file of the site", source, ref)
            return None
    elif content is not None and not _SCHEME_OR_ROOT.match(ref):
        ref = res.content_relative_static(ref, content) or ref
    try:
        url = absolute_url(res.site.url, ref)
    except UnsafeUrlError as err:
        logger.warning("%s: ignoring image: %s", source, err)
        return None
    if url is None:
        return None
    alt_text = clean_text(str(alt)) if alt else None
    if not same_origin(url, res.site.url):
        return ImageFact(url=url, alt=alt_text)
    local = res.static_file_for(url) or _site_file(url, res)
    if local is None:
        res.warn_once(url, "%s: image %s is not a file of this site (looked in the static "
                      "files, the content and the output folder)", source, url)
        return ImageFact(url=url, alt=alt_text)
    info = res.images.read(local, used_by=source)
    if info is None:
        return ImageFact(url=url, alt=alt_text, source_path=local)
    if preview:
        _warn_about_image(info.path, info.width, info.height, info.mime_type,
                          info.size_bytes, res, source)
    return ImageFact(url=url, alt=alt_text, width=info.width, height=info.height,
                     mime_type=info.mime_type, source_path=local)


def _warn_about_image(path: str, width: int | None, height: int | None, mime: str | None,
                      size: int, res: BuildState, source: str) -> None:
    """One warning per problem per image file per build, naming the first page using it."""
    if mime == "image/svg+xml":
        res.warn_once(f"{path}:svg", "%s: image %s is SVG, which X and Facebook don't show "
                      "in link previews; use PNG or JPEG", source, path)
    elif width is not None and height is not None and min(width, height) < MIN_SIDE:
        res.warn_once(f"{path}:small", "%s: image %s is %d×%d, smaller than the %d×%d "
                      "Facebook needs for a preview", source, path, width, height,
                      MIN_SIDE, MIN_SIDE)
    if size > MAX_BYTES:
        res.warn_once(f"{path}:huge", "%s: image %s is %.1f MB, over Facebook's 8 MB limit",
                      source, path, size / 1024 / 1024)
    elif size > WHATSAPP_BYTES:
        res.warn_once(f"{path}:heavy", "%s: image %s is %d KB; WhatsApp often drops preview "
                      "images over 300 KB", source, path, size // 1024)


def _pelican_link(ref: str, content: Any, res: BuildState) -> str:
    """Let Pelican resolve ``{static}``-style links exactly as it does in content.

    Remembered per build by reference and the content's folder (what a relative
    reference depends on): articles name the same cover images, and Pelican's
    resolver costs tens of microseconds a call. Not ``{attach}``: it moves the file
    next to the content that links it, so each content asks Pelican itself.
    """
    key = (ref, str(getattr(content, "relative_dir", "")))
    if key in res.resolved_links:
        return res.resolved_links[key]
    quoted = ref.replace('"', "%22")
    resolved = content._update_content(f'<img src="{quoted}">', res.site.url or "")
    match = _SRC.search(resolved)
    link = match.group(1) if match else ref
    if not ref.startswith(("{attach}", "|attach|")):
        res.resolved_links[key] = link
    return link


def _site_file(url: str, res: BuildState) -> str | None:
    """A same-origin file that isn't Pelican static content: look in the output folder
    (theme files, earlier builds) and the content folder."""
    rel = url_path(url)
    base = url_path(res.site.url or "")
    if base and rel.startswith(base + "/"):
        rel = rel[len(base):]
    rel = unquote(posixpath.normpath("/" + rel).lstrip("/"))
    for root in (res.settings.get("OUTPUT_PATH"), res.settings.get("PATH")):
        if root:
            candidate = os.path.join(str(root), rel)
            if os.path.isfile(candidate):
                return candidate
    return None


# --- video -----------------------------------------------------------------------------------


def page_video(content: Any, res: BuildState, source: str) -> VideoFact | None:
    """The video a page is about.

    Fallback order: ``video`` metadata (a YouTube or Vimeo address, or a video
    file; ``video_width``/``video_height`` give its size) → the first YouTube or
    Vimeo ``<iframe>`` in the content → the first local ``<video>`` (its ``src``
    or first ``<source>``) → none.
    """
    meta = content.metadata
    if meta.get("video"):
        size = (_int(meta.get("video_width")), _int(meta.get("video_height")))
        found = _video_from_ref(clean_text(str(meta["video"])), size, res, source)
        if found:
            return found
    body = getattr(content, "_content", None) or ""
    if "<iframe" not in body and "<video" not in body:
        return None
    video_size: tuple[int | None, int | None] = (None, None)
    for match in _VIDEO_TAG.finditer(body):
        tag = match.group(1).lower()
        attrs = tag_attributes(match.group(0))
        size = (_int(attrs.get("width")), _int(attrs.get("height")))
        if tag == "video":
            video_size = size
        src = attrs.get("src")
        if not src:
            continue
        if tag == "iframe":
            player = _player_url(src)
            if player:
                return VideoFact(url=player, mime_type="text/html", width=size[0],
                                 height=size[1], embed_url=player)
        else:
            found = _video_from_ref(src, video_size if tag == "source" else size, res, source)
            if found and found.mime_type != "text/html":
                return found
    return None


def _video_from_ref(ref: str, size: tuple[int | None, int | None], res: BuildState,
                    source: str) -> VideoFact | None:
    player = _player_url(ref)
    if player:
        return VideoFact(url=player, mime_type="text/html", width=size[0], height=size[1],
                         embed_url=player)
    try:
        url = absolute_url(res.site.url, ref) if res.site.url else None
    except UnsafeUrlError as err:
        logger.warning("%s: ignoring video: %s", source, err)
        return None
    if url is None:
        return None
    mime = _VIDEO_TYPES.get(posixpath.splitext(url_path(url))[1].lower())
    if mime is None:
        logger.warning("%s: video %s is neither a YouTube/Vimeo address nor a known video "
                       "file type (%s)", source, ref, ", ".join(sorted(_VIDEO_TYPES)))
        return None
    return VideoFact(url=url, mime_type=mime, width=size[0], height=size[1], content_url=url)


def _player_url(ref: str) -> str | None:
    """The embeddable player for a YouTube or Vimeo address, in its https form."""
    parts = urlsplit(ref if "//" in ref else "https://" + ref)
    host = parts.netloc.lower().removeprefix("www.").removeprefix("m.")
    path = parts.path.strip("/").split("/")
    video_id = None
    if host in ("youtube.com", "youtube-nocookie.com"):
        if path[0] == "watch":
            video_id = parse_qs(parts.query).get("v", [None])[0]
        elif path[0] in ("embed", "shorts", "live") and len(path) > 1:
            video_id = path[1]
    elif host == "youtu.be" and path[0]:
        video_id = path[0]
    if video_id:
        return f"https://www.youtube.com/embed/{video_id}" if _YOUTUBE_ID.match(video_id) \
            else None
    if host in ("vimeo.com", "player.vimeo.com"):
        numeric = [p for p in path if p.isdigit()]
        if numeric:
            return f"https://player.vimeo.com/video/{numeric[0]}"
    return None


def _int(value: Any) -> int | None:
    try:
        number = int(str(value).strip().removesuffix("px"))
    except (TypeError, ValueError):
        return None
    return number if 0 < number < 100000 else None
