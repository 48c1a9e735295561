"""Plain text: cleaning, display width, cutting, and the attributes of a tag.

- ``clean_text``: no control or invisible characters, spaces collapsed;
- ``display_width`` and ``truncate``: lengths as a result page or a card shows them,
  where an East Asian wide character takes the room of two Latin ones;
- ``tag_attributes``: one start tag's attributes.

The prose of an HTML fragment is read by ``util.prose``, whole articles are counted by
``util.counts``.
"""

from __future__ import annotations

import functools
import html
import itertools
import re
import unicodedata
from typing import Literal

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


# --- display width ----------------------------------------------------------------------------

#: Blocks whose every assigned character is one column (no Wide, Fullwidth, combining or
#: format character; tests/scenarios/test_display_width.py checks each): Latin to
#: Spacing Modifier Letters but SOFT HYPHEN, Greek, Cyrillic, Armenian, Hebrew and Arabic
#: letters, Latin Extended Additional and Greek Extended, general punctuation (dashes,
#: quotes …), currency symbols, letterlike symbols, arrows and mathematical operators.
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


def wider_than(text: str, limit: int) -> bool:
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
