"""``pelican_smo/i18n/cldr.json`` is Babel's CLDR data, no more and no less.

The copy saves every build from unpickling Babel's data (``scripts/make_cldr.py`` says
why); these tests keep it honest: it is what the script writes for the installed Babel,
and each lookup gives the answer Babel's own tables give.
"""

from __future__ import annotations

import pytest
from babel import Locale
from babel.core import get_global

from pelican_smo.i18n.languages import _cldr, _data, _from_name, _likely_subtags, parse
from tests.helpers import REPO_ROOT, script_module


def test_the_copy_is_what_the_installed_babel_gives():
    text = (REPO_ROOT / "pelican_smo" / "i18n" / "cldr.json").read_text(encoding="utf-8")
    assert text == script_module("make_cldr").render(), (
        "pelican_smo/i18n/cldr.json is stale: run .venv/bin/python scripts/make_cldr.py")


def test_every_likely_subtag_is_found_as_babel_has_it():
    table = get_global("likely_subtags")
    assert len(table) > 5000
    for key, value in table.items():
        assert _likely_subtags(key) == value, key
    for missing in ("", "xx_Zzzz", "e", "n_US", "US"):  # no key, or part of one
        assert _likely_subtags(missing) is None, missing


def test_codes_and_aliases_are_babels():
    english = Locale("en")
    languages, scripts, regions, aliases = _cldr()
    assert languages == {code for code in english.languages if "_" not in code}
    assert scripts == set(english.scripts) and regions == set(english.territories)
    assert aliases["iw"] == get_global("language_aliases")["iw"] == "he"
    assert parse("iw").tag == "he" and parse("zh-hant").tag == "zh-Hant"
    assert _data()["language_names"]["spanish"] == "es"
    assert Locale("en").territories[_data()["region_names"]["switzerland"]] == "Switzerland"


@pytest.mark.parametrize(("value", "tag"), [
    ("Spanish", "es"), ("Portuguese (Brazil)", "pt-BR"), ("German (Switzerland)", "de-CH"),
    ("Chinese (Simplified)", "zh-Hans"), ("Klingon (Nowhere)", None),
])
def test_english_names_read_as_cldr_names_them(value, tag):
    found = _from_name(" ".join(value.lower().split()))
    assert (found.tag if found else None) == tag
