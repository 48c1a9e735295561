"""Every ``SMO_*`` setting: its default, its validator (``validators``), and the frozen
``SmoConfig``.

A bad value fails at start-up with ``SmoConfigError`` naming the setting, what
was given and what is allowed; an unknown ``SMO_*`` name fails too, suggesting
the closest valid one, because a typo that silently does nothing is worse.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from pelican_smo import validators as v
from pelican_smo.limits import SEARCH_DESCRIPTION_MAX
from pelican_smo.networks import DEFAULT_NETWORKS
from pelican_smo.validators import SmoConfigError


@dataclass(frozen=True)
class SmoConfig:
    """The plugin's settings after validation; built once per build by ``from_settings``."""

    siteurl: str | None = None
    site_description: str | None = None
    default_image: str | None = None
    default_image_alt: str | None = None
    twitter_site: str | None = None
    #: Author name → profile: ``{"url", "twitter", "mastodon", "bluesky", "same_as"}``,
    #: each validated (handles without ``@``, ``same_as`` a tuple).
    authors: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    description_length: int = SEARCH_DESCRIPTION_MAX
    theme_tags: str = "replace"
    listing_pages: bool = True
    share: bool = True
    share_networks: tuple[str, ...] = DEFAULT_NETWORKS
    share_style: str = "icons"
    share_css: bool = True
    share_placement: str = "after-content"
    share_selector: str | None = None
    share_pages: bool = False
    share_mastodon: str = "ask"
    #: ``SMO_SHARE_HASHTAGS``: the networks whose links carry the page's tags as hashtags.
    share_hashtags: tuple[str, ...] = ()
    #: ``SMO_SHARE_MENTIONS``: the author's handles from ``SMO_AUTHORS`` in the posts.
    share_mentions: bool = True
    #: ``SMO_SHARE_QUOTES``: ``False``, ``True`` (every blockquote) or a class name.
    share_quotes: bool | str = False
    #: ``SMO_SHARE_LABEL``: the bar's label in every language (``None``: the catalog's).
    share_label: str | None = None
    share_copy: bool = True
    share_native: bool = True
    assets_dir: str = "smo"
    publisher: Mapping[str, Any] = field(default_factory=dict)
    rel_me: tuple[str, ...] = ()
    theme_color: str | None = None
    json_ld: bool = True
    hreflang: bool = True
    twitter_labels: bool = True
    reading_speed: int = 230
    cards: str = "fallback"
    card_cache: str | None = None
    card_folder: str = "smo/cards"
    card_workers: int | None = None
    #: The ``SMO_CARD_*`` look settings as given; ``cards.style`` validates them at start-up
    #: (this module does not load Pillow or the card code).
    card_look: Mapping[str, Any] = field(default_factory=dict)
    audit: bool = False
    preview: bool | str = False
    large_image_preview: bool = True
    image_versions: bool = True
    feeds: bool = True
    feed_summary: bool = True
    facebook_page: str | None = None
    facebook_app_id: str | None = None
    #: Network → token, e.g. ``{"google": "abc…"}`` (keys: ``VERIFICATION_TAGS``).
    verification: Mapping[str, str] = field(default_factory=dict)
    #: ``SMO_STRINGS`` (and ``SMO_SHARE_LABEL``) as overrides: ``"*"`` (every language) or a
    #: catalog name (``"fr"``, ``"pt_BR"``) → ((message id, text), …).
    strings: Mapping[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)
    #: The conversation under articles with ``mastodon``/``bluesky`` metadata.
    replies: bool = True
    #: The Bluesky AppView the reader's browser asks for a post's replies (no trailing ``/``).
    replies_bluesky_appview: str = "https://public.api.bsky.app"


#: The card look settings, validated together by ``cards.style.style_from_settings``.
CARD_LOOK_SETTINGS = ("SMO_CARD_BACKGROUND", "SMO_CARD_FOREGROUND", "SMO_CARD_ACCENT",
                      "SMO_CARD_LOGO", "SMO_CARD_FONTS", "SMO_CARD_TEXT_FONTS",
                      "SMO_CARD_FORMAT", "SMO_CARD_LAYOUT", "SMO_CARD_DRAW_FUNCTION")
#: Settings of earlier versions that no longer do anything: warned about, never an error.
RETIRED_SETTINGS = {
    "SMO_ATOMIC_WRITES": "pages are written once, by Pelican's own writer",
    "SMO_BACKGROUND_WRITES": "the plugin runs no helper process",
}


#: Setting name → (SmoConfig field, validator). The single list of valid SMO_* names.
SETTINGS: dict[str, tuple[str, Callable[[str, Any], Any]]] = {
    "SMO_SITEURL": ("siteurl", v.siteurl),
    "SMO_SITE_DESCRIPTION": ("site_description", v.optional_str),
    "SMO_DEFAULT_IMAGE": ("default_image", v.optional_str),
    "SMO_DEFAULT_IMAGE_ALT": ("default_image_alt", v.optional_str),
    "SMO_TWITTER_SITE": ("twitter_site", v.twitter_handle),
    "SMO_AUTHORS": ("authors", v.authors),
    "SMO_DESCRIPTION_LENGTH": ("description_length", v.int_between(50, 1000)),
    "SMO_THEME_TAGS": ("theme_tags", v.one_of(v.THEME_TAG_POLICIES)),
    "SMO_LISTING_PAGES": ("listing_pages", v.flag),
    "SMO_SHARE": ("share", v.flag),
    "SMO_SHARE_NETWORKS": ("share_networks", v.networks),
    "SMO_SHARE_STYLE": ("share_style", v.one_of(v.SHARE_STYLES)),
    "SMO_SHARE_CSS": ("share_css", v.flag),
    "SMO_SHARE_PLACEMENT": ("share_placement", v.one_of(v.SHARE_PLACEMENTS)),
    "SMO_SHARE_SELECTOR": ("share_selector", v.selector),
    "SMO_SHARE_PAGES": ("share_pages", v.flag),
    "SMO_SHARE_MASTODON": ("share_mastodon", v.mastodon_mode),
    "SMO_SHARE_HASHTAGS": ("share_hashtags", v.hashtag_networks),
    "SMO_SHARE_MENTIONS": ("share_mentions", v.flag),
    "SMO_SHARE_QUOTES": ("share_quotes", v.quotes),
    "SMO_SHARE_LABEL": ("share_label", v.label),
    "SMO_SHARE_COPY": ("share_copy", v.flag),
    "SMO_SHARE_NATIVE": ("share_native", v.flag),
    "SMO_ASSETS_DIR": ("assets_dir", v.folder),
    "SMO_PUBLISHER": ("publisher", v.publisher),
    "SMO_REL_ME": ("rel_me", v.url_list),
    "SMO_THEME_COLOR": ("theme_color", v.colour),
    "SMO_JSON_LD": ("json_ld", v.flag),
    "SMO_HREFLANG": ("hreflang", v.flag),
    "SMO_TWITTER_LABELS": ("twitter_labels", v.flag),
    "SMO_READING_SPEED": ("reading_speed", v.int_between(50, 1000)),
    "SMO_CARDS": ("cards", v.one_of(v.CARD_MODES)),
    "SMO_CARD_CACHE": ("card_cache", v.optional_str),
    "SMO_CARD_FOLDER": ("card_folder", v.folder),
    "SMO_CARD_WORKERS": ("card_workers", v.optional_workers),
    "SMO_AUDIT": ("audit", v.flag),
    "SMO_PREVIEW": ("preview", v.preview),
    "SMO_LARGE_IMAGE_PREVIEW": ("large_image_preview", v.flag),
    "SMO_IMAGE_VERSIONS": ("image_versions", v.flag),
    "SMO_FEEDS": ("feeds", v.flag),
    "SMO_FEED_SUMMARY": ("feed_summary", v.flag),
    "SMO_FACEBOOK_PAGE": ("facebook_page", v.http_url),
    "SMO_FACEBOOK_APP_ID": ("facebook_app_id", v.app_id),
    "SMO_VERIFICATION": ("verification", v.verification),
    "SMO_STRINGS": ("strings", v.strings),
    "SMO_REPLIES": ("replies", v.flag),
    "SMO_REPLIES_BLUESKY_APPVIEW": ("replies_bluesky_appview", v.api_base),
}
def from_settings(settings: Mapping[str, Any]) -> SmoConfig:
    """Validate every ``SMO_*`` setting and build the config; raise on the first problem."""
    known = SETTINGS.keys() | set(CARD_LOOK_SETTINGS) | RETIRED_SETTINGS.keys()
    unknown = sorted(k for k in settings if k.startswith("SMO_") and k not in known)
    if unknown:
        name = unknown[0]
        close = difflib.get_close_matches(name, known, n=1)
        hint = f"; did you mean {close[0]}?" if close else ""
        raise SmoConfigError(f"unknown setting {name}{hint} "
                             f"(valid settings: {', '.join(sorted(known))})")
    siteurl = settings.get("SITEURL")
    if "SMO_SITEURL" not in settings and isinstance(siteurl, str) \
            and re.match(r"^https?://", siteurl):
        v.no_query_or_fragment("SITEURL", siteurl)
    values = {field_name: check(name, settings[name])
              for name, (field_name, check) in SETTINGS.items() if name in settings}
    values["card_look"] = {name: settings[name] for name in CARD_LOOK_SETTINGS
                           if settings.get(name) is not None}
    label = values.get("share_label")
    if label is not None:  # SMO_SHARE_LABEL: the bar's label, unless SMO_STRINGS says otherwise
        strings = dict(values.get("strings", {}))
        strings["*"] = (("Share this article", label), *strings.get("*", ()))
        values["strings"] = strings
    if values.get("card_folder", "smo/cards") == values.get("assets_dir", "smo"):
        raise SmoConfigError("SMO_CARD_FOLDER must differ from SMO_ASSETS_DIR: stale cards "
                             "are removed from the card folder")
    return SmoConfig(**values)
