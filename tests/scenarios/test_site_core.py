"""Real builds of tests/sites/awkward: every page's social tags, read back by two parsers.

Expected values are written out by hand from the content files, never produced
by the plugin's own code.
"""

from __future__ import annotations

import pytest

from tests.helpers import SITES_DIR, UNSET, extruct_meta, og_values, versioned
from tests.helpers.site import content_from_dir

SITE = "https://blog.example.org"
CONTENT = content_from_dir(SITES_DIR / "awkward" / "content")
SETTINGS = {"STATIC_PATHS": ["images"], "DEFAULT_PAGINATION": 3,
            "SMO_TWITTER_SITE": "@testblog", "SMO_SITE_DESCRIPTION": "A blog for tests & more"}


def image_url(path: str, site: str = SITE) -> str:
    """The URL the tags give the content file ``path``: with its version, from the bytes
    in tests/sites/awkward (``SMO_IMAGE_VERSIONS``)."""
    return versioned(f"{site}/{path}", CONTENT[path])


#: Keys a page may carry at most once.
SINGLE_VALUED = ("og:title", "og:type", "og:url", "og:description", "og:site_name", "og:locale",
                 "og:image", "og:image:width", "og:image:height", "og:image:type",
                 "og:image:alt", "description", "robots", "twitter:card", "twitter:site",
                 "twitter:creator", "twitter:title", "twitter:description", "twitter:image",
                 "twitter:image:alt", "article:published_time", "article:modified_time",
                 "article:section")


def head_values(soup) -> dict[str, list[str]]:
    """Every <meta property|name> in <head> as key → values, plus 'canonical' links."""
    found: dict[str, list[str]] = {}
    for tag in soup.head.find_all("meta"):
        key = tag.get("property") or tag.get("name")
        if key:
            found.setdefault(key, []).append(tag.get("content"))
    found["canonical"] = [t.get("href") for t in soup.find_all("link", rel="canonical")]
    return found


def one(values: dict[str, list[str]], key: str) -> str:
    assert len(values.get(key, [])) == 1, f"{key}: {values.get(key)}"
    return values[key][0]


def assert_single_valued(values: dict[str, list[str]], where: str) -> None:
    for key in SINGLE_VALUED:
        assert len(values.get(key, [])) <= 1, f"{where}: {key} appears {values[key]}"
    assert len(values["canonical"]) <= 1, f"{where}: canonical {values['canonical']}"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    from tests.helpers import build_site

    return build_site(tmp_path_factory.mktemp("awkward"), content=CONTENT, settings=SETTINGS)


@pytest.fixture(scope="module")
def plain_site(tmp_path_factory):
    from tests.helpers import build_site

    return build_site(tmp_path_factory.mktemp("plain"), content=CONTENT, settings=SETTINGS,
                      plugins=())


@pytest.mark.parametrize("parser", ["html.parser", "html5lib"])
def test_awkward_title_summary_and_image(site, parser):
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(site.page("fish-chips-bold-n-tags.html"), parser)
    v = head_values(soup)
    title = 'Fish & "Chips" bold \'n\' <tags>'
    description = 'A summary with & and "quotes" <script>alert(1)</script>.'
    assert one(v, "og:title") == title
    assert one(v, "twitter:title") == title
    assert one(v, "description") == description
    assert one(v, "og:description") == description
    assert one(v, "og:type") == "article"
    assert one(v, "og:url") == f"{SITE}/fish-chips-bold-n-tags.html"
    assert one(v, "canonical") == f"{SITE}/fish-chips-bold-n-tags.html"
    assert one(v, "og:site_name") == "Test Blog"
    assert one(v, "og:locale") == "en_US"
    assert one(v, "og:image") == image_url("images/cover.jpg")
    assert one(v, "twitter:image") == image_url("images/cover.jpg")
    assert (one(v, "og:image:width"), one(v, "og:image:height")) == ("1200", "630")
    assert one(v, "og:image:type") == "image/jpeg"
    assert one(v, "og:image:alt") == 'A plate of "fish" & chips <hot>'
    assert one(v, "twitter:image:alt") == 'A plate of "fish" & chips <hot>'
    assert one(v, "article:published_time") == "2024-03-01T09:30:00+00:00"
    assert one(v, "article:modified_time") == "2024-03-05T18:00:00+00:00"
    assert one(v, "article:section") == "Food & Drink"
    assert v["article:tag"] == ["fish & chips", '"quoted"', "café"]
    assert v["article:author"] == [f"{SITE}/author/ada-example.html",
                                   f"{SITE}/author/grace-sample.html"]
    assert one(v, "twitter:card") == "summary_large_image"
    assert one(v, "twitter:site") == "@testblog"
    assert_single_valued(v, "quotes")
    # Hostile text never becomes an element: the theme's scripts are all there is.
    assert len(soup.find_all("script")) == len(
        BeautifulSoup(site.page("fish-chips-bold-n-tags.html"), parser).find_all("script"))
    assert soup.head.find("hot") is None


def test_extruct_reads_the_same_values(site):
    meta = extruct_meta(site.page("fish-chips-bold-n-tags.html"),
                        f"{SITE}/fish-chips-bold-n-tags.html")
    og = meta["opengraph"][0]
    assert og["og:title"] == 'Fish & "Chips" bold \'n\' <tags>'
    assert og["og:description"] == 'A summary with & and "quotes" <script>alert(1)</script>.'
    assert og["og:image"] == image_url("images/cover.jpg")
    assert og["og:url"] == f"{SITE}/fish-chips-bold-n-tags.html"
    assert og_values(meta, "article:tag") == ["fish & chips", '"quoted"', "café"]


def test_description_from_body_and_first_content_image(site):
    v = head_values(site.soup("no-summary.html"))
    assert one(v, "description") == (
        "First paragraph of the body, which becomes the description. It has emphasis, "
        'a link, an ampersand & and a "quote". Second paragraph.')
    assert one(v, "og:image") == image_url("images/inline.png")
    assert (one(v, "og:image:width"), one(v, "og:image:height")) == ("640", "480")
    assert one(v, "og:image:type") == "image/png"
    assert one(v, "og:image:alt") == "Inline picture of a square"


def test_long_description_is_cut_at_a_word_boundary(site):
    text = (CONTENT["long.md"].decode().split("\n\n", 1)[1]).strip()
    description = one(head_values(site.soup(
        "a-very-long-post-whose-description-must-be-cut-at-a-word-boundary.html")),
        "description")
    assert len(description) <= 160  # SMO_DESCRIPTION_LENGTH's default
    assert description.endswith("…")
    stem = description[:-1]
    assert text.startswith(stem)
    assert text[len(stem)] in " ,.", "cut inside a word"


def test_overrides_cross_post_canonical_and_card(site):
    v = head_values(site.soup("cross-posted-from-elsewhere.html"))
    assert one(v, "canonical") == "https://dev.example.com/original-post"
    assert one(v, "og:url") == "https://dev.example.com/original-post"
    assert one(v, "description") == "Set by the description field."
    assert one(v, "og:title") == "A different title for social"
    assert one(v, "og:description") == "A different description for social."
    assert one(v, "twitter:card") == "summary"


def test_small_image_gives_summary_card(site):
    v = head_values(site.soup("small-image-gives-a-summary-card.html"))
    assert one(v, "og:image") == image_url("images/small.png")
    assert one(v, "og:image:width") == "150"
    assert one(v, "twitter:card") == "summary"


def test_translations_have_their_own_locale_and_alternates(site):
    en = head_values(site.soup("unicode.html"))
    de = head_values(site.soup("unicode-de.html"))
    assert one(en, "og:title") == "Ünïcödé — 日本語のタイトル"
    assert (one(en, "og:locale"), en["og:locale:alternate"]) == ("en_US", ["de_DE"])
    assert (one(de, "og:locale"), de["og:locale:alternate"]) == ("de_DE", ["en_US"])
    assert one(de, "canonical") == f"{SITE}/unicode-de.html"


def test_page_is_website(site):
    v = head_values(site.soup("pages/about.html"))
    assert one(v, "og:type") == "website"
    assert one(v, "description") == "About this test blog."
    assert "article:published_time" not in v
    assert one(v, "canonical") == f"{SITE}/pages/about.html"


def test_draft_has_tags_noindex_and_no_canonical(site):
    v = head_values(site.soup("drafts/a-draft.html"))
    assert one(v, "og:title") == "A draft"
    assert one(v, "robots") == "noindex"
    assert v["canonical"] == []


def test_opted_out_page_is_a_build_without_the_plugin_plus_its_marker(site, plain_site):
    """Byte for byte what the theme wrote, with one ``<meta name="pelican-smo"
    content="off">`` before ``</head>`` (the audit's sign that the author chose this)."""
    plain = plain_site.page("opted-out.html")
    end = plain.index("</head>")
    assert site.page("opted-out.html") == (
        plain[:end] + '<meta name="pelican-smo" content="off">\n' + plain[end:])


def test_listing_pages_are_websites_canonical_to_themselves(site):
    index = head_values(site.soup("index.html"))
    assert one(index, "og:type") == "website"
    assert one(index, "canonical") == f"{SITE}/"
    assert one(index, "og:title") == "Test Blog"
    assert one(index, "description") == "A blog for tests & more"
    page2 = head_values(site.soup("index2.html"))
    assert one(page2, "canonical") == f"{SITE}/index2.html"
    assert one(page2, "og:url") == f"{SITE}/index2.html"
    category = head_values(site.soup("category/notes.html"))
    assert one(category, "og:type") == "website"
    assert one(category, "canonical") == f"{SITE}/category/notes.html"
    assert one(category, "og:title").startswith("Notes")
    for name in ("archives.html", "tags.html", "categories.html", "authors.html",
                 "tag/cafe.html", "author/ada-example.html"):
        values = head_values(site.soup(name))
        assert one(values, "canonical") == f"{SITE}/{name}", name
        assert_single_valued(values, name)


def test_every_page_has_one_canonical_and_absolute_urls(site):
    for path in site.html_files():
        rel = site.rel(path)
        if rel.startswith(("smo/", "theme/")) or rel == "opted-out.html":
            continue
        values = head_values(site.soup(rel))
        assert_single_valued(values, rel)
        if not rel.startswith("drafts/"):
            assert len(values["canonical"]) == 1, rel
        for key in ("og:url", "og:image", "twitter:image", "canonical"):
            for value in values.get(key, []):
                assert value.startswith("https://"), f"{rel}: {key}={value}"


def test_relative_urls_still_give_absolute_tags(tmp_path):
    from tests.helpers import build_site

    site = build_site(tmp_path, content=CONTENT, settings={**SETTINGS, "RELATIVE_URLS": True})
    v = head_values(site.soup("no-summary.html"))
    assert one(v, "canonical") == f"{SITE}/no-summary.html"
    assert one(v, "og:image") == image_url("images/inline.png")
    assert one(head_values(site.soup("category/notes.html")), "og:url") == \
        f"{SITE}/category/notes.html"


def test_sub_path_siteurl_is_kept(tmp_path):
    from tests.helpers import build_site

    sub = "https://example.org/blog"
    site = build_site(tmp_path, content=CONTENT, settings={**SETTINGS, "SITEURL": sub})
    v = head_values(site.soup("fish-chips-bold-n-tags.html"))
    assert one(v, "canonical") == f"{sub}/fish-chips-bold-n-tags.html"
    assert one(v, "og:image") == image_url("images/cover.jpg", sub)
    assert one(v, "og:image:width") == "1200"
    assert one(head_values(site.soup("index.html")), "canonical") == f"{sub}/"


def test_empty_siteurl_warns_once_and_never_emits_relative_urls(tmp_path):
    from tests.helpers import build_site

    site = build_site(tmp_path, content=CONTENT, settings={**SETTINGS, "SITEURL": UNSET})
    warnings = [line for line in site.log.splitlines() if "SITEURL" in line and "pelican_smo"
                in line]
    assert len(warnings) == 1, site.log
    v = head_values(site.soup("fish-chips-bold-n-tags.html"))
    assert one(v, "og:title") == 'Fish & "Chips" bold \'n\' <tags>'
    for key in ("og:url", "og:image", "twitter:image", "canonical"):
        assert not v.get(key), key


def test_smo_siteurl_fixes_an_empty_siteurl(tmp_path):
    from tests.helpers import build_site

    site = build_site(tmp_path, content=CONTENT,
                      settings={**SETTINGS, "SITEURL": "", "SMO_SITEURL": "https://fixed.example"})
    assert one(head_values(site.soup("no-summary.html")), "canonical") == \
        "https://fixed.example/no-summary.html"
    assert "SITEURL" not in " ".join(site.warnings)


@pytest.mark.parametrize(
    ("settings", "fragment"),
    [
        ({"SMO_TWITER_SITE": "@x"}, "did you mean SMO_TWITTER_SITE"),
        ({"SMO_SHARE_NETWORKS": ["x", "myspace"]}, "unknown network 'myspace'"),
        ({"SMO_DESCRIPTION_LENGTH": "long"}, "SMO_DESCRIPTION_LENGTH must be a whole number"),
    ],
)
def test_bad_setting_stops_the_build_naming_it(tmp_path, settings, fragment):
    from tests.helpers import build_site

    result = build_site(tmp_path, content={"a.md": "Title: A\nDate: 2024-01-01\n\nx\n"},
                        settings=settings, expect_ok=False)
    assert result.returncode != 0
    assert fragment in " ".join(result.log.split())
