"""Pelican objects and settings → ``SiteFacts`` and ``PageFacts``.

The only package that reads Pelican objects. Each fact's fallback chain is
written once, in priority order, in the docstring of the function that decides
it. Values leave as plain text and absolute URLs; nothing is escaped here.

- ``state``: per-build state (settings, config, static files, caches), one per build;
- ``site``: site-wide facts and locales;
- ``media``: the image chain; ``video``: the video chain; ``probe`` reads image files;
- ``page``: articles, pages, drafts and translations; ``alternates``: their language
  versions; ``listing``: listing pages; ``late``: URLs read again at writing time;
- ``cards``: which pages get a generated card and what it says;
- ``neighbours``: other plugins whose work overlaps ours.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from pelican_smo.facts.cards import (
    SITE_CARD,
    card_spec,
    page_id,
    site_card_image,
    site_card_spec,
    wants_card,
    wants_site_card,
    with_card,
    without_card,
    without_site_card,
)
from pelican_smo.facts.late import with_late_urls
from pelican_smo.facts.listing import listing_facts
from pelican_smo.facts.neighbours import settle_neighbours
from pelican_smo.facts.page import is_opted_out, page_facts, rendered_content
from pelican_smo.facts.state import BuildState
from pelican_smo.model import PageFacts
from pelican_smo.util.urls import absolute_url

logger = logging.getLogger(__name__)

__all__ = ["SITE_CARD", "BuildState", "FactError", "card_spec", "is_opted_out", "links_of",
           "listing_facts", "listing_facts_or_none",
           "page_facts", "page_facts_or_none", "page_id", "rendered_content",
           "settle_neighbours", "site_card_image", "site_card_spec", "wants_card",
           "wants_site_card", "with_card", "with_late_urls", "without_card",
           "without_site_card"]

#: What the plugin's own fact code can raise on a value it did not foresee. Anything else
#: (Pelican's ``--fatal`` stop, an interrupt, a bug in another plugin) passes through.
FactError = (ValueError, TypeError, KeyError, AttributeError, IndexError, UnicodeError,
             OSError, ArithmeticError)


def links_of(build: BuildState) -> dict[str, Any]:
    """Absolute URL → content object, for every content of the run with a URL; made once
    per run, at the first feed Pelican writes (URLs are final by then)."""
    if build.links is None:
        site = build.site.url
        build.links = {}
        if site is not None:
            for content in build.contents:
                try:
                    url = absolute_url(site, content.url)
                except FactError:
                    continue
                if url:
                    build.links.setdefault(url, content)
    return build.links


def page_facts_or_none(content: Any, build: BuildState) -> PageFacts | None:
    """``page_facts``, or ``None`` (logged once, naming the source file) when they fail."""
    try:
        return page_facts(content, build)
    except FactError:
        logger.exception("pelican_smo: could not collect facts for %s; its page is left "
                         "as the theme wrote it", getattr(content, "source_path", content))
        return None


def listing_facts_or_none(context: Mapping[str, Any], output_file: str,
                          build: BuildState, template: str | None) -> PageFacts | None:
    """``listing_facts``, or ``None`` (logged, naming the page) when they fail."""
    try:
        return listing_facts(context, output_file, build, template)
    except FactError:
        logger.exception("pelican_smo: could not collect facts for %s; page left as the "
                         "theme rendered it", output_file)
        return None
