"""ConversationFact → the conversation block under an article: links, and a button.

Private until asked: the block is links to the posts that announced the article
("Discuss on Mastodon", "Discuss on Bluesky"), which work with JavaScript off, and a
"Show replies" button that ``replies.js`` reveals. Nothing is requested from any
server before the reader presses it; then the script reads the replies from the
public APIs named in the block's ``data-smo-*`` attributes and shows them as nested
lists in ``[data-smo-replies-threads]``, announcing progress in the block's live region.

Every visible string goes through ``_`` (``replies.js`` has its own ``_``): plain
English now, one place to look them up in a catalog later.
"""

from __future__ import annotations

import functools
from urllib.parse import urlsplit

from pelican_smo.html.escape import HeadItem, container, element, start_tag
from pelican_smo.html.share import icon
from pelican_smo.model import ConversationFact
from pelican_smo.settings import SmoConfig

#: Marks the conversation block in a page (the audit reads the block by it).
BLOCK_MARKER = "data-smo-replies"
#: The block's element ids (one block per page).
TITLE_ID = "smo-replies-title"
NOTE_ID = "smo-replies-note"
THREADS_ID = "smo-replies-threads"


def _(message: str) -> str:
    """A message shown to readers, in English; the one place a translation will hook in."""
    return message


def conversation_block(conversation: ConversationFact) -> str:
    """The block's markup: heading, "Discuss on …" links, the (hidden) button and its
    note, a live region, and the (hidden, empty) place for the threads."""
    links = []
    data: list[tuple[str, str]] = [(BLOCK_MARKER, "")]
    hosts = []
    if conversation.mastodon is not None:
        post = conversation.mastodon
        links.append(_discuss_item("mastodon", post.url, _("Discuss on Mastodon")))
        data.append(("data-smo-mastodon", post.url))
        hosts.append(urlsplit(post.origin).netloc)
    if conversation.bluesky is not None:
        post = conversation.bluesky
        links.append(_discuss_item("bluesky", post.url, _("Discuss on Bluesky")))
        data.append(("data-smo-bluesky", post.uri))
        data.append(("data-smo-bluesky-appview", conversation.appview))
        hosts.append(urlsplit(conversation.appview).netloc)
    note = _("Replies are read from {hosts} when you press the button, not before.").format(
        hosts=_and_list(hosts))
    return container(
        "section", (("class", "smo-replies"), ("aria-labelledby", TITLE_ID), *data),
        element("h2", (("class", "smo-replies__title"), ("id", TITLE_ID)), void=False,
                text=_("Conversation")),
        container("ul", (("class", "smo-replies__discuss"), ("role", "list")), *links),
        container(
            "div", (("class", "smo-replies__load"), ("data-smo-replies-load", ""),
                    ("hidden", "")),
            container("button", (("type", "button"), ("class", "smo-replies__show"),
                                 ("aria-expanded", "false"), ("aria-controls", THREADS_ID),
                                 ("aria-describedby", NOTE_ID),
                                 ("data-smo-replies-show", "")),
                      element("span", (("class", "smo-replies__show-label"),), void=False,
                              text=_("Show replies"))),
            element("p", (("class", "smo-replies__note"), ("id", NOTE_ID)), void=False,
                    text=note),
        ),
        element("p", (("class", "smo-replies__status"), ("role", "status"),
                      ("aria-live", "polite")), void=False),
        element("div", (("class", "smo-replies__threads"), ("id", THREADS_ID),
                        ("data-smo-replies-threads", ""), ("hidden", "")), void=False),
    )


def _discuss_item(network: str, url: str, label: str) -> str:
    anchor = container("a", (("class", f"smo-replies__discuss-link smo-replies__discuss-link--"
                                       f"{network}"), ("href", url)),
                       icon(network), element("span", (), void=False, text=label))
    return container("li", (("class", "smo-replies__discuss-item"),), anchor)


def _and_list(items: list[str]) -> str:
    """``a``, ``a and b``."""
    return items[0] if len(items) == 1 else _("{first} and {second}").format(
        first=items[0], second=items[1])


def head_assets(config: SmoConfig, assets_url: str) -> list[HeadItem]:
    """What a page with the block needs in its head: the stylesheet (``SMO_SHARE_CSS``:
    the plugin's stylesheets) and the deferred script."""
    return list(_head_assets(config.share_css, assets_url))


@functools.lru_cache(maxsize=64)
def _head_assets(css: bool, assets_url: str) -> tuple[HeadItem, ...]:
    items = []
    if css:
        items.append(("smo:replies-css", start_tag("link", (
            ("rel", "stylesheet"), ("href", f"{assets_url}replies.css")))))
    items.append(("smo:replies-js", start_tag("script", (
        ("src", f"{assets_url}replies.js"), ("defer", ""))) + "</script>"))
    return tuple(items)
