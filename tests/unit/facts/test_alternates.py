"""Translations as Open Graph locales, with plain stand-in content objects.

Expected values: Facebook's locale codes (``de_DE``, ``en_US``, ``fr_FR`` in its list of
supported locales); ogp.me gives ``og:locale:alternate`` no order, so the plugin uses
the order of the hreflang links (by language), the same in every build.
"""

from __future__ import annotations

import itertools
from types import SimpleNamespace

from pelican_smo import settings
from pelican_smo.facts.alternates import locale_alternates
from pelican_smo.facts.state import BuildState

SITE = {"SITEURL": "https://example.org", "SITENAME": "Site", "DEFAULT_LANG": "en"}


def page(lang, *translations):
    return SimpleNamespace(lang=lang, translations=list(translations), metadata={})


def test_locales_of_translations_come_in_language_order_whatever_pelicans_order():
    build = BuildState(SITE, settings.from_settings(SITE))
    others = [page("fr"), page("en"), page("en-GB"), page("de")]
    found = {locale_alternates(page("es", *order), build)
             for order in itertools.permutations(others)}
    assert found == {("de_DE", "en_US", "en_GB", "fr_FR")}


def test_own_locale_and_repeats_are_left_out():
    build = BuildState(SITE, settings.from_settings(SITE))
    assert locale_alternates(page("de", page("de"), page("fr"), page("fr")), build) == (
        "fr_FR",)
    assert locale_alternates(page("de"), build) == ()
