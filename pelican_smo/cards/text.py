"""Pure Unicode helpers for card text: grapheme clusters, line-break points, bidi.

Nothing here touches fonts or pixels, so all of it is tested with plain strings.

* ``clusters`` gives the extended grapheme clusters (UAX #29, the ``regex`` package's
  ``\\X``): a base character with its combining marks, variation selectors, emoji
  modifiers, ZWJ sequences, tag sequences and regional-indicator pairs, Hangul jamo
  and Indic conjuncts. A cluster is never split: not by a font change, not by a line
  break, not by an ellipsis.
* ``segments`` gives the line-break opportunities the wrapper may use: after
  spaces, after a hyphen or slash inside a word, and between CJK characters
  (with the usual "no break before 。、」" / "no break after 「" rules). Scripts
  written without spaces and without ideographs (Thai, Lao, Khmer) get no
  dictionary breaks; an over-long word is broken between clusters instead.
* ``paragraph_level``, ``embedding_levels`` and ``visual_order`` are a small
  implementation of the Unicode Bidirectional Algorithm (UAX #9) without
  explicit embeddings (card text is plain, ``pelican_smo.util.text.clean_text``
  removes embedding controls): rules W1–W7, N1–N2, I1–I2, L1 and L2. It decides
  the order of runs on a line; shaping inside a run (Arabic joining, mirroring)
  is left to HarfBuzz via Pillow's libraqm layout when available.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from pelican_smo.util.fit import graphemes

ZWJ = "\u200d"
_VARIATION_SELECTORS = (range(0xFE00, 0xFE10), range(0xE0100, 0xE01F0))
_TAGS = range(0xE0020, 0xE0080)

#: Characters that never start a line in CJK typesetting (kinsoku: closing marks, small kana).
_NO_BREAK_BEFORE = frozenset(
    "、。，．・：；？！ー～’”）〕］｝〉》」』】〙〗〟ゝゞヽヾ々〻"
    "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶ)]}.,:;!?%"
)
#: Characters that never end a line (opening marks).
_NO_BREAK_AFTER = frozenset("‘“（〔［｛〈《「『【〘〖〝([{")
_BREAK_AFTER_IN_WORD = frozenset("-‐–—/")

#: Brackets mirrored in right-to-left runs when no shaping engine does it (BidiMirroring subset).
MIRRORED = dict(zip("()[]{}<>«»‹›", ")(][}{><»«›‹", strict=True))


def clusters(text: str) -> list[str]:
    """Split ``text`` into extended grapheme clusters."""
    return graphemes(text)


def is_ignorable(ch: str) -> bool:
    """Whether ``ch`` needs no glyph of its own (joiners, selectors, tags, format chars)."""
    cp = ord(ch)
    return (ch in ("\u200c", ZWJ, "\u200b", "\u2060", "\ufeff")
            or any(cp in r for r in _VARIATION_SELECTORS) or cp in _TAGS
            or unicodedata.category(ch) == "Cf")


def is_wide(ch: str) -> bool:
    """Whether ``ch`` belongs to a script written without spaces between words (CJK)."""
    if unicodedata.east_asian_width(ch) in ("W", "F"):
        return unicodedata.category(ch)[0] in "LNPS" and not 0x1F000 <= ord(ch) <= 0x1FAFF
    return False


def segments(text: str) -> list[str]:
    """Cut ``text`` at its line-break opportunities; the pieces join back to ``text``.

    Spaces stay attached to the end of the piece before them, so a line is the
    concatenation of pieces with its trailing spaces stripped.
    """
    pieces: list[str] = []
    current = ""
    units = clusters(text)
    for i, unit in enumerate(units):
        nxt = units[i + 1] if i + 1 < len(units) else ""
        current += unit
        if not nxt:
            break
        first, head = unit[0], nxt[0]
        if head.isspace():
            continue
        brk = (first.isspace()
               or ((is_wide(first) or is_wide(head))
                   and first not in _NO_BREAK_AFTER and head not in _NO_BREAK_BEFORE)
               or (first in _BREAK_AFTER_IN_WORD and len(current.strip()) > 1
                   and head not in _NO_BREAK_BEFORE and head not in _BREAK_AFTER_IN_WORD))
        if brk:
            pieces.append(current)
            current = ""
    if current:
        pieces.append(current)
    return pieces


# --- bidi --------------------------------------------------------------------------------

_STRONG = ("L", "R", "AL")
_NEUTRAL = frozenset({"B", "S", "WS", "ON", "BN"})


def _bidi_class(ch: str) -> str:
    kind = unicodedata.bidirectional(ch)
    if not kind:  # unassigned: UAX #9 gives most of them L
        return "L"
    if kind in ("LRE", "LRO", "RLE", "RLO", "PDF", "LRI", "RLI", "FSI", "PDI"):
        return "BN"
    return kind


def paragraph_level(text: str) -> int:
    """0 (left-to-right) or 1 (right-to-left), from the first strong character (P2, P3)."""
    for ch in text:
        kind = _bidi_class(ch)
        if kind == "L":
            return 0
        if kind in ("R", "AL"):
            return 1
    return 0


def embedding_levels(text: str, base: int) -> list[int]:
    """Resolved embedding level of every character of one line (UAX #9 W1–L1).

    ``base`` is the paragraph level (0 or 1). Trailing whitespace takes the base
    level (L1), so a line's trailing spaces never move to its start.
    """
    n = len(text)
    if n == 0:
        return []
    types = [_bidi_class(ch) for ch in text]
    sos = "R" if base % 2 else "L"
    # W1: a non-spacing mark takes the type of the character before it.
    prev = sos
    for i, kind in enumerate(types):
        if kind == "NSM":
            types[i] = prev
        prev = types[i]
    # W2: European digits after Arabic letters are Arabic digits. W3: AL is R.
    last_strong = sos
    for i, kind in enumerate(types):
        if kind in _STRONG:
            last_strong = kind
        elif kind == "EN" and last_strong == "AL":
            types[i] = "AN"
    types = ["R" if kind == "AL" else kind for kind in types]
    # W4: one separator between two numbers of the same kind joins them.
    for i in range(1, n - 1):
        if types[i] == "ES" and types[i - 1] == types[i + 1] == "EN":
            types[i] = "EN"
        elif types[i] == "CS" and types[i - 1] == types[i + 1] and types[i - 1] in ("EN", "AN"):
            types[i] = types[i - 1]
    # W5: terminators next to European numbers are part of them.
    for i, kind in enumerate(types):
        if kind == "EN":
            j = i - 1
            while j >= 0 and types[j] == "ET":
                types[j] = "EN"
                j -= 1
            j = i + 1
            while j < n and types[j] == "ET":
                types[j] = "EN"
                j += 1
    # W6: remaining separators and terminators are neutral.
    types = ["ON" if kind in ("ES", "ET", "CS") else kind for kind in types]
    # W7: European numbers after a left-to-right letter are left-to-right.
    last_strong = sos
    for i, kind in enumerate(types):
        if kind in ("L", "R"):
            last_strong = kind
        elif kind == "EN" and last_strong == "L":
            types[i] = "L"
    # N1, N2: a run of neutrals takes the direction around it if both sides agree.
    embedding = sos
    i = 0
    while i < n:
        if types[i] not in _NEUTRAL:
            i += 1
            continue
        j = i
        while j < n and types[j] in _NEUTRAL:
            j += 1
        before = sos if i == 0 else ("L" if types[i - 1] == "L" else "R")
        after = sos if j == n else ("L" if types[j] == "L" else "R")
        resolved = before if before == after else embedding
        for k in range(i, j):
            types[k] = resolved
        i = j
    # I1, I2: implicit levels.
    levels = []
    for kind in types:
        if base % 2 == 0:
            levels.append(base + (1 if kind == "R" else 2 if kind in ("EN", "AN") else 0))
        else:
            levels.append(base + (1 if kind in ("L", "EN", "AN") else 0))
    # L1: trailing whitespace goes back to the paragraph level.
    k = n - 1
    while k >= 0 and (text[k].isspace() or _bidi_class(text[k]) == "BN"):
        levels[k] = base
        k -= 1
    return levels


def visual_order(levels: Sequence[int]) -> list[int]:
    """Indices of the items in display order, left to right (UAX #9 rule L2)."""
    order = list(range(len(levels)))
    odd = [level for level in levels if level % 2]
    if not odd:
        return order
    lowest_odd = min(odd)
    for level in range(max(levels), lowest_odd - 1, -1):
        i = 0
        while i < len(order):
            if levels[order[i]] >= level:
                j = i
                while j < len(order) and levels[order[j]] >= level:
                    j += 1
                order[i:j] = order[i:j][::-1]
                i = j
            else:
                i += 1
    return order
