"""The Mastodon "ask" page in one language: ``assets/mastodon.html`` with its words filled in.

Why one copy per language (``mastodon.html``, ``mastodon.es.html`` …) rather than the
words passed in the link's fragment: the page's ``<noscript>`` text must be in the
reader's language when JavaScript is off, which no script can do; ``<html lang dir>`` is
right from the first paint (screen readers pick their voice from it); and a fragment
that carries the article's text stays as short as before. Each copy is a few kilobytes
and only the languages the site's share bars use are written.
"""

from __future__ import annotations

import functools
import re
from importlib import resources

from pelican_smo.html.escape import element, escape_attr, escape_text
from pelican_smo.i18n import Strings, messages

#: The picker the ``<noscript>`` text sends readers to.
PICKER = "https://share.joinmastodon.org/"
_SLOT = re.compile(r"\[\[([a-z_]+)\]\]")
_TEMPLATE_NOTE = re.compile(r"<!-- pelican-smo: the template.*?-->\n", re.S)


@functools.cache
def _template() -> str:
    text = resources.files("pelican_smo").joinpath("assets", "mastodon.html").read_text(
        encoding="utf-8")
    return _TEMPLATE_NOTE.sub("", text, count=1)


def _around(template: str, field: str, middle: str) -> str:
    """``template`` escaped as text, with ``middle`` (markup) where ``{field}`` was."""
    before, _, after = template.partition("{" + field + "}")
    return escape_text(before) + middle + escape_text(after)


def mastodon_page(words: Strings) -> str:
    """The whole page, every word from ``words`` and escaped (text, or attribute value)."""
    link = element("a", (("href", PICKER),), void=False, text="share.joinmastodon.org")
    host = element("strong", (("id", "going-host"),), void=False)
    filled = {
        "lang": escape_attr(words.lang),
        "dir": words.direction,
        "title": escape_text(words.format(messages.SHARE_ON, network="Mastodon")),
        "noscript": _around(words.gettext(messages.MASTODON_NOSCRIPT), "link", link),
        "about_to": escape_text(words.gettext(messages.MASTODON_ABOUT_TO)),
        "no_text": escape_text(words.gettext(messages.MASTODON_NO_TEXT)),
        "opening": _around(words.gettext(messages.MASTODON_OPENING), "host", host),
        "change": escape_text(words.gettext(messages.MASTODON_CHANGE)),
        "not_host": escape_attr(words.gettext(messages.MASTODON_NOT_HOST)),
        "empty": escape_attr(words.gettext(messages.MASTODON_EMPTY)),
        "instance": escape_text(words.gettext(messages.MASTODON_INSTANCE)),
        "hint": escape_text(words.gettext(messages.MASTODON_HINT)),
        "share": escape_text(words.gettext(messages.MASTODON_SHARE)),
    }
    return _SLOT.sub(lambda match: filled[match.group(1)], _template())
