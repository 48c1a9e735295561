"""PageFacts → the share bar: a ``<nav>`` of plain links, plus two script-revealed buttons.

Privacy: plain ``<a href>`` links, nothing loaded from any network; the reader's
browser contacts a service only when the reader clicks. Accessibility: one
``<nav>`` with a label, each control named "Share on X" (the "Share on " part is
visually hidden, so the visible name is part of the accessible one), icons
``aria-hidden``. The "Copy link" and native "Share…" buttons carry ``hidden``
and are revealed by ``share.js`` only when the browser supports them, so with
JavaScript off no dead button is shown.

Language: every word comes from the page's ``Strings`` (``facts.strings``), the bar
carries their ``lang`` and, for a right-to-left language, ``dir="rtl"`` (so its items
run right to left even in a left-to-right theme), and the messages ``share.js`` shows
travel as ``data-smo-msg-*`` attributes on the bar. A translated name keeps the
network's name visible wherever the translation puts it (``{network}で共有``).
"""

from __future__ import annotations

import functools
import json
from dataclasses import replace
from importlib import resources

from pelican_smo.html.escape import (
    SlotTemplate,
    container,
    element,
    escape_text,
    slot,
    start_tag,
)
from pelican_smo.html.quotes import QUOTE_MARKER, Quote, quote_links
from pelican_smo.i18n import Strings, messages
from pelican_smo.model import PageFacts
from pelican_smo.networks import (
    MAX_HASHTAGS,
    NETWORKS,
    QUOTE_MARKS,
    QUOTE_NETWORKS,
    ShareText,
    hashtag,
    mastodon_link,
    post_parts,
)
from pelican_smo.settings import SmoConfig
from pelican_smo.util import fit

#: Marks a share bar in a page: the injector looks for it to stay idempotent and to
#: leave a bar that a theme placed with ``smo_share()`` alone.
BAR_MARKER = "data-smo-share"
_STYLE_CLASS = {"icons": "smo-share--icons", "icons+labels": "smo-share--icons-labels",
                "labels": "smo-share--labels"}
_NEW_TAB = (("target", "_blank"), ("rel", "noopener noreferrer"))


@functools.cache
def icon(name: str) -> str:
    """The inline SVG for ``name`` from the packaged icon set, marked decorative."""
    svg = resources.files("pelican_smo").joinpath("assets", "icons", f"{name}.svg").read_text(
        encoding="utf-8").strip()
    return svg.replace("<svg ", '<svg class="smo-share__icon" width="20" height="20" '
                       'aria-hidden="true" focusable="false" ', 1)


def share_text(facts: PageFacts, config: SmoConfig | None = None) -> ShareText | None:
    """What the links carry: the same title and URL as the page's ``og:`` tags; with
    ``SMO_SHARE_MENTIONS``, the first author's X handle as ``via`` (else the site's) and
    Mastodon handle; the page's tags as hashtags (``share_links`` keeps them for the
    networks of ``SMO_SHARE_HASHTAGS``)."""
    if not facts.url:
        return None
    mentions = config is None or config.share_mentions
    author_x = next((a.twitter for a in facts.authors if a.twitter), None) if mentions else None
    via = author_x or facts.site.twitter_site
    mention = next((a.mastodon for a in facts.authors if a.mastodon), None) \
        if mentions else None
    # only the networks of SMO_SHARE_HASHTAGS take them (off by default)
    tags = tuple(dict.fromkeys(t for t in map(hashtag, facts.tags) if t))[:MAX_HASHTAGS] \
        if config is None or config.share_hashtags else ()
    return ShareText(title=facts.og_title, url=facts.url, description=facts.og_description,
                     image=facts.image.url if facts.image else None,
                     via=via.lstrip("@") if via else None, hashtags=tags, mention=mention)


def mastodon_page_name(words: Strings) -> str:
    """File name of the Mastodon "ask" page in the words' language, in the assets folder:
    ``mastodon.html`` in English, ``mastodon.es.html`` in Spanish (one copy per language
    the site's bars use, written by ``html.finish.write_share_assets``)."""
    return "mastodon.html" if words.catalog == "en" else f"mastodon.{words.catalog}.html"


def share_links(facts: PageFacts, config: SmoConfig, assets_url: str,
                full: ShareText | None = None) -> list[tuple[str, str]]:
    """``(network id, link)`` for each configured network, in the configured order;
    ``full`` is ``share_text(facts, config)`` when the caller has it already."""
    full = full or share_text(facts, config)
    if full is None:
        return []
    plain = replace(full, hashtags=()) if full.hashtags else full
    links = []
    for network_id in config.share_networks:
        text = full if network_id in config.share_hashtags else plain
        if network_id == "mastodon":
            href = mastodon_link(text, config.share_mastodon,
                                 assets_url + mastodon_page_name(facts.strings))
        else:
            href = NETWORKS[network_id].link(text)
        links.append((network_id, href))
    return links


def share_bar(facts: PageFacts, config: SmoConfig, assets_url: str) -> str:
    """The bar's markup, or ``""`` when the page has no absolute URL to share.

    ``assets_url`` is where the page finds the plugin's assets folder (relative
    to the page, ending in ``/``); the Mastodon "ask" page lives there.
    """
    return "".join(share_bar_pieces(facts, config, assets_url))


def share_bar_pieces(facts: PageFacts, config: SmoConfig, assets_url: str) -> list[str]:
    """``share_bar`` as pieces to join (``SlotTemplate.pieces``); ``[]`` without a URL."""
    text = share_text(facts, config)
    if text is None:
        return []
    values = {f"href_{network_id}": href
              for network_id, href in share_links(facts, config, assets_url, text)}
    if config.share_copy or config.share_native:
        values["url"] = text.url
    if config.share_native:
        values["title"] = text.title
        values["text"] = text.description or text.title
    if config.share_quotes:
        values["select"] = selection_data(facts, config, assets_url)
    skeleton = _skeleton(config.share_networks, config.share_style, facts.strings,
                         config.share_copy, config.share_native, bool(config.share_quotes))
    return skeleton.pieces(**values)


@functools.lru_cache(maxsize=32)
def _skeleton(networks: tuple[str, ...], style: str, words: Strings, copy: bool,
              native: bool, select: bool = False) -> SlotTemplate:
    """The bar for one configuration and language, with slots for what changes from page
    to page."""
    show_icons = style != "labels"
    items = [_link_item(network_id, show_icons, words) for network_id in networks]
    if copy:
        items.append(_button_item("copy", words.gettext(messages.COPY_LINK), show_icons,
                                  (("data-smo-url", slot("url")),)))
    if native:
        items.append(_button_item("native", words.gettext(messages.SHARE_NATIVE), show_icons, (
            ("data-smo-url", slot("url")), ("data-smo-title", slot("title")),
            ("data-smo-text", slot("text")))))
    nav_attrs: list[tuple[str, str | None]] = [
        ("class", f"smo-share {_STYLE_CLASS[style]}"),
        ("aria-label", words.gettext(messages.SHARE_LABEL)), ("lang", words.lang)]
    if words.direction == "rtl":
        nav_attrs.append(("dir", "rtl"))
    nav_attrs.append((BAR_MARKER, ""))
    if copy:
        nav_attrs += [("data-smo-msg-copied", words.gettext(messages.LINK_COPIED)),
                      ("data-smo-msg-copy-failed", words.gettext(messages.COPY_FAILED))]
    if native:
        nav_attrs.append(("data-smo-msg-share-failed", words.gettext(messages.SHARE_FAILED)))
    if select:
        nav_attrs.append(("data-smo-select", slot("select")))
    return SlotTemplate(container(
        "nav", nav_attrs,
        # role="list": Safari drops list semantics from a list styled without bullets.
        container("ul", (("class", "smo-share__list"), ("role", "list")), *items),
        element("p", (("class", "smo-share__status"), ("role", "status"),
                      ("aria-live", "polite")), void=False),
    ))


def _link_item(network_id: str, show_icons: bool, words: Strings,
               message: str = messages.SHARE_ON, href: str | None = None) -> str:
    """One network's link: its name visible, the rest of "Share on {network}" (in the
    page's language, wherever the translation puts the name) visually hidden."""
    if network_id == "email":
        label, template = words.gettext(messages.EMAIL), words.gettext(messages.SHARE_BY)
    else:
        label, template = NETWORKS[network_id].label, words.gettext(message)
    before, _, after = template.partition("{network}")
    if (before and not before[-1].isspace()) or (after and not after[0].isspace()):
        # Written without a space ("Xで共有", "分享到X"): browsers put one between the
        # visually hidden (absolutely positioned) part and the name, so the whole name
        # is one hidden span and the visible name is hidden from the accessibility tree.
        text = (element("span", (("aria-hidden", "true"),), void=False, text=label)
                + element("span", (("class", "smo-share__vh"),), void=False,
                          text=before + label + after))
    else:
        text = "".join(element("span", (("class", "smo-share__vh"),), void=False, text=part)
                       if part else escape_text(label) for part in (before, None, after)
                       if part != "")
    new_tab = () if network_id == "email" else _NEW_TAB
    anchor = container(
        "a", (("class", f"smo-share__link smo-share__link--{network_id}"),
              ("href", slot(f"href_{network_id}") if href is None else href), *new_tab),
        icon(network_id) if show_icons else "",
        container("span", (("class", "smo-share__label"),), text),
    )
    return container("li", (("class", "smo-share__item"),), anchor)


def quote_controls(quote: Quote, facts: PageFacts, config: SmoConfig, assets_url: str) -> str:
    """The share control after one blockquote (``html.quotes``): an icon link per
    network that takes a text, named "Share this quote on X", and "Link to this quote"
    (the article's URL with a text fragment that finds the quote); ``""`` without a URL."""
    text = share_text(facts, config)
    if text is None:
        return ""
    words = facts.strings
    links = quote_links(quote, text, config.share_networks, config.share_mastodon,
                        assets_url + mastodon_page_name(words))
    items = [_link_item(network_id, True, words, messages.SHARE_QUOTE_ON, href)
             for network_id, href in links if network_id != "link"]
    label = words.gettext(messages.QUOTE_LINK)
    items.append(container("li", (("class", "smo-share__item"),), container(
        "a", (("class", "smo-share__link smo-share__link--quote"), ("href", links[-1][1])),
        icon("copy"),
        element("span", (("class", "smo-share__label"),), void=False, text=label))))
    attrs: list[tuple[str, str | None]] = [
        ("class", "smo-share smo-share--icons smo-quote"), ("role", "group"),
        ("aria-label", words.gettext(messages.SHARE_QUOTE)), ("lang", words.lang)]
    if words.direction == "rtl":
        attrs.append(("dir", "rtl"))
    attrs.append((QUOTE_MARKER, ""))
    return container("div", attrs, container(
        "ul", (("class", "smo-share__list"), ("role", "list")), *items))


#: Placeholders of the selection's link templates: the quote in marks, the link, the quote.
_PLACEHOLDERS = ("\ue000", "\ue001", "\ue002")
#: How each network counts a post, for share.js: X weighted, graphemes, Threads' emoji bytes.
_COUNT = {"x": "x", "bluesky": "g", "mastodon": "g", "threads": "t"}
#: How each counts the link: 23 (X, Mastodon), shortened (Bluesky), whole (Threads).
_LINK = {"x": "23", "mastodon": "23", "bluesky": "short", "threads": "full"}


def selection_data(facts: PageFacts, config: SmoConfig, assets_url: str) -> str:
    """What ``share.js`` needs to share a selection like a quote (``data-smo-select``,
    JSON): the page's URL, the words, and per network a link template (placeholders
    U+E000 for the quote in marks, U+E001 for the link, U+E002 for the bare quote), its
    limit, how it counts, and the length of the rest of the post."""
    text = share_text(facts, config)
    if text is None:
        return ""
    words = facts.strings
    quote, link, bare = _PLACEHOLDERS
    nets = []
    for network_id in config.share_networks:
        if network_id not in QUOTE_NETWORKS:
            continue
        sample = replace(text, title=quote, url=link, hashtags=())
        if network_id == "mastodon":
            href = mastodon_link(sample, config.share_mastodon,
                                 assets_url + mastodon_page_name(words), title=text.title,
                                 quote=bare)
        else:
            href = NETWORKS[network_id].link(sample)
        after, _ = post_parts(network_id, replace(text, hashtags=()))
        length, limit = fit.RULES[network_id]
        rest = "".join(QUOTE_MARKS) + "".join(f" {p}" for p in after if p != text.url) + " "
        nets.append({"id": network_id, "href": href, "limit": limit,
                     "count": _COUNT[network_id], "link": _LINK[network_id],
                     "fixed": length(rest),
                     "name": words.format(messages.SHARE_SELECTION_ON,
                                          network=NETWORKS[network_id].label)})
    return json.dumps({
        "url": text.url, "marks": QUOTE_MARKS, "nets": nets,
        "label": words.gettext(messages.SHARE_SELECTION),
        "link": words.gettext(messages.SELECTION_LINK),
        "ready": words.gettext(messages.SELECTION_READY)}, ensure_ascii=False)


def _button_item(kind: str, label: str, show_icons: bool,
                 data: tuple[tuple[str, str], ...]) -> str:
    button = container(
        "button", (("type", "button"), ("class", f"smo-share__link smo-share__link--{kind}"),
                   *data),
        icon(kind) if show_icons else "",
        element("span", (("class", "smo-share__label"),), void=False, text=label),
    )
    return container("li", (("class", "smo-share__item"), (f"data-smo-{kind}", ""),
                            ("hidden", "")), button)


def head_assets(config: SmoConfig, assets_url: str) -> list[tuple[str, str]]:
    """Head elements a page with a share bar needs: the stylesheet and the deferred script."""
    return list(_head_assets(config.share_css, config.share_copy or config.share_native,
                             assets_url))


@functools.lru_cache(maxsize=64)
def _head_assets(css: bool, script: bool, assets_url: str) -> tuple[tuple[str, str], ...]:
    """Cached: the same two elements for every page at one folder depth."""
    items = []
    if css:
        items.append(("smo:share-css", start_tag("link", (
            ("rel", "stylesheet"), ("href", f"{assets_url}share.css")))))
    if script:
        items.append(("smo:share-js", start_tag("script", (
            ("src", f"{assets_url}share.js"), ("defer", ""))) + "</script>"))
    return tuple(items)
