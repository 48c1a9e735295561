"""Pelican objects and settings → ``SiteFacts`` and ``PageFacts``.

The only module that reads Pelican objects. Each fact's fallback chain is written
once, here, in priority order, in the docstring of the function that decides it.
Values leave as plain text and absolute URLs; nothing is escaped here.
"""

from __future__ import annotations

import html
import locale as pylocale
import logging
import os
import posixpath
import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any
from urllib.parse import unquote

from pelican_smo.config import TWITTER_CARDS, SmoConfig
from pelican_smo.images import ImageProbe
from pelican_smo.model import AuthorFact, ImageFact, PageFacts, SiteFacts
from pelican_smo.text import clean_text, html_to_text, truncate
from pelican_smo.urls import UnsafeUrlError, absolute_url, normalise, same_origin, url_path

logger = logging.getLogger(__name__)

_OFF = {"off", "false", "no", "0", "none"}
_FIRST_IMG = re.compile(r"<img\b(?:[^>\"']|\"[^\"]*\"|'[^']*')*>", re.IGNORECASE)
_ATTR = re.compile(r"""([^\s=/>"']+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+))""")
_SCHEME_OR_ROOT = re.compile(r"^(?:[A-Za-z][A-Za-z0-9+.-]*:|/)")
_LANG = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$")
_LISTING_NAMES = {
    "archives": "Archives",
    "tags": "Tags",
    "categories": "Categories",
    "authors": "Authors",
}


class BuildResources:
    """Per-build state that ``collect`` reads from: settings, config, site facts, caches.

    Created once at ``initialized``; the static-file map is built on first use,
    after Pelican's generators have found every static file.
    """

    def __init__(self, settings: Mapping[str, Any], config: SmoConfig) -> None:
        self.settings = settings
        self.config = config
        self.site = site_facts(settings, config)
        self.images = ImageProbe()
        self._context: Mapping[str, Any] = {}
        self._static_files: dict[str, str] | None = None
        self._warned: set[str] = set()

    def bind_context(self, context: Mapping[str, Any]) -> None:
        """Remember Pelican's shared generator context (it lists the static files)."""
        self._context = context
        self._static_files = None

    def static_file_for(self, url: str) -> str | None:
        """Source file of the static file Pelican publishes at ``url`` (absolute or relative).

        The URL → file map is built once per build, on first use.
        """
        if self._static_files is None:
            self._static_files = {}
            for static in (self._context.get("static_content") or {}).values():
                source = getattr(static, "source_path", None)
                if source:
                    self._static_files["/" + static.url.lstrip("/")] = source
        path = url_path(url)
        if self.site.url:
            base = url_path(self.site.url)
            if base and path.startswith(base + "/"):
                path = path[len(base):]
        return self._static_files.get("/" + unquote(path).lstrip("/"))

    def content_relative_static(self, ref: str, content: Any) -> str | None:
        """URL of a static file named relative to the content file's folder, if there is one."""
        statics = self._context.get("static_content") or {}
        key = posixpath.normpath(posixpath.join(getattr(content, "relative_dir", ""), ref))
        static = statics.get(key)
        return static.url if static is not None else None

    def warn_once(self, key: str, message: str, *args: Any) -> None:
        """Log a warning the first time ``key`` is seen in this build."""
        if key not in self._warned:
            self._warned.add(key)
            logger.warning(message, *args)


# --- site ------------------------------------------------------------------------------------


def site_facts(settings: Mapping[str, Any], config: SmoConfig) -> SiteFacts:
    """Site-wide facts.

    URL: ``SMO_SITEURL`` → ``SITEURL`` if it is an absolute http(s) URL → none
    (then tags that need an absolute URL are left out; ``plugin`` warns once).
    Description: ``SMO_SITE_DESCRIPTION`` → ``SITESUBTITLE`` → none.
    Locale: ``DEFAULT_LANG`` with ``LOCALE`` for its territory → none.
    """
    siteurl = config.siteurl
    if siteurl is None:
        raw = str(settings.get("SITEURL") or "")
        siteurl = raw.rstrip("/") if re.match(r"^https?://[^/\s]+", raw) else None
    description = config.site_description or settings.get("SITESUBTITLE")
    return SiteFacts(
        name=html_to_text(str(settings.get("SITENAME") or "")) or "",
        url=siteurl,
        description=clean_text(str(description)) if description else None,
        twitter_site=config.twitter_site,
        locale=og_locale(settings.get("DEFAULT_LANG"), settings),
    )


def og_locale(lang: Any, settings: Mapping[str, Any]) -> str | None:
    """OGP ``ll_TT`` locale for a content language.

    Fallback order: a ``LOCALE`` entry for the same language (``en_GB.UTF-8``
    gives ``en_GB`` for ``en``) → the language with its own territory
    (``pt-br`` → ``pt_BR``) → Python's locale alias table (``fr`` → ``fr_FR``)
    → none for anything that isn't a language code.
    """
    if not isinstance(lang, str) or not _LANG.match(lang.strip()):
        return None
    lang = lang.strip().replace("-", "_")
    language = lang.split("_")[0].lower()
    locales = settings.get("LOCALE") or ()
    if isinstance(locales, str):
        locales = (locales,)
    for entry in locales:
        code = str(entry).split(".")[0].split("@")[0]
        if re.match(r"^[a-z]{2,3}_[A-Z]{2}$", code) and code.split("_")[0] == language:
            return code
    parts = lang.split("_")
    if len(parts) > 1 and len(parts[1]) == 2:
        return f"{language}_{parts[1].upper()}"
    normalised = pylocale.normalize(language).split(".")[0]
    if re.match(r"^[a-z]{2,3}_[A-Z]{2}$", normalised):
        return normalised
    return None


# --- content pages ---------------------------------------------------------------------------


def is_opted_out(content: Any) -> bool:
    """A page opts out of everything with ``smo: off`` in its metadata."""
    return str(content.metadata.get("smo", "")).strip().lower() in _OFF


def page_facts(content: Any, res: BuildResources) -> PageFacts | None:
    """Facts for an article, page, draft or translation; ``None`` when it opted out."""
    if is_opted_out(content):
        return None
    meta = content.metadata
    source = _source_name(content)
    is_article = type(content).__name__ == "Article"
    is_draft = str(getattr(content, "status", "")).lower() == "draft"
    site = res.site

    title = html_to_text(getattr(content, "title", "") or "") or site.name
    own_url = absolute_url(site.url, content.url) if site.url else None
    canonical = _canonical(meta.get("canonical"), own_url, site.url, source)
    description = _description(content, res)
    og_description = _metadata_text(meta, "og_description", res) or description
    image = page_image(content, res, source)
    authors = _authors(content, res)

    return PageFacts(
        kind="article" if is_article else "page",
        title=title,
        url=canonical,
        canonical=canonical,
        description=description,
        og_title=_metadata_text(meta, "og_title", res) or title,
        og_description=og_description,
        og_type="article" if is_article else "website",
        locale=og_locale(getattr(content, "lang", None), res.settings) or site.locale,
        site=site,
        image=image,
        twitter_card=_twitter_card(meta.get("twitter_card"), image, source),
        published=_moment(getattr(content, "date", None)) if is_article else None,
        modified=_moment(getattr(content, "modified", None)) if is_article else None,
        authors=authors,
        section=_name_of(getattr(content, "category", None)) if is_article else None,
        tags=tuple(t for t in (_name_of(x) for x in getattr(content, "tags", None) or ()) if t)
        if is_article else (),
        locale_alternates=_locale_alternates(content, res),
        noindex=is_draft,
        shareable=_shareable(content, res, is_article=is_article, is_draft=is_draft),
    )


def _shareable(content: Any, res: BuildResources, *, is_article: bool, is_draft: bool) -> bool:
    """Share bar: off for drafts and ``share: off``; on for articles, and for pages with
    ``SMO_SHARE_PAGES``; everything off with ``SMO_SHARE = False``."""
    if not res.config.share or is_draft:
        return False
    if str(content.metadata.get("share", "")).strip().lower() in _OFF:
        return False
    return is_article or res.config.share_pages


def rendered_content(content: Any) -> str | None:
    """The content HTML exactly as the template that is being written received it.

    Pelican memoises it per site URL, and the writer sets that URL on the shared
    context before rendering, so this is the same string the theme printed.
    """
    try:
        return content.content
    except Exception:  # a reader plugin may leave content unset
        return None


def _canonical(override: Any, own_url: str | None, siteurl: str | None,
               source: str) -> str | None:
    """Canonical URL: ``canonical`` metadata (absolute, or site-relative) → the page's own URL.

    A cross-posted article names the original with an absolute URL; an unsafe
    or unusable override is warned about and ignored.
    """
    if override:
        try:
            url = absolute_url(siteurl, clean_text(str(override)))
        except UnsafeUrlError as err:
            logger.warning("%s: ignoring canonical: %s", source, err)
        else:
            if url:
                return url
    return own_url


def _description(content: Any, res: BuildResources) -> str | None:
    """Meta description: ``description`` metadata → ``summary`` metadata → the content's
    text → the site description; plain text cut at a word boundary (``SMO_DESCRIPTION_LENGTH``).

    Pelican's derived summary is not used: it is cut by word count and ends in
    its own suffix, where previews want a length in characters.
    """
    limit = res.config.description_length
    for key in ("description", "summary"):
        text = _metadata_text(content.metadata, key, res)
        if text:
            return text
    body = getattr(content, "_content", None) or ""
    text = html_to_text(body, enough=limit)
    if text:
        return truncate(text, limit)
    return res.site.description


def _metadata_text(meta: Mapping[str, Any], key: str, res: BuildResources) -> str | None:
    """Plain text of a metadata value (which may be HTML, like ``summary``), cut to length."""
    value = meta.get(key)
    if not value:
        return None
    text = html_to_text(str(value), enough=res.config.description_length)
    return truncate(text, res.config.description_length) if text else None


def _twitter_card(requested: Any, image: ImageFact | None, source: str) -> str:
    """``twitter_card`` metadata → ``summary_large_image`` for a large image → ``summary``."""
    if requested:
        value = str(requested).strip()
        if value in TWITTER_CARDS:
            return value
        logger.warning("%s: twitter_card %r is not one of %s; choosing automatically",
                       source, value, ", ".join(TWITTER_CARDS))
    if image is not None and image.is_large:
        return "summary_large_image"
    return "summary"


def _moment(value: Any) -> datetime | None:
    return value if isinstance(value, datetime) else None


def _name_of(obj: Any) -> str | None:
    name = getattr(obj, "name", obj)
    return clean_text(str(name)) if name else None


def _authors(content: Any, res: BuildResources) -> tuple[AuthorFact, ...]:
    """Authors: ``authors`` → ``author`` (Pelican fills both from ``AUTHOR``) → none.

    Each name's profile: its ``SMO_AUTHORS`` entry → its author page on this site
    (when Pelican writes author pages) → the name alone.
    """
    people = getattr(content, "authors", None) or (
        [content.author] if getattr(content, "author", None) else [])
    facts = []
    for person in people:
        name = _name_of(person)
        if not name:
            continue
        known = res.config.authors.get(name)
        if known is not None:
            facts.append(known)
            continue
        page = getattr(person, "url", None) if res.settings.get("AUTHOR_SAVE_AS") else None
        facts.append(AuthorFact(name=name, url=absolute_url(res.site.url, page)
                                if page and res.site.url else None))
    return tuple(facts)


def _locale_alternates(content: Any, res: BuildResources) -> tuple[str, ...]:
    """``og:locale:alternate``: the locale of every translation of this page, once each."""
    own = og_locale(getattr(content, "lang", None), res.settings)
    seen: list[str] = []
    for other in getattr(content, "translations", None) or ():
        loc = og_locale(getattr(other, "lang", None), res.settings)
        if loc and loc != own and loc not in seen:
            seen.append(loc)
    return tuple(seen)


# --- images ----------------------------------------------------------------------------------


def page_image(content: Any, res: BuildResources, source: str) -> ImageFact | None:
    """The page's preview image.

    Fallback order: ``og_image`` → ``image`` → ``cover`` → ``featured_image`` metadata
    (names themes already use) → the first ``<img>`` in the content → ``SMO_DEFAULT_IMAGE``.
    Alt text: ``image_alt`` (or ``og_image_alt``) metadata for a metadata image, the
    ``alt`` of the content image it came from, ``SMO_DEFAULT_IMAGE_ALT`` for the
    default. A reference that can't be made an absolute http(s) URL is skipped
    with a warning and the chain goes on.
    """
    meta = content.metadata
    alt = meta.get("og_image_alt") or meta.get("image_alt")
    for key in ("og_image", "image", "cover", "featured_image"):
        if meta.get(key):
            found = _image_fact(str(meta[key]), alt, content, res, source)
            if found:
                return found
    first = _first_content_image(getattr(content, "_content", None) or "")
    if first:
        src, img_alt = first
        found = _image_fact(src, img_alt, content, res, source)
        if found:
            return found
    return default_image(res, source)


def default_image(res: BuildResources, source: str) -> ImageFact | None:
    """The site's ``SMO_DEFAULT_IMAGE`` (site-relative path or URL) with its alt text."""
    if not res.config.default_image:
        return None
    return _image_fact(res.config.default_image, res.config.default_image_alt, None, res, source)


def _first_content_image(body: str) -> tuple[str, str | None] | None:
    match = _FIRST_IMG.search(body)
    if not match:
        return None
    attrs = _attributes(match.group(0))
    src = attrs.get("src")
    if not src or src.startswith("data:"):
        return None
    return src, attrs.get("alt")


def _attributes(tag: str) -> dict[str, str]:
    return {m.group(1).lower(): html.unescape(m.group(2) or m.group(3) or m.group(4) or "")
            for m in _ATTR.finditer(tag)}


def _image_fact(ref: str, alt: Any, content: Any, res: BuildResources,
                source: str) -> ImageFact | None:
    """Resolve an image reference to an absolute URL, then read its file if it is local.

    Reference forms, in the order tried: ``{static}``/``{attach}``/``{filename}``
    links (resolved by Pelican itself against the content's folder); absolute
    http(s) URLs; site-relative paths (``images/a.png``, ``/images/a.png``);
    paths relative to the content file's folder.
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
    local = res.static_file_for(url) or _output_file(url, res)
    if local is None:
        res.warn_once(url, "%s: image %s is not a file of this site (looked in the static "
                      "files, the content and the output folder)", source, url)
        return ImageFact(url=url, alt=alt_text)
    info = res.images.read(local, used_by=source)
    if info is None:
        return ImageFact(url=url, alt=alt_text, source_path=local)
    return ImageFact(url=url, alt=alt_text, width=info.width, height=info.height,
                     mime_type=info.mime_type, source_path=local)


def _pelican_link(ref: str, content: Any, res: BuildResources) -> str:
    """Let Pelican resolve ``{static}``-style links exactly as it does in content."""
    quoted = ref.replace('"', "%22")
    resolved = content._update_content(f'<img src="{quoted}">', res.site.url or "")
    match = re.search(r'src="([^"]*)"', resolved)
    return match.group(1) if match else ref


def _output_file(url: str, res: BuildResources) -> str | None:
    """A same-origin file that isn't Pelican static content: look in the theme's output
    and the content folder (for ``STATIC_PATHS`` files written later in the build)."""
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


# --- listing pages ---------------------------------------------------------------------------


def listing_facts(context: Mapping[str, Any], output_file: str,
                  res: BuildResources) -> PageFacts:
    """Facts for an index, category, tag, author, archive or paginated page.

    Title: the category, tag, author or period name, then the site name (the index
    is the site name alone), with " – page N" past the first page. Description:
    the site description. Canonical: this page itself (page 2 is canonical to
    page 2), its ``index.html`` dropped so directory URLs stay directory URLs.
    """
    site = res.site
    title = _listing_title(context, output_file, site.name)
    page = context.get("articles_page")
    number = getattr(page, "number", 1)
    if isinstance(number, int) and number > 1:
        title = f"{title} – page {number}"
    path = output_file.replace(os.sep, "/")
    if path == "index.html" or path.endswith("/index.html"):
        path = path[: -len("index.html")]
    url = absolute_url(site.url, normalise(path)) if site.url else None
    image = default_image(res, output_file)
    return PageFacts(
        kind="listing",
        title=title,
        url=url,
        canonical=url,
        description=site.description,
        og_title=title,
        og_description=site.description,
        og_type="website",
        locale=site.locale,
        site=site,
        image=image,
        twitter_card=_twitter_card(None, image, output_file),
    )


def _listing_title(context: Mapping[str, Any], output_file: str, site_name: str) -> str:
    for key in ("category", "tag", "author"):
        name = _wrapper_name(context.get(key))
        if name:
            return f"{name} – {site_name}" if site_name else name
    period = context.get("period")
    if isinstance(period, tuple) and period:
        label = " ".join(str(p) for p in period)
        return f"{label} – {site_name}" if site_name else label
    stem = posixpath.splitext(posixpath.basename(output_file.replace(os.sep, "/")))[0]
    stem = re.sub(r"\d+$", "", stem)
    if stem in _LISTING_NAMES:
        return f"{_LISTING_NAMES[stem]} – {site_name}" if site_name else _LISTING_NAMES[stem]
    return site_name


def _wrapper_name(value: Any) -> str | None:
    """The name of a Pelican Category/Tag/Author object (not a plain string a plugin set)."""
    if value is None or not hasattr(value, "slug"):
        return None
    return _name_of(value)


def _source_name(content: Any) -> str:
    path = getattr(content, "source_path", None) or getattr(content, "save_as", "?")
    return str(path)
