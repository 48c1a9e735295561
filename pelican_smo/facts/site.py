"""Site-wide facts: name, URL, description, publisher, locale and language tags."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from pelican_smo.i18n import languages
from pelican_smo.i18n.languages import Language
from pelican_smo.model import PublisherFact, SiteFacts
from pelican_smo.settings import SmoConfig
from pelican_smo.util.prose import html_to_text
from pelican_smo.validators import VERIFICATION_TAGS, SmoConfigError, twitter_handle

if TYPE_CHECKING:
    from pelican_smo.facts.state import BuildState

logger = logging.getLogger(__name__)

def _log_warning(key: str, message: str) -> None:
    logger.warning("%s", message)


def site_facts(settings: Mapping[str, Any], config: SmoConfig,
               warn: Callable[[str, str], None] = _log_warning) -> SiteFacts:
    """Site-wide facts.

    Each fact: its ``SMO_*`` setting → the settings themes already read for it
    (Flex, elegant, nest, pelican-bootstrap3) → derived → none.

    - URL: ``SMO_SITEURL`` → ``SITEURL`` if it is an absolute http(s) URL → none
      (then tags that need an absolute URL are left out; ``plugin`` warns once).
    - Description: ``SMO_SITE_DESCRIPTION`` → ``SITE_DESCRIPTION`` →
      ``SITEDESCRIPTION`` → ``SITESUBTITLE`` → none. Themes print these as HTML, so
      each is reduced to plain text (``Notes on <em>small</em> things``).
    - X account (``twitter:site``): ``SMO_TWITTER_SITE`` → ``TWITTER_USERNAME`` → none.
    - Profiles (``rel=me``, and the publisher's ``sameAs``): ``SMO_REL_ME`` → the
      http(s) links of ``SOCIAL`` (``(name, url)`` pairs) → none.
    - Language: ``DEFAULT_LANG`` read as a BCP 47 tag (``read_language``) → none; its
      ``og:locale`` (``og_locale``, with ``LOCALE`` for its region) → none.

    The publisher is filled in by ``BuildState.bind_context`` (its logo is a
    static file, known only once Pelican has found them).
    """
    siteurl = config.siteurl
    if siteurl is None:
        raw = str(settings.get("SITEURL") or "")
        siteurl = raw.rstrip("/") if re.match(r"^https?://[^/\s]+", raw) else None
    description = config.site_description or _first_setting(settings, _DESCRIPTION_SETTINGS)
    language = read_language(settings.get("DEFAULT_LANG"), "DEFAULT_LANG", warn)
    return SiteFacts(
        name=html_to_text(str(settings.get("SITENAME") or "")) or "",
        url=siteurl,
        description=html_to_text(str(description)) or None if description else None,
        twitter_site=config.twitter_site or _theme_twitter(settings),
        locale=og_locale(language, settings),
        language=language.tag if language is not None else None,
        theme_color=config.theme_color,
        rel_me=config.rel_me or social_links(settings),
        facebook_page=config.facebook_page,
        facebook_app_id=config.facebook_app_id,
        verification=tuple((VERIFICATION_TAGS[key], token)
                           for key, token in config.verification.items()),
        large_image_preview=config.large_image_preview,
    )


#: Settings themes read for the site's description, in the order a theme would prefer.
_DESCRIPTION_SETTINGS = ("SITE_DESCRIPTION", "SITEDESCRIPTION", "SITESUBTITLE")


def _first_setting(settings: Mapping[str, Any], names: tuple[str, ...]) -> str | None:
    for name in names:
        value = settings.get(name)
        if isinstance(value, str) and value.strip():
            return value
    return None


def _theme_twitter(settings: Mapping[str, Any]) -> str | None:
    """``TWITTER_USERNAME`` as an ``@handle``; a value that is no X handle is warned about
    (it is the theme's setting, not ours: the build goes on without it)."""
    value = settings.get("TWITTER_USERNAME")
    if not value:
        return None
    try:
        return twitter_handle("TWITTER_USERNAME", value)
    except SmoConfigError as err:
        logger.warning("pelican_smo: not using it for twitter:site: %s", err)
        return None


def social_links(settings: Mapping[str, Any]) -> tuple[str, ...]:
    """The http(s) URLs of ``SOCIAL`` (``(("Mastodon", "https://…"), …)``, as themes list
    them), once each, in order; other entries (``mailto:``, a bare name) are skipped."""
    links: list[str] = []
    for entry in settings.get("SOCIAL") or ():
        if isinstance(entry, list | tuple) and len(entry) >= 2 and isinstance(entry[1], str):
            url = entry[1].strip()
            if re.match(r"^https?://[^/\s]+", url) and url not in links:
                links.append(url)
    return tuple(links)


def publisher_facts(res: BuildState) -> PublisherFact | None:
    """The site's publisher for JSON-LD.

    Fallback order, field by field: ``SMO_PUBLISHER`` → kind ``Organization``,
    name ``SITENAME``, URL the site's home page, logo ``SITELOGO`` (what Flex and
    elegant show). ``sameAs``: ``SMO_PUBLISHER['same_as']`` → for a ``Person`` named
    like an ``SMO_AUTHORS`` entry, that author's profiles → the site's profiles
    (``SMO_REL_ME`` → ``SOCIAL``).
    """
    from pelican_smo.facts.media import image_fact  # media imports resources

    given = res.config.publisher
    name = given.get("name") or res.site.name
    if not name:
        return None
    logo = None
    logo_ref, logo_setting = given.get("logo"), "SMO_PUBLISHER['logo']"
    if not logo_ref and isinstance(res.settings.get("SITELOGO"), str):
        logo_ref, logo_setting = res.settings["SITELOGO"], "SITELOGO"
    if logo_ref:
        logo = image_fact(logo_ref, f"{name} logo", None, res, "settings",
                          field=logo_setting, preview=False)
    same_as = tuple(given.get("same_as") or ())
    author = res.authors.get(name)
    if given.get("type") == "Person" and author and not same_as:
        same_as = author.same_as
    same_as = same_as or res.site.rel_me
    return PublisherFact(
        kind=given.get("type") or "Organization",
        name=name,
        url=given.get("url") or (res.site.url + "/" if res.site.url else None),
        logo=logo,
        same_as=same_as,
    )


def read_language(value: Any, where: str, warn: Callable[[str, str], None]) -> Language | None:
    """The language a ``DEFAULT_LANG`` or ``lang`` value names (``i18n.languages.parse``).

    ``warn(key, message)`` is told, naming ``where`` (the setting, or the file's
    ``lang``), about a value that is no language code: an English name or a known alias
    is read as its code (``Chinese (Simplified)`` → ``zh-Hans``, ``zhs`` → ``zh-Hans``);
    anything else is no language, and the page gets no ``og:locale``, hreflang or
    ``inLanguage`` from it.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    language = languages.parse(value)
    if language is None:
        warn(f"lang:{value!r}", f"pelican_smo: {where} {value!r} is not a language code "
             "(BCP 47, such as 'en', 'pt-BR' or 'zh-Hant'); no og:locale, hreflang or "
             "inLanguage is written for it")
    elif language.how != "code":
        kind = "an English language name" if language.how == "name" else \
            "not a BCP 47 language code"
        warn(f"lang:{value!r}", f"pelican_smo: {where} {value!r} is {kind}; reading it as "
             f"{language.tag!r} (write {language.tag!r} there: themes also put it in "
             "<html lang>)")
    return language


def og_locale(language: Language | None, settings: Mapping[str, Any]) -> str | None:
    """``og:locale`` for a page language: a locale Facebook accepts, or none.

    The region: the tag's own (``pt-BR``) → the first ``LOCALE`` entry for the same
    language (``pt`` with ``LOCALE = ("pt_BR.UTF-8",)`` → ``pt_BR``) → CLDR's likely
    region; each tried against Facebook's list (``i18n.facebook_locales``), then
    Facebook's umbrella locales (``ar`` → ``ar_AR``). See
    ``i18n.languages.facebook_locale``. A language Facebook does not list gets none.
    """
    if language is None:
        return None
    locales = settings.get("LOCALE") or ()
    if isinstance(locales, str):
        locales = (locales,)
    region = languages.locale_region(language.language, locales) \
        if not language.region else None
    return languages.facebook_locale(language, region)


def hreflang(lang: Any) -> str | None:
    """BCP 47 tag for a Pelican ``lang`` (``en`` → ``en``, ``pt_br`` → ``pt-BR``,
    ``zhs`` → ``zh-Hans``), or ``None`` for a value that names no language.

    Kept as given otherwise: hreflang compares the language (and region) the
    author wrote, and adding a guessed region would make ``en`` and ``en-US``
    two different sets.
    """
    language = languages.parse(lang)
    return language.tag if language is not None else None
