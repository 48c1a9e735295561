"""Which pages get a generated social card, what the card says, and the facts that name it."""

from __future__ import annotations

import dataclasses
from typing import Any
from urllib.parse import urlsplit

from pelican_smo.cards import CardFile, CardSpec
from pelican_smo.facts.media import default_image
from pelican_smo.facts.page import twitter_card
from pelican_smo.facts.state import BuildState
from pelican_smo.model import ImageFact, PageFacts
from pelican_smo.util.urls import absolute_url


def wants_card(facts: PageFacts | None, res: BuildState) -> bool:
    """A card for: published articles and pages (never drafts or opted-out pages) that
    have no image of their own (``SMO_CARDS = "fallback"``), or all of them
    (``"always"``); none with ``"never"`` or without an absolute site URL."""
    mode = res.config.cards
    if facts is None or mode == "never" or facts.noindex or res.site.url is None:
        return False
    if facts.kind not in ("article", "page"):
        return False
    return mode == "always" or facts.image_origin in (None, "default")


#: The site card's name in card jobs and log messages (a page's is its source file).
SITE_CARD = "home and listing pages"


def wants_site_card(res: BuildState) -> bool:
    """One card for the home page and every listing page (index, categories, tags,
    authors, archives), when the site has no default image (``SMO_DEFAULT_IMAGE``,
    ``FEATURED_IMAGE``) to show there: with ``SMO_CARDS`` on (``"fallback"`` or
    ``"always"``), ``SMO_LISTING_PAGES`` on and an absolute site URL.

    Why: the home page is the address a blogger shares most (a profile's link, a
    signature), and X, Facebook and LinkedIn show a link without ``og:image`` as a bare
    line of text.
    """
    config = res.config
    if config.cards == "never" or not config.listing_pages or res.site.url is None:
        return False
    return default_image(res, SITE_CARD) is None


def site_card_spec(res: BuildState) -> CardSpec:
    """The site card's text: the site's name, then its address (``example.org/blog``) in
    the place a page's card has the site name; the address alone without a name."""
    address = site_address(res.site.url)
    return CardSpec(page_id=SITE_CARD, title=res.site.name or address,
                    site_name=address if res.site.name else "", lang=res.site.language,
                    style=res.card_style)


def site_address(url: str | None) -> str:
    """A site URL as a reader would write it: host and path, no scheme or final ``/``."""
    parts = urlsplit(url or "")
    return (parts.netloc + parts.path).rstrip("/")


def site_card_image(card: CardFile, res: BuildState) -> ImageFact | None:
    """The site card as the listing pages' image; its alt text is what it shows."""
    url = absolute_url(res.site.url, card.path_in_output)
    if url is None:
        return None
    spec = site_card_spec(res)
    alt = f"{spec.title} — {spec.site_name}" if spec.site_name else spec.title
    return ImageFact(url=url, alt=alt, width=card.width, height=card.height,
                     mime_type=card.mime)


def without_site_card(facts: PageFacts, output_file: str) -> PageFacts:
    """A listing page's facts when the site card could not be drawn: no image."""
    return dataclasses.replace(facts, image=None, image_origin=None,
                               twitter_card=twitter_card(None, None, output_file))


def card_spec(content: Any, facts: PageFacts, res: BuildState) -> CardSpec:
    """The card's text: the page's plain-text title (never HTML), site name, authors, date
    (``card_date``)."""
    date = card_date(content, facts)
    return CardSpec(
        page_id=page_id(content),
        title=facts.title,
        site_name=res.site.name,
        authors=tuple(a.name for a in facts.authors) if facts.kind == "article" else (),
        date_text=date,
        # the BCP 47 tag the facts read (zhs → zh-Hans), for language-specific glyphs
        lang=facts.language or getattr(content, "lang", None),
        style=res.card_style,
    )


def card_date(content: Any, facts: PageFacts) -> str:
    """The article's date as its page shows it: Pelican's ``locale_date``.

    Pelican formats it once per article with ``DATE_FORMATS[lang]`` (a format, or a
    ``(locale, format)`` pair it switches the C library's locale for) or else
    ``DEFAULT_DATE_FORMAT``, under the ``LOCALE`` it set at start-up, and themes print
    ``article.locale_date``: so a Spanish article's card reads "19 de junio de 2024"
    when its page does. Without one (a plugin that set ``date`` alone), the date in
    English, "19 June 2024". Pages have no date on their card.
    """
    if not facts.published:
        return ""
    shown = getattr(content, "locale_date", None)
    if isinstance(shown, str) and shown.strip():
        return " ".join(shown.split())
    return f"{facts.published.day} {facts.published:%B %Y}"


def page_id(content: Any) -> str:
    """The name a page goes by in card jobs and log messages: its source file."""
    return str(getattr(content, "source_path", None) or getattr(content, "save_as", id(content)))


def with_card(content: Any, facts: PageFacts, card: CardFile,
              res: BuildState) -> PageFacts:
    """The facts with the card as their image; ``twitter_card`` metadata still wins."""
    url = absolute_url(res.site.url, card.path_in_output)
    if url is None:
        return facts
    alt = f"{facts.title} — {res.site.name}" if res.site.name else facts.title
    image = ImageFact(url=url, alt=alt, width=card.width, height=card.height,
                      mime_type=card.mime)
    card_kind = twitter_card(content.metadata.get("twitter_card"), image, page_id(content))
    return dataclasses.replace(facts, image=image, image_origin="card", twitter_card=card_kind)


def without_card(content: Any, facts: PageFacts, res: BuildState) -> PageFacts:
    """The facts a page falls back to when its card could not be drawn."""
    fallback = default_image(res, page_id(content))
    card_kind = twitter_card(content.metadata.get("twitter_card"), fallback, page_id(content))
    return dataclasses.replace(facts, image=fallback, image_origin="default" if fallback else None,
                               twitter_card=card_kind)
