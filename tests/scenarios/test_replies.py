"""The conversation under an article, without a browser: which values are post addresses,
the settings, the block's markup and where it lands, the build's warnings, the audit.

Expected values are written out by hand from the Mastodon and Bluesky address forms
(docs of each network), never computed by the plugin's own code.
"""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from bs4 import BeautifulSoup

from pelican_smo.audit.checks import POST_CHECK, SiteIndex, check_page
from pelican_smo.audit.parse import parse_page
from pelican_smo.audit.report import audit_site
from pelican_smo.html.replies import conversation_block
from pelican_smo.model import BlueskyPost, ConversationFact, MastodonPost
from pelican_smo.settings import SmoConfigError, from_settings
from pelican_smo.util.posts import PostAddressError, bluesky_post, mastodon_post
from tests.helpers import REPO_ROOT, build_site, require, require_vnu, vnu_errors

ASSETS = REPO_ROOT / "pelican_smo" / "assets"
MASTODON = "https://mastodon.example/@ada/113234567890123456"
BLUESKY = "https://bsky.app/profile/ada.example.org/post/3kabc2defgh2i"
BLUESKY_URI = "at://ada.example.org/app.bsky.feed.post/3kabc2defgh2i"


# --- post addresses ------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "url", "origin", "status"), [
    (MASTODON, MASTODON, "https://mastodon.example", "113234567890123456"),
    ("  https://Mastodon.Example/@Ada/42\n", "https://mastodon.example/@Ada/42",
     "https://mastodon.example", "42"),
    ("https://mastodon.example/@bob@other.example/7",
     "https://mastodon.example/@bob@other.example/7", "https://mastodon.example", "7"),
    ("https://mastodon.example/users/ada/statuses/9",
     "https://mastodon.example/users/ada/statuses/9", "https://mastodon.example", "9"),
    ("http://127.0.0.1:8123/@ada/1", "http://127.0.0.1:8123/@ada/1",
     "http://127.0.0.1:8123", "1"),
    ("http://localhost/@ada/1", "http://localhost/@ada/1", "http://localhost", "1"),
])
def test_mastodon_post_addresses(value, url, origin, status):
    assert mastodon_post(value) == MastodonPost(url=url, origin=origin, id=status)


@pytest.mark.parametrize("value", [
    "", "mastodon.example/@ada/1", "https://mastodon.example/@ada", "https://mastodon.example/@ada/",
    "https://mastodon.example/@ada/12ab", "https://mastodon.example/@ada/1/", "https://mastodon.example/ada/1",
    "https://mastodon.example/@ada/1?x=1", "https://mastodon.example/@ada/1#top",
    "https://user@mastodon.example/@ada/1", "http://mastodon.example/@ada/1",
    "http://10.0.0.1/@ada/1", "javascript:alert(1)//https://m.example/@a/1",
    "https://mastodon.example:99999/@ada/1", "https://exa mple.org/@ada/1",
    "https://mastodon.example/@ada/1\n<script>", "https://localhost.example/@ada/1 x",
    "ftp://mastodon.example/@ada/1", "https://-bad-.example/@ada/1",
])
def test_not_mastodon_post_addresses(value):
    with pytest.raises(PostAddressError):
        mastodon_post(value)


@pytest.mark.parametrize(("value", "url", "uri"), [
    (BLUESKY, BLUESKY, BLUESKY_URI),
    ("https://bsky.app/profile/Ada.Example.ORG/post/3kabc2defgh2i", BLUESKY, BLUESKY_URI),
    (BLUESKY_URI, BLUESKY, BLUESKY_URI),
    ("at://did:plc:z72i7hdynmk6r22z27h6tvur/app.bsky.feed.post/3kabc2defgh2i",
     "https://bsky.app/profile/did:plc:z72i7hdynmk6r22z27h6tvur/post/3kabc2defgh2i",
     "at://did:plc:z72i7hdynmk6r22z27h6tvur/app.bsky.feed.post/3kabc2defgh2i"),
    ("https://bsky.app/profile/did:web:ada.example.org/post/3kabc2defgh2i",
     "https://bsky.app/profile/did:web:ada.example.org/post/3kabc2defgh2i",
     "at://did:web:ada.example.org/app.bsky.feed.post/3kabc2defgh2i"),
])
def test_bluesky_post_addresses(value, url, uri):
    assert bluesky_post(value) == BlueskyPost(url=url, uri=uri)


@pytest.mark.parametrize("value", [
    "", "https://bsky.app/profile/ada.example.org", "https://bsky.app/profile/ada/post/3k",
    "https://bsky.app/profile/ada.example.org/post/", "https://bsky.app/profile/ada.example.org/post/..",
    "https://bsky.app/profile/ada.example.org/post/3k?x=1", "http://bsky.app/profile/a.example/post/3k",
    "https://staging.bsky.app/profile/a.example/post/3k", "https://bsky.app/profile/a.example/lists/3k",
    "at://ada.example.org/app.bsky.feed.like/3k", "at://ada.example.org/app.bsky.feed.post",
    "at://ada.example.org/app.bsky.feed.post/3k/extra", "at://did:plc:/app.bsky.feed.post/3k",
    "at://ada.example.org/app.bsky.feed.post/a b", "javascript:alert(1)",
])
def test_not_bluesky_post_addresses(value):
    with pytest.raises(PostAddressError):
        bluesky_post(value)


# --- settings ------------------------------------------------------------------------------


def test_reply_settings():
    config = from_settings({})
    assert (config.replies, config.replies_bluesky_appview) == (
        True, "https://public.api.bsky.app")
    config = from_settings({"SMO_REPLIES": False,
                            "SMO_REPLIES_BLUESKY_APPVIEW": "http://127.0.0.1:9000/"})
    assert (config.replies, config.replies_bluesky_appview) == (False, "http://127.0.0.1:9000")


@pytest.mark.parametrize(("settings", "named"), [
    ({"SMO_REPLIES": "yes"}, "SMO_REPLIES"),
    ({"SMO_REPLIES_BLUESKY_APPVIEW": "http://appview.example"}, "SMO_REPLIES_BLUESKY_APPVIEW"),
    ({"SMO_REPLIES_BLUESKY_APPVIEW": "https://appview.example/?a=1"},
     "SMO_REPLIES_BLUESKY_APPVIEW"),
    ({"SMO_REPLIES_BLUESKY_APPVIEW": "public.api.bsky.app"}, "SMO_REPLIES_BLUESKY_APPVIEW"),
    ({"SMO_REPLIES_BLUESKY_APPVIEW": "https://:80"}, "SMO_REPLIES_BLUESKY_APPVIEW"),
])
def test_bad_reply_settings_name_the_setting(settings, named):
    with pytest.raises(SmoConfigError, match=named):
        from_settings(settings)


# --- the block -----------------------------------------------------------------------------


def test_block_is_links_a_hidden_button_and_an_empty_place():
    block = conversation_block(ConversationFact(
        mastodon=mastodon_post(MASTODON), bluesky=bluesky_post(BLUESKY),
        appview="https://public.api.bsky.app"))
    soup = BeautifulSoup(block, "html5lib")
    section = soup.find("section")
    assert section["data-smo-mastodon"] == MASTODON
    assert section["data-smo-bluesky"] == BLUESKY_URI
    assert section["data-smo-bluesky-appview"] == "https://public.api.bsky.app"
    heading = soup.find(id=section["aria-labelledby"])
    assert heading.name == "h2" and heading.get_text() == "Conversation"
    links = [(a.get_text(strip=True), a["href"]) for a in section.find_all("a")]
    assert links == [("Discuss on Mastodon", MASTODON), ("Discuss on Bluesky", BLUESKY)]
    button = section.find("button")
    assert button.get_text(strip=True) == "Show replies"
    assert button["type"] == "button" and button["aria-expanded"] == "false"
    assert button.find_parent(attrs={"data-smo-replies-load": True}).has_attr("hidden")
    note = soup.find(id=button["aria-describedby"])
    assert note.get_text() == ("Replies are read from mastodon.example and "
                               "public.api.bsky.app when you press the button, not before.")
    threads = soup.find(id=button["aria-controls"])
    assert threads.has_attr("hidden") and threads.get_text() == ""
    assert section.find(attrs={"role": "status"})["aria-live"] == "polite"
    # no inline script, style or event handler: a strict Content-Security-Policy holds
    assert not soup.find_all(["script", "style"])
    assert not [(tag.name, a) for tag in soup.find_all(True) for a in tag.attrs
                if a.startswith("on") or a == "style"]


def test_block_for_one_network_names_only_its_server():
    block = conversation_block(ConversationFact(
        mastodon=None, bluesky=bluesky_post(BLUESKY_URI), appview="http://127.0.0.1:9000"))
    soup = BeautifulSoup(block, "html5lib")
    assert [a.get_text(strip=True) for a in soup.find_all("a")] == ["Discuss on Bluesky"]
    assert not soup.section.has_attr("data-smo-mastodon")
    assert "from 127.0.0.1:9000 when" in soup.find(id="smo-replies-note").get_text()


def test_script_survives_minifiers_and_has_no_eval(tmp_path):
    # The rules share.js follows for pelican-minify (an HTML minifier joins the file into
    # one line, decodes character references and escapes "<"): see replies.js's header.
    script = (ASSETS / "replies.js").read_text(encoding="utf-8")
    assert "<" not in script
    assert not re.search(r"&[A-Za-z#]", script)
    assert not re.search(r"(?<![:\\])//(?!/)", script.replace("https://", "").replace(
        "at://", "")), "line comment"
    assert not re.search(r'"[^"\n]*  [^"\n]*"', script)
    for forbidden in ("eval(", "new Function", "innerHTML", "outerHTML", "insertAdjacentHTML",
                      "document.write", ".setAttribute(\"style", "style."):
        assert forbidden not in script, forbidden
    # joined into one line, as an HTML minifier leaves it, it is still one valid script
    node = shutil.which("node")
    require(node is not None, "node not found: run `make sysdeps` (nodejs)")
    one_line = tmp_path / "replies.min.js"
    one_line.write_text(" ".join(line.strip() for line in script.splitlines()), "utf-8")
    checked = subprocess.run([node, "--check", str(one_line)], capture_output=True, text=True,
                             timeout=60)
    assert checked.returncode == 0, checked.stderr


# --- in a built site -----------------------------------------------------------------------


ARTICLE = "Title: {title}\nDate: 2025-03-0{day} 10:00\n{meta}\nThe article's own words.\n"


def _article(title: str, day: int, **meta: str) -> str:
    lines = "".join(f"{key.capitalize()}: {value}\n" for key, value in meta.items())
    return ARTICLE.format(title=title, day=day, meta=lines)


CONTENT = {
    "both.md": _article("Both", 1, mastodon=MASTODON, bluesky=BLUESKY),
    "bluesky-only.md": _article("Bluesky only", 2, bluesky=BLUESKY_URI),
    "bad.md": _article("Bad", 3, mastodon="https://mastodon.example/@ada",
                       bluesky="https://bsky.app/profile/ada.example.org"),
    "plain.md": _article("Plain", 4),
}


def _soup(result, rel):
    return BeautifulSoup(result.page(rel), "html5lib")


def test_build_places_the_block_after_the_bar_and_links_its_files(build):
    result = build(content=CONTENT, settings={"RELATIVE_URLS": True})
    page = _soup(result, "both.html")
    section = page.find("section", attrs={"data-smo-replies": True})
    bar = page.find(attrs={"data-smo-share": True})
    assert bar is not None and bar.find_next_sibling("section") is section
    assert section.find_parent("article") is not None  # under the article's content
    assert page.find("script", src="smo/replies.js").has_attr("defer")
    assert page.find("link", href="smo/replies.css") is not None
    for name in ("replies.js", "replies.css"):
        assert result.path(f"smo/{name}").read_bytes() == (ASSETS / name).read_bytes()
    only = _soup(result, "bluesky-only.html").find("section", attrs={"data-smo-replies": True})
    assert only["data-smo-bluesky"] == BLUESKY_URI
    assert [a["href"] for a in only.find_all("a")] == [BLUESKY]
    # the script and stylesheet only where there is a conversation
    for rel in ("plain.html", "bad.html", "index.html"):
        soup = _soup(result, rel)
        assert soup.find(attrs={"data-smo-replies": True}) is None, rel
        assert soup.find("script", src=re.compile("replies")) is None, rel
        assert soup.find("link", href=re.compile("replies")) is None, rel


def test_build_warns_naming_file_and_field_and_skips_the_value(build):
    result = build(content=CONTENT, settings={"SMO_AUDIT": True}, expect_ok=False)
    assert result.returncode == 0
    warnings = [line for line in result.warnings if "bad.md" in line]
    assert len(warnings) == 2, result.log
    assert "ignoring mastodon: 'https://mastodon.example/@ada' is not the address of a " \
           "Mastodon post" in warnings[0]
    assert "ignoring bluesky: 'https://bsky.app/profile/ada.example.org' is not the " \
           "address of a Bluesky post" in warnings[1]
    # the build-time audit reports them (one error record listing every error)
    assert "bad.html: replies-post-url: the mastodon metadata of" in result.log
    assert "bad.html: replies-post-url: the bluesky metadata of" in result.log


def test_before_content_and_no_bar_still_put_the_conversation_after_the_content(tmp_path):
    result = build_site(tmp_path / "before", content=CONTENT,
                        settings={"SMO_SHARE_PLACEMENT": "before-content"})
    text = result.page("both.html")
    body = text.index("<body")
    assert body < text.index("data-smo-share") < text.index("The article", body) < text.index(
        "data-smo-replies")
    result = build_site(tmp_path / "no-bar", content=CONTENT,
                        settings={"SMO_SHARE": False, "SMO_SHARE_CSS": False})
    page = _soup(result, "both.html")
    assert page.find(attrs={"data-smo-share": True}) is None
    assert page.find("section", attrs={"data-smo-replies": True}) is not None
    assert page.find("link", href=re.compile("replies.css")) is None  # SMO_SHARE_CSS
    assert result.exists("smo/replies.js") and not result.exists("smo/share.js")


def test_replies_off_writes_nothing_of_them(build):
    result = build(content=CONTENT, settings={"SMO_REPLIES": False})
    assert "data-smo-replies" not in result.page("both.html")
    assert not result.exists("smo/replies.js") and not result.exists("smo/replies.css")
    assert not [line for line in result.warnings if "bad.md" in line]


def test_built_page_is_valid_html(build):
    require_vnu()
    result = build(content=CONTENT)
    errors = vnu_errors([result.path("both.html")])
    assert list(errors.values()) == [[]], errors


# --- the audit -----------------------------------------------------------------------------


def test_audit_reads_the_block_and_flags_an_address_that_is_no_post(tmp_path):
    good = conversation_block(ConversationFact(
        mastodon=mastodon_post(MASTODON), bluesky=bluesky_post(BLUESKY), appview="https://a.b"))
    bad = good.replace(MASTODON, "https://mastodon.example/@ada").replace(
        BLUESKY_URI, "at://ada.example.org/app.bsky.feed.post/")
    for name, block in (("good.html", good), ("bad.html", bad)):
        (tmp_path / name).write_text(f"<!doctype html><html><head><title>{name}</title></head>"
                                     f"<body><p>text</p>{block}</body></html>", "utf-8")
    head = parse_page("good.html", (tmp_path / "good.html").read_text("utf-8"))
    assert head.posts == [("mastodon", MASTODON), ("bluesky", BLUESKY_URI)]
    site = SiteIndex(str(tmp_path), "https://x.org", ["good.html", "bad.html"])
    assert [f for f in check_page(head, site) if f.check == POST_CHECK] == []
    report = audit_site(str(tmp_path), "https://x.org")
    found = [(f.page, f.severity, f.value) for f in report.findings if f.check == POST_CHECK]
    assert found == [("bad.html", "error", "at://ada.example.org/app.bsky.feed.post/"),
                     ("bad.html", "error", "https://mastodon.example/@ada")]


def test_audit_ignores_the_attribute_in_text(tmp_path):
    (tmp_path / "a.html").write_text(
        "<!doctype html><html><head><title>a</title></head><body><p>Write "
        "<code>&lt;section data-smo-replies data-smo-mastodon=\"x\"&gt;</code></p>"
        "<section data-smo-repliesx data-smo-mastodon=\"y\"></section></body></html>", "utf-8")
    assert parse_page("a.html", (tmp_path / "a.html").read_text("utf-8")).posts == []
