"""Pelican objects and settings → ``SiteFacts`` and ``PageFacts``.

The only package that reads Pelican objects. Each fact's fallback chain is
written once, in priority order, in the docstring of the function that decides
it. Values leave as plain text and absolute URLs; nothing is escaped here.

- ``resources``: per-build state (settings, config, static files, caches);
- ``site``: site-wide facts and locales;
- ``media``: the image and video chains, and reading image files;
- ``page``: articles, pages, drafts, translations and listing pages;
- ``cards``: which pages get a generated card and what it says.
"""

from pelican_smo.collect.cards import card_spec, page_id, wants_card, with_card, without_card
from pelican_smo.collect.page import listing_facts, page_facts, rendered_content
from pelican_smo.collect.resources import BuildResources

__all__ = ["BuildResources", "card_spec", "listing_facts", "page_facts", "page_id",
           "rendered_content", "wants_card", "with_card", "without_card"]
