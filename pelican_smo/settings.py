"""Every ``SMO_*`` setting: its default, its validation, and the frozen ``SmoConfig``.

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
from urllib.parse import urlsplit

from pelican_smo.limits import SEARCH_DESCRIPTION_MAX
from pelican_smo.networks import DEFAULT_NETWORKS, HASHTAG_NETWORKS, NETWORKS
from pelican_smo.util.urls import is_loopback


class SmoConfigError(ValueError):
    """A ``SMO_*`` setting has a value the plugin cannot use."""


THEME_TAG_POLICIES = ("replace", "keep")
TWITTER_CARDS = ("summary", "summary_large_image")
SHARE_STYLES = ("icons", "icons+labels", "labels")
CARD_MODES = ("fallback", "always", "never")
SHARE_PLACEMENTS = ("after-content", "before-content", "template")
_HOST = re.compile(r"^(?=.{4,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
#: Simple CSS selectors the share-bar placement understands: tag, .class, #id, tag.class, tag#id.
_SELECTOR = re.compile(r"^[a-zA-Z][a-zA-Z0-9-]*(?:[.#][A-Za-z_][A-Za-z0-9_-]*)?$"
                       r"|^[.#][A-Za-z_][A-Za-z0-9_-]*$")

_TWITTER_HANDLE = re.compile(r"^@?([A-Za-z0-9_]{1,15})$")
_MASTODON_HANDLE = re.compile(r"^@?([A-Za-z0-9_.-]+)@([A-Za-z0-9.-]+\.[A-Za-z]{2,})$")
_BLUESKY_HANDLE = re.compile(r"^@?((?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,})$")
_AUTHOR_KEYS = ("url", "twitter", "mastodon", "bluesky", "same_as")


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


# --- validators: each takes (setting name, value) and returns the clean value ---------------


def _optional_str(name: str, value: Any) -> str | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise SmoConfigError(f"{name} must be a string, got {type(value).__name__}: {value!r}")
    return value


def _bool(name: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise SmoConfigError(f"{name} must be True or False, got {value!r}")
    return value


def _int_between(low: int, high: int) -> Callable[[str, Any], int]:
    def check(name: str, value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise SmoConfigError(f"{name} must be a whole number from {low} to {high}, "
                                 f"got {value!r}")
        return value
    return check


def _one_of(choices: tuple[str, ...]) -> Callable[[str, Any], str]:
    def check(name: str, value: Any) -> str:
        if value not in choices:
            allowed = ", ".join(repr(c) for c in choices)
            raise SmoConfigError(f"{name} must be one of {allowed}, got {value!r}")
        return value
    return check


def _siteurl(name: str, value: Any) -> str | None:
    value = _optional_str(name, value)
    if value is None:
        return None
    if not re.match(r"^https?://[^/\s]+", value):
        raise SmoConfigError(f"{name} must be an absolute http(s) URL such as "
                             f"'https://example.org/blog', got {value!r}")
    _no_query_or_fragment(name, value)
    return value.rstrip("/")


def _no_query_or_fragment(name: str, value: str) -> None:
    """Pelican joins page paths to the site URL as text: a query or fragment would end up
    in the middle of every URL (``https://example.org/?utm=1/page.html``)."""
    if "?" in value or "#" in value:
        raise SmoConfigError(f"{name} must be the site's address without a query or "
                             f"fragment (such as 'https://example.org/blog'), got {value!r}")


def twitter_handle(name: str, value: Any) -> str | None:
    """``@handle`` form of an X handle (given with or without the ``@``)."""
    value = _optional_str(name, value)
    if value is None:
        return None
    match = _TWITTER_HANDLE.match(value.strip())
    if not match:
        raise SmoConfigError(f"{name} must be an X handle such as '@example' "
                             f"(letters, digits, _; at most 15), got {value!r}")
    return "@" + match.group(1)


def _mastodon_handle(name: str, value: Any) -> str | None:
    value = _optional_str(name, value)
    if value is None:
        return None
    match = _MASTODON_HANDLE.match(value.strip())
    if not match:
        raise SmoConfigError(f"{name} must be a Mastodon handle such as "
                             f"'@user@mastodon.social', got {value!r}")
    return f"@{match.group(1)}@{match.group(2)}"


def _bluesky_handle(name: str, value: Any) -> str | None:
    value = _optional_str(name, value)
    if value is None:
        return None
    match = _BLUESKY_HANDLE.match(value.strip())
    if not match:
        raise SmoConfigError(f"{name} must be a Bluesky handle such as 'user.bsky.social', "
                             f"got {value!r}")
    return match.group(1)


def _http_url(name: str, value: Any) -> str | None:
    value = _optional_str(name, value)
    if value is not None and not re.match(r"^https?://\S+$", value):
        raise SmoConfigError(f"{name} must be an absolute http(s) URL, got {value!r}")
    return value


def _api_base(name: str, value: Any) -> str:
    """The base address of an API the reader's browser calls: https (http only for a
    server on this machine, for tests), no query or fragment; no trailing slash."""
    value = _optional_str(name, value)
    parts = urlsplit(value.strip()) if value else None
    try:
        host = parts.hostname if parts else None
    except ValueError:  # a port that is not a number
        host = None
    secure = parts is not None and (parts.scheme == "https" or (
        parts.scheme == "http" and is_loopback(host or "")))
    if parts is None or not host or not secure or parts.query or parts.fragment \
            or parts.username is not None:
        raise SmoConfigError(f"{name} must be an https URL such as "
                             f"'https://public.api.bsky.app' (http only for a server on "
                             f"127.0.0.1 or localhost), got {value!r}")
    return value.strip().rstrip("/")


def _networks(name: str, value: Any) -> tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, list | tuple):
        raise SmoConfigError(f"{name} must be a list of network names, e.g. "
                             f"{list(DEFAULT_NETWORKS)!r}, got {value!r}")
    valid = ", ".join(NETWORKS)
    chosen: list[str] = []
    for network in value:
        key = str(network).strip().lower()
        if key not in NETWORKS:
            close = difflib.get_close_matches(key, NETWORKS, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise SmoConfigError(f"{name} contains unknown network {network!r}{hint}; "
                                 f"valid names: {valid}")
        if key not in chosen:
            chosen.append(key)
    return tuple(chosen)


def _mastodon_mode(name: str, value: Any) -> str:
    if value in ("ask", "picker"):
        return value
    host = str(value).strip().lower().removeprefix("https://").rstrip("/") \
        if isinstance(value, str) else ""
    if not _HOST.match(host):
        raise SmoConfigError(f"{name} must be 'ask', 'picker' or a Mastodon instance host "
                             f"such as 'mastodon.social', got {value!r}")
    return host


def _hashtag_networks(name: str, value: Any) -> tuple[str, ...]:
    if value is False or value is None:
        return ()
    if value is True:
        return HASHTAG_NETWORKS
    if isinstance(value, list | tuple) and all(v in HASHTAG_NETWORKS for v in value):
        return tuple(dict.fromkeys(value))
    raise SmoConfigError(f"{name} must be True, False or a list of networks from "
                         f"{', '.join(HASHTAG_NETWORKS)}, got {value!r}")


def _quotes(name: str, value: Any) -> bool | str:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and re.match(r"^-?[A-Za-z_][A-Za-z0-9_-]*$", value.strip()):
        return value.strip()
    raise SmoConfigError(f"{name} must be True (every blockquote), False, or a class name "
                         f"that marks the blockquotes to share, such as 'shareable', "
                         f"got {value!r}")


def _selector(name: str, value: Any) -> str | None:
    value = _optional_str(name, value)
    if value is not None and not _SELECTOR.match(value.strip()):
        raise SmoConfigError(f"{name} must be a simple CSS selector: 'tag', '.class', '#id', "
                             f"'tag.class' or 'tag#id', got {value!r}")
    return value.strip() if value else None


def _folder(name: str, value: Any) -> str:
    value = _optional_str(name, value)
    if value is None or not re.match(r"^[A-Za-z0-9_-]+(?:/[A-Za-z0-9_-]+)*$", value):
        raise SmoConfigError(f"{name} must be a relative folder name such as 'smo' "
                             f"(letters, digits, -, _ and /), got {value!r}")
    return value


def _label(name: str, value: Any) -> str:
    value = _optional_str(name, value)
    if value is None or not value.strip():
        raise SmoConfigError(f"{name} must be a non-empty string, got {value!r}")
    return value.strip()


def _url_list(name: str, value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str) or not isinstance(value, list | tuple):
        raise SmoConfigError(f"{name} must be a list of absolute http(s) URLs, got {value!r}")
    return tuple(_http_url(f"{name}[{i}]", url) or "" for i, url in enumerate(value) if url)


def _colour(name: str, value: Any) -> str | None:
    value = _optional_str(name, value)
    if value is not None and not re.match(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$", value):
        raise SmoConfigError(f"{name} must be a hex colour such as '#1a73e8', got {value!r}")
    return value


_PUBLISHER_KEYS = ("type", "name", "url", "logo", "same_as")


def _publisher(name: str, value: Any) -> dict[str, Any]:
    """``{"type": "Person"|"Organization", "name", "url", "logo", "same_as"}``; all optional."""
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise SmoConfigError(f"{name} must be a dict with keys {', '.join(_PUBLISHER_KEYS)}, "
                             f"got {value!r}")
    unknown = set(value) - set(_PUBLISHER_KEYS)
    if unknown:
        raise SmoConfigError(f"{name} has unknown key(s) {sorted(unknown)}; "
                             f"allowed: {', '.join(_PUBLISHER_KEYS)}")
    return {
        "type": _one_of(("Organization", "Person"))(f"{name}['type']",
                                                     value.get("type", "Organization")),
        "name": _optional_str(f"{name}['name']", value.get("name")),
        "url": _http_url(f"{name}['url']", value.get("url")),
        "logo": _optional_str(f"{name}['logo']", value.get("logo")),
        "same_as": _url_list(f"{name}['same_as']", value.get("same_as")),
    }


def _placeholders(text: str) -> set[str]:
    import string

    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError:  # a lone "{" or "}"
        return {"<unbalanced braces>"}


def _message_overrides(name: str, value: Any) -> tuple[tuple[str, str], ...]:
    from pelican_smo.i18n import messages

    known = messages.all_ids()
    pairs = []
    for msgid, text in value.items():
        where = f"{name}[{msgid!r}]"
        if msgid not in known:
            close = difflib.get_close_matches(str(msgid), known, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise SmoConfigError(f"{where}: not one of the plugin's messages{hint}; they are "
                                 f"listed in pelican_smo/locale/pelican_smo.pot")
        if not isinstance(text, str) or not text.strip():
            raise SmoConfigError(f"{where} must be a non-empty string, got {text!r}")
        if _placeholders(text) != _placeholders(msgid):
            wanted = ", ".join(sorted("{" + p + "}" for p in _placeholders(msgid))) or "none"
            raise SmoConfigError(f"{where} must keep the message's placeholders ({wanted}), "
                                 f"got {text!r}")
        pairs.append((msgid, text.strip()))
    return tuple(pairs)


def _strings(name: str, value: Any) -> dict[str, tuple[tuple[str, str], ...]]:
    """``{"Copy link": "Copier"}`` (every language) and/or ``{"fr": {"Copy link": …}}`` (one
    language, by its code) → overrides by catalog; ``"*"`` holds those for every language."""
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise SmoConfigError(f"{name} must be a dict of message → text, or of language → "
                             "{message: text}, e.g. {'fr': {'Copy link': 'Copier le lien'}}, "
                             f"got {value!r}")
    from pelican_smo.i18n import SOURCE, available, catalog_for
    from pelican_smo.i18n.languages import parse

    found: dict[str, tuple[tuple[str, str], ...]] = {}
    everywhere = {k: v for k, v in value.items() if not isinstance(v, Mapping)}
    if everywhere:
        found["*"] = _message_overrides(name, everywhere)
    for lang, messages in value.items():
        if not isinstance(messages, Mapping):
            continue
        language = parse(lang) if isinstance(lang, str) else None
        catalog = catalog_for(lang) if language is not None else None
        if catalog is None or (catalog == SOURCE and language.language != "en"):
            raise SmoConfigError(
                f"{name}[{lang!r}]: not a language the plugin has a catalog for; languages: "
                f"{', '.join(available())} (a new one is a .po file, see the README)")
        found[catalog] = found.get(catalog, ()) + _message_overrides(f"{name}[{lang!r}]",
                                                                     messages)
    return found


def _optional_workers(name: str, value: Any) -> int | None:
    return None if value is None else _int_between(0, 64)(name, value)


def _preview(name: str, value: Any) -> bool | str:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip() and not value.startswith("/") \
            and ".." not in value.split("/"):
        return value.strip()
    raise SmoConfigError(f"{name} must be True, False or a file name inside the output "
                         f"such as 'smo-preview.html', got {value!r}")


#: Site-ownership ``<meta>`` names, by the key ``SMO_VERIFICATION`` uses: Google Search
#: Console, Bing Webmaster Tools, Pinterest, Facebook (Meta Business) domain
#: verification, Yandex Webmaster, each as that service documents its HTML tag.
VERIFICATION_TAGS = {
    "google": "google-site-verification",
    "bing": "msvalidate.01",
    "pinterest": "p:domain_verify",
    "facebook": "facebook-domain-verification",
    "yandex": "yandex-verification",
}
_TOKEN = re.compile(r"^[A-Za-z0-9_\-.:=+/]{4,200}$")


def _verification(name: str, value: Any) -> dict[str, str]:
    if value is None:
        return {}
    if not isinstance(value, Mapping) or set(value) - VERIFICATION_TAGS.keys():
        raise SmoConfigError(f"{name} must be a dict with keys from "
                             f"{', '.join(VERIFICATION_TAGS)} and the token each service "
                             f"gives as values, got {value!r}")
    for key, token in value.items():
        if not isinstance(token, str) or not _TOKEN.match(token.strip()):
            raise SmoConfigError(f"{name}[{key!r}] must be the verification token (letters, "
                                 f"digits, - _ . : = + /), got {token!r}")
    return {key: token.strip() for key, token in value.items()}


def _app_id(name: str, value: Any) -> str | None:
    value = str(value).strip() if isinstance(value, int | str) else value
    if value is None or value == "":
        return None
    if not isinstance(value, str) or not value.isdigit():
        raise SmoConfigError(f"{name} must be a Facebook app id (digits), got {value!r}")
    return value


#: The card look settings, validated together by ``cards.style.style_from_settings``.
CARD_LOOK_SETTINGS = ("SMO_CARD_BACKGROUND", "SMO_CARD_FOREGROUND", "SMO_CARD_ACCENT",
                      "SMO_CARD_LOGO", "SMO_CARD_FONTS", "SMO_CARD_TEXT_FONTS",
                      "SMO_CARD_FORMAT", "SMO_CARD_LAYOUT", "SMO_CARD_DRAW_FUNCTION")
#: Settings of earlier versions that no longer do anything: warned about, never an error.
RETIRED_SETTINGS = {
    "SMO_ATOMIC_WRITES": "pages are written once, by Pelican's own writer",
    "SMO_BACKGROUND_WRITES": "the plugin runs no helper process",
}


def _authors(name: str, value: Any) -> dict[str, dict[str, Any]]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise SmoConfigError(f"{name} must be a dict mapping author names to profiles, "
                             f"e.g. {{'Ada': {{'twitter': '@ada'}}}}, got {value!r}")
    authors = {}
    for author, profile in value.items():
        where = f"{name}[{author!r}]"
        if not isinstance(author, str) or not isinstance(profile, Mapping):
            raise SmoConfigError(f"{where} must map a name to a dict with keys "
                                 f"{', '.join(_AUTHOR_KEYS)}, got {profile!r}")
        unknown = set(profile) - set(_AUTHOR_KEYS)
        if unknown:
            raise SmoConfigError(f"{where} has unknown key(s) {sorted(unknown)}; "
                                 f"allowed: {', '.join(_AUTHOR_KEYS)}")
        same_as = profile.get("same_as") or ()
        if isinstance(same_as, str) or not all(isinstance(u, str) for u in same_as):
            raise SmoConfigError(f"{where}['same_as'] must be a list of URLs, got {same_as!r}")
        authors[author] = dict(
            url=_http_url(f"{where}['url']", profile.get("url")),
            twitter=twitter_handle(f"{where}['twitter']", profile.get("twitter")),
            mastodon=_mastodon_handle(f"{where}['mastodon']", profile.get("mastodon")),
            bluesky=_bluesky_handle(f"{where}['bluesky']", profile.get("bluesky")),
            same_as=tuple(_http_url(f"{where}['same_as']", u) for u in same_as),
        )
    return authors


#: Setting name → (SmoConfig field, validator). The single list of valid SMO_* names.
SETTINGS: dict[str, tuple[str, Callable[[str, Any], Any]]] = {
    "SMO_SITEURL": ("siteurl", _siteurl),
    "SMO_SITE_DESCRIPTION": ("site_description", _optional_str),
    "SMO_DEFAULT_IMAGE": ("default_image", _optional_str),
    "SMO_DEFAULT_IMAGE_ALT": ("default_image_alt", _optional_str),
    "SMO_TWITTER_SITE": ("twitter_site", twitter_handle),
    "SMO_AUTHORS": ("authors", _authors),
    "SMO_DESCRIPTION_LENGTH": ("description_length", _int_between(50, 1000)),
    "SMO_THEME_TAGS": ("theme_tags", _one_of(THEME_TAG_POLICIES)),
    "SMO_LISTING_PAGES": ("listing_pages", _bool),
    "SMO_SHARE": ("share", _bool),
    "SMO_SHARE_NETWORKS": ("share_networks", _networks),
    "SMO_SHARE_STYLE": ("share_style", _one_of(SHARE_STYLES)),
    "SMO_SHARE_CSS": ("share_css", _bool),
    "SMO_SHARE_PLACEMENT": ("share_placement", _one_of(SHARE_PLACEMENTS)),
    "SMO_SHARE_SELECTOR": ("share_selector", _selector),
    "SMO_SHARE_PAGES": ("share_pages", _bool),
    "SMO_SHARE_MASTODON": ("share_mastodon", _mastodon_mode),
    "SMO_SHARE_HASHTAGS": ("share_hashtags", _hashtag_networks),
    "SMO_SHARE_MENTIONS": ("share_mentions", _bool),
    "SMO_SHARE_QUOTES": ("share_quotes", _quotes),
    "SMO_SHARE_LABEL": ("share_label", _label),
    "SMO_SHARE_COPY": ("share_copy", _bool),
    "SMO_SHARE_NATIVE": ("share_native", _bool),
    "SMO_ASSETS_DIR": ("assets_dir", _folder),
    "SMO_PUBLISHER": ("publisher", _publisher),
    "SMO_REL_ME": ("rel_me", _url_list),
    "SMO_THEME_COLOR": ("theme_color", _colour),
    "SMO_JSON_LD": ("json_ld", _bool),
    "SMO_HREFLANG": ("hreflang", _bool),
    "SMO_TWITTER_LABELS": ("twitter_labels", _bool),
    "SMO_READING_SPEED": ("reading_speed", _int_between(50, 1000)),
    "SMO_CARDS": ("cards", _one_of(CARD_MODES)),
    "SMO_CARD_CACHE": ("card_cache", _optional_str),
    "SMO_CARD_FOLDER": ("card_folder", _folder),
    "SMO_CARD_WORKERS": ("card_workers", _optional_workers),
    "SMO_AUDIT": ("audit", _bool),
    "SMO_PREVIEW": ("preview", _preview),
    "SMO_LARGE_IMAGE_PREVIEW": ("large_image_preview", _bool),
    "SMO_IMAGE_VERSIONS": ("image_versions", _bool),
    "SMO_FEEDS": ("feeds", _bool),
    "SMO_FEED_SUMMARY": ("feed_summary", _bool),
    "SMO_FACEBOOK_PAGE": ("facebook_page", _http_url),
    "SMO_FACEBOOK_APP_ID": ("facebook_app_id", _app_id),
    "SMO_VERIFICATION": ("verification", _verification),
    "SMO_STRINGS": ("strings", _strings),
    "SMO_REPLIES": ("replies", _bool),
    "SMO_REPLIES_BLUESKY_APPVIEW": ("replies_bluesky_appview", _api_base),
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
        _no_query_or_fragment("SITEURL", siteurl)
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
