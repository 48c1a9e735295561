"""Site-wide facts: name, URL, description, publisher, locale and language tags."""

from __future__ import annotations

import locale as pylocale
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from pelican_smo.model import PublisherFact, SiteFacts
from pelican_smo.settings import SmoConfig
from pelican_smo.util.text import clean_text, html_to_text

if TYPE_CHECKING:
    from pelican_smo.facts.state import BuildState

_LANG = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$")
_LOCALE = re.compile(r"^[a-z]{2,3}_[A-Z]{2}$")


def site_facts(settings: Mapping[str, Any], config: SmoConfig) -> SiteFacts:
    """Site-wide facts.

    URL: ``SMO_SITEURL`` → ``SITEURL`` if it is an absolute http(s) URL → none
    (then tags that need an absolute URL are left out; ``plugin`` warns once).
    Description: ``SMO_SITE_DESCRIPTION`` → ``SITESUBTITLE`` → none.
    Locale: ``DEFAULT_LANG`` with ``LOCALE`` for its territory → none.
    The publisher is filled in by ``BuildState.bind_context`` (its logo is a
    static file, known only once Pelican has found them).
    """
    siteurl = config.siteurl
    if siteurl is None:
        raw = str(settings.get("SITEURL") or "")
        siteurl = raw.rstrip("/") if re.match(r"^https?://[^/\s]+", raw) else None
    description = config.site_description or settings.get("SITESUBTITLE")
    return SiteFacts(
        name=html_to_text(str(settings.get("SITENAME") or "")) or "",
        url=siteurl,
        description=clean_text(str(description)) if description else None,
        twitter_site=config.twitter_site,
        locale=og_locale(settings.get("DEFAULT_LANG"), settings),
        theme_color=config.theme_color,
        rel_me=config.rel_me,
    )


def publisher_facts(res: BuildState) -> PublisherFact | None:
    """The site's publisher for JSON-LD.

    Fallback order, field by field: ``SMO_PUBLISHER`` → kind ``Organization``,
    name ``SITENAME``, URL the site's home page, no logo. A ``Person`` publisher
    named like an ``SMO_AUTHORS`` entry gets that author's profiles as ``sameAs``.
    """
    from pelican_smo.facts.media import image_fact  # media imports resources

    given = res.config.publisher
    name = given.get("name") or res.site.name
    if not name:
        return None
    logo = None
    if given.get("logo"):
        logo = image_fact(given["logo"], f"{name} logo", None, res, "SMO_PUBLISHER['logo']",
                          preview=False)
    same_as = tuple(given.get("same_as") or ())
    author = res.authors.get(name)
    if given.get("type") == "Person" and author and not same_as:
        same_as = author.same_as
    return PublisherFact(
        kind=given.get("type") or "Organization",
        name=name,
        url=given.get("url") or (res.site.url + "/" if res.site.url else None),
        logo=logo,
        same_as=same_as,
    )


def og_locale(lang: Any, settings: Mapping[str, Any]) -> str | None:
    """OGP ``ll_TT`` locale for a content language.

    Fallback order: a ``LOCALE`` entry for the same language (``en_GB.UTF-8``
    gives ``en_GB`` for ``en``) → the language with its own territory
    (``pt-br`` → ``pt_BR``) → Python's locale alias table (``fr`` → ``fr_FR``)
    → none for anything that isn't a language code.
    """
    if not isinstance(lang, str) or not _LANG.match(lang.strip()):
        return None
    lang = lang.strip().replace("-", "_")
    language = lang.split("_")[0].lower()
    locales = settings.get("LOCALE") or ()
    if isinstance(locales, str):
        locales = (locales,)
    for entry in locales:
        code = str(entry).split(".")[0].split("@")[0]
        if _LOCALE.match(code) and code.split("_")[0] == language:
            return code
    parts = lang.split("_")
    if len(parts) > 1 and len(parts[1]) == 2:
        return f"{language}_{parts[1].upper()}"
    normalised = pylocale.normalize(language).split(".")[0]
    return normalised if _LOCALE.match(normalised) else None


def hreflang(lang: Any) -> str | None:
    """BCP 47 tag for a Pelican ``lang`` (``en`` → ``en``, ``pt_br`` → ``pt-BR``).

    Kept as given otherwise: hreflang compares the language (and region) the
    author wrote, and adding a guessed region would make ``en`` and ``en-US``
    two different sets.
    """
    if not isinstance(lang, str) or not _LANG.match(lang.strip()):
        return None
    parts = lang.strip().replace("_", "-").split("-")
    head = parts[0].lower()
    rest = [p.upper() if len(p) == 2 else p for p in parts[1:]]
    return "-".join([head, *rest])


def language_tag(locale_code: str | None) -> str | None:
    """BCP 47 form of an OGP locale (``en_US`` → ``en-US``), for JSON-LD ``inLanguage``."""
    return locale_code.replace("_", "-") if locale_code else None
