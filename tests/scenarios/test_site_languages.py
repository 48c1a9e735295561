"""Sites in Arabic, Spanish, Japanese and Brazilian Portuguese: the page's own language.

Each site is a real Pelican build (notmyidea theme, default settings but the language):
``og:locale`` must be a code from Facebook's locale list (FacebookLocales.xml:
``ar_AR``, ``es_ES``, ``ja_JP``, ``pt_BR``), JSON-LD ``inLanguage`` the author's BCP 47
tag, Slack's extra fields and listing titles in the site's language, and a social
card's date (its ``CardSpec.date_text``, read by a probe plugin from
``facts.card_spec``) the date the page itself shows. In Chromium the share bar's
accessible names are read from the accessibility tree (``get_by_role``, ARIA snapshot):
every expected word below was written by hand, in each language, from the platforms'
own wording ("Compartir", "共有", "مشاركة").
"""

from __future__ import annotations

import itertools
import json
import re
import textwrap

import pytest

from tests.helpers import build_site, serve
from tests.scenarios.test_site_core import head_values, one

SITEURL = "https://blog.example.org"
#: A plugin that writes each article's card spec date and Pelican's locale_date to
#: probe.json beside the output (run after pelican_smo's own handler of the signal).
PROBE = textwrap.dedent('''
    import json, os
    from pelican import signals
    from pelican_smo import facts
    from pelican_smo.facts import state

    def dump(generators):
        build = state.of(generators[0].settings)
        found = {}
        for generator in generators:
            for article in list(getattr(generator, "articles", [])) + list(
                    getattr(generator, "translations", [])):
                page = build.facts_for(article)[1]
                if page is not None:
                    spec = facts.card_spec(article, page, build)
                    found[os.path.basename(article.source_path)] = {
                        "date_text": spec.date_text, "locale_date": article.locale_date,
                        "ours": [n for n in vars(article) if n.startswith("smo")]}
        out = os.path.join(os.path.dirname(build.settings["OUTPUT_PATH"]), "probe.json")
        with open(out, "w", encoding="utf-8") as handle:
            json.dump(found, handle, ensure_ascii=False)

    def register():
        signals.all_generators_finalized.connect(dump)
''')

WORDS = " ".join(["palabra"] * 120)
CASES = {
    "ar": dict(
        settings={"DEFAULT_LANG": "ar", "LOCALE": ("ar_EG.UTF-8",),
                  "DEFAULT_DATE_FORMAT": "%d %B %Y"},
        locale="ar_AR", in_language="ar", lang="ar", dir="rtl",
        label="مشاركة هذا المقال", x="مشاركة على X", email="مشاركة عبر البريد الإلكتروني",
        copy="نسخ الرابط", copied="تم نسخ الرابط",
        slack=("مدة القراءة", "1 دقيقة قراءة", "بقلم"),
        date="19 يونيو 2024", tags="الوسوم", page2="الصفحة 2",
        mastodon="شارك على الفديفرس", empty="أدخل عنوان خادم Mastodon الخاص بك، مثل mastodon.social."),
    "es": dict(
        settings={"DEFAULT_LANG": "es", "LOCALE": ("es_ES.UTF-8",),
                  "DEFAULT_DATE_FORMAT": "%-d de %B de %Y", "SMO_PREVIEW": True},
        locale="es_ES", in_language="es", lang="es", dir=None,
        label="Compartir este artículo", x="Compartir en X", email="Compartir por Correo",
        copy="Copiar enlace", copied="Enlace copiado",
        slack=("Tiempo de lectura", "1 min de lectura", "Escrito por"),
        date="19 de junio de 2024", tags="Etiquetas", page2="página 2",
        mastodon="Compartir en el fediverso",
        empty="Escribe la dirección de tu servidor de Mastodon, como mastodon.social."),
    "ja": dict(
        settings={"DEFAULT_LANG": "ja", "LOCALE": ("ja_JP.UTF-8",),
                  "DEFAULT_DATE_FORMAT": "%Y年%-m月%-d日"},
        locale="ja_JP", in_language="ja", lang="ja", dir=None,
        label="この記事を共有", x="Xで共有", email="メールで共有",
        copy="リンクをコピー", copied="リンクをコピーしました",
        slack=("読了時間", "1分で読めます", "執筆者"),
        date="2024年6月19日", tags="タグ", page2="2ページ目",
        mastodon="フェディバースで共有",
        empty="Mastodon サーバーのアドレスを入力してください（例: mastodon.social）。"),
    "pt": dict(
        settings={"DEFAULT_LANG": "pt", "LOCALE": ("pt_BR.UTF-8",),
                  "DEFAULT_DATE_FORMAT": "%-d de %B de %Y"},
        locale="pt_BR", in_language="pt", lang="pt-BR", dir=None,
        label="Compartilhar este artigo", x="Compartilhar no X", email="Compartilhar por E-mail",
        copy="Copiar link", copied="Link copiado",
        slack=("Tempo de leitura", "1 min de leitura", "Escrito por"),
        date="19 de junho de 2024", tags="Tags", page2="página 2",
        mastodon="Compartilhar no fediverso",
        empty="Digite o endereço do seu servidor do Mastodon, como mastodon.social."),
}


def content() -> dict[str, str]:
    return {
        "one.md": f"Title: Uno\nDate: 2024-06-19 10:00\nCategory: Notas\nTags: uno, dos\n"
                  f"Author: Ana\nSlug: one\n\n{WORDS}\n",
        "two.md": "Title: Dos\nDate: 2024-06-18 10:00\nCategory: Notas\nAuthor: Ana\n"
                  "Slug: two\n\nOtra.\n",
    }


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    built = {}
    for name, case in CASES.items():
        root = tmp_path_factory.mktemp(f"lang-{name}")
        (root / "plugins").mkdir()
        (root / "plugins" / "smo_probe.py").write_text(PROBE, encoding="utf-8")
        settings = {"SITENAME": "Blog", "SITEURL": SITEURL, "RELATIVE_URLS": True,
                    "DEFAULT_PAGINATION": 1, "PLUGIN_PATHS": [str(root / "plugins")],
                    **case["settings"]}
        built[name] = build_site(root, content=content(), settings=settings,
                                 plugins=("pelican_smo", "smo_probe"))
    return built


def ld_blocks(soup) -> list[dict]:
    return [json.loads(s.string) for s in soup.find_all("script", type="application/ld+json")]


@pytest.mark.parametrize("name", CASES)
def test_head_speaks_the_sites_language(sites, name):
    case, result = CASES[name], sites[name]
    values = head_values(result.soup("one.html"))
    assert one(values, "og:locale") == case["locale"]
    posting = next(b for b in ld_blocks(result.soup("one.html")) if b["@type"] == "BlogPosting")
    assert posting["inLanguage"] == case["in_language"]
    reading, minutes, written = case["slack"]
    assert (one(values, "twitter:label1"), one(values, "twitter:data1")) == (reading, minutes)
    assert (one(values, "twitter:label2"), one(values, "twitter:data2")) == (written, "Ana")
    # listing pages: Pelican's template names and "page 2" in the site's language
    tags = head_values(result.soup("tags.html"))
    assert one(tags, "og:title") == f"{case['tags']} – Blog"
    assert one(tags, "og:locale") == case["locale"]
    index2 = one(head_values(result.soup("index2.html")), "og:title")
    assert index2.startswith("Blog – ") and case["page2"] in index2, index2


@pytest.mark.parametrize("name", CASES)
def test_card_date_is_the_date_the_page_shows(sites, name):
    case, result = CASES[name], sites[name]
    probe = json.loads((result.root / "probe.json").read_text(encoding="utf-8"))
    assert probe["one.md"]["date_text"] == case["date"]
    assert probe["one.md"]["date_text"] == probe["one.md"]["locale_date"]
    assert probe["one.md"]["ours"] == []  # the facts stay in the build, not on Pelican's object
    shown = result.soup("one.html").find("abbr", class_="published").get_text(" ", strip=True)
    assert case["date"] in shown, shown


@pytest.mark.parametrize("name", CASES)
def test_mastodon_page_in_the_sites_language_is_written(sites, name):
    case, result = CASES[name], sites[name]
    bar = result.soup("one.html").find(attrs={"data-smo-share": True})
    mastodon = bar.find("a", class_="smo-share__link--mastodon")["href"]
    catalog = {"pt": "pt_BR"}.get(name, name)
    assert mastodon.startswith(f"smo/mastodon.{catalog}.html#text="), mastodon
    page = result.soup(f"smo/mastodon.{catalog}.html")
    assert page.html["lang"] == case["lang"]
    assert page.html["dir"] == (case["dir"] or "ltr")
    assert page.h1.get_text() == case["mastodon"]
    assert result.exists("smo/mastodon.html")  # English stays where it was


@pytest.fixture(scope="module")
def servers(sites):
    import contextlib

    with contextlib.ExitStack() as stack:
        yield {name: stack.enter_context(serve(site.output)) for name, site in sites.items()}


@pytest.mark.browser
@pytest.mark.parametrize("name", CASES)
def test_bar_accessible_names_in_chromium(servers, page, external_requests, name):
    case, base = CASES[name], servers[name]
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base[:-1])
    page.goto(base + "one.html")
    page.wait_for_load_state("networkidle")
    nav = page.get_by_role("navigation", name=case["label"], exact=True)
    assert nav.count() == 1
    assert nav.get_attribute("lang") == case["lang"]
    assert nav.get_attribute("dir") == case["dir"]
    for name_ in (case["x"], case["email"]):
        link = nav.get_by_role("link", name=name_, exact=True)
        assert link.count() == 1 and link.is_visible(), name_
    copy = nav.get_by_role("button", name=case["copy"], exact=True)
    assert copy.is_visible()
    snapshot = nav.aria_snapshot()
    assert f'navigation "{case["label"]}"' in snapshot, snapshot
    assert f'link "{case["x"]}"' in snapshot and f'button "{case["copy"]}"' in snapshot
    assert "Share" not in snapshot, snapshot  # no English left in the bar
    copy.click()
    status = nav.get_by_role("status")
    status.filter(has_text=case["copied"]).wait_for(timeout=5000)
    assert status.inner_text().strip() == case["copied"]
    assert external_requests == []


@pytest.mark.browser
def test_arabic_bar_runs_right_to_left(servers, page):
    page.goto(servers["ar"] + "one.html")
    page.wait_for_load_state("networkidle")
    links = page.locator("[data-smo-share] a.smo-share__link")
    boxes = [links.nth(i).bounding_box() for i in range(links.count())]
    # the first network (X) is the rightmost, each next one to its left
    assert all(a["x"] > b["x"] for a, b in itertools.pairwise(boxes)
               if abs(a["y"] - b["y"]) < 1), boxes
    direction = page.evaluate(
        "getComputedStyle(document.querySelector('[data-smo-share] ul')).direction")
    assert direction == "rtl"


@pytest.mark.browser
@pytest.mark.parametrize("name", CASES)
def test_mastodon_page_asks_in_the_sites_language(servers, page, external_requests, name):
    case, base = CASES[name], servers[name]
    catalog = {"pt": "pt_BR"}.get(name, name)
    page.goto(f"{base}smo/mastodon.{catalog}.html#text=Hola%20https%3A%2F%2Fa.example")
    assert page.get_by_role("heading", level=1).inner_text() == case["mastodon"]
    page.locator("#form button[type=submit]").click()
    alert = page.get_by_role("alert")
    assert alert.inner_text().strip() == case["empty"]
    page.locator("#instance").fill("not a host")
    page.locator("#form button[type=submit]").click()
    assert "not a host" in alert.inner_text() and "{value}" not in alert.inner_text()
    assert external_requests == []


def test_preview_page_in_the_sites_language(sites):
    preview = sites["es"].soup("smo-preview.html")
    assert preview.html["lang"] == "es"
    assert preview.h1.get_text() == "Vistas previas de enlaces"
    assert preview.find("label", attrs={"for": "smo-q"}).get_text() == "Filtrar por título"
    assert preview.find("form", id="smo-search")["data-shown"].endswith(" páginas")
    assert "Auditoría" in [h.get_text() for h in preview.find_all("h3")]


@pytest.mark.browser
def test_preview_filter_counts_in_the_sites_language(servers, page):
    page.goto(servers["es"] + "smo-preview.html")
    page.get_by_label("Filtrar por título").fill("uno")
    total = page.locator("section.smo-page").count()
    shown = page.locator("section.smo-page:visible").count()
    assert 0 < shown < total
    assert page.locator("#smo-shown").inner_text() == f"{shown} de {total} páginas"


# --- languages written other ways ----------------------------------------------------------


def test_language_names_aliases_and_traditional_chinese(build):
    result = build(content={
        "one.md": "Title: One\nDate: 2024-06-19\nSlug: one\n\nText.\n",
        "one-hant.md": "Title: 一\nDate: 2024-06-19\nSlug: one\nLang: zh-Hant\n\n文字。\n",
        "one-zhs.md": "Title: 一\nDate: 2024-06-19\nSlug: one\nLang: zhs\n\n文字。\n",
        "two-xx.md": "Title: Two\nDate: 2024-06-19\nSlug: two\nLang: xx\n\nText.\n",
        "two.md": "Title: Two\nDate: 2024-06-19\nSlug: two\n\nText.\n",
    }, settings={"DEFAULT_LANG": "Chinese (Simplified)"})
    # DEFAULT_LANG is an English name: read as zh-Hans, with a warning naming the setting
    # (Pelican lowercases DEFAULT_LANG before any plugin sees it)
    assert any("DEFAULT_LANG 'chinese (simplified)'" in w and "'zh-Hans'" in w
               for w in result.warnings), result.warnings
    assert any("'zhs'" in w and "not a BCP 47 language code" in w for w in result.warnings)
    assert any("'xx'" in w and "not a language code" in w for w in result.warnings)
    home = head_values(result.soup("index.html"))
    assert one(home, "og:locale") == "zh_CN"
    hant = result.soup("one-zh-Hant.html")
    values = head_values(hant)
    assert one(values, "og:locale") == "zh_TW"  # Traditional Chinese, not zh_CN
    posting = next(b for b in ld_blocks(hant) if b["@type"] == "BlogPosting")
    assert posting["inLanguage"] == "zh-Hant"  # the author's tag, not zh-TW or zh-CN
    hreflangs = sorted(link["hreflang"] for link in hant.head.find_all("link", hreflang=True))
    assert "zhs" not in hreflangs and "zh-Hans" in hreflangs and "zh-Hant" in hreflangs
    assert set(hreflangs) <= {"zh-Hans", "zh-Hant", "x-default"}, hreflangs
    # a value that is no language: no hreflang for it, no og:locale invented
    two = result.soup("two-xx.html")
    assert all(link["hreflang"] != "xx" for link in two.head.find_all("link", hreflang=True))
    assert "xx" not in str(head_values(two).get("og:locale"))
    # the bar and Slack labels follow the page's language
    assert re.search(r'aria-label="分享這篇文章"', result.page("one-zh-Hant.html"))
    assert re.search(r'aria-label="分享这篇文章"', result.page("one-zhs.html"))


def test_smo_strings_and_share_label_override_the_catalogs(build):
    result = build(content={
        "a.md": "Title: A\nDate: 2024-06-19\nSlug: a\n\nTexto.\n",
        "a-fr.md": "Title: A\nDate: 2024-06-19\nSlug: a\nLang: fr\n\nTexte.\n",
    }, settings={"DEFAULT_LANG": "es", "SMO_SHARE_LABEL": "Share",
                 "SMO_STRINGS": {"fr": {"Copy link": "Copier l’adresse",
                                        "Share on {network}": "Publier sur {network}",
                                        "Share on the fediverse": "Publier sur le fédivers"}}})
    es = result.soup("a.html").find(attrs={"data-smo-share": True})
    assert es["aria-label"] == "Share"  # SMO_SHARE_LABEL: the same in every language
    assert es.find("button", class_="smo-share__link--copy").get_text() == "Copiar enlace"
    fr = result.soup("a-fr.html").find(attrs={"data-smo-share": True})
    assert fr["aria-label"] == "Share" and fr["lang"] == "fr"
    assert fr.find("button", class_="smo-share__link--copy").get_text() == "Copier l’adresse"
    x = fr.find("a", class_="smo-share__link--x")
    assert x.get_text() == "Publier sur X"
    # the French Mastodon page is written with the overrides too
    assert result.soup("smo/mastodon.fr.html").h1.get_text() == "Publier sur le fédivers"
