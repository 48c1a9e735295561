"""Plain text from HTML fragments, and cutting text to a length at a word boundary.

Pelican titles and summaries are HTML (typogrify, reST, a metadata ``summary``);
social tags want plain text. This module is regex-based on purpose: it runs on
every page of a large site, and it only ever needs the first few hundred
characters of text, so it reads the HTML in growing prefixes instead of parsing
whole articles.
"""

from __future__ import annotations

import functools
import html
import re
import unicodedata

_SKIPPED_BLOCKS = re.compile(
    r"<(script|style|template|noscript|svg|math)\b.*?</\1\s*>|<!--.*?-->|<!\[CDATA\[.*?\]\]>",
    re.IGNORECASE | re.DOTALL,
)
_TAG = re.compile(r"</?[A-Za-z][^>]*>|<![^>]*>|<\?[^>]*>")
#: Block-level tags whose boundaries separate words ("<p>a</p><p>b</p>" is "a b").
_BLOCK_TAG = re.compile(
    r"</?(?:p|div|br|li|ul|ol|h[1-6]|tr|td|th|table|blockquote|pre|section|article|"
    r"header|footer|figure|figcaption|dd|dt|dl|hr)\b[^>]*>",
    re.IGNORECASE,
)
_UNFINISHED_TAG = re.compile(r"<[^>]*$")
#: C0/C1 controls and other invisible characters that have no place in a preview.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b\u2028\u2029\ufeff]")
_BIDI_CONTROL = re.compile(r"[\u202a-\u202e\u2066-\u2069]")
#: Either of the two above: one scan tells whether a text needs them at all.
_INVISIBLE = re.compile(_CONTROL.pattern[:-1] + _BIDI_CONTROL.pattern[1:])

ELLIPSIS = "…"


def clean_text(value: str) -> str:
    """Collapse whitespace and drop control characters from plain text.

    Bidi embedding/isolate controls are dropped too: a stray one in a title can
    reorder the rest of a preview card in the reader's app.

    Whitespace is collapsed with ``str.split()``, which splits on the very
    characters a regex ``\\s`` matches, at a fraction of the cost.
    """
    if _INVISIBLE.search(value) is not None:  # rare: only then rewrite the text
        value = _BIDI_CONTROL.sub("", _CONTROL.sub(" ", value))
    return " ".join(value.split())


def html_to_text(fragment: str | None, *, enough: int | None = None) -> str:
    """Plain text of an HTML fragment: tags stripped, entities decoded, spaces collapsed.

    With ``enough`` set, stops once it has that many characters of text, reading
    the fragment in doubling prefixes, so a 50 kB article costs what its first
    paragraphs cost. A cut through the middle of a tag or entity is harmless: an
    unfinished tag at the end of a prefix is dropped before decoding.
    """
    if not fragment:
        return ""
    if enough is None:
        return _strip(fragment)
    # Body text is usually more than half of an article's opening HTML, so twice
    # the wanted length is most often one read; markup-heavy openings double it.
    size = max(2 * enough, 256)
    while True:
        prefix = fragment[:size]
        text = _strip(prefix if size >= len(fragment) else _UNFINISHED_TAG.sub("", prefix))
        if size >= len(fragment) or len(text) > enough:
            return text
        size *= 2


def _strip(fragment: str) -> str:
    fragment = _SKIPPED_BLOCKS.sub(" ", fragment)
    fragment = _BLOCK_TAG.sub(" ", fragment)
    fragment = _TAG.sub("", fragment)
    return clean_text(html.unescape(fragment))


@functools.lru_cache(maxsize=2048)
def clean_name(value: str) -> str:
    """``clean_text`` for short, often repeated values (tag, category and author names):
    cached, where caching whole descriptions would only hold memory."""
    return clean_text(value)


def word_count(fragment: str) -> int:
    """Words in an HTML fragment's text: tags, scripts and styles left out, split on spaces.

    Cheaper than ``html_to_text`` on purpose: it reads whole articles, and a
    count needs no decoded, cleaned text.
    """
    return len(_TAG.sub(" ", _SKIPPED_BLOCKS.sub(" ", fragment)).split())


def truncate(text: str, limit: int) -> str:
    """Cut ``text`` to at most ``limit`` characters, at a word boundary, ending in "…".

    Falls back to a hard cut when the first word alone is longer than the limit
    (long URLs, CJK text without spaces). Never splits a combining sequence.
    """
    if len(text) <= limit:
        return text
    if limit <= 1:
        return ELLIPSIS[:limit]
    room = limit - len(ELLIPSIS)
    cut = text[:room + 1]
    space = cut.rfind(" ")
    if space >= room // 2:
        head = cut[:space]
    else:
        head = text[:room]
        while head and unicodedata.combining(head[-1]):
            head = head[:-1]
    return head.rstrip(" ,;:.-–—") + ELLIPSIS


_ATTR = re.compile(r"""([^\s=/>"']+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+)))?""")


def tag_attributes(tag: str) -> dict[str, str]:
    """Attributes of one start tag (or its attribute text), names lower-cased, values
    unescaped; the first of a repeated name wins, as in HTML parsing. Shared by the
    injector (theme tags), the image/video chains and the audit."""
    found: dict[str, str] = {}
    for match in _ATTR.finditer(tag):
        name = match.group(1).lower()
        value = match.group(2) if match.group(2) is not None else (
            match.group(3) if match.group(3) is not None else match.group(4) or "")
        found.setdefault(name, html.unescape(value))
    return found


