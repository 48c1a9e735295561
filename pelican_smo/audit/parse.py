"""Reading a built page for the audit: its ``<head>`` tags, JSON-LD and conversation marks.

Only the ``<head>`` region (and whatever a theme printed before it) is tokenised
(``html.splice.HEAD_TOKEN``, the tokenizer the plugin's own splice uses), plus any
``application/ld+json`` script in the body and the conversation block's attributes, so a
page costs one pass over its head.
"""

from __future__ import annotations

import html
import os
import re
import stat

from pelican_smo.audit.checks import ERROR, Finding, PageHead
from pelican_smo.html import splice as inject
from pelican_smo.util.text import clean_text, tag_attributes

HTML_SUFFIXES = (".html", ".htm", ".xhtml")
#: ``<meta name="generator">`` prefix of pages pelican-smo writes about a site (the
#: preview, the HTML report): they are not part of the site and are never audited.
TOOL_GENERATOR = "pelican-smo"
#: ``<meta name="pelican-smo" content="off">``: the mark pelican_smo leaves on a page whose
#: author switched it off (``smo: off``; ``html.finish.OPTED_OUT_MARK``).
OPT_OUT_META = "pelican-smo"

_ATTRS = inject.ATTRS
#: Scripts (and comments, so a commented-out script is skipped) after the head.
_BODY_SCRIPT = re.compile(
    rf"<!--.*?(?:-->|$)|<script\b(?P<attrs>{_ATTRS})>(?P<body>.*?)(?:</script\s*>|$)",
    re.IGNORECASE | re.DOTALL,
)
_BODY_START = re.compile(r"<body[\s>]", re.IGNORECASE)
_HTML_START = re.compile(rf"<html\b(?P<attrs>{_ATTRS})>", re.IGNORECASE)
_REFRESH_URL = re.compile(r"url\s*=\s*['\"]?([^'\"]*)", re.IGNORECASE)


def html_files(output_dir: str) -> tuple[list[str], list[str]]:
    """(HTML files, every file) under ``output_dir`` as sorted POSIX relative paths."""
    pages: list[str] = []
    everything: list[str] = []
    for folder, dirs, files in os.walk(output_dir):
        dirs.sort()
        rel_folder = os.path.relpath(folder, output_dir)
        for name in files:
            rel = name if rel_folder == "." else f"{rel_folder}/{name}"
            rel = rel.replace(os.sep, "/")
            everything.append(rel)
            if name.lower().endswith(HTML_SUFFIXES):
                pages.append(rel)
    return sorted(pages), everything


#: The largest page the audit reads (bytes): a page that size is no page a crawler reads
#: to its end (Facebook reads the first MB or so of a page for its tags).
MAX_PAGE_BYTES = 50 * 1024 * 1024


def read_page(output_dir: str, rel: str) -> tuple[PageHead, Finding | None]:
    """Parse one file; a file that is not a regular file (a FIFO, a device: opening one
    could wait for ever), is over ``MAX_PAGE_BYTES``, cannot be read or is not UTF-8
    gives a ``page-unreadable`` finding."""
    path = os.path.join(output_dir, rel)
    try:
        st = os.stat(path)
        if not stat.S_ISREG(st.st_mode):
            return _unreadable(rel, "is not a regular file (a pipe, a device or a socket)")
        if st.st_size > MAX_PAGE_BYTES:
            return _unreadable(rel, f"is {st.st_size // (1024 * 1024)} MB, over the "
                                    f"{MAX_PAGE_BYTES // (1024 * 1024)} MB the audit reads")
        with open(path, "rb") as handle:
            data = handle.read(MAX_PAGE_BYTES + 1)
    except OSError as err:
        return _unreadable(rel, f"cannot be read: {err.strerror or err}")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        return _unreadable(rel, f"is not UTF-8 text (byte 0x{data[err.start]:02x} at offset "
                                f"{err.start})")
    return parse_page(rel, text), None


def _unreadable(rel: str, why: str) -> tuple[PageHead, Finding]:
    return (PageHead(rel, readable=False),
            Finding(rel, "page-unreadable", ERROR, f"the page {why}", None))


def parse_page(rel: str, text: str) -> PageHead:
    """What a page says about itself, from its head elements and JSON-LD scripts.

    A page without ``<head>`` is read from the start up to ``<body>`` (browsers
    put such leading elements in an implied head).
    """
    try:
        start, end = inject.head_bounds(text)
    except inject.NoHeadError:
        body = _BODY_START.search(text)
        start, end = 0, body.start() if body else len(text)
    head = PageHead(rel)
    root = _HTML_START.search(text, 0, start)
    if root is not None:
        head.lang = tag_attributes(root.group("attrs")).get("lang", "").strip() or None
    # from the first byte: a <meta> before <head> (or the doctype) is a head element to
    # the HTML parser, and the first one a crawler reads
    for token in inject.HEAD_TOKEN.finditer(text, 0, end):
        if token.group("tag"):
            _head_tag(head, token.group("tag_name"), tag_attributes(token.group("attrs")))
        elif token.group("raw"):
            name = token.group("raw_name").lower()
            if name == "title" and head.title is None:
                head.title = clean_text(html.unescape(token.group("body"))) or None
            elif name == "script" and _is_ld_json(token.group("raw_attrs")):
                head.json_ld.append(token.group("body"))
    if _may_have_ld_json(text):
        for script in _BODY_SCRIPT.finditer(text, end):
            if script.group("attrs") is not None and _is_ld_json(script.group("attrs")):
                head.json_ld.append(script.group("body"))
    if _CONVERSATION_MARK in text:
        _conversation(head, text, end)
    robots = ",".join(head.meta.get("robots", [])).lower().replace(" ", "").split(",")
    head.noindex = "noindex" in robots or "none" in robots
    head.tool_page = any(v.strip().startswith(TOOL_GENERATOR)
                         for v in head.meta.get("generator", []))
    head.opted_out = any(v.strip().lower() == "off" for v in head.meta.get(OPT_OUT_META, []))
    return head


#: A conversation block's start tag (``html.replies``), and the attributes naming its posts.
_CONVERSATION_MARK = "data-smo-replies"
_SECTION = re.compile(rf"<section\b(?P<attrs>{_ATTRS})>", re.IGNORECASE)
_POST_ATTRIBUTES = (("mastodon", "data-smo-mastodon"), ("bluesky", "data-smo-bluesky"))


def _conversation(head: PageHead, text: str, start: int) -> None:
    """The posts each conversation block after ``start`` names (its data attributes)."""
    for block in _SECTION.finditer(text, start):
        attrs = tag_attributes(block.group("attrs"))
        if _CONVERSATION_MARK not in attrs:
            continue
        head.posts.extend((network, attrs[name]) for network, name in _POST_ATTRIBUTES
                          if name in attrs)


def _head_tag(head: PageHead, tag: str, attrs: dict[str, str]) -> None:
    tag = tag.lower()
    if tag == "meta" and attrs.get("http-equiv", "").strip().lower() == "refresh":
        found = _REFRESH_URL.search(attrs.get("content", ""))
        head.redirect = found.group(1).strip() if found else ""
        return
    key = inject.element_key(tag, attrs)
    if key is None:
        return
    if tag == "meta":
        if key not in ("charset", "http-equiv:content-type"):
            head.meta.setdefault(key, []).append(attrs.get("content", ""))
    elif key == "canonical":
        head.canonicals.append(attrs.get("href", ""))
    elif key == "hreflang":
        head.hreflangs.append((attrs.get("hreflang", ""), attrs.get("href", "")))


def _may_have_ld_json(text: str) -> bool:
    """A quick substring test (no regex over the whole body) for ``ld+json`` in any common
    spelling; only pages that pass it get their body scanned for scripts."""
    return "+json" in text or "+JSON" in text or "+Json" in text


def _is_ld_json(raw_attrs: str) -> bool:
    return inject.element_key("script", tag_attributes(raw_attrs)) == "json-ld"
