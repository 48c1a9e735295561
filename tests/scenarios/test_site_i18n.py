"""i18n_subsites: the Spanish subsite is a second Pelican built inside the main one.

Each site must come out as if built alone (the plugin's state belongs to each build),
and translations must link the URLs i18n_subsites really writes.

Expected values: ``og:url``/canonical are the page's own absolute URL (Open Graph
protocol, ogp.me, "og:url"; RFC 6596); ``og:site_name`` is each site's ``SITENAME``;
``og:locale`` is Facebook's ``ll_TT`` code for the language (``en_US`` English (US),
``es_ES`` Spanish (Spain) in Facebook's list of supported locales); hreflang
alternates name every translation once, by its real URL, and every member of a
cluster names the same ``x-default`` (Google Search Central, "Tell Google about
localized versions of your page").
"""

from __future__ import annotations

import pytest

from tests.helpers import build_scenario
from tests.scenarios.test_site_core import head_values, one

#: i18n_subsites complains when the theme has no gettext catalog for the language.
I18N_NOISE = ("Cannot find translations for language",)
MAIN, ES = "https://example.org", "https://example.org/es"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return build_scenario("i18n-subsites", tmp_path_factory.mktemp("i18n"),
                          allowed_errors=I18N_NOISE)


@pytest.mark.parametrize(("rel", "url", "name", "locale"), [
    ("index.html", f"{MAIN}/", "Site", "en_US"),
    ("archives.html", f"{MAIN}/archives.html", "Site", "en_US"),
    ("hello.html", f"{MAIN}/hello.html", "Site", "en_US"),
    ("es/index.html", f"{ES}/", "Sitio", "es_ES"),
    ("es/archives.html", f"{ES}/archives.html", "Sitio", "es_ES"),
    ("es/hello.html", f"{ES}/hello.html", "Sitio", "es_ES"),
])
def test_each_site_keeps_its_own_url_name_and_locale(site, rel, url, name, locale):
    values = head_values(site.soup(rel))
    assert one(values, "canonical") == url
    assert one(values, "og:url") == url
    assert one(values, "og:site_name") == name
    assert one(values, "og:locale") == locale


@pytest.mark.parametrize(("rel", "site_root"), [("hello.html", ""), ("es/hello.html", "es/")])
def test_each_sites_card_is_in_its_own_output(site, rel, site_root):
    image = one(head_values(site.soup(rel)), "og:image")
    base = MAIN + "/" + site_root
    assert image.startswith(base + "smo/cards/"), image
    assert site.exists(image[len(MAIN) + 1:]), image


def test_translations_link_the_pages_i18n_subsites_writes(site):
    expected = {"en": f"{MAIN}/hello.html", "es": f"{ES}/hello.html",
                "x-default": f"{MAIN}/hello.html"}
    for rel in ("hello.html", "es/hello.html"):
        links = {link["hreflang"]: link["href"]
                 for link in site.soup(rel).head.find_all("link", hreflang=True)}
        assert links == expected, rel
        for href in links.values():
            assert site.exists(href[len(MAIN) + 1:]), href
    alternates = head_values(site.soup("hello.html"))["og:locale:alternate"]
    assert alternates == ["es_ES"]
