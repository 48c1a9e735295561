"""The fediverse "ask" page in one language: ``assets/mastodon.html`` with its words filled in.

The page asks for the reader's instance (Mastodon, Misskey, Lemmy, Friendica… remembered
in the browser, several, most recent first), asks that instance for its software through
NodeInfo only after the reader pressed Share, and opens that software's share form
(the forms, with their sources, are listed in the page's script).

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
    text = {"title": messages.FEDI_TITLE, "about_to": messages.MASTODON_ABOUT_TO,
            "no_text": messages.MASTODON_NO_TEXT, "instance": messages.FEDI_INSTANCE,
            "hint": messages.MASTODON_HINT, "share": messages.MASTODON_SHARE,
            "remembered": messages.FEDI_REMEMBERED, "software": messages.FEDI_SOFTWARE,
            "software_auto": messages.FEDI_SOFTWARE_AUTO}
    # read by the page's script, which puts in {host}, {software}, {value}
    attributes = {"not_host": messages.MASTODON_NOT_HOST, "empty": messages.MASTODON_EMPTY,
                  "opening": messages.MASTODON_OPENING, "share_on": messages.FEDI_SHARE_ON,
                  "forget": messages.FEDI_FORGET, "forgotten": messages.FEDI_FORGOTTEN,
                  "detecting": messages.FEDI_DETECTING, "unknown": messages.FEDI_UNKNOWN,
                  "no_form": messages.FEDI_NO_FORM, "open": messages.FEDI_OPEN}
    filled = {
        "lang": escape_attr(words.lang),
        "dir": words.direction,
        "noscript": _around(words.gettext(messages.MASTODON_NOSCRIPT), "link", link),
        **{slot: escape_text(words.gettext(m)) for slot, m in text.items()},
        **{slot: escape_attr(words.gettext(m)) for slot, m in attributes.items()},
    }
    return _SLOT.sub(lambda match: filled[match.group(1)], _template())
