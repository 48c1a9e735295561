"""The prose of an HTML fragment as plain text (titles, descriptions).

Pelican titles and summaries are HTML (typogrify, reST, a metadata ``summary``);
social tags want plain text, and only prose: a preview made of a heading glued to
a paragraph, a code listing or footnote marks reads as noise. ``html_to_text`` is an
element-aware reader on the standard library's ``html.parser``, fed in growing pieces
so a long article costs what its opening costs.
"""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser

from pelican_smo.util.text import clean_text, wider_than

#: Elements whose content is never text a reader sees as prose: code and styling
#: (``script``, ``style``), inert or fallback content (``template``, ``noscript``),
#: embedded documents, media fallbacks and form controls.
_NEVER_TEXT = frozenset({
    "script", "style", "template", "noscript", "head", "iframe", "object", "video", "audio",
    "canvas", "svg", "math", "textarea", "select", "button", "datalist",
})
#: Structure around the prose, not prose: headings, code listings (``pre``), tables
#: (including Pygments' line-numbered ``table.highlighttable``), captions, collapsed
#: ``details``, navigation.
_NOT_PROSE = frozenset({
    "h1", "h2", "h3", "h4", "h5", "h6", "pre", "table", "figcaption", "caption", "details",
    "nav", "dialog", "legend",
})
#: Classes of the same kinds of structure, as the usual writers mark them:
#: Python-Markdown's ``footnotes`` (``sup > a.footnote-ref``, ``div.footnote``,
#: ``a.footnote-backref``) and ``toc`` (``div.toc``); docutils' footnotes and citations
#: (``a.footnote-reference``, ``table.footnote``, ``aside.footnote-list``,
#: ``a.citation-reference``, ``aside.citation-list``, ``a.fn-backref``), figure captions
#: and legends (``p.caption``, ``div.legend``), the titles of admonitions, topics and
#: sidebars, ``rubric``; Pandoc's and markdown-it's ``section.footnotes``; WordPress
#: imports' ``wp-caption-text``; heading permalinks (``a.headerlink``).
_NOT_PROSE_CLASSES = frozenset({
    "footnote", "footnotes", "footnote-list", "footnote-ref", "footnote-reference",
    "footnote-backref", "fn-backref", "citation-list", "citation-reference", "toc",
    "caption", "legend", "wp-caption-text", "admonition-title", "topic-title",
    "sidebar-title", "rubric", "headerlink",
})
#: DPUB-ARIA roles of notes and their marks (W3C Digital Publishing WAI-ARIA Module 1.0).
_NOT_PROSE_ROLES = frozenset({
    "doc-noteref", "doc-endnotes", "doc-endnote", "doc-footnote", "doc-backlink",
    "doc-biblioref", "doc-toc",
})
#: Classes of mathematics left as TeX source for MathJax or KaTeX to typeset in the
#: browser: pelican-render-math and docutils (``span.math``, ``div.math``), Pandoc
#: (``span.math.inline``, ``span.math.display``), PyMdown's arithmatex. Such text reads as
#: noise in a preview (``$$ R = \frac{nR^*}{m} $$``).
_MATH_CLASSES = frozenset({"math", "arithmatex"})
#: Inline mathematics kept in its sentence, without its delimiters, when it reads as
#: plain text: letters, digits, plain operators, ``^`` and ``_`` (``\( M = m/n \)`` →
#: ``M = m/n``, ``$a^2 + b^2$`` → ``a^2 + b^2``). With a command or a brace
#: (``\frac{a}{b}``) it is left out with its element, and so is an empty pair of
#: brackets it leaves behind.
_PLAIN_MATH = re.compile(r"[\w .,=+\-/()^*'<>]+")
_EMPTY_BRACKETS = re.compile(r"\(\s*\)|\[\s*\]")
_MATH_DELIMITERS = re.compile(r"^\s*(?:\\\(|\$)?|(?:\\\)|\$)?\s*$")
#: Blocks a sentence ending in a colon introduces ("Install it with:" before a code
#: listing): left out, the sentence would point at nothing, so it goes with them.
_INTRODUCED = frozenset({"pre", "table"})
#: Where a sentence ends: ., ! or ? before a space; 。！？ (CJK full stops) anywhere.
_SENTENCE_END = re.compile(r"[.!?](?=\s)|[。！？]")
#: How an image's credit line begins ("© 2007 Jane", "Photo by Jane on Unsplash"): after
#: an image, with no prose between, the paragraph it starts is the picture's, not prose.
_CREDIT = re.compile(r"\s*(?:©|\(c\)\s|(?:photo|image|picture)\s+(?:by|credit)\b|"
                     r"(?:photo|image|picture|credit|source)s?\s*:)", re.IGNORECASE)
#: Elements without content (HTML Living Standard, "void elements"): never skipped,
#: as no end tag would end the skip.
_VOID = frozenset({
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
    "track", "wbr",
})
#: Elements whose start or end separates words ("<p>a</p><p>b</p>" is "a b").
_BLOCK = frozenset({
    "address", "article", "aside", "blockquote", "br", "dd", "details", "dialog", "div",
    "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3",
    "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section",
    "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul", "caption", "summary",
})
#: Start tags that close an open ``p`` (HTML Living Standard, "the p element": end tag
#: omission), so a skipped ``p.caption`` left open ends where the browser ends it.
_CLOSES_P = frozenset({
    "address", "article", "aside", "blockquote", "details", "dialog", "div", "dl",
    "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5",
    "h6", "header", "hr", "main", "menu", "nav", "ol", "p", "pre", "section", "table", "ul",
})
#: Any heading end tag closes any open heading (HTML parsing, "in body" insertion mode).
_END_KEY = {f"h{n}": "h" for n in range(1, 7)}


class _ProseReader(HTMLParser):
    """Collects the prose of an HTML fragment; everything it skips is named above.

    ``<sup>`` holding a link to a fragment of the page (``<sup><a href="#fn1">1</a></sup>``)
    is a note mark, whatever wrote it, and is dropped with its text.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip: str | None = None  # end key of the element being skipped
        self._depth = 0  # open elements of that name inside it
        self._sups: list[list[int]] = []  # [index into parts, 1 when a note mark]
        self._math: list[str] | None = None  # text of the inline math being skipped
        self._in_math = False  # the element being skipped holds mathematics
        self._math_dropped = False  # some mathematics was left out
        self._paragraph: int | None = None  # index into parts where the open p began
        self._after_image = False  # an image came, and no prose since
        #: A thematic break (``<hr>``, Markdown's ``* * *``) after some prose: the author
        #: ended the opening there, and nothing after it is read.
        self.ended = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.ended:
            return
        if self._skip is not None:
            if self._skip == "p" and tag in _CLOSES_P:
                self._skip = None  # the browser closes the skipped p here
            else:
                if _END_KEY.get(tag, tag) == self._skip:
                    self._depth += 1
                return
        if tag == "hr" and "".join(self.parts).strip():
            self.ended = True
            return
        if tag in _BLOCK:
            self.parts.append(" ")
            if tag in _CLOSES_P:
                self._paragraph = len(self.parts) if tag == "p" else None
        if tag == "img":
            self._after_image = True
        if tag == "sup":
            self._sups.append([len(self.parts), 0])
        elif tag == "a" and self._sups and _links_into_page(attrs):
            self._sups[-1][1] = 1
        if tag in _VOID:
            return
        if tag in _NEVER_TEXT or tag in _NOT_PROSE or (attrs and _marked_not_prose(attrs)):
            self._skip = _END_KEY.get(tag, tag)
            self._depth = 1
            if tag in _INTRODUCED and not self._sups:
                self._drop_lead_in()
        elif attrs and (classes := _math_classes(attrs)) is not None:
            self._skip = tag
            self._depth = 1
            # display mathematics is a block, as a code listing is: left out whole
            self._math = [] if tag == "span" and "display" not in classes else None
            self._in_math = True

    def _drop_lead_in(self) -> None:
        """Leave out the sentence before a skipped listing when it ends in a colon."""
        text = "".join(self.parts).rstrip()
        if not text.endswith((":", "：")):
            return
        ends = [m.end() for m in _SENTENCE_END.finditer(text)]
        self.parts = [text[:ends[-1]], " "] if ends else []

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # HTML ignores the slash of "<br/>", and of "<div/>" too: a start tag either way.
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if self.ended:
            return
        if self._skip is not None:
            if _END_KEY.get(tag, tag) == self._skip:
                self._depth -= 1
                if self._depth == 0:
                    self._skip = None
                    plain = _plain_math("".join(self._math)) if self._math is not None \
                        else None
                    if self._in_math and plain is None:
                        self._math_dropped = True
                    self._math, self._in_math = None, False
                    self.parts.append(plain or " ")
            return
        if tag == "sup" and self._sups:
            start, note = self._sups.pop()
            if note:
                del self.parts[start:]
        elif tag in _BLOCK:
            self.parts.append(" ")
            if tag == "p":
                self._paragraph = None

    def handle_data(self, data: str) -> None:
        if self.ended:
            return
        if self._skip is None:
            if self._after_image and not data.isspace():
                self._after_image = False
                if self._paragraph is not None and _CREDIT.match(data) \
                        and not "".join(self.parts[self._paragraph:]).strip():
                    # the picture's credit line: its paragraph is not prose
                    del self.parts[self._paragraph:]
                    self._skip, self._depth = "p", 1
                    return
            self.parts.append(data)
        elif self._math is not None:
            self._math.append(data)

    def text(self, *, complete: bool) -> str:
        """The prose so far. Unless ``complete``, an open ``<sup>`` and what follows it
        are left out: it may yet turn out to be a note mark."""
        parts = self.parts if complete or not self._sups else self.parts[:self._sups[0][0]]
        text = "".join(parts)
        if self._math_dropped:
            text = _EMPTY_BRACKETS.sub(" ", text)
        return clean_text(text)


def _links_into_page(attrs: list[tuple[str, str | None]]) -> bool:
    return any(name == "href" and value and value.startswith("#") for name, value in attrs)


def _math_classes(attrs: list[tuple[str, str | None]]) -> list[str] | None:
    """The element's classes when it holds TeX source (``_MATH_CLASSES``), else ``None``."""
    for name, value in attrs:
        if name == "class" and value:
            classes = value.split()
            if not _MATH_CLASSES.isdisjoint(classes):
                return classes
    return None


def _plain_math(source: str) -> str | None:
    r"""Inline TeX as text in its sentence when it is plain (``_PLAIN_MATH``), else
    ``None``; ``$$ … $$`` and ``\[ … \]`` are display mathematics, whatever element holds
    them."""
    stripped = source.strip()
    if stripped.startswith(("$$", "\\[")):
        return None
    plain = _MATH_DELIMITERS.sub("", stripped)
    return plain if plain and _PLAIN_MATH.fullmatch(plain) else None


def _marked_not_prose(attrs: list[tuple[str, str | None]]) -> bool:
    """``hidden``, ``aria-hidden="true"``, a class or a role from the lists above."""
    for name, value in attrs:
        if name == "class" and value and not _NOT_PROSE_CLASSES.isdisjoint(value.split()):
            return True
        if name == "role" and value and value.strip() in _NOT_PROSE_ROLES:
            return True
        if name == "hidden" or (name == "aria-hidden" and value == "true"):
            return True
    return False


def html_to_text(fragment: str | None, *, enough: int | None = None) -> str:
    """The prose of an HTML fragment as plain text: tags stripped, entities decoded,
    spaces collapsed.

    Prose only: never the text of ``script``, ``style``, ``template``, ``noscript`` and
    other elements that show no text (``_NEVER_TEXT``); never headings, code listings,
    tables, figure captions, footnote marks and footnote lists (``_NOT_PROSE``,
    ``_NOT_PROSE_CLASSES``, ``_NOT_PROSE_ROLES``, a ``<sup>`` linking into the page), nor
    the sentence that introduces a listing or a table with a colon (``_INTRODUCED``).
    A thematic break (``<hr>``) after some prose ends the text: the author's own end of
    the opening (Markdown's ``* * *`` teaser line).
    Inline markup (``em``, inline ``code``) stays part of its sentence. Mathematics left
    as TeX source for the browser to typeset (``_MATH_CLASSES``: pelican-render-math,
    docutils, Pandoc, arithmatex) is left out, but for inline formulas written with
    letters, digits and plain operators, which keep their place without delimiters.

    With ``enough`` set (in display columns, see ``display_width``), stops once it has
    more than that much text, feeding the parser the fragment in doubling pieces, so a
    50 kB article costs what its first paragraphs cost. The parser keeps its state from
    piece to piece, so a piece that ends inside a ``<script>`` or a tag never lets its
    code out as text. Without ``enough``, or when the fragment has less, the whole text.
    """
    if not fragment:
        return ""
    if "<" not in fragment:
        # No markup: the parser would hand the whole text to ``handle_data`` with its
        # character references decoded by this very function; it costs what a title
        # costs (20 µs) to set one up.
        return clean_text(unescape(fragment) if "&" in fragment else fragment)
    reader = _ProseReader()
    if enough is not None:
        # The parser's cost follows what it reads. Text is most of an opening's HTML:
        # on the benchmark's posts 250 characters of HTML held 200 of prose in 1,116 of
        # 1,121 openings, and a first piece of 1.25 × enough read them in 20 ms, where
        # twice enough took 34 ms. Markup-heavy openings take more pieces.
        start, size, end = 0, max(enough + enough // 4, 64), len(fragment)
        while start + size < end:
            reader.feed(fragment[start:start + size])
            start += size
            size *= 2
            if reader.ended:
                return reader.text(complete=True)
            if sum(map(len, reader.parts)) > enough:
                text = reader.text(complete=False)
                if wider_than(text, enough):
                    return text
        fragment = fragment[start:]
    reader.feed(fragment)
    reader.close()
    return reader.text(complete=True)
