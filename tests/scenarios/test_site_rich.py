"""Real builds of tests/sites/rich: JSON-LD, translations, authors, image warnings, video.

Images are made at test time (a 9 MB one is not worth committing); expected
values are written out by hand from the content and the settings.
"""

from __future__ import annotations

import io
import json
import os

import pytest
from bs4 import BeautifulSoup
from PIL import Image

from tests.helpers import SITES_DIR, build_site, extruct_meta, image_bytes, versioned
from tests.helpers.schema import validate
from tests.helpers.site import content_from_dir
from tests.scenarios.test_site_core import head_values, one

SITE = "https://rich.example.org"
SETTINGS = {
    "SITEURL": SITE,
    "SITENAME": "Rich & Co",
    "STATIC_PATHS": ["images", "videos"],
    "SMO_THEME_COLOR": "#1a73e8",
    "SMO_REL_ME": ["https://mastodon.example/@richblog"],
    "SMO_PUBLISHER": {"type": "Organization", "name": "Rich & Co", "logo": "images/logo.png"},
    "SMO_AUTHORS": {
        "Ada Example": {"url": "https://ada.example.org/", "twitter": "@ada",
                        "mastodon": "@ada@mastodon.example",
                        "same_as": ["https://github.com/ada-example"]},
    },
}


def noise(width: int, height: int, fmt: str, **save: object) -> bytes:
    buffer = io.BytesIO()
    Image.frombytes("RGB", (width, height), os.urandom(width * height * 3)).save(
        buffer, fmt, **save)
    return buffer.getvalue()


def content() -> dict[str, str | bytes]:
    files: dict[str, str | bytes] = dict(content_from_dir(SITES_DIR / "rich" / "content"))
    files.update({
        "images/cover.png": image_bytes(1200, 630),
        "images/logo.png": image_bytes(600, 60),
        "images/tiny.png": image_bytes(100, 100),
        "images/drawing.svg": '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>',
        "images/corrupt.png": b"\x89PNG\r\n\x1a\n this is not really a png",
        "images/heavy.jpg": noise(700, 700, "JPEG", quality=95),  # 0.58 MB
        "images/weighty.png": noise(700, 700, "PNG"),  # 1.47 MB
        "images/huge.png": noise(1800, 1800, "PNG"),
        "videos/clip.mp4": b"\x00\x00\x00\x18ftypmp42",
    })
    return files


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return build_site(tmp_path_factory.mktemp("rich"), content=content(), settings=SETTINGS)


def image_url(site, path: str, base: str = SITE) -> str:
    """The URL the tags give the content file ``path`` of a build: with its version,
    from the bytes the test wrote into the build's content folder."""
    return versioned(f"{base}/{path}", (site.root / "content" / path).read_bytes())


def json_ld(soup) -> list[dict]:
    return [json.loads(s.string) for s in soup.find_all("script", type="application/ld+json")]


ARTICLES = ("written-together-alert1.html", "embedded-vimeo.html",
            "a-local-video.html", "trio.html", "trio-de.html", "trio-fr.html")


@pytest.mark.parametrize("rel", ARTICLES)
def test_article_json_ld_is_valid_and_equals_the_og_values(site, rel):
    soup = site.soup(rel)
    values = head_values(soup)
    data = json_ld(soup)
    posting = next(d for d in data if d["@type"] == "BlogPosting")
    assert validate(posting) == [], rel
    assert posting["headline"] == one(values, "og:title")
    assert posting.get("description") == (one(values, "og:description")
                                          if "og:description" in values else None)
    assert posting["url"] == one(values, "og:url")
    assert posting["mainEntityOfPage"] == {"@type": "WebPage", "@id": one(values, "og:url")}
    assert posting["datePublished"] == one(values, "article:published_time")
    if "og:image" in values:
        assert posting["image"]["url"] == one(values, "og:image")
    crumbs = next(d for d in data if d["@type"] == "BreadcrumbList")
    assert validate(crumbs) == []
    assert [i["item"] for i in crumbs["itemListElement"]] == [
        f"{SITE}/", f"{SITE}/category/essays.html", one(values, "og:url")]


def test_multi_author_article_in_detail(site):
    soup = site.soup("written-together-alert1.html")
    posting = next(d for d in json_ld(soup) if d["@type"] == "BlogPosting")
    assert posting["headline"] == "Written together"
    assert posting["author"] == [
        {"@type": "Person", "name": "Ada Example", "url": "https://ada.example.org/",
         "sameAs": ["https://github.com/ada-example", "https://x.com/ada",
                    "https://mastodon.example/@ada"]},
        {"@type": "Person", "name": "Grace Sample",
         "url": f"{SITE}/author/grace-sample.html"},
    ]
    # The site's own profiles (SMO_REL_ME) identify its publisher too (Google Search
    # Central, Organization structured data: sameAs lists its social profiles).
    assert posting["publisher"] == {
        "@type": "Organization", "name": "Rich & Co", "url": f"{SITE}/",
        "logo": {"@type": "ImageObject", "url": image_url(site, "images/logo.png"), "width": 600,
                 "height": 60, "caption": "Rich & Co logo"},
        "sameAs": ["https://mastodon.example/@richblog"]}
    cover = image_url(site, "images/cover.png")
    assert one(head_values(soup), "og:image") == cover
    assert posting["image"] == {"@type": "ImageObject", "url": cover,
                                "width": 1200, "height": 630, "caption": "Cover of the essay"}
    assert posting["dateModified"] == "2024-04-02T09:15:00+00:00"
    assert posting["keywords"] == ["one", "two & three"]
    assert posting["articleSection"] == "Essays"
    assert posting["wordCount"] == 10
    # inLanguage is the author's BCP 47 tag (DEFAULT_LANG "en"), never a guessed region.
    assert posting["inLanguage"] == "en"
    assert posting["video"]["embedUrl"] == "https://www.youtube.com/embed/dQw4w9WgXcQ"
    assert posting["video"]["thumbnailUrl"] == cover
    values = head_values(soup)
    assert one(values, "og:video") == "https://www.youtube.com/embed/dQw4w9WgXcQ"
    assert one(values, "og:video:secure_url") == "https://www.youtube.com/embed/dQw4w9WgXcQ"
    assert one(values, "og:video:type") == "text/html"
    assert (one(values, "og:video:width"), one(values, "og:video:height")) == ("1280", "720")
    assert values["fediverse:creator"] == ["@ada@mastodon.example"]
    assert one(values, "twitter:creator") == "@ada"
    assert (one(values, "twitter:label1"), one(values, "twitter:data1")) == \
        ("Reading time", "1 min read")
    assert (one(values, "twitter:label2"), one(values, "twitter:data2")) == \
        ("Written by", "Ada Example, Grace Sample")
    assert one(values, "theme-color") == "#1a73e8"
    assert [link["href"] for link in soup.head.find_all("link", rel="me")] == \
        ["https://mastodon.example/@richblog"]


@pytest.mark.parametrize("parser", ["html.parser", "html5lib"])
def test_script_in_title_cannot_break_out_of_our_markup(site, tmp_path, parser):
    """Pelican treats titles as HTML, so the theme itself prints this title's
    <script>; the plugin must add only its own three scripts (two JSON-LD
    blocks and share.js), whatever the title holds."""
    rel = "written-together-alert1.html"
    plain = build_site(tmp_path, content=content(), settings=SETTINGS, plugins=())
    ours = BeautifulSoup(site.page(rel), parser).find_all("script")
    theirs = BeautifulSoup(plain.page(rel), parser).find_all("script")
    assert len(ours) == len(theirs) + 3
    json_blocks = [s for s in ours if s.get("type") == "application/ld+json"]
    assert len(json_blocks) == 2
    for script in json_blocks:
        assert json.loads(script.string)["@context"] == "https://schema.org"
    assert [s.get("src") for s in ours if (s.get("src") or "").endswith("share.js")] == \
        ["smo/share.js"]


def test_other_videos(site):
    vimeo = head_values(site.soup("embedded-vimeo.html"))
    assert one(vimeo, "og:video") == "https://player.vimeo.com/video/76979871"
    assert (one(vimeo, "og:video:width"), one(vimeo, "og:video:height")) == ("640", "360")
    local = head_values(site.soup("a-local-video.html"))
    assert one(local, "og:video") == f"{SITE}/videos/clip.mp4"
    assert one(local, "og:video:type") == "video/mp4"
    assert (one(local, "og:video:width"), one(local, "og:video:height")) == ("1920", "1080")
    posting = next(d for d in json_ld(site.soup("a-local-video.html"))
                   if d["@type"] == "BlogPosting")
    assert posting["video"]["contentUrl"] == f"{SITE}/videos/clip.mp4"
    assert validate(posting) == []


@pytest.mark.parametrize("stem", ["trio", "pages/hello"])
def test_hreflang_sets_are_reciprocal_complete_and_self_listing(site, stem):
    urls = {"en": f"{SITE}/{stem}.html", "de": f"{SITE}/{stem}-de.html",
            "fr": f"{SITE}/{stem}-fr.html"}
    expected = {**urls, "x-default": urls["en"]}
    for lang, url in urls.items():
        rel = url.removeprefix(f"{SITE}/")
        soup = site.soup(rel)
        links = soup.head.find_all("link", rel="alternate", hreflang=True)
        found = {link["hreflang"]: link["href"] for link in links}
        assert len(links) == 4, rel
        assert found == expected, rel
        assert [link["hreflang"] for link in links].count("x-default") == 1
        values = head_values(soup)
        assert values["og:locale:alternate"] == [  # in language order, as the hreflang links
            {"en": "en_US", "de": "de_DE", "fr": "fr_FR"}[other]
            for other in sorted(urls) if other != lang]


def test_home_website_and_listing_collection_pages(site):
    home = json_ld(site.soup("index.html"))
    assert [d["@type"] for d in home] == ["WebSite"]
    assert home[0]["url"] == f"{SITE}/" and home[0]["name"] == "Rich & Co"
    assert validate(home[0]) == []
    category = json_ld(site.soup("category/essays.html"))
    assert [d["@type"] for d in category] == ["CollectionPage", "BreadcrumbList"]
    assert all(validate(d) == [] for d in category)
    # the trail: the site, then what the page lists (not the page's whole title)
    assert [(i["position"], i["name"], i["item"]) for i in category[1]["itemListElement"]] == [
        (1, "Rich & Co", f"{SITE}/"), (2, "Essays", f"{SITE}/category/essays.html")]
    assert category[0]["name"] == "Essays – Rich & Co"
    page = json_ld(site.soup("pages/hello.html"))
    assert page[0]["@type"] == "WebPage"
    assert validate(page[0]) == []


def test_extruct_reads_our_json_ld(site):
    meta = extruct_meta(site.page("trio.html"), f"{SITE}/trio.html")
    types = [d.get("@type") for d in meta["json-ld"]]
    assert types == ["BlogPosting", "BreadcrumbList"]


def test_image_facts_equal_the_real_files(site):
    values = head_values(site.soup("written-together-alert1.html"))
    with Image.open(site.path("images/cover.png")) as img:
        assert (one(values, "og:image:width"), one(values, "og:image:height")) == \
            (str(img.width), str(img.height))
        assert one(values, "og:image:type") == Image.MIME[img.format]


@pytest.mark.parametrize(
    ("fragment", "source"),
    [
        ("smaller than the 200×200", "badimages.md"),
        ("names no file of the site", "missing.md"),
        ("is not a file of this site", "gone.md"),
        ("is not a readable image", "corrupt.md"),
        ("is SVG", "svg.md"),
        ("KB; WhatsApp often drops preview images over 300 KB", "heavy.md"),
        ("Bluesky takes a card image of at most 1,000,000 bytes", "weighty.md"),
        ("over Facebook's 8 MB limit", "huge.md"),
    ],
)
def test_each_image_problem_warns_once_naming_the_page(site, fragment, source):
    log = " ".join(site.log.split())
    assert log.count(fragment) == 1, site.log
    start = log.index(fragment)
    assert source in log[max(0, start - 300):start], log[max(0, start - 300):start + 100]


def test_problem_images_do_not_stop_the_build(site):
    """An image the author named is kept when platforms merely refuse it (SVG, too small),
    and left out when it is no image at all: no decoder, on any platform, shows it."""
    assert site.errors == []
    svg = head_values(site.soup("svg-cover.html"))
    assert one(svg, "og:image") == image_url(site, "images/drawing.svg")
    assert one(svg, "og:image:type") == "image/svg+xml"
    small = head_values(site.soup("images-with-problems.html"))
    assert one(small, "og:image") == image_url(site, "images/tiny.png")
    corrupt = head_values(site.soup("corrupt-cover.html"))
    assert "corrupt.png" not in one(corrupt, "og:image")
    assert one(corrupt, "og:title") == "Corrupt cover"


def test_theme_json_ld_is_replaced_or_kept_by_the_theme_tag_setting(tmp_path):
    files = {"a.md": "Title: A\nDate: 2024-01-01\nAuthor: Ada\n\nBody.\n"}
    replaced = build_site(tmp_path / "r", content=files, settings=SETTINGS, theme="reflex")
    types = [d["@type"] for d in json_ld(replaced.soup("a.html"))]
    assert types == ["BlogPosting", "BreadcrumbList"]
    plain = build_site(tmp_path / "p", content=files, settings=SETTINGS, theme="reflex",
                       plugins=())
    theirs = [d["@type"] for d in json_ld(plain.soup("a.html"))]
    assert theirs, "reflex is expected to write its own JSON-LD"
    kept = build_site(tmp_path / "k", content=files, theme="reflex",
                      settings={**SETTINGS, "SMO_THEME_TAGS": "keep"})
    assert [d["@type"] for d in json_ld(kept.soup("a.html"))] == theirs


def test_json_ld_the_author_wrote_into_a_post_stays(tmp_path):
    """A recipe or FAQ blog writes its own ``Recipe``/``FAQPage`` JSON-LD into the post:
    that is content, not the theme's description of the page. The theme's JSON-LD
    (reflex writes one in the head) is replaced by ours; the post's is kept, once, where
    the author put it (schema.org allows several top-level items on a page)."""
    recipe = ('<script type="application/ld+json">{"@context": "https://schema.org", '
              '"@type": "Recipe", "name": "Bread"}</script>')
    files = {"a.md": f"Title: Bread\nDate: 2024-01-01\nAuthor: Ada\n\nKnead it.\n\n"
                     f"{recipe}\n\nBake it.\n"}
    out = build_site(tmp_path / "r", content=files, settings=SETTINGS, theme="reflex")
    soup = out.soup("bread.html")
    assert [d["@type"] for d in json_ld(soup)] == ["BlogPosting", "BreadcrumbList", "Recipe"]
    recipe_script = [s for s in soup.find_all("script", type="application/ld+json")
                     if "Recipe" in s.string]
    assert len(recipe_script) == 1
    assert recipe_script[0].find_parent("head") is None  # still in the post
    no_bar = build_site(tmp_path / "n", content=files, settings={**SETTINGS, "SMO_SHARE": False})
    assert [d["@type"] for d in json_ld(no_bar.soup("bread.html"))] == [
        "BlogPosting", "BreadcrumbList", "Recipe"]


def test_relative_static_and_attach_images_resolve_per_content_folder(tmp_path):
    """Pelican resolves ``{static}`` references relative to each content's folder, and
    ``{attach}`` next to the linking page; resolved links are remembered per build, so
    two folders with a same-named cover must still get their own image."""
    files = {
        "one/a.md": "Title: A\nDate: 2024-01-01\nImage: {static}cover.png\n\nx\n",
        "one/b.md": "Title: B\nDate: 2024-01-02\nImage: {static}cover.png\n\nx\n",
        "one/cover.png": image_bytes(1200, 630),
        "two/c.md": "Title: C\nDate: 2024-01-03\nImage: {static}cover.png\n\nx\n",
        "two/cover.png": image_bytes(800, 420),
        "three/d.md": "Title: D\nDate: 2024-01-04\nSave_as: posts/d.html\nUrl: posts/d.html\n"
                      "Image: {attach}shot.png\n\nx\n",
        "three/shot.png": image_bytes(640, 400),
    }
    result = build_site(tmp_path, content=files,
                        settings={"STATIC_PATHS": ["one", "two", "three"]})
    site = "https://blog.example.org"
    for page, url, source, width in (("a.html", "one/cover.png", "one/cover.png", "1200"),
                                     ("b.html", "one/cover.png", "one/cover.png", "1200"),
                                     ("c.html", "two/cover.png", "two/cover.png", "800"),
                                     ("posts/d.html", "posts/shot.png", "three/shot.png", "640")):
        values = head_values(result.soup(page))
        assert one(values, "og:image") == versioned(f"{site}/{url}", files[source]), page
        assert one(values, "og:image:width") == width, page
    assert (result.output / "posts" / "shot.png").is_file()
