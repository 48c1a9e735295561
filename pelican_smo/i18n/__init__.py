"""Words in the page's language: the plugin's gettext catalogs, and which one a page uses.

The catalogs are ``.po`` files in ``pelican_smo/locale/<lang>/LC_MESSAGES/pelican_smo.po``
(template: ``pelican_smo/locale/pelican_smo.pot``, message ids in ``i18n.messages``).

Why ``.po`` read with Babel at first use, not compiled ``.mo`` files: the ``.po`` file is
the only copy of a translation, so a translator's change can never be shadowed by a stale
binary, and the package needs no compile step in its build or in the repository. Babel's
``read_po`` parses one catalog in about a millisecond; it is done once per language per
process (``translations`` is cached), for the languages a build actually uses, and
``write_mo`` turns it in memory into the standard library's ``GNUTranslations``, which
evaluates the catalog's ``Plural-Forms`` for ``ngettext``. Fuzzy entries are not used.

``Strings`` is what the rest of the package holds: a catalog's name plus the site's
``SMO_STRINGS`` overrides for it. It is small, frozen and picklable; the catalog behind
it is looked up per process.
"""

from __future__ import annotations

import functools
import gettext
import io
from dataclasses import dataclass
from importlib import resources

from pelican_smo.i18n import languages

DOMAIN = "pelican_smo"
#: The language of the message ids: needs no catalog.
SOURCE = "en"
#: A language's catalog when its script decides (Chinese): (language, script) → catalog.
_BY_SCRIPT = {("zh", "Hans"): "zh_CN", ("zh", "Hant"): "zh_TW"}


def _locale_dir():  # -> importlib.resources.abc.Traversable
    return resources.files("pelican_smo").joinpath("locale")


@functools.cache
def available() -> tuple[str, ...]:
    """The catalogs the package ships (``"de"``, ``"pt_BR"`` …), English included."""
    found = [SOURCE]
    for entry in _locale_dir().iterdir():
        if entry.joinpath("LC_MESSAGES", f"{DOMAIN}.po").is_file():
            found.append(entry.name)
    return tuple(sorted(found))


def po_file(catalog: str):  # -> Traversable
    """The ``.po`` file of a catalog."""
    return _locale_dir().joinpath(catalog, "LC_MESSAGES", f"{DOMAIN}.po")


@functools.cache
def translations(catalog: str) -> gettext.NullTranslations:
    """A catalog as ``gettext`` translations, read once per process (see the module doc)."""
    if catalog == SOURCE or catalog not in available():
        return gettext.NullTranslations()
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po_file(catalog).open("rb") as handle:
        parsed = read_po(handle, locale=catalog, domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, parsed)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


@functools.lru_cache(maxsize=256)
def catalog_for(value: str | None) -> str:
    """The catalog for a page language (a ``lang`` value or BCP 47 tag), English if none.

    An exact catalog (``pt-BR`` → ``pt_BR``) → Chinese by script, from CLDR's likely
    script when the tag has none (``zh-Hant``, ``zh-TW``, ``zh-HK`` → ``zh_TW``; ``zh``,
    ``zh-SG`` → ``zh_CN``) → the language's catalog (``es-MX`` → ``es``) → the one
    catalog of that language with a region (``pt``, ``pt-PT`` → ``pt_BR``) → English.
    """
    language = languages.parse(value)
    if language is None:
        return SOURCE
    shipped = available()
    lang = language.language
    if language.region and f"{lang}_{language.region}" in shipped:
        return f"{lang}_{language.region}"
    script = language.script
    if script is None:
        full = languages.likely(language)
        script = full.script if full is not None else None
    if (lang, script) in _BY_SCRIPT:
        return _BY_SCRIPT[(lang, script)]
    if lang in shipped:
        return lang
    regional = [c for c in shipped if c.split("_")[0] == lang]
    return regional[0] if regional else SOURCE


@dataclass(frozen=True, slots=True)
class Strings:
    """The words of one page: a catalog and the site's overrides (``SMO_STRINGS``)."""

    catalog: str = SOURCE
    #: (message id, replacement) pairs, for this catalog's language.
    overrides: tuple[tuple[str, str], ...] = ()

    def gettext(self, message: str) -> str:
        """``message`` in this language (an override first)."""
        for msgid, text in self.overrides:
            if msgid == message:
                return text
        return translations(self.catalog).gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        """The form of a plural message for ``n`` (an override of the singular id wins
        for every ``n``)."""
        for msgid, text in self.overrides:
            if msgid == singular:
                return text
        return translations(self.catalog).ngettext(singular, plural, n)

    def format(self, message: str, **fields: object) -> str:
        """``gettext(message).format(**fields)``."""
        return self.gettext(message).format(**fields)

    @property
    def lang(self) -> str:
        """The catalog's language as BCP 47 (``pt-BR``), for ``lang`` attributes."""
        return self.catalog.replace("_", "-")

    @property
    def direction(self) -> str:
        """``"rtl"`` for a right-to-left language, else ``"ltr"``."""
        language = languages.parse(self.catalog)
        return "rtl" if language is not None and languages.is_rtl(language) else "ltr"


ENGLISH = Strings()
