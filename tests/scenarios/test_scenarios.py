"""Every scenario site in ``tests/sites/<name>/`` (its own ``pelicanconf.py``), built with
and without pelican_smo: the plugin adds its head block, share bar, conversation and
(``SMO_SHARE_QUOTES``, the ``quotes`` site) quote controls, all marked as its own, and
changes nothing else Pelican writes (same files, same bodies, same static files in the
same places), and only the theme's own social tags leave the head.
"""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from tests.helpers import SITES_DIR, build_scenario, versioned
from tests.scenarios.test_site_core import head_values, one

SCENARIOS = sorted(p.parent.name for p in SITES_DIR.glob("*/pelicanconf.py"))
#: Errors another plugin logs on a scenario (i18n_subsites without a theme catalog).
ALLOWED_ERRORS = ("Cannot find translations for language",)
#: Head elements the plugin answers for: the theme's own are replaced by its block.
OWNED = re.compile(r"^(og:|twitter:|article:|description$|canonical$|alternate$)")

_BLOCK = re.compile(r"<!-- pelican_smo -->.*?<!-- /pelican_smo -->\n?", re.DOTALL)
_BAR = re.compile(r"\n?<nav [^>]*data-smo-share[^>]*>.*?</nav>\n?", re.DOTALL)
_TALK = re.compile(r"\n?<section [^>]*data-smo-replies[^>]*>.*?</section>\n?", re.DOTALL)
_QUOTE = re.compile(r"<div [^>]*data-smo-quote[^>]*>.*?</div>", re.DOTALL)


def _without_ours(page: str) -> str:
    """The page less the plugin's marked additions: head block, bar, conversation, quote
    controls."""
    return _QUOTE.sub("", _TALK.sub("", _BAR.sub("", _BLOCK.sub("", page))))


@pytest.fixture(scope="module", params=SCENARIOS)
def pair(request, tmp_path_factory):
    root = tmp_path_factory.mktemp(request.param)
    ours = build_scenario(request.param, root / "smo", allowed_errors=ALLOWED_ERRORS)
    keep = [p for p in _plugins_of(request.param) if p != "pelican_smo"]
    plain = build_scenario(request.param, root / "plain", plugins=keep,
                           allowed_errors=ALLOWED_ERRORS)
    return request.param, ours, plain


def _plugins_of(name: str) -> list[str]:
    namespace: dict[str, object] = {}
    exec((SITES_DIR / name / "pelicanconf.py").read_text(encoding="utf-8"), namespace)
    return list(namespace.get("PLUGINS", []))


def _files(result) -> set[str]:
    return {p.relative_to(result.output).as_posix() for p in result.output.rglob("*")
            if p.is_file()}


def _head_rest(page: str) -> list[str]:
    """The head's elements, less what we answer for, as markup: an element whose every key
    (``property``, ``name``, ``rel``) is ours is left out; of one that also sets a key of
    the theme's (``<meta name="author" property="og:author">``), only our attribute."""
    head = BeautifulSoup(page, "html.parser").head
    kept = []
    for el in head.find_all(True, recursive=False) if head else ():
        keys = {a: " ".join(el[a]) if isinstance(el[a], list) else el[a]
                for a in ("property", "name", "rel") if el.has_attr(a)}
        ours = {a for a, key in keys.items() if OWNED.match(key)}
        if keys and ours == set(keys):
            continue
        for attribute in ours:
            del el[attribute]
        kept.append(str(el))
    return kept


def test_pelicans_files_are_all_there_and_nothing_moved(pair):
    _, ours, plain = pair
    added = {f for f in _files(ours) - _files(plain)}
    assert _files(plain) <= _files(ours), sorted(_files(plain) - _files(ours))
    assert all(f.split("/")[-3:-1] == ["smo", "cards"] or "smo/" in f for f in added), added
    assert "cannot relocate" not in ours.log, ours.log


def test_each_page_is_pelicans_page_plus_our_block_and_bar(pair):
    name, ours, plain = pair
    for path in plain.html_files():
        rel = plain.rel(path)
        theirs = path.read_text(encoding="utf-8")
        mine = _without_ours(ours.page(rel))
        body_start = theirs.lower().find("</head>")
        assert mine[mine.lower().find("</head>"):] == theirs[body_start:], f"{name}: {rel}"
        assert _head_rest(mine) == _head_rest(theirs), f"{name}: {rel}"


def test_quote_controls_follow_each_quote_and_only_with_the_setting(tmp_path):
    """``SMO_SHARE_QUOTES``: one control right after each top-level blockquote (nested and
    list-item quotes included, the last one before the bar and the conversation); off
    (the default), the article's blockquotes are left exactly as Pelican wrote them."""
    on = build_scenario("quotes", tmp_path / "on")
    page = on.page("said.html")
    quotes = re.findall(r"</blockquote>(<div [^>]*data-smo-quote)?", page)
    assert len(quotes) == 5 and [bool(q) for q in quotes] == [True, False, True, True, True]
    last, bar, talk = (page.rfind("data-smo-quote"), page.find("data-smo-share"),
                       page.find("data-smo-replies"))
    assert -1 < last < bar < talk, (last, bar, talk)
    assert "data-smo-quote" not in on.page("plain.html")
    off = build_scenario("quotes", tmp_path / "off", settings={"SMO_SHARE_QUOTES": False})
    assert "data-smo-quote" not in off.page("said.html")
    assert _without_ours(off.page("said.html")) == _without_ours(page)


def test_static_files_are_byte_for_byte_pelicans(pair):
    _, ours, plain = pair
    for rel in _files(plain):
        if not rel.endswith((".html", ".xml")):
            assert (ours.output / rel).read_bytes() == (plain.output / rel).read_bytes(), rel


def test_attached_images_stay_where_pelican_puts_them_and_are_the_preview():
    """{attach} moves each picture next to its article's page (``one/one.png``)."""
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as tmp:
        site = build_scenario("attach-bundles", Path(tmp))
        for slug in ("one", "two"):
            assert site.exists(f"{slug}/{slug}.png")
            values = head_values(site.soup(f"{slug}/index.html"))
            written = SITES_DIR / "attach-bundles" / "content" / "posts" / slug / f"{slug}.png"
            assert one(values, "og:image") == versioned(f"https://example.org/{slug}/{slug}.png",
                                                        written.read_bytes())
            assert one(values, "og:image:width") == "1200"
            assert one(values, "canonical") == f"https://example.org/{slug}/"
