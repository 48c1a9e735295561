"""Languages, locales and the message catalogs, without building a site.

Expected locales are Facebook's own codes (FacebookLocales.xml and the locale list
of Facebook's localization documentation: ``ar_AR`` and ``es_LA`` are its umbrella
locales for Arabic and Spanish); expected tags are BCP 47 as written by hand.
"""

from __future__ import annotations

import string

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po

from pelican_smo import settings
from pelican_smo.i18n import (
    SOURCE,
    Strings,
    available,
    catalog_for,
    messages,
    po_file,
    translations,
)
from pelican_smo.i18n.facebook_locales import FACEBOOK_LOCALES, UMBRELLA
from pelican_smo.i18n.languages import facebook_locale, is_rtl, locale_region, parse

#: The languages the brief asks for: Pelican's documentation is translated into Spanish
#: (docs/locales/es_ES), Simplified Chinese (docs/locales/zh_CN) and French (docs/fr).
REQUIRED = {"de", "es", "fr", "it", "nl", "pl", "pt_BR", "ru", "ja", "zh_CN", "ko", "ar", "he",
            "tr", "uk", "zh_TW"}


def fb(value, locales=()):
    language = parse(value)
    if language is None:
        return None
    region = locale_region(language.language, locales) if not language.region else None
    return facebook_locale(language, region)


@pytest.mark.parametrize(("value", "tag", "locale"), [
    ("ar", "ar", "ar_AR"),  # not the C library's ar_AA
    ("ar-EG", "ar-EG", "ar_AR"),  # Facebook lists no ar_EG: its umbrella
    ("es", "es", "es_ES"),
    ("es-MX", "es-MX", "es_MX"),
    ("es-AR", "es-AR", "es_LA"),  # Latin American Spanish
    ("es_419", "es-419", "es_LA"),
    ("pt", "pt", "pt_BR"),  # CLDR's likely region for Portuguese
    ("pt-PT", "pt-PT", "pt_PT"),
    ("pt_br", "pt-BR", "pt_BR"),
    ("ja", "ja", "ja_JP"),
    ("ko", "ko", "ko_KR"),
    ("he", "he", "he_IL"),
    ("iw", "he", "he_IL"),  # the retired code for Hebrew
    ("uk", "uk", "uk_UA"),
    ("tr", "tr", "tr_TR"),
    ("fr-BE", "fr-BE", "fr_FR"),  # no fr_BE: the language's likely region
    ("zh-Hant", "zh-Hant", "zh_TW"),  # Traditional Chinese, never zh_CN
    ("zh-hant-hk", "zh-Hant-HK", "zh_HK"),
    ("zh-HK", "zh-HK", "zh_HK"),
    ("zh-Hans", "zh-Hans", "zh_CN"),
    ("zh", "zh", "zh_CN"),
    ("zhs", "zh-Hans", "zh_CN"),  # i18n_subsites folder name on a real blog
    ("zht", "zh-Hant", "zh_TW"),
    ("jp", "ja", "ja_JP"),  # a country code used for the language
    ("Chinese (Simplified)", "zh-Hans", "zh_CN"),  # what some quickstarts write
    ("Chinese (Traditional)", "zh-Hant", "zh_TW"),
    ("Spanish", "es", "es_ES"),
    ("Portuguese (Brazil)", "pt-BR", "pt_BR"),
    ("no", "no", "nb_NO"),
    ("fil", "fil", "tl_PH"),
    ("sw", "sw", "sw_KE"),  # Facebook's one Swahili locale
    ("en", "en", "en_US"),
    ("en-GB", "en-GB", "en_GB"),
])
def test_language_values_read_as_bcp47_and_facebook_locales(value, tag, locale):
    language = parse(value)
    assert language is not None and language.tag == tag
    assert fb(value) == locale
    assert locale in FACEBOOK_LOCALES


@pytest.mark.parametrize("value", ["xx", "zz-Hant", "en-XY", "", "  ", "e",
                                   "english please", "elvish", None, 42])
def test_values_that_name_no_language(value):
    assert parse(value) is None


@pytest.mark.parametrize("value", ["kr", "ckb", "yue"])
def test_languages_facebook_does_not_list_get_no_locale(value):
    # kr is Kanuri (not Korean), ckb Central Kurdish, yue Cantonese: real languages that
    # Facebook has no locale for. None rather than a made-up one.
    assert parse(value) is not None
    assert fb(value) is None


def test_locale_setting_gives_the_region():
    assert fb("pt", ("pt_BR.UTF-8",)) == "pt_BR"
    assert fb("pt", ("pt_PT.UTF-8", "C")) == "pt_PT"
    assert fb("en", ("en_GB.utf8",)) == "en_GB"
    assert fb("en", ("de_DE.UTF-8",)) == "en_US"  # another language's entry says nothing
    assert fb("ar", ("ar_EG.UTF-8",)) == "ar_AR"
    assert fb("es", ("C",)) == "es_ES"
    assert fb("es-MX", ("es_ES.UTF-8",)) == "es_MX"  # the tag's own region first


def test_umbrella_locales_are_facebook_locales():
    assert set(UMBRELLA.values()) <= FACEBOOK_LOCALES
    assert all(len(code) == 5 and code[2] == "_" for code in FACEBOOK_LOCALES)


@pytest.mark.parametrize(("value", "rtl"), [("ar", True), ("he", True), ("fa", True),
                                            ("ur", True), ("es", False), ("ja", False),
                                            ("az-Arab", True)])
def test_right_to_left_languages(value, rtl):
    assert is_rtl(parse(value)) is rtl


@pytest.mark.parametrize(("value", "catalog"), [
    ("es", "es"), ("es-MX", "es"), ("pt", "pt_BR"), ("pt-BR", "pt_BR"), ("pt_PT", "pt_BR"),
    ("zh-Hant", "zh_TW"), ("zh-TW", "zh_TW"), ("zh-HK", "zh_TW"), ("zh", "zh_CN"),
    ("zh-Hans", "zh_CN"), ("zhs", "zh_CN"), ("Chinese (Simplified)", "zh_CN"), ("ar", "ar"),
    ("he", "he"), ("ja", "ja"), ("en", "en"), ("en-GB", "en"), ("eo", "en"), ("xx", "en"),
    (None, "en"),
])
def test_page_language_chooses_the_catalog(value, catalog):
    assert catalog_for(value) == catalog


def test_every_required_language_has_a_catalog():
    assert set(available()) >= REQUIRED


# --- catalog completeness ------------------------------------------------------------------


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def _catalog(name: str) -> Catalog:
    with po_file(name).open("rb") as handle:
        return read_po(handle, locale=name, domain="pelican_smo")


def test_template_lists_exactly_the_message_ids_of_messages_py():
    path = messages.__file__
    extracted = [m[1] for m in extract_from_file("python", path, keywords={"N_": None,
                                                                         "NP_": (1, 2)})]
    ids = [m if isinstance(m, str) else m[0] for m in extracted]
    assert ids == messages.all_ids()
    pot = po_file("x").parent.parent.parent / "pelican_smo.pot"
    with pot.open("rb") as handle:
        template = read_po(handle)
    assert [m.id if isinstance(m.id, str) else m.id[0] for m in template if m.id] == ids


@pytest.mark.parametrize("name", sorted(set(available()) - {SOURCE}))
def test_catalog_is_complete_and_keeps_placeholders(name):
    catalog = _catalog(name)
    assert catalog.num_plurals >= 1
    ids = messages.all_ids()
    found = {m.id if isinstance(m.id, str) else m.id[0]: m for m in catalog if m.id}
    assert sorted(found) == sorted(ids), set(found) ^ set(ids)
    for msgid, message in found.items():
        assert not message.fuzzy, (name, msgid)
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        if isinstance(message.id, tuple):
            assert len(forms) == catalog.num_plurals, (name, msgid)
        for form in forms:
            assert form and form.strip(), (name, msgid)
            assert form == form.strip(), (name, msgid)
            assert _fields(form) == _fields(msgid), (name, msgid, form)
            assert "  " not in form, (name, msgid)
    # the Mastodon page's hint names its own button: the same word in both messages
    button = found[messages.MASTODON_SHARE].string
    assert button in found[messages.MASTODON_HINT].string, name


@pytest.mark.parametrize("name", sorted(set(available()) - {SOURCE}))
def test_catalog_loads_and_translates(name):
    words = Strings(name)
    assert translations(name).gettext(messages.COPY_LINK) != messages.COPY_LINK
    for n in (1, 2, 5, 11, 21, 101):
        text = words.ngettext(*messages.MINUTES_READ, n).format(minutes=n)
        assert str(n) in text


def test_english_needs_no_catalog():
    words = Strings()
    assert words.format(messages.SHARE_ON, network="X") == "Share on X"
    assert words.ngettext(*messages.MINUTES_READ, 3).format(minutes=3) == "3 min read"
    assert (words.lang, words.direction) == ("en", "ltr")
    assert (Strings("ar").lang, Strings("ar").direction) == ("ar", "rtl")
    assert Strings("pt_BR").lang == "pt-BR"


def test_plural_forms_follow_the_language():
    ru = Strings("ru")
    assert ru.ngettext(*messages.PREVIEW_SHOWN, 1).format(shown=1, total=1) == "1 из 1 страницы"
    assert ru.ngettext(*messages.PREVIEW_SHOWN, 5).format(shown=2, total=5) == "2 из 5 страниц"
    ar = Strings("ar")
    assert ar.ngettext(*messages.MINUTES_READ, 3).format(minutes=3) == "3 دقائق قراءة"
    assert ar.ngettext(*messages.MINUTES_READ, 1).format(minutes=1) == "1 دقيقة قراءة"


# --- SMO_STRINGS ---------------------------------------------------------------------------


def test_smo_strings_overrides_by_message_and_by_language():
    config = settings.from_settings({"SMO_STRINGS": {
        "Copy link": "Copy URL", "fr": {"Copy link": "Copier"}, "pt-BR": {"Share…": "Enviar…"}}})
    assert dict(config.strings["*"]) == {"Copy link": "Copy URL"}
    assert dict(config.strings["fr"]) == {"Copy link": "Copier"}
    assert dict(config.strings["pt_BR"]) == {"Share…": "Enviar…"}


def test_smo_share_label_stays_the_bars_label_in_every_language():
    config = settings.from_settings({"SMO_SHARE_LABEL": "Pass it on"})
    assert dict(config.strings["*"]) == {"Share this article": "Pass it on"}
    both = settings.from_settings({"SMO_SHARE_LABEL": "Pass it on",
                                   "SMO_STRINGS": {"Share this article": "Tell others"}})
    merged = dict(both.strings["*"])
    assert merged["Share this article"] == "Tell others"


@pytest.mark.parametrize(("value", "says"), [
    ("Copier", "must be a dict"),
    ({"Copy lnk": "x"}, "did you mean 'Copy link'"),
    ({"Copy link": ""}, "non-empty string"),
    ({"Copy link": 3}, "non-empty string"),
    ({"Share on {network}": "Partager"}, "placeholders ({network})"),
    ({"Opening {host}…": "Ouverture de {hote}"}, "placeholders ({host})"),
    ({"Link copied": "Copié {"}, "placeholders (none)"),
    ({"xx": {"Copy link": "x"}}, "not a language the plugin has a catalog for"),
    ({"eo": {"Copy link": "x"}}, "not a language the plugin has a catalog for"),
    ({"fr": {"Copy lnk": "x"}}, "SMO_STRINGS['fr']['Copy lnk']"),
])
def test_smo_strings_is_checked_at_start_up(value, says):
    with pytest.raises(settings.SmoConfigError) as err:
        settings.from_settings({"SMO_STRINGS": value})
    assert says in str(err.value)
    assert "SMO_STRINGS" in str(err.value)
