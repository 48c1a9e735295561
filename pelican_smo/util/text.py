"""Plain text from HTML fragments; its display width, cutting and counting.

Pelican titles and summaries are HTML (typogrify, reST, a metadata ``summary``);
social tags want plain text, and only prose: a preview made of a heading glued to
a paragraph, a code listing or footnote marks reads as noise. Three jobs, three
readers:

- ``html_to_text`` (titles, descriptions): an element-aware reader on the standard
  library's ``html.parser``, fed in growing pieces so a long article costs what its
  opening costs.
- ``text_counts`` (word count and reading time of whole articles): regular
  expressions, see its docstring for the measured reason.
- ``display_width`` and ``truncate``: lengths as a result page or a card shows them,
  where an East Asian wide character takes the room of two Latin ones.
"""

from __future__ import annotations

import functools
import html
import itertools
import math
import re
import unicodedata
from html.parser import HTMLParser
from typing import Literal, NamedTuple

import regex

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


@functools.lru_cache(maxsize=2048)
def clean_name(value: str) -> str:
    """``clean_text`` for short, often repeated values (tag, category and author names):
    cached, where caching whole descriptions would only hold memory."""
    return clean_text(value)


# --- plain text of prose ----------------------------------------------------------------------

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

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._skip is not None:
            if self._skip == "p" and tag in _CLOSES_P:
                self._skip = None  # the browser closes the skipped p here
            else:
                if _END_KEY.get(tag, tag) == self._skip:
                    self._depth += 1
                return
        if tag in _BLOCK:
            self.parts.append(" ")
        if tag == "sup":
            self._sups.append([len(self.parts), 0])
        elif tag == "a" and self._sups and _links_into_page(attrs):
            self._sups[-1][1] = 1
        if tag in _VOID:
            return
        if tag in _NEVER_TEXT or tag in _NOT_PROSE or (attrs and _marked_not_prose(attrs)):
            self._skip = _END_KEY.get(tag, tag)
            self._depth = 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # HTML ignores the slash of "<br/>", and of "<div/>" too: a start tag either way.
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if self._skip is not None:
            if _END_KEY.get(tag, tag) == self._skip:
                self._depth -= 1
                if self._depth == 0:
                    self._skip = None
                    self.parts.append(" ")
            return
        if tag == "sup" and self._sups:
            start, note = self._sups.pop()
            if note:
                del self.parts[start:]
        elif tag in _BLOCK:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if self._skip is None:
            self.parts.append(data)

    def text(self, *, complete: bool) -> str:
        """The prose so far. Unless ``complete``, an open ``<sup>`` and what follows it
        are left out: it may yet turn out to be a note mark."""
        parts = self.parts if complete or not self._sups else self.parts[:self._sups[0][0]]
        return clean_text("".join(parts))


def _links_into_page(attrs: list[tuple[str, str | None]]) -> bool:
    return any(name == "href" and value and value.startswith("#") for name, value in attrs)


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
    ``_NOT_PROSE_CLASSES``, ``_NOT_PROSE_ROLES``, a ``<sup>`` linking into the page).
    Inline markup (``em``, inline ``code``, math) stays part of its sentence.

    With ``enough`` set (in display columns, see ``display_width``), stops once it has
    more than that much text, feeding the parser the fragment in doubling pieces, so a
    50 kB article costs what its first paragraphs cost. The parser keeps its state from
    piece to piece, so a piece that ends inside a ``<script>`` or a tag never lets its
    code out as text. Without ``enough``, or when the fragment has less, the whole text.
    """
    if not fragment:
        return ""
    if "<" not in fragment and "&" not in fragment:
        return clean_text(fragment)
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
            if sum(map(len, reader.parts)) > enough:
                text = reader.text(complete=False)
                if _wider_than(text, enough):
                    return text
        fragment = fragment[start:]
    reader.feed(fragment)
    reader.close()
    return reader.text(complete=True)


# --- display width ----------------------------------------------------------------------------

#: Blocks whose every assigned character is one column (no Wide, Fullwidth, combining or
#: format character; tests/test_display_width.py checks each): Latin to Spacing Modifier
#: Letters but SOFT HYPHEN, Greek, Cyrillic, Armenian, Hebrew and Arabic letters, Latin
#: Extended Additional and Greek Extended, general punctuation (dashes, quotes …),
#: currency symbols, letterlike symbols, arrows and mathematical operators.
NARROW_RANGES = (
    "\x00-\xac\xae-\u02ff\u0370-\u0482\u048a-\u0587\u05d0-\u05ea\u0620-\u064a\u0660-\u066f"
    "\u0671-\u06d3\u1e00-\u1fff\u2010-\u2027\u2030-\u205e\u20a0-\u20bf\u2100-\u214f"
    "\u2190-\u22ff"
)
#: Characters that may be other than one column wide: all others. Only these are
#: looked up one by one.
_MAYBE_NOT_NARROW = re.compile(f"[^{NARROW_RANGES}]")
#: ``_char_width`` of the characters met so far (a site uses a few thousand at most).
_WIDTHS: dict[str, int] = {}


def _char_width(char: str) -> int:
    """Columns of one character: 2 for East Asian Wide and Fullwidth (UAX #11,
    ``east_asian_width`` ``W``/``F``); 0 for what joins the character before it
    (combining marks ``Mn``/``Me``, format characters ``Cf`` such as ZERO WIDTH JOINER,
    conjoining Hangul vowels and finals U+1160–U+11FF, U+D7B0–U+D7FF); 1 otherwise,
    Ambiguous (``A``) included, as outside East Asian fonts. VARIATION SELECTOR-16
    (U+FE0F) counts 1: it asks for the emoji form of a narrow symbol (❤️), two columns.
    """
    width = _WIDTHS.get(char)
    if width is None:
        if char == "\ufe0f":
            width = 1
        elif unicodedata.east_asian_width(char) in ("W", "F"):
            width = 2
        elif unicodedata.category(char) in ("Mn", "Me", "Cf") or (
                "\u1160" <= char <= "\u11ff" or "\ud7b0" <= char <= "\ud7ff"):
            width = 0
        else:
            width = 1
        _WIDTHS[char] = width
    return width


def display_width(text: str) -> int:
    """Columns ``text`` takes in a result snippet or a card: wide characters two, marks
    that join their base none (``_char_width``). Search results and cards cut by pixels,
    where one CJK ideograph is about as wide as two Latin letters; the length limits of
    the plugin and its audit are in these columns.

    An emoji sequence (👍🏽, 👩‍💻) counts each wide part, so it can count wider than
    shown. Plain ASCII is one scan; other text one regular-expression scan plus a
    look-up per character outside ``NARROW_RANGES``.
    """
    if text.isascii():
        return len(text)
    found = _MAYBE_NOT_NARROW.findall(text)
    return len(text) - len(found) + sum(map(_char_width, found))


def _fit(text: str, room: int, limit: int) -> int | None:
    """How many characters of ``text`` fit in ``room`` columns, or ``None`` when the whole
    text fits in ``limit`` (``room`` < ``limit``). Reads no further than ``limit`` columns."""
    if text.isascii():
        return None if len(text) <= limit else room
    end = None
    extra = 0  # display_width(text[:pos]) - pos
    for match in _MAYBE_NOT_NARROW.finditer(text):
        pos = match.start()
        if pos + extra > limit:  # the narrow run before this character is too wide
            break
        width = _char_width(match.group())
        if end is None and pos + extra + width > room:
            end = pos if pos + extra <= room else room - extra
        extra += width - 1
    else:
        if len(text) + extra <= limit:
            return None
    return end if end is not None else room - extra


def _wider_than(text: str, limit: int) -> bool:
    """``display_width(text) > limit``, reading no further than ``limit`` columns."""
    return len(text) > limit // 2 and _fit(text, limit - 1, limit) is not None


#: Line-break opportunities without a space: between Han and kana characters and CJK
#: punctuation (UAX #14 classes ID, CJ, and the CJK OP/CL punctuation). Hangul is not
#: here: Korean is written with spaces between words.
_CJK_BREAK_CHARS = (
    "\u2e80-\u2fdf\u3000-\u303f\u3040-\u309f\u30a0-\u30ff\u31f0-\u31ff\u3400-\u4dbf"
    "\u4e00-\u9fff\uf900-\ufaff\uff00-\uff60\U00020000-\U0003ffff"
)
_CJK_BREAK = re.compile(f"[{_CJK_BREAK_CHARS}]")
#: Punctuation dropped before the ellipsis, Latin and CJK.
_TRAILING = " ,;:.-–—、，。；：．"


#: One extended grapheme cluster (UAX #29), as the ``regex`` package matches it.
_GRAPHEME = regex.compile(r"\X")


def _cluster_starts(text: str, end: int) -> set[int]:
    """Offsets up to ``end`` where a grapheme cluster of ``text`` starts: where a cut
    splits none (combining marks, emoji ZWJ sequences and modifiers, flags, Hangul
    jamo…). Whether ``end`` is one depends only on ``text[:end + 1]``, so no more is read.
    """
    sizes = map(len, _GRAPHEME.findall(text, 0, end + 1))  # strings: no match objects
    return set(itertools.accumulate(sizes, initial=0)) - {end + 1}


def truncate(text: str, limit: int, *,
             unit: Literal["columns", "characters"] = "columns") -> str:
    """Cut ``text`` to at most ``limit`` columns (``display_width``) or characters, ending
    in "…" (one column, one character).

    Where it cuts: at the last space when that keeps at least half the room (spaced
    scripts: Latin, Cyrillic, Hangul …), or later between two CJK characters, where
    lines may break without a space (UAX #14); else, for a first word longer than the
    limit (a long URL, Thai), at the last grapheme cluster boundary (UAX #29, the
    ``regex`` package's ``\\X``). Trailing punctuation before the ellipsis is dropped.

    ``columns`` sizes text that is shown (titles, descriptions: cut by pixels);
    ``characters`` text that is only counted (alt text read aloud, with a limit in
    characters).
    """
    if limit <= 1:
        return text if len(text) <= limit and display_width(text) <= limit else ELLIPSIS[:limit]
    room = limit - len(ELLIPSIS)
    if unit == "characters":
        end = room if len(text) > limit else None
    else:
        end = _fit(text, room, limit)
    if end is None:
        return text
    # text[end] exists: the text is wider than limit, text[:end] no wider than room.
    cut = text.rfind(" ", 0, end + 1)
    if cut < end // 2:
        cut = -1
    starts: set[int] | None = None  # read only where a cut may fall inside a word
    if not text.isascii() and _CJK_BREAK.search(text, max(cut, end // 2), end + 1):
        starts = _cluster_starts(text, end)
        for pos in range(end, max(cut, end // 2, 0), -1):
            if ((_CJK_BREAK.match(text, pos - 1) or _CJK_BREAK.match(text, pos))
                    and pos in starts):
                cut = pos
                break
    if cut <= 0:
        if starts is None:
            starts = _cluster_starts(text, end)
        cut = max(starts)
    return text[:cut].rstrip(_TRAILING) + ELLIPSIS


# --- counting ---------------------------------------------------------------------------------

#: Blocks whose text is never read: ``script``, ``style``, ``template``, ``noscript``,
#: ``svg``, ``math`` (up to their end tag, or to the end of the fragment, as a browser
#: reads an unclosed one), comments and CDATA sections.
_UNREAD_BLOCKS = re.compile(
    r"<(script|style|template|noscript|svg|math)\b.*?(?:</\1\s*>|\Z)"
    r"|<!--.*?(?:-->|\Z)|<!\[CDATA\[.*?(?:\]\]>|\Z)",
    re.IGNORECASE | re.DOTALL,
)
_TAG = re.compile(r"</?[A-Za-z][^>]*>|<![^>]*>|<\?[^>]*>")

#: Han (Unicode Scripts.txt ``Han``, by block: CJK Radicals Supplement, Kangxi Radicals,
#: 々 〆 〇, Hangzhou numerals, CJK Unified Ideographs and Extensions A–H, Compatibility
#: Ideographs and their supplement).
_HAN = ("\u2e80-\u2fdf\u3005-\u3007\u3021-\u3029\u3038-\u303b\u3400-\u4dbf\u4e00-\u9fff"
        "\uf900-\ufaff\U00020000-\U0003ffff")
#: Kana (Hiragana, Katakana, Katakana Phonetic Extensions, halfwidth katakana, Kana
#: Supplement and Extended-A/B, Small Kana Extension). The prolonged sound mark ー is
#: counted: it is read as a mora.
_KANA = "\u3040-\u309f\u30a0-\u30ff\u31f0-\u31ff\uff66-\uff9f\U0001aff0-\U0001b16f"
#: CJK punctuation (CJK Symbols and Punctuation but its Han characters, fullwidth and
#: halfwidth punctuation): no word of a spaced script, not read as a character.
_CJK_PUNCTUATION = "\u3000-\u3004\u3008-\u3020\u302a-\u3037\u303c-\u303f\uff00-\uff65"
_CJK_PUNCTUATION_CHAR = re.compile(f"[{_CJK_PUNCTUATION}]")
#: Runs of Han, kana or CJK punctuation: all that is not part of a spaced script's word.
#: Written ``[…][…]*``, not ``[…]+``: a pattern that opens with a character class lets
#: the regular-expression engine skip ahead to the next candidate, one run is one match.
_NOT_SPACED = f"[{_HAN}{_KANA}{_CJK_PUNCTUATION}]"
_NOT_SPACED_RUNS = re.compile(f"({_NOT_SPACED}{_NOT_SPACED}*)")
#: Kana or CJK punctuation, told apart in the CJK runs found (a small string).
_KANA_OR_PUNCTUATION = re.compile(f"[{_KANA}{_CJK_PUNCTUATION}]")
#: Anything from the first CJK block up: one range, the cheapest test that a text may
#: hold CJK at all.
_FROM_CJK_UP = re.compile("[\u2e80-\U0010ffff]")

#: Reading speeds of unspaced scripts, characters per minute: Trauzettel-Klosinski &
#: Dietz (2012), "Standardized assessment of reading performance: The new International
#: Reading Speed Texts IReST", Invest. Ophthalmol. Vis. Sci. 53(9):5452–5461, Table 2,
#: native adult readers (25 for Chinese, 36 for Japanese): Chinese 255 (255 ± 29
#: syllables/min, and a Chinese character is one syllable), Japanese 357 characters/min
#: (kanji and kana together). IReST times reading aloud; silent reading is faster, so
#: these err long, as ``SMO_READING_SPEED``'s default 230 words/min does beside Brysbaert
#: (2019), "How many words do we read per minute?", J. Mem. Lang. 109:104047 (238
#: words/min, English non-fiction, silent; IReST's English, aloud: 228).
CHINESE_CHARACTERS_PER_MINUTE = 255
JAPANESE_CHARACTERS_PER_MINUTE = 357
#: A text is Japanese when at least this share of its CJK characters is kana: Japanese
#: prose writes its particles and endings in kana, Chinese writes none, so a tenth tells
#: them apart even when a Chinese text quotes a Japanese name.
JAPANESE_KANA_SHARE = 0.1


class TextCounts(NamedTuple):
    """What an article's text holds, per script.

    ``words``: words of space-separated scripts (Latin, Greek, Cyrillic, Hangul …),
    split on white space. ``cjk``: Han, Hiragana and Katakana characters, which are
    written without spaces and counted one by one. ``kana``: how many of those are kana.
    """

    words: int
    cjk: int
    kana: int

    @property
    def total(self) -> int:
        """schema.org ``wordCount`` ("the number of words in the text"): the spaced words
        plus one per CJK character. A Chinese or Japanese text has no word boundaries
        to count; its length is stated in characters (字数, 文字数), the unit its readers
        and the reading speeds below use."""
        return self.words + self.cjk

    @property
    def japanese(self) -> bool:
        return self.cjk > 0 and self.kana >= JAPANESE_KANA_SHARE * self.cjk

    def reading_minutes(self, words_per_minute: int) -> int | None:
        """Whole minutes, rounded up, at least 1; ``None`` for no text. Per script:
        spaced words at ``words_per_minute`` (``SMO_READING_SPEED``), CJK characters at
        the Japanese rate when the text is Japanese (``japanese``), else the Chinese."""
        if not self.total:
            return None
        per_minute = (JAPANESE_CHARACTERS_PER_MINUTE if self.japanese
                      else CHINESE_CHARACTERS_PER_MINUTE)
        minutes = self.words / words_per_minute + self.cjk / per_minute
        return max(1, math.ceil(minutes))


def text_counts(fragment: str) -> TextCounts:
    """Words and CJK characters in an HTML fragment's text (``TextCounts``): scripts,
    styles and comments left out (``_UNREAD_BLOCKS``).

    Regular expressions, not ``html_to_text``'s parser, on purpose: this reads whole
    articles, every one of them, where descriptions read an opening. On the benchmark's
    1,000 posts (``bench.generate``, 4.3 kB of HTML a post) ``html.parser`` alone took
    0.32 ms a post; these expressions take 0.06 ms, 0.07 ms with the CJK counts the
    benchmark's mixed-script text needs. The CJK work is one split into runs; kana and
    punctuation are told apart in the runs alone. A count needs neither the prose rules nor
    decoded text: ``&amp;`` is one token as ``&`` is (only a CJK character written as a
    numeric reference, which Markdown and docutils never write, counts as a word).
    """
    text = _TAG.sub(" ", _UNREAD_BLOCKS.sub(" ", fragment))
    if text.isascii() or _FROM_CJK_UP.search(text) is None:
        return TextCounts(len(text.split()), 0, 0)
    pieces = _NOT_SPACED_RUNS.split(text)  # spaced text, a run, spaced text, a run …
    if len(pieces) == 1:
        return TextCounts(len(text.split()), 0, 0)
    runs = "".join(pieces[1::2])
    marks = "".join(_KANA_OR_PUNCTUATION.findall(runs))
    punctuation = len(_CJK_PUNCTUATION_CHAR.findall(marks))
    return TextCounts(len(" ".join(pieces[::2]).split()), len(runs) - punctuation,
                      len(marks) - punctuation)


# --- attributes -------------------------------------------------------------------------------

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
