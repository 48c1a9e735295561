"""The image of a page: which reference wins, its absolute URL, its file facts (the video
chain, which resolves references the same way: ``facts.video``).

A reference is resolved as the page's reader would meet it: Pelican's link syntax
(``{static}``, ``|static|``, ``{attach}``, ``{filename}``: ``INTRASITE_LINK_REGEX``)
by Pelican itself; a reference in the content's HTML against the page's own URL, as
a browser does (RFC 3986 §5.2); a metadata or settings path against the site's URL.
Platform rules come from ``pelican_smo.limits``.
"""

from __future__ import annotations

import logging
import os
import posixpath
import re
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from pelican_smo import limits
from pelican_smo.model import ImageFact
from pelican_smo.util.text import clean_text, tag_attributes
from pelican_smo.util.urls import (
    UnsafeUrlError,
    absolute_url,
    normalise,
    resolve_reference,
    url_path,
    with_version,
)

if TYPE_CHECKING:
    from pelican_smo.facts.probe import ImageFile
    from pelican_smo.facts.state import BuildState

logger = logging.getLogger(__name__)

TAG_ATTRS = r"(?:[^>\"']|\"[^\"]*\"|'[^']*')*"
_IMG = re.compile(rf"<img\b{TAG_ATTRS}>", re.IGNORECASE)
_SCHEME_OR_ROOT = re.compile(r"^(?:[A-Za-z][A-Za-z0-9+.-]*:|/)")
_SRC = re.compile(r'src="([^"]*)"')
#: Metadata that names a page's image, in priority order (names themes already use).
IMAGE_KEYS = ("og_image", "image", "cover", "featured_image")
#: Inline pictures that are never a file to preview.
_INLINE_SCHEMES = ("data:", "blob:")
#: Where a run of text ends, around an image: the start or end of a block, or a line break.
_BLOCK_EDGE = re.compile(
    r"</?(?:p|div|li|ul|ol|td|th|tr|table|figure|figcaption|blockquote|dd|dt|dl|section|"
    r"article|aside|header|footer|h[1-6]|pre|center)\b[^>]*>|<br\b[^>]*>", re.IGNORECASE)
_ANY_TAG = re.compile(r"<[^>]*>")
#: How far around an image its sentence is looked for, in characters of HTML.
_AROUND = 400
_SVG_SUFFIXES = (".svg", ".svgz")
_SVG = "image/svg+xml"
#: What separates words in a file name: ``photo-01_b`` reads as "photo 01 b".
_NAME_SEPARATORS = re.compile(r"[\s_-]+")
#: What a file name has and words written out do not.
_FILE_NAME_MARKS = re.compile(r"[-_.]")
#: An image file's name, whichever file it names (``flag.png`` as the alt of ``f1.png``).
_IMAGE_FILE_NAME = re.compile(r"\S+\.(?:png|jpe?g|gif|webp|avif|svgz?|bmp|tiff?|heic|ico)",
                              re.IGNORECASE)


def page_image(content: Any, res: BuildState,
               source: str) -> tuple[ImageFact | None, str | None]:
    """The page's preview image.

    Fallback order: ``og_image`` → ``image`` → ``cover`` → ``featured_image`` metadata
    → the first ``<img>`` in the content that X, Facebook and LinkedIn all show
    (``_shown_everywhere``) → ``SMO_DEFAULT_IMAGE``; a generated card, when
    ``SMO_CARDS`` asks for one, takes the place of the default later.

    An image the author named (metadata, the default) is kept when it breaks a
    platform rule (SVG, under 200×200, too heavy, a type X doesn't show, a file
    that isn't found), with a warning naming the page and the field. It is skipped,
    with a warning, when it can't be used at all: a reference that is no URL, a path
    above the root, a file no decoder can read. The content's images are the
    plugin's own choice: one that isn't shown everywhere is passed over for the next.

    Alt text: ``og_image_alt`` or ``image_alt`` metadata for a metadata image, the
    ``alt`` of the content image it came from, ``SMO_DEFAULT_IMAGE_ALT`` for the
    default; an alt that only repeats the file's name counts as none (``alt_text``).
    Returns the image and where it came from ("metadata", "content", "default").
    """
    meta = content.metadata
    alt = meta.get("og_image_alt") or meta.get("image_alt")
    for key in IMAGE_KEYS:
        if meta.get(key):
            found = image_fact(str(meta[key]), alt, content, res, source, field=key)
            if found:
                return found, "metadata"
    found = _content_image(content, res, source)
    if found:
        return found, "content"
    fallback = default_image(res, source)
    return fallback, "default" if fallback else None


def default_image(res: BuildState, source: str) -> ImageFact | None:
    """The site's default image (site-relative path or URL) with its alt text:
    ``SMO_DEFAULT_IMAGE`` → ``FEATURED_IMAGE`` (the theme setting several themes use
    for the same purpose) → none.

    Resolved once per build: every listing page and many articles use it. One that
    can't be used is warned about once, naming the setting, and left out of every page.
    """
    ref = res.config.default_image or res.settings.get("FEATURED_IMAGE")
    if not ref or not isinstance(ref, str):
        return None
    if not isinstance(res.default_image_fact, ImageFact | None):
        res.default_image_fact = None  # if resolving fails, it fails once
        field = "SMO_DEFAULT_IMAGE" if res.config.default_image else "FEATURED_IMAGE"
        res.default_image_fact = image_fact(ref, res.config.default_image_alt, None, res,
                                            source, field=field)
    return res.default_image_fact


def image_fact(ref: str, alt: Any, content: Any, res: BuildState, source: str, *,
               field: str, preview: bool = True) -> ImageFact | None:
    """An image the author named: ``ref`` as an absolute URL, with its file's facts when
    it is a file of this site; ``None`` (warned, naming ``source`` and ``field``) when it
    can't be used.

    Reference forms: Pelican's link syntax (``{static}``, ``|static|``, ``{attach}``,
    ``{filename}``, resolved by Pelican itself against the content's folder); absolute
    http(s) URLs; site-relative paths (``images/a.png``, ``/images/a.png``); paths
    relative to the content file's folder. Remote images are never fetched: their size
    stays unknown. ``preview=False`` (a logo) skips the warnings about what link
    previews need.
    """
    url = _image_url(ref, content, res, source, field, in_content=False)
    if url is None:
        return None
    alt_text = alt_text_for(alt, url)
    local = _local_file(url, res)
    if local is None:
        if res.site_path(url) is not None:
            res.warn_once(url, "%s: %s: %s is not a file of this site (looked in the "
                          "static files, the content and the output folder)", source, field,
                          url)
        elif preview and url_path(url).lower().endswith(_SVG_SUFFIXES):
            res.warn_once(f"{url}:svg", "%s: %s: %s is SVG, which X and Facebook don't "
                          "show in link previews; use PNG or JPEG", source, field, url)
        return ImageFact(url=url, alt=alt_text)
    info = res.images.read(local)
    if info.problem:
        res.warn_once(f"{local}:problem", "%s: %s: %s %s; left out", source, field,
                      local, info.problem)
        return None
    if preview:
        for kind, problem in _rules_broken(info):
            res.warn_once(f"{local}:{kind}", "%s: %s: %s %s", source, field, local,
                          problem)
    return _fact(url, alt_text, info, local, res)


def _content_image(content: Any, res: BuildState, source: str) -> ImageFact | None:
    """The first ``<img>`` of the content that every platform shows, or ``None``."""
    for match in _IMG.finditer(getattr(content, "_content", None) or ""):
        attrs = tag_attributes(match.group(0))
        src = attrs.get("src")
        if not src or src.lstrip().lower().startswith(_INLINE_SCHEMES):
            continue
        url = _image_url(src, content, res, source, "content image", in_content=True)
        if url is None:
            continue
        if res.site_path(url) is None and (_declared_small(attrs) or _in_running_text(
                match.string, match.start(), match.end())):
            logger.debug("%s: not the preview image: %s is a glyph in the text", source, url)
            continue
        found = _shown_everywhere(url, attrs.get("alt"), res, source)
        if found is not None:
            return found
    return None


def _declared_small(attrs: dict[str, str]) -> bool:
    """The ``<img>`` says it is drawn under the 200 pixels a preview needs a side
    (``width``/``height`` attributes): the size a remote image is known by."""
    for name in ("width", "height"):
        value = (attrs.get(name) or "").strip().removesuffix("px")
        if value.isdigit() and int(value) < limits.PREVIEW_MIN_SIDE:
            return True
    return False


def _in_running_text(html: str, start: int, end: int) -> bool:
    """Whether the image at ``html[start:end]`` stands in a sentence, with words before and
    after it in the same block (a formula, a badge, an emoji drawn as a picture): an
    inline glyph, not a picture of the post. Used for remote images, whose size is
    unknown; a file of the site is judged by its size.

    Regular expressions over the 400 characters on each side, not a parser: the
    ``<img>`` was found by ``_IMG`` in the raw content, and only the text beside it
    matters. On the benchmark's articles (5.3 kB of HTML) this takes 13 µs a call, where
    ``html.parser`` over the article takes 337 µs."""
    before = html[max(0, start - _AROUND):start]
    edges = list(_BLOCK_EDGE.finditer(before))
    if edges:
        before = before[edges[-1].end():]
    after = html[end:end + _AROUND]
    edge = _BLOCK_EDGE.search(after)
    if edge:
        after = after[:edge.start()]
    return bool(_ANY_TAG.sub("", before).strip()) and bool(_ANY_TAG.sub("", after).strip())


def _shown_everywhere(url: str, alt: Any, res: BuildState, source: str) -> ImageFact | None:
    """The image at ``url`` if X, Facebook and LinkedIn all show it (``limits``): a file of
    this site that decodes, is JPG, PNG, WEBP or GIF, at least 200 pixels a side and
    under 5 MB; or a remote image (of unknown size) whose name doesn't end in ``.svg``.
    ``None`` for anything else (logged at debug level: passing over a button or a logo
    is normal). A file that can't be decoded is warned about once: the site has a broken
    file."""
    alt_text = alt_text_for(alt, url)
    if res.site_path(url) is None:
        if url_path(url).lower().endswith(_SVG_SUFFIXES):
            logger.debug("%s: not the preview image: %s is SVG", source, url)
            return None
        return ImageFact(url=url, alt=alt_text)
    local = _local_file(url, res)
    if local is None:
        logger.debug("%s: not the preview image: %s is not a file of this site", source, url)
        return None
    info = res.images.read(local)
    if info.problem:
        res.warn_once(f"{local}:problem", "%s: content image: %s %s; left out", source,
                      local, info.problem)
        return None
    broken = _rules_broken(info)
    if broken and broken[0][0] != "heavy":
        logger.debug("%s: not the preview image: %s %s", source, local, broken[0][1])
        return None
    for kind, problem in broken:  # only "heavy": shown, but not on WhatsApp
        res.warn_once(f"{local}:{kind}", "%s: content image: %s %s", source, local,
                      problem)
    return _fact(url, alt_text, info, local, res)


def _rules_broken(info: ImageFile) -> list[tuple[str, str]]:
    """What keeps platforms from showing a readable image file (``limits``), as (kind,
    words) pairs, worst first. Kinds: "svg", "type", "small", "huge" (over Facebook's
    8 MB), "big" (X's and LinkedIn's 5 MB), "heavy" (Bluesky's 1,000,000 bytes and WhatsApp's
    300 KB, unofficial: the only one that still leaves the image shown by X, Facebook and
    LinkedIn)."""
    found = []
    if info.mime_type == _SVG:
        found.append(("svg", "is SVG, which X and Facebook don't show in link previews; "
                             "use PNG or JPEG"))
    elif info.mime_type not in limits.X_IMAGE_TYPES:
        found.append(("type", f"is {info.mime_type or 'of an unknown type'}; X shows only "
                              "JPG, PNG, WEBP and GIF"))
    elif info.width is not None and info.height is not None and \
            min(info.width, info.height) < limits.PREVIEW_MIN_SIDE:
        low = limits.FACEBOOK_MIN
        found.append(("small", f"is {info.width}×{info.height}, smaller than the "
                               f"{low[0]}×{low[1]} Facebook needs for a preview"))
    size = info.size_bytes
    if size > limits.FACEBOOK_MAX_BYTES:
        found.append(("huge", f"is {size / limits.MB:.1f} MB, over Facebook's 8 MB limit"))
    elif size >= limits.PREVIEW_MAX_BYTES:
        found.append(("big", f"is {size / limits.MB:.1f} MB; X and LinkedIn take under "
                             "5 MB"))
    elif size > limits.BLUESKY_MAX_BYTES:
        found.append(("heavy", f"is {size / limits.MB:.1f} MB ({size:,} bytes); Bluesky "
                               f"takes a card image of at most {limits.BLUESKY_MAX_BYTES:,} "
                               "bytes, and WhatsApp often drops preview images over 300 KB"))
    elif size > limits.WHATSAPP_MAX_BYTES:
        found.append(("heavy", f"is {size // 1024} KB; WhatsApp often drops preview "
                               "images over 300 KB"))
    return found


def _fact(url: str, alt: str | None, info: ImageFile, local: str,
          res: BuildState) -> ImageFact:
    """The facts of an image file of this site at ``url``. With ``SMO_IMAGE_VERSIONS``
    its URL carries the file's version (``with_version``), so a replaced file gets a new
    URL. Only files of the site come here: a remote image is never fetched (no version),
    and a generated card is named by its digest already (``facts.cards``)."""
    if res.config.image_versions:
        url = with_version(url, res.images.digest(local))
    return ImageFact(url=url, alt=alt, width=info.width, height=info.height,
                     mime_type=info.mime_type, source_path=local)


def alt_text_for(alt: Any, url: str) -> str | None:
    """``alt`` as plain text, or ``None`` when there is none or it only repeats the image's
    file name (``photo-01.png``) or stem (``photo-01``, ``Photo 01``): WCAG 2 technique F30
    names file names as text alternatives that are not alternatives, and the WAI images
    tutorial asks for a description of the picture.

    Compared case-insensitively. With ``-``, ``_`` and spaces alike, it is still the file's
    name when it is written as one (a ``-``, ``_`` or ``.`` in it: ``PHOTO_01``) or the
    name is a camera's or a counter's (a digit in it: ``Photo 01``); words the author wrote
    out (``GPU Layout`` for ``gpu_layout.png``) are kept. An image file's name
    (``flag.png``), whichever file it names, is no description either."""
    if not alt:
        return None
    text = clean_text(str(alt))
    if not text:
        return None
    if _IMAGE_FILE_NAME.fullmatch(text):
        return None
    name = unquote(posixpath.basename(url_path(url)))
    if name:
        stem = posixpath.splitext(name)[0]
        if text.casefold() in (name.casefold(), stem.casefold()):
            return None
        if _name_words(text) in (_name_words(name), _name_words(stem)) and (
                _FILE_NAME_MARKS.search(text) or any(c.isdigit() for c in stem)):
            return None
    return text


def _name_words(value: str) -> str:
    return _NAME_SEPARATORS.sub(" ", value).strip().casefold()


class NoFile(Exception):
    """A reference in Pelican's link syntax that Pelican finds no file for."""


def _image_url(ref: str, content: Any, res: BuildState, source: str, field: str, *,
               in_content: bool) -> str | None:
    """The absolute URL an image reference names (``reference_url``), or ``None``: warned,
    naming ``source`` and ``field``, when it can't be one."""
    try:
        return reference_url(ref, content, res, in_content=in_content)
    except NoFile:
        if not in_content:  # in the content, Pelican has said so itself
            res.warn_once(f"{source}:{ref}", "%s: %s: %s names no file of the site",
                          source, field, ref)
    except UnsafeUrlError as err:
        logger.warning("%s: %s: ignoring image: %s", source, field, err)
    return None


def reference_url(ref: str, content: Any, res: BuildState, *, in_content: bool) -> str | None:
    """The absolute URL of an image or video reference; ``None`` without a site URL.

    Fallback order: Pelican's link syntax (``INTRASITE_LINK_REGEX``: ``{static}``,
    ``|static|``, ``{attach}``, ``{filename}``) resolved by Pelican → an absolute or
    protocol-relative http(s) URL → with ``in_content`` (an ``src`` in the content's
    HTML), the reference resolved against the page's own URL as the reader's browser
    does (RFC 3986 §5.2: ``pic.png`` on ``/blog/post/`` is ``/blog/post/pic.png``) →
    otherwise (metadata, settings) a static file named relative to the content's
    folder → a path from the site's URL. Raises ``UnsafeUrlError`` for what can't be
    a URL (``util.urls``) and ``NoFile`` for a link Pelican can't resolve.
    """
    ref = clean_text(ref)
    if not ref or res.site.url is None:
        return None
    normalise(ref)  # no lone surrogate, no control character, a host urlsplit reads
    if res.link_syntax(ref):
        link = _pelican_link(ref, content, res)
        if link is None:
            raise NoFile(ref)
        return absolute_url(res.site.url, link)
    if in_content:
        base = res.page_url(content)
        return resolve_reference(base, ref) if base else None
    if content is not None and not _SCHEME_OR_ROOT.match(ref):
        ref = res.content_relative_static(ref, content) or ref
    return absolute_url(res.site.url, ref)


def _pelican_link(ref: str, content: Any, res: BuildState) -> str | None:
    """Let Pelican resolve ``{static}``-style links exactly as it does in content;
    ``None`` when it finds no file.

    Remembered per build by reference and the content's folder (what a relative
    reference depends on): articles name the same cover images, and Pelican's
    resolver costs tens of microseconds a call. Not ``{attach}``: it moves the file
    next to the content that links it, so each content asks Pelican itself. Without
    a content (a setting), ``{static}``/``{attach}`` name a path below the content
    folder.
    """
    if content is None:
        match = res.link_syntax(ref)
        if match is None or match.group("what") not in ("static", "attach"):
            return None
        return res.static_by_path(unquote(ref[match.end():]).lstrip("/"))
    key = (ref, str(getattr(content, "relative_dir", "")))
    if key in res.resolved_links:
        return res.resolved_links[key]
    quoted = ref.replace('"', "%22")
    resolved = content._update_content(f'<img src="{quoted}">', res.site.url or "")
    match = _SRC.search(resolved)
    link = match.group(1) if match else ref
    found = None if res.link_syntax(link) else link
    attach = res.link_syntax(ref)
    if attach is None or attach.group("what") != "attach":
        res.resolved_links[key] = found
    return found


def _local_file(url: str, res: BuildState) -> str | None:
    """The file behind a URL of this site: a static file Pelican publishes there, else a
    file at that path in the output folder (theme files, earlier builds) or the content
    folder. The path is decoded, then normalised, and must stay inside the folder."""
    local = res.static_file_for(url)
    if local is not None:
        return local
    rel = res.site_path(url)
    if rel is None:
        return None
    rel = posixpath.normpath("/" + unquote(rel)).lstrip("/")
    for root in (res.settings.get("OUTPUT_PATH"), res.settings.get("PATH")):
        if not root or not rel:
            continue
        folder = os.path.abspath(str(root))
        candidate = os.path.abspath(os.path.join(folder, rel))
        if os.path.commonpath((folder, candidate)) == folder and os.path.isfile(candidate):
            return candidate
    return None


# --- video -----------------------------------------------------------------------------------
