"""The share bar in real Pelican builds, read back with BeautifulSoup and urllib.parse.

Every expected value (titles, URLs, link formats, class names) is written out by
hand from the content below and the services' documented share endpoints, never
produced by the plugin's own code.
"""

from __future__ import annotations

import shutil
from pathlib import PurePosixPath
from urllib.parse import parse_qsl, urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup

from tests.helpers import build_site, theme_path

SITE = "https://blog.example.org"

FISH_TITLE = 'Fish & "Chips" #1 + more?'
FISH_URL = f"{SITE}/fish-chips.html"
FISH_SUMMARY = "Battered & fried."
FISH_LAST_P = "Last paragraph about chips & peas."
RTL_TITLE = "مرحبا بالعالم: دليل «المشاركة» 🌍"
RTL_URL = f"{SITE}/marhaba.html"
RTL_LAST_P = "الفقرة الأخيرة من المقال."

CONTENT = {
    "fish.md": (
        'Title: Fish & "Chips" #1 + more?\n'
        "Date: 2024-01-01 10:00\n"
        "Category: Food\n"
        "Slug: fish-chips\n"
        "Summary: Battered & fried.\n"
        "\n"
        "First paragraph about fish.\n"
        "\n"
        "> A quote in the middle.\n"
        "\n"
        "Last paragraph about chips & peas.\n"
    ),
    "rtl.md": (
        "Title: مرحبا بالعالم: دليل «المشاركة» 🌍\n"
        "Date: 2024-01-02 10:00\n"
        "Category: Food\n"
        "Slug: marhaba\n"
        "\n"
        "هذه الفقرة الأولى.\n"
        "\n"
        "الفقرة الأخيرة من المقال.\n"
    ),
    "optout.md": (
        "Title: Not shared\n"
        "Date: 2024-01-03 10:00\n"
        "Category: Food\n"
        "Slug: not-shared\n"
        "Share: off\n"
        "\n"
        "No bar here, please.\n"
    ),
    "draft.md": (
        "Title: Draft one\n"
        "Date: 2024-01-04 10:00\n"
        "Category: Food\n"
        "Slug: draft-one\n"
        "Status: draft\n"
        "\n"
        "Not ready.\n"
    ),
    "pages/about.md": "Title: About\nSlug: about\n\nThe about page text.\n",
}

#: Output files that get a bar with the default settings.
BAR_PAGES = {"fish-chips.html", "marhaba.html"}

ALL_NETWORKS = ["x", "facebook", "linkedin", "reddit", "hackernews", "mastodon", "bluesky",
                "threads", "whatsapp", "telegram", "email", "pinterest", "tumblr", "vk", "xing",
                "weibo", "line"]
DEFAULT_NETWORKS = ["x", "facebook", "linkedin", "reddit", "hackernews", "mastodon", "bluesky",
                    "email"]
ASSETS = ("share.css", "share.js", "mastodon.html")


def expected_link(network: str, title: str, url: str, description: str | None,
                  mastodon_page: str = f"{SITE}/smo/mastodon.html", via: str | None = None,
                  image: str | None = None, mention: str | None = None):
    """(where the link points, its parameters) for a page, from each service's docs.

    "where" is scheme://host/path for absolute links, ``mailto:`` for e-mail and
    the resolved URL of the site's own Mastodon page for the default 'ask' mode.
    ``via``: the X handle X's own parameter names (the author's ``twitter:creator``, else
    the site's ``twitter:site``, without "@"); ``mention``: the author's
    ``fediverse:creator``, which Mastodon's text names after the link ("via @a@host").
    """
    both = f"{title} {url}"
    toot = f"{both} via {mention}" if mention else both
    table = {
        "x": ("https://x.com/intent/tweet",
              {"text": title, "url": url, **({"via": via} if via else {})}),
        "facebook": ("https://www.facebook.com/sharer/sharer.php", {"u": url}),
        "linkedin": ("https://www.linkedin.com/sharing/share-offsite/", {"url": url}),
        "reddit": ("https://www.reddit.com/submit", {"url": url, "title": title}),
        "hackernews": ("https://news.ycombinator.com/submitlink", {"u": url, "t": title}),
        "mastodon": (mastodon_page, {"text": toot, "url": url, "title": title}),
        "bluesky": ("https://bsky.app/intent/compose", {"text": both}),
        "threads": ("https://www.threads.com/intent/post", {"text": title, "url": url}),
        "whatsapp": ("https://wa.me/", {"text": both}),
        "telegram": ("https://t.me/share/url", {"url": url, "text": title}),
        "email": ("mailto:", {"subject": title,
                              "body": f"{description}\r\n\r\n{url}" if description else url}),
        "pinterest": ("https://www.pinterest.com/pin/create/button/",
                      {"url": url, **({"media": image} if image else {}),
                       "description": title}),
        "tumblr": ("https://www.tumblr.com/widgets/share/tool",
                   {"canonicalUrl": url, "title": title, "caption": description or "",
                    "posttype": "link"}),
        "vk": ("https://vk.com/share.php", {"url": url, "title": title}),
        "xing": ("https://www.xing.com/spi/shares/new", {"url": url}),
        "weibo": ("https://service.weibo.com/share/share.php", {"url": url, "title": title}),
        "line": ("https://social-plugins.line.me/lineit/share", {"url": url, "text": title}),
    }
    return table[network]


def decode_params(encoded: str) -> dict[str, str]:
    """Strictly decode ``a=1&b=2`` (a query or a fragment): no duplicate keys, and
    spaces must be %20 (a literal "+" is shown as "+" by mail clients)."""
    assert "+" not in encoded and " " not in encoded, encoded
    pairs = parse_qsl(encoded, keep_blank_values=True, strict_parsing=True)
    keys = [k for k, _ in pairs]
    assert len(keys) == len(set(keys)), f"repeated parameter in {encoded}"
    return dict(pairs)


def split_link(href: str, page_location: str) -> tuple[str, dict[str, str]]:
    """(where the link points, decoded parameters); relative links resolve against
    the page's own location, and their parameters travel in the fragment."""
    parts = urlsplit(href)
    if parts.scheme == "mailto":
        return "mailto:", decode_params(parts.query)
    if not parts.scheme:
        target = urljoin(page_location, href.split("#", 1)[0])
        assert not parts.query, href
        return target, decode_params(parts.fragment)
    assert parts.scheme == "https", href
    where = f"{parts.scheme}://{parts.netloc}{parts.path}"
    params = decode_params(parts.query)
    if parts.fragment:
        params.update(decode_params(parts.fragment))
    return where, params


def bars(soup: BeautifulSoup) -> list:
    return soup.select("[data-smo-share]")


def the_bar(soup: BeautifulSoup, where: str = ""):
    found = bars(soup)
    assert len(found) == 1, f"{where}: {len(found)} share bars"
    bar = found[0]
    assert bar.name == "nav"
    assert "smo-share" in bar["class"]
    assert bar["aria-label"] == "Share this article"
    return bar


def head_meta(soup: BeautifulSoup) -> tuple[str, str, str | None]:
    """(canonical URL, og:title, og:description) as the page's own head states them."""
    canonical = [link["href"] for link in soup.head.find_all("link", rel="canonical")]
    titles = [m["content"] for m in soup.head.find_all("meta", property="og:title")]
    descriptions = [m["content"] for m in soup.head.find_all("meta", property="og:description")]
    assert len(canonical) == 1 and len(titles) == 1, (canonical, titles)
    return canonical[0], titles[0], (descriptions[0] if descriptions else None)


def network_of(link) -> str:
    prefix = "smo-share__link--"
    ids = [c[len(prefix):] for c in link["class"] if c.startswith(prefix)]
    assert len(ids) == 1, link["class"]
    return ids[0]


def text_of(element) -> str:
    """Text content with whitespace collapsed (what a screen reader reads)."""
    return " ".join(element.get_text().split())


def share_links(bar) -> list:
    return bar.select("a.smo-share__link")


def check_links(result, rel: str, title: str, url: str, description: str | None,
                networks: list[str]) -> None:
    """Every link of the bar on ``rel`` decodes back to ``title`` and ``url``, which
    must also be what the page's own canonical link and og: tags say."""
    soup = result.soup(rel)
    canonical, og_title, og_description = head_meta(soup)
    assert (canonical, og_title, og_description) == (url, title, description)
    bar = the_bar(soup, rel)
    links = share_links(bar)
    assert [network_of(a) for a in links] == networks
    location = f"{SITE}/{rel}"
    for link in links:
        network = network_of(link)
        href = link["href"]
        where, params = split_link(href, location)
        images = [m["content"] for m in soup.head.find_all("meta", property="og:image")]
        image = images[0] if images else None
        assert (where, params) == expected_link(network, og_title, canonical, og_description,
                                                image=image), (network, href)
        assert not any(k.lower().startswith("utm_") for k in params), href
        assert "utm_" not in href.lower() and "fbclid" not in href.lower(), href
        if network == "mastodon" and not urlsplit(href).scheme:
            # the relative link reaches the page the plugin copied into the output
            assert result.exists(str(PurePosixPath(urlsplit(where).path).relative_to("/")))
        rel_tokens = link.get("rel") or []
        if href.startswith("mailto:"):
            assert rel_tokens == [] and link.get("target") is None, href
        else:
            assert sorted(rel_tokens) == ["noopener", "noreferrer"], (network, rel_tokens)
        # the visible or visually hidden text names the action; the icon is decorative
        assert text_of(link).startswith(("Share on ", "Share by ")), link.get_text()
        for svg in link.find_all("svg"):
            assert svg.get("aria-hidden") == "true"
            assert svg.get("focusable") == "false"


def position_in(soup: BeautifulSoup, element) -> int:
    """Index of ``element`` among all tags of the document, in document order."""
    for index, tag in enumerate(soup.find_all(True)):
        if tag is element:
            return index
    raise AssertionError("element not in document")


def paragraph(soup: BeautifulSoup, text: str):
    found = [p for p in soup.find_all("p") if p.get_text(strip=True) == text]
    assert len(found) == 1, f"paragraph {text!r} found {len(found)} times"
    return found[0]


def assert_right_after(soup: BeautifulSoup, bar, last_paragraph: str) -> None:
    """The bar directly follows the content's last paragraph (same parent)."""
    last = paragraph(soup, last_paragraph)
    assert bar.find_previous_sibling() is last, bar.find_previous_sibling()
    assert position_in(soup, last) < position_in(soup, bar)


def linked_assets(result, rel: str) -> dict[str, str]:
    """{'css': href, 'js': href} of the share assets linked from ``rel``'s head."""
    soup = result.soup(rel)
    found = {}
    for link in soup.head.find_all("link", rel="stylesheet"):
        if link["href"].endswith("share.css"):
            found.setdefault("css", []).append(link["href"])
    for script in soup.head.find_all("script", src=True):
        if script["src"].endswith("share.js"):
            found.setdefault("js", []).append(script["src"])
            assert script.has_attr("defer"), script
    for key, hrefs in found.items():
        assert len(hrefs) == 1, f"{rel}: {key} linked {hrefs}"
    return {key: hrefs[0] for key, hrefs in found.items()}


def output_file_of(rel: str, href: str) -> str:
    """Output path a relative href in page ``rel`` resolves to."""
    return urlsplit(urljoin(f"{SITE}/{rel}", href)).path.lstrip("/")


def copy_simple_theme(tmp_path, replace: tuple[str, str]):
    """Pelican's built-in `simple` theme copied to tmp_path/theme, with one edit to
    article.html; returns the theme folder."""
    target = tmp_path / "theme"
    shutil.copytree(theme_path("simple"), target)
    article = target / "templates" / "article.html"
    text = article.read_text(encoding="utf-8")
    old, new = replace
    assert text.count(old) == 1, f"{old!r} not once in simple/article.html"
    article.write_text(text.replace(old, new), encoding="utf-8")
    return target


def share_warnings(result) -> list[str]:
    return [line for line in result.warnings if "share bar" in line]


# ---------------------------------------------------------------------------
# The default theme (notmyidea), default settings
# ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return build_site(tmp_path_factory.mktemp("share"), content=CONTENT)


def test_one_bar_per_published_article_and_nowhere_else(site):
    pages = {site.rel(p): site.page(site.rel(p)) for p in site.html_files()}
    # the pages we expect to exist, so a missing one can't pass for "no bar"
    for rel in ("index.html", "category/food.html", "archives.html", "pages/about.html",
                "drafts/draft-one.html", "not-shared.html", *BAR_PAGES):
        assert rel in pages, rel
    for rel, html in pages.items():
        soup = BeautifulSoup(html, "html.parser")
        expected = 1 if rel in BAR_PAGES else 0
        assert len(bars(soup)) == expected, rel
        assert len(soup.select("nav.smo-share")) == expected, rel
        if rel not in BAR_PAGES and rel != "smo/mastodon.html":
            assert "share.css" not in html and "share.js" not in html, rel
    # notmyidea's index shows the newest article's full content: still no bar there
    assert "هذه الفقرة الأولى." in pages["index.html"]


def test_bar_sits_inside_the_article_right_after_the_last_paragraph(site):
    for rel, last in (("fish-chips.html", FISH_LAST_P), ("marhaba.html", RTL_LAST_P)):
        soup = site.soup(rel)
        bar = the_bar(soup, rel)
        assert bar.find_parent("article") is not None, rel
        assert "entry-content" in bar.parent.get("class", []), rel
        assert_right_after(soup, bar, last)
        # nothing of the article's content comes after it
        assert bar.find_next_sibling() is None, bar.find_next_sibling()


def test_links_decode_to_the_canonical_url_and_og_title(site):
    check_links(site, "fish-chips.html", FISH_TITLE, FISH_URL, FISH_SUMMARY, DEFAULT_NETWORKS)
    # no Summary: the description comes from the body (first paragraph's text)
    soup = site.soup("marhaba.html")
    _, _, rtl_description = head_meta(soup)
    assert rtl_description is not None and rtl_description.startswith("هذه الفقرة الأولى.")
    check_links(site, "marhaba.html", RTL_TITLE, RTL_URL, rtl_description, DEFAULT_NETWORKS)


def test_every_known_network_links_correctly(build):
    result = build(content=CONTENT, settings={"SMO_SHARE_NETWORKS": ALL_NETWORKS})
    check_links(result, "fish-chips.html", FISH_TITLE, FISH_URL, FISH_SUMMARY, ALL_NETWORKS)
    check_links(result, "marhaba.html", RTL_TITLE, RTL_URL,
                head_meta(result.soup("marhaba.html"))[2], ALL_NETWORKS)


def test_buttons_carry_the_page_url_and_start_hidden(site):
    bar = the_bar(site.soup("fish-chips.html"))
    buttons = bar.find_all("button")
    assert [b.get_text(strip=True) for b in buttons] == ["Copy link", "Share…"]
    for button in buttons:
        assert button["type"] == "button"
        assert button["data-smo-url"] == FISH_URL
        # revealed by share.js only when the browser supports it
        assert button.find_parent("li").has_attr("hidden")
    native = buttons[1]
    assert (native["data-smo-title"], native["data-smo-text"]) == (FISH_TITLE, FISH_SUMMARY)
    status = bar.select(".smo-share__status")
    assert len(status) == 1 and status[0]["role"] == "status"


def test_assets_are_copied_and_linked_from_bar_pages(site):
    for name in ASSETS:
        assert site.path(f"smo/{name}").is_file(), name
        assert site.path(f"smo/{name}").stat().st_size > 100, name
    for rel in BAR_PAGES:
        assets = linked_assets(site, rel)
        assert set(assets) == {"css", "js"}, rel
        assert output_file_of(rel, assets["css"]) == "smo/share.css"
        assert output_file_of(rel, assets["js"]) == "smo/share.js"
    assert "smo-share" in site.page("smo/share.css")
    assert "clipboard" in site.page("smo/share.js")


# ---------------------------------------------------------------------------
# Settings
# ---------------------------------------------------------------------------


def test_pages_get_a_bar_with_smo_share_pages(build):
    result = build(content=CONTENT, settings={"SMO_SHARE_PAGES": True})
    soup = result.soup("pages/about.html")
    bar = the_bar(soup, "pages/about.html")
    assert_right_after(soup, bar, "The about page text.")
    assets = linked_assets(result, "pages/about.html")
    assert output_file_of("pages/about.html", assets["css"]) == "smo/share.css"
    links = share_links(bar)
    mastodon = next(a for a in links if network_of(a) == "mastodon")
    assert output_file_of("pages/about.html", mastodon["href"]) == "smo/mastodon.html"
    check_links(result, "pages/about.html", "About", f"{SITE}/pages/about.html",
                "The about page text.", DEFAULT_NETWORKS)
    # still none on drafts, opted-out articles and listings
    for rel in ("drafts/draft-one.html", "not-shared.html", "index.html", "category/food.html"):
        assert bars(result.soup(rel)) == [], rel
    for rel in BAR_PAGES:
        the_bar(result.soup(rel), rel)


def test_network_order_follows_the_setting(build):
    order = ["email", "mastodon", "x", "hackernews"]
    result = build(content=CONTENT, settings={"SMO_SHARE_NETWORKS": order})
    for rel in BAR_PAGES:
        links = share_links(the_bar(result.soup(rel), rel))
        assert [network_of(a) for a in links] == order
        assert [text_of(a) for a in links] == [
            "Share by Email", "Share on Mastodon", "Share on X", "Share on Hacker News"]


def test_unknown_network_fails_the_build_naming_the_setting(build):
    result = build(content=CONTENT, settings={"SMO_SHARE_NETWORKS": ["x", "myspace"]},
                   expect_ok=False)
    assert result.returncode != 0 or result.errors, result.log
    lines = [line for line in result.log_lines if "SMO_SHARE_NETWORKS" in line]
    assert lines, result.log
    message = " ".join(lines)
    assert "myspace" in message
    for name in ALL_NETWORKS:
        assert name in message, f"valid name {name!r} not listed: {message}"
    assert not result.exists("fish-chips.html")


@pytest.mark.parametrize(("style", "nav_class", "has_svg"), [
    ("icons", "smo-share--icons", True),
    ("icons+labels", "smo-share--icons-labels", True),
    ("labels", "smo-share--labels", False),
])
def test_share_style_variants(build, style, nav_class, has_svg):
    result = build(content=CONTENT, settings={"SMO_SHARE_STYLE": style})
    bar = the_bar(result.soup("fish-chips.html"))
    assert bar["class"] == ["smo-share", nav_class]
    assert (len(bar.find_all("svg")) > 0) is has_svg
    if has_svg:
        # one icon per link and button, all decorative
        assert len(bar.find_all("svg")) == len(DEFAULT_NETWORKS) + 2
        for svg in bar.find_all("svg"):
            assert (svg.get("aria-hidden"), svg.get("focusable")) == ("true", "false")
    # the label text is there in every style (visually hidden for 'icons')
    assert [text_of(a) for a in share_links(bar)][:2] == [
        "Share on X", "Share on Facebook"]


def test_no_stylesheet_with_smo_share_css_false(build):
    result = build(content=CONTENT, settings={"SMO_SHARE_CSS": False})
    the_bar(result.soup("fish-chips.html"))
    assets = linked_assets(result, "fish-chips.html")
    assert "css" not in assets
    assert output_file_of("fish-chips.html", assets["js"]) == "smo/share.js"
    assert "share.css" not in result.page("fish-chips.html")


def test_before_content_placement(build):
    result = build(content=CONTENT, settings={"SMO_SHARE_PLACEMENT": "before-content"})
    soup = result.soup("fish-chips.html")
    bar = the_bar(soup)
    first = paragraph(soup, "First paragraph about fish.")
    assert bar.find_next_sibling() is first
    assert position_in(soup, bar) < position_in(soup, first)
    assert position_in(soup, bar) < position_in(soup, paragraph(soup, FISH_LAST_P))
    assert bar.find_parent("article") is not None


def test_selector_puts_the_bar_inside_the_matching_element(build):
    # notmyidea: <footer class="post-info"> holds the date, inside the article
    result = build(content=CONTENT, settings={"SMO_SHARE_SELECTOR": "footer.post-info"})
    for rel in BAR_PAGES:
        soup = result.soup(rel)
        bar = the_bar(soup, rel)
        assert bar.parent.name == "footer" and "post-info" in bar.parent["class"], rel
        assert bar.find_next_sibling() is None, "not the footer's last child"
    soup = result.soup("fish-chips.html")
    assert position_in(soup, the_bar(soup)) < position_in(soup, paragraph(soup, FISH_LAST_P))


def test_template_placement_without_a_theme_call_adds_nothing(build):
    result = build(content=CONTENT, settings={"SMO_SHARE_PLACEMENT": "template"})
    for rel in BAR_PAGES:
        assert bars(result.soup(rel)) == [], rel
        assert linked_assets(result, rel) == {}, rel


# ---------------------------------------------------------------------------
# Themes
# ---------------------------------------------------------------------------

THEME_SPOT = '<aside id="theme-share-spot">{{ smo_share(article) }}</aside>'


@pytest.mark.parametrize("placement", ["template", "after-content"])
def test_theme_places_the_bar_with_smo_share(build, tmp_path, placement):
    theme = copy_simple_theme(tmp_path, ("    </header>\n", "    </header>\n    "
                                         + THEME_SPOT + "\n"))
    result = build(content=CONTENT, theme=str(theme),
                   settings={"SMO_SHARE_PLACEMENT": placement})
    for rel in BAR_PAGES:
        soup = result.soup(rel)
        bar = the_bar(soup, rel)
        assert bar.parent.name == "aside" and bar.parent.get("id") == "theme-share-spot", rel
        assert bar.find_parent("article") is not None
        assets = linked_assets(result, rel)
        assert output_file_of(rel, assets["css"]) == "smo/share.css"
    check_links(result, "fish-chips.html", FISH_TITLE, FISH_URL, FISH_SUMMARY, DEFAULT_NETWORKS)
    # the theme's call gives nothing for an opted-out article
    soup = result.soup("not-shared.html")
    assert bars(soup) == []
    spot = soup.find("aside", id="theme-share-spot")
    assert spot is not None and spot.get_text(strip=True) == ""


@pytest.mark.parametrize(("theme", "container"), [
    ("reflex", "article.single div.entry-content"),
    ("engineering", "article.pet-prose"),
])
def test_packaged_themes_get_one_bar_per_article(build, theme, container):
    result = build(content=CONTENT, theme=theme)
    for rel, last in (("fish-chips.html", FISH_LAST_P), ("marhaba.html", RTL_LAST_P)):
        soup = result.soup(rel)
        bar = the_bar(soup, rel)
        assert bar.find_parent("article") is not None, rel
        holder = soup.select(container)
        assert len(holder) == 1 and bar.parent is holder[0], (rel, bar.parent.name)
        assert_right_after(soup, bar, last)
        assert set(linked_assets(result, rel)) == {"css", "js"}
    check_links(result, "fish-chips.html", FISH_TITLE, FISH_URL, FISH_SUMMARY, DEFAULT_NETWORKS)
    for rel in ("index.html", "not-shared.html", "drafts/draft-one.html", "pages/about.html",
                "category/food.html"):
        assert bars(result.soup(rel)) == [], rel
    assert share_warnings(result) == []


def test_theme_that_alters_the_content_gets_one_warning_and_no_bar(build, tmp_path):
    theme = copy_simple_theme(tmp_path, ("{{ article.content }}", "{{ article.content|upper }}"))
    content = {k: v for k, v in CONTENT.items() if k != "rtl.md"}
    result = build(content=content, theme=str(theme))
    assert result.returncode == 0 and result.errors == []
    assert bars(result.soup("fish-chips.html")) == []
    assert "LAST PARAGRAPH ABOUT CHIPS" in result.page("fish-chips.html")
    assert linked_assets(result, "fish-chips.html") == {}
    warnings = share_warnings(result)
    assert len(warnings) == 1, result.log
    assert str(result.path("fish-chips.html")) in warnings[0] or "fish-chips.html" in warnings[0]
    assert "SMO_SHARE_SELECTOR" in warnings[0] and "smo_share" in warnings[0]


def test_article_that_mentions_the_marker_attribute_still_gets_its_bar(build):
    # A post about theming the bar quotes its attribute: it is text, not a bar.
    content = {"theming.md": (
        "Title: Styling the share bar\nDate: 2024-02-01 10:00\nSlug: theming\n\n"
        "Select it with `[data-smo-share]` in your stylesheet.\n\nThat is all.\n")}
    result = build(content=content)
    soup = result.soup("theming.html")
    assert_right_after(soup, the_bar(soup, "theming.html"), "That is all.")


# ---------------------------------------------------------------------------
# Mastodon modes
# ---------------------------------------------------------------------------


def mastodon_href(result, rel: str) -> str:
    links = [a for a in share_links(the_bar(result.soup(rel), rel))
             if network_of(a) == "mastodon"]
    assert len(links) == 1
    return links[0]["href"]


def test_mastodon_ask_links_to_the_local_page(build):
    # Articles in nested folders, so the relative link has to climb out of them.
    result = build(content=CONTENT, settings={
        "ARTICLE_URL": "posts/{slug}/", "ARTICLE_SAVE_AS": "posts/{slug}/index.html"})
    rel = "posts/fish-chips/index.html"
    href = mastodon_href(result, rel)
    parts = urlsplit(href)
    assert parts.scheme == "" and parts.netloc == "" and not href.startswith("/"), href
    assert href.startswith("../../smo/mastodon.html#text="), href
    assert output_file_of(rel, href) == "smo/mastodon.html"
    assert result.path("smo/mastodon.html").is_file()
    text = decode_params(parts.fragment)["text"]
    assert text == f'{FISH_TITLE} {SITE}/posts/fish-chips/'
    assert head_meta(result.soup(rel))[0] == f"{SITE}/posts/fish-chips/"
    assets = linked_assets(result, rel)
    assert output_file_of(rel, assets["css"]) == "smo/share.css"
    assert output_file_of(rel, assets["js"]) == "smo/share.js"


def test_mastodon_ask_link_in_a_top_level_article(site):
    href = mastodon_href(site, "fish-chips.html")
    assert href.startswith("smo/mastodon.html#text="), href
    assert decode_params(href.split("#", 1)[1]) == {
        "text": f"{FISH_TITLE} {FISH_URL}", "url": FISH_URL, "title": FISH_TITLE}


def test_mastodon_picker(build):
    result = build(content=CONTENT, settings={"SMO_SHARE_MASTODON": "picker"})
    parts = urlsplit(mastodon_href(result, "fish-chips.html"))
    assert (parts.scheme, parts.netloc, parts.path, parts.query) == (
        "https", "share.joinmastodon.org", "/", "")
    assert decode_params(parts.fragment) == {"text": f"{FISH_TITLE} {FISH_URL}"}


def test_mastodon_fixed_host(build):
    result = build(content=CONTENT, settings={"SMO_SHARE_MASTODON": "mastodon.example"})
    parts = urlsplit(mastodon_href(result, "fish-chips.html"))
    assert (parts.scheme, parts.netloc, parts.path, parts.fragment) == (
        "https", "mastodon.example", "/share", "")
    assert decode_params(parts.query) == {"text": f"{FISH_TITLE} {FISH_URL}"}
