"""Quote sharing without JavaScript: a small share control after each blockquote.

``SMO_SHARE_QUOTES`` (off by default): ``True`` for every top-level ``<blockquote>`` of
the article's content, or a class name for only the blockquotes that carry it. After
each one (a sibling, never inside the quote, so the quote's own text and markup stay as
Pelican wrote them) goes a ``<div data-smo-quote>``: links that post the quote, cut to
fit each network (``networks.fitted``), with a link to the article that points at the
quote itself, and that link on its own ("Link to this quote").

The link to the quote is a text fragment (WICG Scroll-to-Text-Fragment,
https://wicg.github.io/scroll-to-text-fragment/): ``#:~:text=start`` for a short quote
in one block, ``#:~:text=start,end`` (its first and last words) for a longer one or one
of several paragraphs, so the browser finds and highlights that quote and scrolls to it.
Each term is percent-encoded, ``-``, ``&`` and ``,`` included (they are the syntax).

Why off by default: the controls are content the author did not write, inside the
article's body. They are our marks (``data-smo-quote``), so a page minus them is still
Pelican's page (the architecture's rule 4), but a site opts in.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from html.parser import HTMLParser

from pelican_smo.networks import (
    NETWORKS,
    QUOTE_NETWORKS,
    ShareText,
    mastodon_link,
    q,
    quote_text,
)

QUOTE_MARKER = "data-smo-quote"
#: Words of the quote in a text directive's start (and end) term.
FRAGMENT_WORDS = 5
_BLOCKS = frozenset({
    "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt",
    "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr",
    "li", "ol", "p", "pre", "section", "table", "td", "th", "tr", "ul"})
_SKIPPED = frozenset({"script", "style", "template", "noscript"})


@dataclass(frozen=True, slots=True)
class Quote:
    """One blockquote of the content: where it ends, and its text by block."""

    end: int  # offset in the content just after ``</blockquote>``
    blocks: tuple[str, ...]

    @property
    def text(self) -> str:
        return " ".join(self.blocks)


class _Finder(HTMLParser):
    """Top-level blockquotes of a piece of HTML, with their text and end offsets."""

    def __init__(self, source: str, wanted_class: str | None) -> None:
        super().__init__(convert_charrefs=True)
        self.source = source
        self.wanted = wanted_class
        self.lines = [0] + [m.end() for m in re.finditer("\n", source)]
        self.depth = 0
        self.keep = False
        self.skip = 0
        self.blocks: list[list[str]] = []
        self.found: list[Quote] = []

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.lines[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "blockquote":
            if self.depth == 0:
                classes = (dict(attrs).get("class") or "").split()
                self.keep = self.wanted is None or self.wanted in classes
                self.blocks = [[]]
            self.depth += 1
        if self.depth and tag in _SKIPPED:
            self.skip += 1
        if self.depth and tag in _BLOCKS:
            self.blocks.append([])

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.depth and tag in _BLOCKS:
            self.blocks.append([])

    def handle_endtag(self, tag: str) -> None:
        if self.depth and tag in _SKIPPED and self.skip:
            self.skip -= 1
        if self.depth and tag in _BLOCKS:
            self.blocks.append([])
        if tag == "blockquote" and self.depth:
            self.depth -= 1
            if self.depth == 0 and self.keep:
                at = self.source.find(">", self._offset()) + 1
                blocks = tuple(b for b in (" ".join("".join(p).split()) for p in self.blocks)
                               if b)
                if blocks and at > 0:
                    self.found.append(Quote(at, blocks))

    def handle_data(self, data: str) -> None:
        if self.depth and not self.skip:
            self.blocks[-1].append(data.replace("\u00a0", " ").replace("\u00ad", ""))


def find_quotes(content: str, wanted_class: str | None = None) -> list[Quote]:
    """The top-level blockquotes of ``content`` (with ``wanted_class``, when given)."""
    if "<blockquote" not in content.lower():
        return []
    finder = _Finder(content, wanted_class)
    finder.feed(content)
    finder.close()
    return finder.found


def _term(words: Sequence[str]) -> str:
    return q(" ".join(words)).replace("-", "%2D")


def text_fragment(blocks: Sequence[str], words: int = FRAGMENT_WORDS) -> str:
    """The fragment directive that finds a quote: ``:~:text=start`` or ``start,end``."""
    first, last = blocks[0].split(), blocks[-1].split()
    if len(blocks) == 1 and len(first) <= 2 * words:
        return ":~:text=" + _term(first)
    if len(blocks) == 1:
        return f":~:text={_term(first[:words])},{_term(first[-words:])}"
    return f":~:text={_term(first[:words])},{_term(last[-words:])}"


def quote_links(quote: Quote, text: ShareText, networks: Sequence[str], mastodon_mode: str,
                mastodon_page: str) -> list[tuple[str, str]]:
    """``(network id, link)`` for the quote on each network of ``networks`` that takes a
    text, then ``("link", the article's URL pointing at the quote)``."""
    url = text.url.split("#", 1)[0] + "#" + text_fragment(quote.blocks)
    at_quote = replace(text, url=url, hashtags=())
    links = []
    for network_id in networks:
        if network_id not in QUOTE_NETWORKS:
            continue
        if network_id == "mastodon":
            words = quote_text("mastodon", quote.text, at_quote)
            href = mastodon_link(replace(at_quote, title=words), mastodon_mode, mastodon_page,
                                 title=text.title, quote=quote.text)
        else:
            words = quote_text(network_id, quote.text, at_quote)
            href = NETWORKS[network_id].link(replace(at_quote, title=words))
        links.append((network_id, href))
    links.append(("link", url))
    return links
