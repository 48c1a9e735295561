"""Validators of the ``SMO_*`` settings: each takes (setting name, value) and returns the
clean value, or raises ``SmoConfigError`` naming the setting, what was given and what is
allowed. ``settings.SETTINGS`` says which validator reads which setting.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import urlsplit

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


# --- validators: each takes (setting name, value) and returns the clean value ---------------


def optional_str(name: str, value: Any) -> str | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise SmoConfigError(f"{name} must be a string, got {type(value).__name__}: {value!r}")
    return value


def flag(name: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise SmoConfigError(f"{name} must be True or False, got {value!r}")
    return value


def int_between(low: int, high: int) -> Callable[[str, Any], int]:
    def check(name: str, value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise SmoConfigError(f"{name} must be a whole number from {low} to {high}, "
                                 f"got {value!r}")
        return value
    return check


def one_of(choices: tuple[str, ...]) -> Callable[[str, Any], str]:
    def check(name: str, value: Any) -> str:
        if value not in choices:
            allowed = ", ".join(repr(c) for c in choices)
            raise SmoConfigError(f"{name} must be one of {allowed}, got {value!r}")
        return value
    return check


def siteurl(name: str, value: Any) -> str | None:
    value = optional_str(name, value)
    if value is None:
        return None
    if not re.match(r"^https?://[^/\s]+", value):
        raise SmoConfigError(f"{name} must be an absolute http(s) URL such as "
                             f"'https://example.org/blog', got {value!r}")
    no_query_or_fragment(name, value)
    return value.rstrip("/")


def no_query_or_fragment(name: str, value: str) -> None:
    """Pelican joins page paths to the site URL as text: a query or fragment would end up
    in the middle of every URL (``https://example.org/?utm=1/page.html``)."""
    if "?" in value or "#" in value:
        raise SmoConfigError(f"{name} must be the site's address without a query or "
                             f"fragment (such as 'https://example.org/blog'), got {value!r}")


def _handle(name: str, value: Any, pattern: re.Pattern[str], what: str,
            form: Callable[[re.Match[str]], str]) -> str | None:
    """A handle setting: ``None`` when unset, else ``form`` of its match of ``pattern``;
    ``what`` names the expected form in the error."""
    value = optional_str(name, value)
    if value is None:
        return None
    match = pattern.match(value.strip())
    if not match:
        raise SmoConfigError(f"{name} must be {what}, got {value!r}")
    return form(match)


def twitter_handle(name: str, value: Any) -> str | None:
    """``@handle`` form of an X handle (given with or without the ``@``)."""
    return _handle(name, value, _TWITTER_HANDLE, "an X handle such as '@example' "
                   "(letters, digits, _; at most 15)", lambda m: "@" + m.group(1))


def _mastodon_handle(name: str, value: Any) -> str | None:
    """``@user@instance`` form of a Mastodon handle."""
    return _handle(name, value, _MASTODON_HANDLE,
                   "a Mastodon handle such as '@user@mastodon.social'",
                   lambda m: f"@{m.group(1)}@{m.group(2)}")


def _bluesky_handle(name: str, value: Any) -> str | None:
    """A Bluesky handle (a domain name), without ``@``."""
    return _handle(name, value, _BLUESKY_HANDLE,
                   "a Bluesky handle such as 'user.bsky.social'", lambda m: m.group(1))


def http_url(name: str, value: Any) -> str | None:
    value = optional_str(name, value)
    if value is not None and not re.match(r"^https?://\S+$", value):
        raise SmoConfigError(f"{name} must be an absolute http(s) URL, got {value!r}")
    return value


def api_base(name: str, value: Any) -> str:
    """The base address of an API the reader's browser calls: https (http only for a
    server on this machine, for tests), no query or fragment; no trailing slash."""
    value = optional_str(name, value)
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


def networks(name: str, value: Any) -> tuple[str, ...]:
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


def mastodon_mode(name: str, value: Any) -> str:
    if value in ("ask", "picker"):
        return value
    host = str(value).strip().lower().removeprefix("https://").rstrip("/") \
        if isinstance(value, str) else ""
    if not _HOST.match(host):
        raise SmoConfigError(f"{name} must be 'ask', 'picker' or a Mastodon instance host "
                             f"such as 'mastodon.social', got {value!r}")
    return host


def hashtag_networks(name: str, value: Any) -> tuple[str, ...]:
    if value is False or value is None:
        return ()
    if value is True:
        return HASHTAG_NETWORKS
    if isinstance(value, list | tuple) and all(v in HASHTAG_NETWORKS for v in value):
        return tuple(dict.fromkeys(value))
    raise SmoConfigError(f"{name} must be True, False or a list of networks from "
                         f"{', '.join(HASHTAG_NETWORKS)}, got {value!r}")


def quotes(name: str, value: Any) -> bool | str:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and re.match(r"^-?[A-Za-z_][A-Za-z0-9_-]*$", value.strip()):
        return value.strip()
    raise SmoConfigError(f"{name} must be True (every blockquote), False, or a class name "
                         f"that marks the blockquotes to share, such as 'shareable', "
                         f"got {value!r}")


def selector(name: str, value: Any) -> str | None:
    value = optional_str(name, value)
    if value is not None and not _SELECTOR.match(value.strip()):
        raise SmoConfigError(f"{name} must be a simple CSS selector: 'tag', '.class', '#id', "
                             f"'tag.class' or 'tag#id', got {value!r}")
    return value.strip() if value else None


def folder(name: str, value: Any) -> str:
    value = optional_str(name, value)
    if value is None or not re.match(r"^[A-Za-z0-9_-]+(?:/[A-Za-z0-9_-]+)*$", value):
        raise SmoConfigError(f"{name} must be a relative folder name such as 'smo' "
                             f"(letters, digits, -, _ and /), got {value!r}")
    return value


def label(name: str, value: Any) -> str:
    value = optional_str(name, value)
    if value is None or not value.strip():
        raise SmoConfigError(f"{name} must be a non-empty string, got {value!r}")
    return value.strip()


def url_list(name: str, value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str) or not isinstance(value, list | tuple):
        raise SmoConfigError(f"{name} must be a list of absolute http(s) URLs, got {value!r}")
    return tuple(http_url(f"{name}[{i}]", url) or "" for i, url in enumerate(value) if url)


def colour(name: str, value: Any) -> str | None:
    value = optional_str(name, value)
    if value is not None and not re.match(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$", value):
        raise SmoConfigError(f"{name} must be a hex colour such as '#1a73e8', got {value!r}")
    return value


_PUBLISHER_KEYS = ("type", "name", "url", "logo", "same_as")


def _only_keys(where: str, value: Mapping[str, Any], allowed: tuple[str, ...]) -> None:
    """Raise ``SmoConfigError`` naming ``where`` and the allowed keys when ``value`` has others
    (a misspelt key would otherwise be dropped without a word)."""
    unknown = set(value) - set(allowed)
    if unknown:
        raise SmoConfigError(f"{where} has unknown key(s) {sorted(unknown)}; "
                             f"allowed: {', '.join(allowed)}")


def publisher(name: str, value: Any) -> dict[str, Any]:
    """``{"type": "Person"|"Organization", "name", "url", "logo", "same_as"}``; all optional."""
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise SmoConfigError(f"{name} must be a dict with keys {', '.join(_PUBLISHER_KEYS)}, "
                             f"got {value!r}")
    _only_keys(name, value, _PUBLISHER_KEYS)
    return {
        "type": one_of(("Organization", "Person"))(f"{name}['type']",
                                                     value.get("type", "Organization")),
        "name": optional_str(f"{name}['name']", value.get("name")),
        "url": http_url(f"{name}['url']", value.get("url")),
        "logo": optional_str(f"{name}['logo']", value.get("logo")),
        "same_as": url_list(f"{name}['same_as']", value.get("same_as")),
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


def strings(name: str, value: Any) -> dict[str, tuple[tuple[str, str], ...]]:
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


def optional_workers(name: str, value: Any) -> int | None:
    return None if value is None else int_between(0, 64)(name, value)


def preview(name: str, value: Any) -> bool | str:
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


def verification(name: str, value: Any) -> dict[str, str]:
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


def app_id(name: str, value: Any) -> str | None:
    value = str(value).strip() if isinstance(value, int | str) else value
    if value is None or value == "":
        return None
    if not isinstance(value, str) or not value.isdigit():
        raise SmoConfigError(f"{name} must be a Facebook app id (digits), got {value!r}")
    return value


def authors(name: str, value: Any) -> dict[str, dict[str, Any]]:
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
        _only_keys(where, profile, _AUTHOR_KEYS)
        same_as = profile.get("same_as") or ()
        if isinstance(same_as, str) or not all(isinstance(u, str) for u in same_as):
            raise SmoConfigError(f"{where}['same_as'] must be a list of URLs, got {same_as!r}")
        authors[author] = dict(
            url=http_url(f"{where}['url']", profile.get("url")),
            twitter=twitter_handle(f"{where}['twitter']", profile.get("twitter")),
            mastodon=_mastodon_handle(f"{where}['mastodon']", profile.get("mastodon")),
            bluesky=_bluesky_handle(f"{where}['bluesky']", profile.get("bluesky")),
            same_as=tuple(http_url(f"{where}['same_as']", u) for u in same_as),
        )
    return authors
