"""Language versions of a page: ``og:locale:alternate`` and the hreflang set."""

from __future__ import annotations

from typing import Any

from pelican_smo.facts.site import hreflang
from pelican_smo.facts.state import BuildState
from pelican_smo.model import AlternateFact


def locale_alternates(content: Any, res: BuildState) -> tuple[str, ...]:
    """``og:locale:alternate``: the locale of every translation of this page, once each,
    in the order of their ``lang`` (as the hreflang links): i18n_subsites gives a page
    its translations in an order that changes from build to build."""
    own = res.locale_of(res.language_of(getattr(content, "lang", None)))
    seen: list[str] = []
    translations = getattr(content, "translations", None) or ()
    for other in sorted(translations, key=lambda c: str(getattr(c, "lang", ""))):
        loc = res.locale_of(res.language_of(getattr(other, "lang", None)))
        if loc and loc != own and loc not in seen:
            seen.append(loc)
    return tuple(seen)


def alternates(content: Any, res: BuildState, main_lang: Any = None,
                url_of: Any = None) -> tuple[tuple[AlternateFact, ...], str | None]:
    """hreflang set: this page and every published translation, by language, plus ``x-default``.

    Every member of a translation group computes the same set (Pelican gives each
    the others as ``translations``), so the links are reciprocal by construction.
    ``x-default``: the version in the site's main language (``main_lang``, which
    i18n_subsites puts in the template context, → ``DEFAULT_LANG``) → the original
    (not marked as a translation) → this page. Empty without translations or with
    ``SMO_HREFLANG = False``. ``url_of``: how a member's absolute URL is read
    (by default the build's cached ``page_url``).
    """
    url_of = url_of or res.page_url
    others = [o for o in getattr(content, "translations", None) or ()
              if str(getattr(o, "status", "")).lower() != "draft"]
    if not res.config.hreflang or not others or res.site.url is None:
        return (), None
    members: dict[str, AlternateFact] = {}
    default_lang = hreflang(main_lang or res.settings.get("DEFAULT_LANG"))
    x_default = None
    original = None
    for member in sorted([content, *others], key=lambda c: str(getattr(c, "lang", ""))):
        tag = hreflang(getattr(member, "lang", None))
        if tag is None or tag in members:
            continue
        url = url_of(member)
        if url is None:
            continue
        members[tag] = AlternateFact(hreflang=tag, url=url)
        if tag == default_lang:
            x_default = url
        if not getattr(member, "translation", False) and original is None:
            original = url
    if len(members) < 2:
        return (), None
    own = members.get(hreflang(getattr(content, "lang", None)) or "")
    return tuple(members.values()), x_default or original or (own.url if own else None)
