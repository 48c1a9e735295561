"""The video chain: the video a page is about, for ``og:video`` and ``VideoObject``."""

from __future__ import annotations

import logging
import posixpath
import re
from typing import Any
from urllib.parse import parse_qs, urlsplit

from pelican_smo.facts.media import TAG_ATTRS, NoFile, reference_url
from pelican_smo.facts.state import BuildState
from pelican_smo.model import VideoFact
from pelican_smo.util.text import clean_text, tag_attributes
from pelican_smo.util.urls import UnsafeUrlError, normalise, url_path

logger = logging.getLogger(__name__)

_VIDEO_TAG = re.compile(rf"<(iframe|video|source)\b{TAG_ATTRS}>", re.IGNORECASE)
_YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{6,20}$")
_VIDEO_TYPES = {".mp4": "video/mp4", ".m4v": "video/mp4", ".webm": "video/webm",
                ".ogv": "video/ogg", ".mov": "video/quicktime"}


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
        found = _video_from_ref(str(meta["video"]), size, content, res, source, "video")
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
            found = _video_from_ref(src, video_size if tag == "source" else size, content,
                                    res, source, f"content <{tag}>", in_content=True)
            if found and found.mime_type != "text/html":
                return found
    return None


def _video_from_ref(ref: str, size: tuple[int | None, int | None], content: Any,
                    res: BuildState, source: str, field: str, *,
                    in_content: bool = False) -> VideoFact | None:
    """A video reference as a player (YouTube, Vimeo) or a video file's absolute URL
    (resolved as ``reference_url`` says); ``None`` (warned, naming ``source`` and
    ``field``) when it is neither."""
    ref = clean_text(ref)
    try:
        player = _player_url(normalise(ref))
        if player:
            return VideoFact(url=player, mime_type="text/html", width=size[0],
                             height=size[1], embed_url=player)
        url = reference_url(ref, content, res, in_content=in_content)
    except NoFile:
        logger.warning("%s: %s: %s names no file of the site", source, field, ref)
        return None
    except UnsafeUrlError as err:
        logger.warning("%s: %s: ignoring video: %s", source, field, err)
        return None
    if url is None:
        return None
    mime = _VIDEO_TYPES.get(posixpath.splitext(url_path(url))[1].lower())
    if mime is None:
        logger.warning("%s: %s: %s is neither a YouTube/Vimeo address nor a known "
                       "video file type (%s)", source, field, url,
                       ", ".join(sorted(_VIDEO_TYPES)))
        return None
    return VideoFact(url=url, mime_type=mime, width=size[0], height=size[1], content_url=url)


def _player_url(ref: str) -> str | None:
    """The embeddable player for a YouTube or Vimeo address, in its https form."""
    try:
        parts = urlsplit(ref if "//" in ref else "https://" + ref)
    except ValueError:  # an unclosed IPv6 bracket: no player (absolute_url names it)
        return None
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
