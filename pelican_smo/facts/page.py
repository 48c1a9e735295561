"""Facts for articles, pages, drafts and translations (listing pages: ``facts.listing``)."""

from __future__ import annotations

import dataclasses
import logging
import os
import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from pelican_smo.facts.alternates import alternates as page_alternates
from pelican_smo.facts.alternates import locale_alternates
from pelican_smo.facts.media import image_fact, page_image
from pelican_smo.facts.state import BuildState
from pelican_smo.facts.video import page_video
from pelican_smo.i18n import messages
from pelican_smo.model import (
    AuthorFact,
    ConversationFact,
    ImageFact,
    PageFacts,
)
from pelican_smo.util.counts import TextCounts, text_counts
from pelican_smo.util.posts import PostAddressError, bluesky_post, mastodon_post
from pelican_smo.util.prose import html_to_text
from pelican_smo.util.text import clean_name, clean_text, truncate
from pelican_smo.util.urls import UnsafeUrlError, absolute_url
from pelican_smo.validators import TWITTER_CARDS

logger = logging.getLogger(__name__)

_OFF = {"off", "false", "no", "0", "none"}
#: Error pages by file name: Pelican writes what the theme and the web server expect
#: (``404.html`` for GitHub Pages, Netlify, GitLab Pages and nginx's usual config).
_ERROR_PAGE = re.compile(r"(?:^|/)(?:40[0-9]|41[0-9]|5[0-9][0-9])\.html?$")


def is_opted_out(content: Any) -> bool:
    """A page opts out of everything with ``smo: off`` in its metadata."""
    return str(content.metadata.get("smo", "")).strip().lower() in _OFF


def page_facts(content: Any, res: BuildState) -> PageFacts | None:
    """Facts for an article, page, draft or translation; ``None`` when it opted out."""
    if is_opted_out(content):
        return None
    meta = content.metadata
    source = source_name(content)
    is_article = type(content).__name__ == "Article"
    is_draft = str(getattr(content, "status", "")).lower() == "draft"
    site = res.site

    title = html_to_text(getattr(content, "title", "") or "") or site.name
    own_url = res.page_url(content)
    canonical = canonical_for(meta.get("canonical"), own_url, site.url, source)
    description = _description(content, res)
    image, image_origin = page_image(content, res, source)
    x_image = _twitter_image(content, res, source)
    language = res.language_of(getattr(content, "lang", None), f"{source}: lang")
    locale = res.locale_of(language) if language is not None else site.locale
    tag = language.tag if language is not None else site.language
    strings = res.strings_for(tag)
    counts = _text_counts(content) if is_article else None
    alternates, x_default = page_alternates(content, res) if not is_draft else ((), None)

    facts = PageFacts(
        kind="article" if is_article else "page",
        title=title,
        url=canonical,
        canonical=canonical,
        description=description,
        og_title=_metadata_text(meta, "og_title", res) or title,
        og_description=_metadata_text(meta, "og_description", res) or description,
        og_type="article" if is_article else "website",
        locale=locale,
        site=site,
        image=image,
        twitter_card=twitter_card(meta.get("twitter_card"), x_image or image, source),
        published=_moment(getattr(content, "date", None)) if is_article else None,
        modified=_moment(getattr(content, "modified", None)) if is_article else None,
        authors=_authors(content, res),
        section=name_of(getattr(content, "category", None)) if is_article else None,
        tags=tuple(t for t in (name_of(x) for x in getattr(content, "tags", None) or ()) if t)
        if is_article else (),
        locale_alternates=locale_alternates(content, res),
        noindex=is_draft,
        shareable=_shareable(content, res, is_article=is_article, is_draft=is_draft),
        alternates=alternates,
        x_default=x_default,
        breadcrumbs=_breadcrumbs(content, title, own_url, res, strings.gettext(messages.HOME),
                                 is_article=is_article),
        word_count=(counts.total or None) if counts is not None else None,
        reading_minutes=(counts.reading_minutes(res.config.reading_speed)
                         if counts is not None else None),
        video=page_video(content, res, source),
        language=tag,
        image_origin=image_origin,
        twitter_title=_metadata_text(meta, "twitter_title", res),
        twitter_description=_metadata_text(meta, "twitter_description", res),
        twitter_image=x_image,
        strings=strings,
        conversation=None if is_draft else conversation(content, res, source),
    )
    if is_error_page(getattr(content, "save_as", "")):
        return as_error_page(facts)
    if facts.shareable:
        res.share_strings.add(strings)
    return facts


def conversation(content: Any, res: BuildState, source: str) -> ConversationFact | None:
    """Where the page was announced, for the conversation under it: ``mastodon`` metadata
    (the post's URL) and ``bluesky`` metadata (the post's ``bsky.app`` URL or ``at://``
    URI), one or both; ``None`` with neither or with ``SMO_REPLIES = False``.

    A value that is not a post address (``util.posts``) is warned about, naming the file
    and the field, and left out; the build-time audit lists it too
    (``BuildState.post_problems``). Nothing is fetched: the build writes links and a
    button, and the reader's browser asks the servers when the reader presses it.
    """
    if not res.config.replies:
        return None
    found: dict[str, Any] = {}
    for field, parse in (("mastodon", mastodon_post), ("bluesky", bluesky_post)):
        value = content.metadata.get(field)
        if value is None or not str(value).strip():
            continue
        try:
            found[field] = parse(str(value))
        except PostAddressError as err:
            logger.warning("%s: ignoring %s: %s", source, field, err)
            res.post_problems[(str(getattr(content, "save_as", "") or source), field)] = (
                source, str(value), str(err))
    if not found:
        return None
    return ConversationFact(mastodon=found.get("mastodon"), bluesky=found.get("bluesky"),
                            appview=res.config.replies_bluesky_appview)


def _twitter_image(content: Any, res: BuildState, source: str) -> ImageFact | None:
    """X's own image: ``twitter_image`` metadata (any form ``image`` accepts) with
    ``twitter_image_alt`` → none (X then reads ``og:image``, as its docs say)."""
    ref = content.metadata.get("twitter_image")
    if not ref:
        return None
    return image_fact(str(ref), content.metadata.get("twitter_image_alt"), content, res,
                      source, field="twitter_image")


def is_error_page(output_file: Any) -> bool:
    """Whether a page is written as an HTTP error page (``404.html``, ``50x.html`` …): the
    server shows it at whatever address failed, so it has no address of its own."""
    return bool(_ERROR_PAGE.search(str(output_file or "").replace(os.sep, "/")))


def as_error_page(facts: PageFacts) -> PageFacts:
    """An error page's facts: ``robots noindex`` (Google Search Central: a soft 404 should
    not be indexed), no canonical or ``og:url`` (it has no address of its own), no
    hreflang, no breadcrumb, no generated card, no share bar and no conversation."""
    image = facts.image if facts.image_origin != "card" else None
    return dataclasses.replace(
        facts, noindex=True, url=None, canonical=None, shareable=False, conversation=None,
        alternates=(),
        x_default=None, breadcrumbs=(), image=image,
        image_origin=facts.image_origin if image is not None else None,
        twitter_card=facts.twitter_card if image is not None else "summary")


def _shareable(content: Any, res: BuildState, *, is_article: bool, is_draft: bool) -> bool:
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


def canonical_for(override: Any, own_url: str | None, siteurl: str | None,
               source: str, *, warn: bool = True) -> str | None:
    """Canonical URL: ``canonical`` metadata (absolute, or site-relative) → the page's own URL.

    A cross-posted article names the original with an absolute URL; an unsafe
    or unusable override is warned about and ignored.
    """
    if override:
        try:
            url = absolute_url(siteurl, clean_text(str(override)))
        except UnsafeUrlError as err:
            if warn:
                logger.warning("%s: ignoring canonical: %s", source, err)
        else:
            if url:
                return url
    return own_url


def _description(content: Any, res: BuildState) -> str | None:
    """Meta description: ``description`` metadata → ``summary`` metadata → the content's
    prose → the site description; plain text cut to ``SMO_DESCRIPTION_LENGTH`` display
    columns (a wide CJK character counts two, ``util.text.display_width``) at a word
    boundary (``util.text.truncate``).

    Prose is what ``util.prose.html_to_text`` keeps: no headings, code listings, tables,
    captions, footnote marks or lists, and never the text of a ``script`` or ``style``,
    in metadata as in the content. Pelican's derived summary is not used: it is cut by
    word count and ends in its own suffix, where previews want a length on screen.
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


def _metadata_text(meta: Mapping[str, Any], key: str, res: BuildState) -> str | None:
    """Plain text of a metadata value (which may be HTML, like ``summary``), cut to length."""
    value = meta.get(key)
    if not value:
        return None
    text = html_to_text(str(value), enough=res.config.description_length)
    return truncate(text, res.config.description_length) if text else None


def twitter_card(requested: Any, image: ImageFact | None, source: str) -> str:
    """``twitter_card`` metadata → ``summary_large_image`` for an image that is large and
    wide enough (``ImageFact.is_large``: at least 300×157, width ≥ √2 × height) →
    ``summary`` (portraits, squares, 4:3 photos, small images, no image)."""
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


def name_of(obj: Any) -> str | None:
    name = getattr(obj, "name", obj)
    return clean_name(str(name)) if name else None


def _authors(content: Any, res: BuildState) -> tuple[AuthorFact, ...]:
    """Authors: ``authors`` → ``author`` (Pelican fills both from ``AUTHOR``) → none.

    Each name's profile: its ``SMO_AUTHORS`` entry → its author page on this site
    (when Pelican writes author pages) → the name alone.
    """
    people = getattr(content, "authors", None) or (
        [content.author] if getattr(content, "author", None) else [])
    facts = []
    for person in people:
        name = name_of(person)
        if not name:
            continue
        known = res.authors.get(name)
        if known is not None:
            facts.append(known)
            continue
        page = res.url_of(person) if res.settings.get("AUTHOR_SAVE_AS") else None
        facts.append(res.unlisted_author(name, page))
    return tuple(facts)


def _breadcrumbs(content: Any, title: str, url: str | None, res: BuildState, home: str, *,
                 is_article: bool) -> tuple[tuple[str, str], ...]:
    """Home (the site name → ``home``, the page's word for it) › category (articles, when
    category pages are written) › this page."""
    site = res.site
    if site.url is None or url is None:
        return ()
    trail = [(site.name or home, site.url + "/")]
    category = getattr(content, "category", None) if is_article else None
    if category is not None and res.settings.get("CATEGORY_SAVE_AS"):
        name = name_of(category)
        cat_url = res.url_of(category)
        if name and cat_url:
            trail.append((name, cat_url))
    trail.append((title, url))
    return tuple(trail)


def _text_counts(content: Any) -> TextCounts:
    """Words and CJK characters of the content's text, for ``wordCount`` (words plus
    CJK characters) and the reading time (per script, ``TextCounts.reading_minutes``)."""
    return text_counts(getattr(content, "_content", None) or "")


def source_name(content: Any) -> str:
    path = getattr(content, "source_path", None) or getattr(content, "save_as", "?")
    return str(path)
