"""URLs read again when a page is written, after other plugins changed them."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from pelican_smo.facts.alternates import alternates as page_alternates
from pelican_smo.facts.page import as_error_page, canonical_for, is_error_page, source_name
from pelican_smo.facts.state import BuildState
from pelican_smo.model import PageFacts
from pelican_smo.util.urls import absolute_url


def with_late_urls(content: Any, facts: PageFacts, context: Mapping[str, Any],
                   res: BuildState) -> PageFacts:
    """The facts with the URLs read again when the page is written.

    Other plugins change URLs after the facts were collected and before the writers
    run: i18n_subsites sets each translation's ``override_url`` to the page its
    subsite really writes. So the page's own URL (canonical, ``og:url``, breadcrumb)
    and its hreflang set are read from the content objects now; everything else
    stays as collected. Returns ``facts`` itself when nothing changed.
    """
    site = res.site
    if is_error_page(context.get("output_file")):
        return facts if facts.noindex and facts.url is None else as_error_page(facts)
    if site.url is None or facts.noindex:
        return facts
    # Pelican formats a URL anew on every ``.url`` (a fifth of a millisecond): read it
    # again only where a plugin can have changed it, an ``override_url`` on the page or
    # on one of its translations.
    if not hasattr(content, "override_url") and not (
            facts.alternates and any(hasattr(t, "override_url")
                                     for t in getattr(content, "translations", ()) or ())):
        return facts
    own_url = absolute_url(site.url, content.url)
    source = source_name(content)
    canonical = canonical_for(content.metadata.get("canonical"), own_url, site.url, source,
                           warn=False)
    alternates, x_default = page_alternates(
        content, res, context.get("main_lang"),
        lambda member: absolute_url(site.url, member.url)) if facts.alternates else ((), None)
    if (canonical, alternates, x_default) == (facts.canonical, facts.alternates,
                                              facts.x_default):
        return facts
    crumbs = facts.breadcrumbs
    if crumbs and crumbs[-1][1] != own_url:
        crumbs = (*crumbs[:-1], (crumbs[-1][0], own_url))
    return dataclasses.replace(facts, url=canonical, canonical=canonical,
                               alternates=alternates, x_default=x_default, breadcrumbs=crumbs)
