"""Facts for listing pages: the index, categories, tags, authors, archives and any other
direct template, paginated or not."""

from __future__ import annotations

import os
import posixpath
from collections.abc import Mapping
from typing import Any

from pelican_smo.facts.media import default_image
from pelican_smo.facts.page import name_of, twitter_card
from pelican_smo.facts.state import BuildState
from pelican_smo.i18n import Strings, messages
from pelican_smo.model import PageFacts
from pelican_smo.util.urls import absolute_url, normalise

#: Titles of Pelican's own direct templates, by template name (message ids: the page's
#: catalog translates them).
_LISTING_NAMES = {
    "archives": messages.ARCHIVES,
    "tags": messages.TAGS,
    "categories": messages.CATEGORIES,
    "authors": messages.AUTHORS,
}
#: Templates whose page is about one thing the context names.
_NAMED_BY = {"category": "category", "tag": "tag", "author": "author"}


def listing_facts(context: Mapping[str, Any], output_file: str, res: BuildState,
                  template: str | None = None) -> PageFacts:
    """Facts for an index, category, tag, author, archive or paginated page.

    Title: the category, tag, author or period name, then the site name (the index
    is the site name alone), with " – page N" past the first page (in the site's
    language: ``DEFAULT_LANG``, a subsite's own under i18n_subsites). Description:
    the site description. Canonical: this page itself (page 2 is canonical to
    page 2), its ``index.html`` dropped so directory URLs stay directory URLs.
    The first page of the site's index is the ``home`` page. Image: the site's default
    image → the site card (``facts.cards.wants_site_card``) → none.
    """
    site = res.site
    strings = res.strings_for(site.language)
    kind = template_kind(template)
    label = listing_label(kind, context, strings)
    title = f"{label} – {site.name}" if label and site.name else label or site.name
    page = context.get("articles_page")
    number = getattr(page, "number", 1)
    if isinstance(number, int) and number > 1:
        title = strings.format(messages.PAGE_N, title=title, number=number)
        label = label and strings.format(messages.PAGE_N, title=label, number=number)
    path = output_file.replace(os.sep, "/")
    if path == "index.html" or path.endswith("/index.html"):
        path = path[: -len("index.html")]
    url = absolute_url(site.url, normalise(path)) if site.url else None
    image = default_image(res, output_file)
    origin = "default" if image is not None else None
    if image is None and res.site_card is not None:
        image, origin = res.site_card, "card"
    is_home = kind == "index" and path == "" and not (isinstance(number, int) and number > 1)
    crumbs: tuple[tuple[str, str], ...] = ()
    if url and site.url and not is_home:
        # the last crumb names what the page lists ("physics"), the first the site
        crumbs = ((site.name or strings.gettext(messages.HOME), site.url + "/"),
                  (label or title, url))
    facts = PageFacts(
        kind="home" if is_home else "listing",
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
        twitter_card=twitter_card(None, image, output_file),
        breadcrumbs=crumbs,
        language=site.language,
        strings=strings,
        image_origin=origin,
    )
    if origin == "card":  # re-spliced without it if the card cannot be drawn
        res.site_card_pages[output_file] = facts
    return facts


def template_kind(template: str | None) -> str:
    """The kind of listing a template renders: its file name without folder or extension
    (``"tags.html"`` → ``"tags"``); ``"index"`` when unknown."""
    if not template:
        return "index"
    return posixpath.splitext(posixpath.basename(template.replace(os.sep, "/")))[0] or "index"


def listing_label(template: str, context: Mapping[str, Any], strings: Strings) -> str | None:
    """What a listing page is about, from the template Pelican rendered (``template``,
    as ``template_kind`` names it), never from its file name, which ``*_SAVE_AS``
    settings change; ``None`` for the index (the site itself).

    ``category``/``tag``/``author``: that one's name; ``period_archives``: the period;
    ``archives``, ``tags``, ``categories``, ``authors``: their name; any other direct
    template (``DIRECT_TEMPLATES = ["search"]``): its name in title case. The names of
    Pelican's templates are in the site's language (``strings``). The page's title is
    the label, " – ", the site name.
    """
    label = None
    if template in _NAMED_BY:
        label = _wrapper_name(context.get(_NAMED_BY[template]))
    elif template == "period_archives":
        period = context.get("period")
        if isinstance(period, tuple) and period:
            label = " ".join(str(p) for p in period)
    elif template in _LISTING_NAMES:
        label = strings.gettext(_LISTING_NAMES[template])
    elif template != "index":
        label = template.replace("_", " ").replace("-", " ").strip().title() or None
    return label or None


def _wrapper_name(value: Any) -> str | None:
    """The name of a Pelican Category/Tag/Author object (not a plain string a plugin set)."""
    if value is None or not hasattr(value, "slug"):
        return None
    return name_of(value)
