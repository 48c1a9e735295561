"""Everything a page's ``<head>`` gets from the plugin, in one list, for one set of facts."""

from __future__ import annotations

from pelican_smo.html.escape import HeadItem
from pelican_smo.html.jsonld import json_ld_items
from pelican_smo.html.meta import head_items
from pelican_smo.model import PageFacts
from pelican_smo.settings import SmoConfig


def page_head(facts: PageFacts, config: SmoConfig) -> list[HeadItem]:
    """Meta and link elements, then JSON-LD (``SMO_JSON_LD``)."""
    items = head_items(facts, twitter_labels=config.twitter_labels)
    if config.json_ld:
        items.extend(json_ld_items(facts))
    return items
