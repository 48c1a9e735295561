"""Splice rendered head elements into an HTML page, replacing a theme's own.

Knows nothing of Pelican or of facts: it gets the page text and ``(key, markup)``
pairs. It never parses and re-serialises the page: it locates ``<head>``, scans
only that region with a small tokenizer (skipping comments, scripts, styles),
and edits exact character ranges, so every byte outside the touched elements
stays as the theme wrote it. Our elements sit between two marker comments; a
second run replaces that block instead of adding another, so injection is
idempotent, and a theme that placed the block itself keeps its position.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from pelican_smo.html.escape import meta
from pelican_smo.util.text import tag_attributes

BLOCK_START = "<!-- pelican_smo -->"
BLOCK_END = "<!-- /pelican_smo -->"

_BLOCK = re.compile(re.escape(BLOCK_START) + r".*?" + re.escape(BLOCK_END), re.DOTALL)
#: A start tag's attribute text, as the HTML tokenizer reads it (WHATWG HTML §13.2.5.32
#: onwards): a quote opens a value only right after ``=`` (and optional spaces); any other
#: quote is an ordinary character. So a theme's broken
#: ``content="It's "So Good They Can't…". More.">`` ends at the first ``>`` as in a
#: browser, instead of hiding the tag behind an apostrophe. Written "unrolled" (a run
#: without ``>``/``=``, then ``=`` with its value and another run, repeated): a group
#: per character is 2x slower.
ATTRS = r"""[^>=]*(?:=\s*(?:"[^"]*"|'[^']*')?[^>=]*)*"""
_HEAD_OPEN = re.compile(rf"<head(?:\s{ATTRS})?>", re.IGNORECASE)
_HEAD_END = re.compile(r"</head\s*>|<body[\s>]", re.IGNORECASE)
#: One token of the head: a comment, a raw-text element (skipped whole), or a meta/link tag.
#: Bodies are unrolled too: runs without ``-`` (comments) or ``<`` (raw text) between tests
#: for the end. The ``<`` all three start with is written once, before the alternatives:
#: a pattern that opens with a literal is searched for it first, where three alternatives
#: of groups were tried at every character (2.3x faster on a theme's head).
#: The one head tokenizer, shared with the audit (``audit.report``). Groups: ``comment``;
#: ``raw`` (``raw_name``, ``raw_attrs``, ``body``); ``tag`` (``tag_name``, ``attrs``).
HEAD_TOKEN = re.compile(
    r"<(?:(?P<comment>!--[^-]*(?:-(?!->)[^-]*)*(?:-->|$))"
    r"|(?P<raw>(?P<raw_name>script|style|noscript|template|title|textarea)\b"
    rf"(?P<raw_attrs>{ATTRS})>"
    r"(?P<body>[^<]*(?:<(?!/(?P=raw_name)\s*>)[^<]*)*)(?:</(?P=raw_name)\s*>|$))"
    rf"|(?P<tag>(?P<tag_name>meta|link)\b(?P<attrs>{ATTRS})>))",
    re.IGNORECASE,
)
_CHARSET_KEYS = ("charset", "http-equiv:content-type")


class NoHeadError(ValueError):
    """The page has no ``<head>`` start tag, so there is no safe place for head elements."""


@dataclass(frozen=True, slots=True)
class ThemeElement:
    """A head element the theme wrote: its character range and what it sets.

    ``also``: a second key the same ``<meta>`` sets (``<meta name="author"
    property="og:author">`` is ``og:author`` and ``author``), with the character range of
    the attribute that carries ``key`` (``key_attr``), so only that attribute is removed
    when the other key is not ours.
    """

    start: int
    end: int
    key: str
    also: str | None = None
    key_attr: tuple[int, int] | None = None


def element_key(tag_name: str, attrs: dict[str, str]) -> str | None:
    """What a theme's ``<meta>``/``<link>``/``<script>`` sets, in the keys renderers use.

    ``meta`` → its ``property`` or ``name`` (``og:title``, ``description``), or
    ``charset``; ``link`` → ``canonical``, ``hreflang`` (alternates with a
    language) or ``me``; an ``application/ld+json`` script → ``json-ld``.
    """
    tag_name = tag_name.lower()
    if tag_name == "meta":
        key = attrs.get("property") or attrs.get("name")
        if key:
            return key.strip().lower()
        if "charset" in attrs:
            return "charset"
        if attrs.get("http-equiv", "").lower() == "content-type":
            return "http-equiv:content-type"
        return None
    if tag_name == "link":
        rels = attrs.get("rel", "").lower().split()
        if "canonical" in rels:
            return "canonical"
        if "alternate" in rels and "hreflang" in attrs:
            return "hreflang"
        if "me" in rels:
            return "me"
        return None
    if tag_name == "script" and attrs.get("type", "").strip().lower() == "application/ld+json":
        return "json-ld"
    return None


def group_of(key: str) -> str:
    """Structured properties belong to their root: ``og:image:width`` → ``og:image``."""
    parts = key.split(":")
    return ":".join(parts[:2]) if len(parts) > 2 else key


def head_bounds(page: str) -> tuple[int, int]:
    """(end of the ``<head>`` start tag, start of ``</head>`` or ``<body>`` or the end)."""
    opened = _HEAD_OPEN.search(page)
    if opened is None:
        raise NoHeadError("no <head> element")
    closed = _HEAD_END.search(page, opened.end())
    return opened.end(), closed.start() if closed else len(page)


def theme_elements(page: str, start: int, end: int,
                   ours: Sequence[tuple[int, int]]) -> list[ThemeElement]:
    """The keyed elements between ``start`` and ``end``, our own marker blocks (``ours``,
    from ``marker_blocks``) excluded."""
    found = []
    for token in HEAD_TOKEN.finditer(page, start, end):  # no copy of the head
        if ours and any(a <= token.start() < b for a, b in ours):
            continue
        kind = token.lastgroup  # the outermost group that matched: comment, raw or tag
        if kind == "tag":
            key = _token_key(*token.group("tag_name", "attrs"))
        elif kind == "raw":
            key = _token_key(*token.group("raw_name", "raw_attrs"))
        else:
            continue
        if key:
            found.append(_two_keyed(page, token, key) or ThemeElement(token.start(),
                                                                      token.end(), key))
    return found


_PROPERTY_ATTR = re.compile(r"""\sproperty\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>"']+)""",
                            re.IGNORECASE)


def _two_keyed(page: str, token: re.Match[str], key: str) -> ThemeElement | None:
    """A ``<meta>`` that has both ``property`` and ``name`` (``key`` is its property):
    the element with ``also`` and the ``property`` attribute's range; else ``None``."""
    if token.lastgroup != "tag":
        return None
    text = token.group("attrs").lower()
    if "property" not in text or "name" not in text:
        return None
    attrs = tag_attributes(token.group("attrs"))
    name = (attrs.get("name") or "").strip().lower()
    if not name or not attrs.get("property") or name == key:
        return None
    where = _PROPERTY_ATTR.search(page, token.start("attrs") - 1, token.end("attrs"))
    return ThemeElement(token.start(), token.end(), key, name,
                        (where.start(), where.end()) if where else None)


def marker_blocks(page: str) -> list[tuple[int, int]]:
    """The ranges of our marker blocks in ``page`` (a theme's ``smo_head()``, an earlier run).

    One ``str.find`` when there is none, which is the usual case.
    """
    first = page.find(BLOCK_START)
    if first == -1:
        return []
    return [(m.start(), m.end()) for m in _BLOCK.finditer(page, first)]


@functools.lru_cache(maxsize=256)
def _token_key(tag_name: str, attribute_text: str) -> str | None:
    """``element_key`` of a tag given as text. Cached: a theme writes the same charset,
    stylesheet and feed tags into every page, so most tags were seen before. Small:
    tags that differ on every page (a theme's own description) only pass through."""
    return element_key(tag_name, tag_attributes(attribute_text))


_LD_TYPE = "application/ld+json"
_SCRIPT_END = re.compile(r"</script\s*>", re.IGNORECASE)


def body_json_ld(page: str, start: int, ours: Sequence[tuple[int, int]],
                 content: tuple[int, int] | None = None) -> list[ThemeElement]:
    """A theme's JSON-LD scripts after ``start`` (themes put them before ``</body>`` too).

    ``content``: where the article's own content lies in the page. A script in it is
    the author's (a ``Recipe``, an ``FAQPage`` written into the post), not the theme's
    description of the page, so it is neither replaced nor looked for.
    Looks for the type string first, so a page without JSON-LD costs one scan.
    ``ours`` as in ``theme_elements``.
    """
    if content is not None:
        return [*_body_json_ld(page, start, content[0], ours),
                *_body_json_ld(page, content[1], len(page), ours)]
    return _body_json_ld(page, start, len(page), ours)


def _body_json_ld(page: str, start: int, end: int,
                  ours: Sequence[tuple[int, int]]) -> list[ThemeElement]:
    found: list[ThemeElement] = []
    at = page.find(_LD_TYPE, start, end)
    while at != -1:
        opening = page.rfind("<", start, at)
        if opening != -1 and page[opening:opening + 7].lower() == "<script" \
                and ">" not in page[opening:at]:
            closing = _SCRIPT_END.search(page, at)
            if closing is None:
                break
            if not any(a <= opening < b for a, b in ours):
                found.append(ThemeElement(opening, closing.end(), "json-ld"))
            at = page.find(_LD_TYPE, closing.end(), end)
        else:
            at = page.find(_LD_TYPE, at + len(_LD_TYPE), end)
    return found


#: One change to a page: ``page[start:end]`` becomes the pieces, joined. Pieces rather
#: than one string, so a share bar goes into the page without being joined first.
Edit = tuple[int, int, Sequence[str]]


def splice_head(page: str, items: Sequence[tuple[str, str]], *, keep_theme: bool,
                owned: Callable[[str], bool]) -> str:
    """``page`` with ``head_edits`` applied."""
    return apply_edits(page, head_edits(page, items, keep_theme=keep_theme, owned=owned))


def head_edits(page: str, items: Sequence[tuple[str, str]], *, keep_theme: bool,
               owned: Callable[[str], bool], may_have_block: bool = True,
               content: tuple[int, int] | None = None) -> list[Edit]:
    """The edits that put our head block in place and handle conflicting theme elements.

    ``keep_theme=False`` (the default policy) removes every theme element whose key
    is ``owned`` or that we emit ourselves, so each single-valued key appears
    once. ``keep_theme=True`` leaves the theme's elements and drops ours for keys
    (by root group) the theme already sets. Position: an existing marker block
    anywhere in the page (a theme's ``smo_head()``, or an earlier run) is
    replaced in place; otherwise the block goes right after the last encoding
    declaration (``<meta charset>`` must stay in the first 1024 bytes, and some
    themes declare it twice) or after ``<head>``.
    ``may_have_block=False``: the caller knows the page has no marker block (it
    watched the theme render it without ``smo_head()``), so none is searched for.
    ``content``: the article's content in the page (``body_json_ld``). Theme elements
    are looked for from the start of the page, as the HTML parser puts a ``<meta>``
    written before ``<head>`` into the head.
    Raises ``NoHeadError`` when the page has no ``<head>``.
    """
    head_start, head_end = head_bounds(page)
    ours_blocks = marker_blocks(page) if may_have_block else []
    # From the page's first byte: a tag a theme prints before <head> (even before the
    # doctype) is a head element to a browser and to the crawlers, which read it first.
    theme = theme_elements(page, 0, head_end, ours_blocks) \
        + body_json_ld(page, head_end, ours_blocks, content)
    ours = {key for key, _ in items}
    edits: list[Edit] = []
    if ROBOTS in ours:
        items = _with_theme_robots(page, theme, items)
    if keep_theme:
        taken = {group_of(k) for el in theme for k in (el.key, el.also) if k}
        items = [(key, markup) for key, markup in items if group_of(key) not in taken]
    else:
        for el in theme:
            if not (owned(el.key) or el.key in ours):
                continue
            if el.also and not (owned(el.also) or el.also in ours) and el.key_attr:
                edits.append((*el.key_attr, ()))  # keep the tag for its other key
            else:
                edits.append(_removal(page, el))
    block = head_block(items)
    if ours_blocks:
        edits.append((ours_blocks[0][0], ours_blocks[0][1], (block,)))
    else:
        charsets = [el for el in theme if el.key in _CHARSET_KEYS and el.start >= head_start]
        at = charsets[-1].end if charsets else head_start
        edits.append((at, at, ("\n", block)))
    return edits


#: The robots meta tag: a theme's directives and ours go into one tag (crawlers combine
#: several, but one is clearer and the audit expects one).
ROBOTS = "robots"


def _with_theme_robots(page: str, theme: Sequence[ThemeElement],
                       items: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    """``items`` with our robots tag carrying the theme's robots directives too (in the
    theme's order, then ours not already there; with our ``noindex``, the theme's
    ``index``/``all`` are dropped); unchanged when the theme has none."""
    directives: list[str] = []
    for el in theme:
        if el.key == ROBOTS:
            content = tag_attributes(page[el.start:el.end]).get("content", "")
            directives.extend(d.strip() for d in content.split(",") if d.strip())
    if not directives:
        return list(items)
    merged = []
    for key, markup in items:
        if key == ROBOTS:
            own = [d.strip() for d in tag_attributes(markup).get("content", "").split(",")
                   if d.strip()]
            theirs = directives
            if "noindex" in own:  # a draft or an error page: the theme's "index" must go
                theirs = [d for d in directives if d.lower() not in ("index", "all")]
            words = list(dict.fromkeys(theirs + own))
            markup = meta("name", ROBOTS, ", ".join(words))
        merged.append((key, markup))
    return merged


def head_block(items: Sequence[tuple[str, str]]) -> str:
    """Our elements between the marker comments, one per line."""
    return "\n".join([BLOCK_START, *(markup for _, markup in items), BLOCK_END])


def _removal(page: str, el: ThemeElement) -> Edit:
    """Remove an element; when it stands alone on its line, remove the whole line."""
    line_start = page.rfind("\n", 0, el.start) + 1
    line_end = page.find("\n", el.end)
    line_end = len(page) if line_end == -1 else line_end
    if not page[line_start:el.start].strip() and not page[el.end:line_end].strip():
        return line_start, min(line_end + 1, len(page)), ()
    return el.start, el.end, ()


def apply_edits(page: str, edits: Sequence[Edit]) -> str:
    """Apply ``(start, end, pieces)`` edits in one pass: the page is copied once.

    Copying is what a page costs here: themes that show one emoji anywhere make
    every page four bytes per character, and each slice-and-concatenate copied it
    whole again. An edit that starts inside a range an earlier edit removed
    (an insertion right after a removed line) starts where that range ends.
    """
    pieces: list[str] = []
    position = 0
    for start, end, replacement in sorted(edits, key=lambda e: (e[0], e[1])):
        if start < position:
            start, end = position, max(end, position)
        pieces.append(page[position:start])
        pieces.extend(replacement)
        position = end
    pieces.append(page[position:])
    return "".join(pieces)
