"""Language values as Pelican sites write them → BCP 47 tags and Facebook locales.

Pure functions of strings (no Pelican object, no logging): ``facts.site`` reads the
settings and the articles' ``lang`` and warns about what ``parse`` could not read.

Pelican takes ``DEFAULT_LANG`` and an article's ``lang`` as given, and sites write many
things there: BCP 47 tags (``pt-BR``, ``zh-Hant``), POSIX-style codes (``pt_BR``),
codes that are countries (``jp``, ``cn``), i18n_subsites folder names (``zhs`` for
Simplified Chinese) and English names (``Chinese (Simplified)``, which some quickstart
guides suggest). ``parse`` reads each into a tag, or gives up; what is a language,
script or region comes from the Unicode CLDR data that Babel ships (read from
``i18n/cldr.json``, a copy of the part needed).
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from typing import Any

from pelican_smo.i18n.facebook_locales import FACEBOOK_LOCALES, UMBRELLA

#: Values that are not language codes but that sites use for one: country codes and
#: i18n_subsites folder names. A value that CLDR knows as a language (``kr`` is Kanuri,
#: ``se`` Northern Sami) is not listed here: it is read as that language.
ALIASES: dict[str, str] = {
    "zhs": "zh-Hans", "zht": "zh-Hant", "zh-chs": "zh-Hans", "zh-cht": "zh-Hant",
    "cn": "zh-Hans", "tw": "zh-Hant", "hk": "zh-Hant",
    "jp": "ja", "cz": "cs", "dk": "da", "gr": "el", "ua": "uk", "vn": "vi",
}
#: English names that CLDR spells otherwise, as some quickstart guides write them.
#: Plain names (``Spanish``, ``Brazilian Portuguese``, ``Simplified Chinese``) are found in
#: CLDR's English names; "Name (Region)" forms with a CLDR region name are read too.
NAMES: dict[str, str] = {
    "chinese (simplified)": "zh-Hans",
    "chinese (traditional)": "zh-Hant",
    "chinese simplified": "zh-Hans",
    "chinese traditional": "zh-Hant",
    "portuguese (brazilian)": "pt-BR",
    "english (us)": "en-US",
    "english (uk)": "en-GB",
}
_SUBTAGS = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*$")
#: Scripts in which the language is written right to left.
_RTL_SCRIPTS = frozenset({"Arab", "Hebr", "Thaa", "Syrc", "Nkoo", "Adlm", "Rohg", "Mand"})


@dataclass(frozen=True, slots=True)
class Language:
    """A language value read into BCP 47 subtags."""

    tag: str  # "zh-Hant", "pt-BR", "ar"
    language: str  # "zh"
    script: str | None = None  # "Hant"
    region: str | None = None  # "BR"
    #: How the value was read: "code" (as written, bar letter case and ``_``), "alias"
    #: (a known non-code such as ``zhs`` or ``jp``) or "name" (an English name).
    how: str = "code"


@functools.cache
def _data() -> dict[str, Any]:
    """``i18n/cldr.json``: the part of Babel's CLDR data read here, copied by
    ``scripts/make_cldr.py`` (which says why a copy). Read once per process."""
    text = resources.files("pelican_smo").joinpath("i18n", "cldr.json").read_text(
        encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


@functools.cache
def _cldr() -> tuple[frozenset[str], frozenset[str], frozenset[str], dict[str, str]]:
    """CLDR's languages, scripts, regions and language aliases."""
    data = _data()
    return (frozenset(data["languages"]), frozenset(data["scripts"]),
            frozenset(data["regions"]), data["language_aliases"])


def _likely_subtags(key: str) -> str | None:
    """CLDR's likely subtags for ``key`` (``zh_Hant`` → ``zh_Hant_TW``), or ``None``.

    Looked up in the copy's one string (`` key:value`` pairs), not a dict of its 7,900
    entries, which would hold 1 MB for the few languages a site uses (``likely`` is
    cached).
    """
    table: str = _data()["likely_subtags"]
    at = table.find(f" {key}:")
    if at == -1:
        return None
    start = at + len(key) + 2
    return table[start:table.index(" ", start)]


def _from_subtags(value: str, how: str) -> Language | None:
    if not _SUBTAGS.match(value):
        return None
    languages, scripts, regions, aliases = _cldr()
    parts = value.replace("_", "-").split("-")
    language = parts[0].lower()
    if language not in languages:
        if language in aliases and aliases[language].lower() in languages:
            language = aliases[language].lower()
        else:
            return None
    script = region = None
    rest = parts[1:]
    if rest and len(rest[0]) == 4 and rest[0].isalpha():
        script = rest.pop(0).title()
        if script not in scripts:
            return None
    if rest and ((len(rest[0]) == 2 and rest[0].isalpha()) or (len(rest[0]) == 3
                 and rest[0].isdigit())):
        region = rest.pop(0).upper()
        if region not in regions:
            return None
    variants = [p.lower() for p in rest]
    if any(not (5 <= len(p) <= 8 or (len(p) == 4 and p[0].isdigit())) for p in variants):
        return None
    tag = "-".join(p for p in (language, script, region, *variants) if p)
    return Language(tag, language, script, region, how)


@functools.lru_cache(maxsize=256)
def parse(value: object) -> Language | None:
    """The language a ``DEFAULT_LANG`` or ``lang`` value names; ``None`` when it names none.

    ``pt_br`` → ``pt-BR``; ``zh-hant`` → ``zh-Hant``; ``iw`` → ``he`` (CLDR's aliases of
    retired codes); ``zhs`` → ``zh-Hans``, ``jp`` → ``ja`` (``ALIASES``); ``Chinese
    (Simplified)`` → ``zh-Hans``, ``Spanish`` → ``es``, ``Portuguese (Brazil)`` →
    ``pt-BR`` (English names). Anything else, including a well-formed tag whose language,
    script or region CLDR does not know, is ``None``.
    """
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    key = text.lower().replace("_", "-")
    if key in ALIASES:
        return _from_subtags(ALIASES[key], "alias")
    found = _from_subtags(text, "code")
    if found is not None:
        return found
    return _from_name(key)


def _from_name(key: str) -> Language | None:
    names: dict[str, str] = _data()["language_names"]
    key = " ".join(key.split())
    if key in NAMES:
        return _from_subtags(NAMES[key], "name")
    if key in names:
        return _from_subtags(names[key], "name")
    match = re.match(r"^(.+?)\s*\((.+)\)$", key)
    if match and match.group(1) in names:
        region = _data()["region_names"].get(match.group(2).strip())
        if region:
            return _from_subtags(f"{names[match.group(1)]}-{region}", "name")
    return None


def locale_region(language: str, locales: Iterable[object]) -> str | None:
    """The region of the first ``LOCALE`` entry for ``language`` (``pt_BR.UTF-8`` → ``BR``
    for ``pt``); ``C``, ``en_US`` for ``pt`` and other languages' entries give none."""
    for entry in locales:
        code = str(entry).split(".")[0].split("@")[0]
        found = _from_subtags(code, "code") if "_" in code or "-" in code else None
        if found is not None and found.language == language and found.region:
            return found.region
    return None


@functools.lru_cache(maxsize=256)
def likely(language: Language) -> Language | None:
    """CLDR's likely script and region for a tag (``zh-Hant`` → ``zh-Hant-TW``, ``pt`` →
    ``pt-Latn-BR``), or ``None`` when CLDR has no guess."""
    keys = [k for k in ("_".join(p for p in (language.language, language.script,
                                             language.region) if p),
                        "_".join(p for p in (language.language, language.script) if p),
                        "_".join(p for p in (language.language, language.region) if p),
                        language.language)]
    for key in keys:
        found = _likely_subtags(key)
        if found is not None:
            parts = found.split("_")
            script = next((p for p in parts[1:] if len(p) == 4), None)
            region = next((p for p in parts[1:] if len(p) in (2, 3)), None)
            return Language(language.tag, parts[0], language.script or script,
                            language.region or region, language.how)
    return None


def facebook_locale(language: Language, locale_region_: str | None = None) -> str | None:
    """The Facebook locale (``FACEBOOK_LOCALES``) for a language, or ``None``.

    In order, the first that Facebook lists: the language with the tag's own region, or
    else ``LOCALE``'s (``locale_region_``); with CLDR's likely region for the tag
    (``zh-Hant`` → ``zh_TW``, ``zh-MO`` → Traditional, ``zh_HK``); Facebook's umbrella
    locale (``ar`` → ``ar_AR``, ``es-AR`` → ``es_LA``); the likely region of the
    language alone (``fr-BE`` → ``fr_FR``); the one locale Facebook has for the language
    (``sw`` → ``sw_KE``). Nothing is made up: ``None`` when none of these is listed.
    """
    lang = language.language
    candidates = []
    region = language.region or locale_region_
    if region:
        candidates.append(f"{lang}_{region}")
    full = likely(Language(language.tag, lang, language.script, region))
    if full is not None and full.region:
        candidates.append(f"{lang}_{full.region}")
        if lang == "zh" and full.script == "Hant":
            candidates += ["zh_TW", "zh_HK"]
    if lang in UMBRELLA:
        candidates.append(UMBRELLA[lang])
    bare = likely(Language(lang, lang, language.script))
    if bare is not None and bare.region:
        candidates.append(f"{lang}_{bare.region}")
    for code in candidates:
        if code in FACEBOOK_LOCALES:
            return code
    own = sorted(code for code in FACEBOOK_LOCALES if code.split("_")[0] == lang)
    return own[0] if len(own) == 1 else None


def is_rtl(language: Language) -> bool:
    """Whether the language's script is written right to left (``ar``, ``he``, ``fa``,
    ``ur``, ``yi``; ``az-Arab`` too)."""
    script = language.script
    if script is None:
        found = likely(language)
        script = found.script if found is not None else None
    return script in _RTL_SCRIPTS
