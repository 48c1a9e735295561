"""networks: share links for awkward titles decode back to exactly the original values."""

from __future__ import annotations

from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from pelican_smo.networks import NETWORKS, ShareText, hashtag, mastodon_link
from pelican_smo.util.fit import bluesky_length, mastodon_length, threads_length, x_length

TITLES = [
    "Fish & chips",
    "C# vs C++: which #1?",
    "What? 100% + more = less",
    'Quotes "double" and \'single\'',
    "Emoji 🎉🇩🇪 and ZWJ 👩‍💻",
    "עברית ومن العربية",
    "Ünïcödé — 日本語",
    "a/b?c=d&e=f#g",
]
URL = "https://blog.example.org/sub/posts/fish-&-chips.html?x=1#top"


def query(link: str) -> dict[str, str]:
    """Decode a link's query strictly: '+' stays '+', each key once."""
    parts = urlsplit(link)
    decoded = parse_qs(parts.query.replace("+", "%2B"), keep_blank_values=True,
                       strict_parsing=True)
    assert all(len(v) == 1 for v in decoded.values()), link
    return {k: v[0] for k, v in decoded.items()}


@pytest.mark.parametrize("title", TITLES)
def test_every_network_round_trips(title):
    text = ShareText(title=title, url=URL, description=f"About {title}",
                     image="https://blog.example.org/i.png", via="site")
    expect = {
        "x": ("x.com", "/intent/tweet", {"text": title, "url": URL, "via": "site"}),
        "facebook": ("www.facebook.com", "/sharer/sharer.php", {"u": URL}),
        "linkedin": ("www.linkedin.com", "/sharing/share-offsite/", {"url": URL}),
        "reddit": ("www.reddit.com", "/submit", {"url": URL, "title": title}),
        "hackernews": ("news.ycombinator.com", "/submitlink", {"u": URL, "t": title}),
        "bluesky": ("bsky.app", "/intent/compose", {"text": f"{title} {URL}"}),
        "threads": ("www.threads.com", "/intent/post", {"text": title, "url": URL}),
        "whatsapp": ("wa.me", "/", {"text": f"{title} {URL}"}),
        "telegram": ("t.me", "/share/url", {"url": URL, "text": title}),
        "pinterest": ("www.pinterest.com", "/pin/create/button/",
                      {"url": URL, "media": "https://blog.example.org/i.png",
                       "description": title}),
        "tumblr": ("www.tumblr.com", "/widgets/share/tool",
                   {"canonicalUrl": URL, "title": title, "caption": f"About {title}",
                    "posttype": "link"}),
        "vk": ("vk.com", "/share.php", {"url": URL, "title": title}),
        "xing": ("www.xing.com", "/spi/shares/new", {"url": URL}),
        "weibo": ("service.weibo.com", "/share/share.php", {"url": URL, "title": title}),
        "line": ("social-plugins.line.me", "/lineit/share", {"url": URL, "text": title}),
    }
    for network_id, (host, path, params) in expect.items():
        link = NETWORKS[network_id].link(text)
        parts = urlsplit(link)
        assert (parts.scheme, parts.netloc, parts.path) == ("https", host, path), network_id
        assert query(link) == params, network_id
        assert " " not in link and '"' not in link and "<" not in link


@pytest.mark.parametrize("title", TITLES)
def test_email_uses_percent_twenty_and_crlf(title):
    link = NETWORKS["email"].link(ShareText(title=title, url=URL, description="Line one"))
    assert link.startswith("mailto:?")
    assert "+" not in link.split("?", 1)[1].replace("%2B", "")
    params = query(link)
    assert params == {"subject": title, "body": f"Line one\r\n\r\n{URL}"}
    assert "%0D%0A" in link


def test_mastodon_modes_keep_the_text_out_of_query_strings_when_they_can():
    text = ShareText(title="A & B #1", url=URL)
    expected = f"A & B #1 {URL}"
    ask = mastodon_link(text, "ask", "../smo/mastodon.html")
    assert ask.startswith("../smo/mastodon.html#text=")
    # the fragment also names the link and the title, for Lemmy's and Diaspora's forms
    assert query("?" + ask.split("#", 1)[1]) == {"text": expected, "url": URL,
                                                 "title": "A & B #1"}
    picker = mastodon_link(text, "picker", "unused")
    assert picker.startswith("https://share.joinmastodon.org/#text=")
    assert unquote(picker.split("#text=", 1)[1]) == expected
    fixed = mastodon_link(text, "mastodon.social", "unused")
    assert urlsplit(fixed).netloc == "mastodon.social"
    assert query(fixed) == {"text": expected}


def test_bluesky_text_fits_its_limit():
    text = ShareText(title="word " * 100, url=URL)
    composed = query(NETWORKS["bluesky"].link(text))["text"]
    assert bluesky_length(composed) <= 300
    assert composed.endswith(URL)


def test_hashtags_from_tags():
    assert [hashtag(t) for t in ("python", "static sites", "C++", "2025", "日本語", "--",
                                 "naïve café")] == [
        "python", "StaticSites", "C", None, "日本語", None, "NaïveCafé"]


def test_handles_and_hashtags_join_each_networks_post():
    text = ShareText(title="Title", url=URL, via="ada", mention="@ada@mastodon.example",
                     hashtags=("birds", "StaticSites"))
    x = query(NETWORKS["x"].link(text))
    assert x == {"text": "Title", "url": URL, "via": "ada", "hashtags": "birds,StaticSites"}
    assert query(mastodon_link(text, "mastodon.social", "unused"))["text"] == (
        f"Title {URL} via @ada@mastodon.example #birds #StaticSites")
    assert query(NETWORKS["bluesky"].link(text))["text"] == f"Title {URL} #birds #StaticSites"
    # Threads takes one topic tag
    assert query(NETWORKS["threads"].link(text)) == {"text": "Title #birds", "url": URL}


@pytest.mark.parametrize(("network", "length", "limit"), [
    ("x", x_length, 280), ("bluesky", bluesky_length, 300),
    ("mastodon", mastodon_length, 500), ("threads", threads_length, 500)])
@pytest.mark.parametrize("title", ["word " * 200, "日本語の長いタイトル" * 60, "👩‍👩‍👧 " * 300])
def test_each_post_fits_as_the_network_counts_it(network, length, limit, title):
    text = ShareText(title=title.strip(), url=URL + "?" + "x" * 300, via="ada",
                     mention="@ada@mastodon.example", hashtags=("one", "two"))
    link = mastodon_link(text, "mastodon.social", "") if network == "mastodon" \
        else NETWORKS[network].link(text)
    params = query(link)
    if network == "x":
        post = f"{params['text']} {text.url} via @ada"
        post += "".join(f" #{t}" for t in params.get("hashtags", "").split(",") if t)
    elif network == "threads":
        post = f"{params['text']} {params['url']}"
    else:
        post = params["text"]
    assert length(post) <= limit, (network, length(post))
    assert length(post) > limit - 30, "cut far more than needed"
    assert "…" in post and text.url in (post + params.get("url", "")), network
