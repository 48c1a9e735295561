"""Where everything goes on a card: pure geometry, given a way to measure text.

No fonts, no pixels here: ``layout_card`` gets a ``measure(role, text, size,
base)`` callback returning the ink ``Extent`` of one line, so the same code
is tested with a fake measurer and drawn with real fonts (``draw.py``).

The default card::

    ┃ margin ─────────────────────────────────────────────┐
    ┃ │ Title, bold, wrapped by measured width,            │
    ┃ │ shrunk from title_max_size to title_min_size,      │
    ┃ │ vertically centred above the footer; ellipsis last │
    ┃ │                                                    │
    ┃ │ [logo]  Site name (accent colour)                  │
    ┃ │         Author, Author · date                      │
    ┃ └────────────────────────────────────────────────────┘
    accent bar (left edge, inside the margin)

Guarantee: the ink of every line lies inside the content box (the card minus
its margins). Wrapping, shrinking and the ellipsis all work on measured ink,
never on character counts. Right-to-left titles are aligned right.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pelican_smo.cards import text as scripts
from pelican_smo.util.text import ELLIPSIS, clean_text

if TYPE_CHECKING:  # spec → fonts → layout: only the type is needed here
    from pelican_smo.cards.spec import CardSpec

#: Gap between the title block and the footer, and between logo and footer text.
FOOTER_GAP = 36
LOGO_GAP = 28
META_SEPARATOR = " · "


@dataclass(frozen=True)
class Extent:
    """Where a line's ink lies relative to its pen origin on the baseline, in pixels.

    ``top`` is negative above the baseline; ``advance`` is how far the pen moves.
    """

    left: int
    top: int
    right: int
    bottom: int
    advance: int

    @property
    def width(self) -> int:
        return self.right - self.left


@dataclass(frozen=True)
class Box:
    """A rectangle, ``right`` and ``bottom`` exclusive."""

    left: int
    top: int
    right: int
    bottom: int

    @property
    def width(self) -> int:
        return self.right - self.left

    @property
    def height(self) -> int:
        return self.bottom - self.top

    def contains(self, other: Box) -> bool:
        return (self.left <= other.left and self.top <= other.top
                and other.right <= self.right and other.bottom <= self.bottom)


@dataclass(frozen=True)
class TextLine:
    """One line to draw: pen origin ``x`` on baseline ``y``; ``role`` picks font and colour."""

    role: str  # "title", "site" or "meta"
    text: str
    size: int
    x: int
    y: int
    base: int  # paragraph bidi level: 0 left-to-right, 1 right-to-left
    ink: Box


@dataclass(frozen=True)
class CardLayout:
    """The placed elements of one card."""

    width: int
    height: int
    content: Box
    accent: Box | None
    logo: Box | None
    lines: tuple[TextLine, ...]
    title_size: int
    title_truncated: bool


#: ``measure(role, text, size, base) -> Extent``
Measure = Callable[[str, str, int, int], Extent]


def meta_text(authors: tuple[str, ...], date_text: str) -> str:
    """The byline: ``"Ada, Grace · 1 May 2024"`` (either part may be missing)."""
    names = ", ".join(clean_text(a) for a in authors if clean_text(a))
    return META_SEPARATOR.join(p for p in (names, clean_text(date_text)) if p)


def wrap(text: str, fits: Callable[[str], bool]) -> list[str]:
    """Greedy line breaking at ``scripts.segments`` opportunities.

    A piece too wide for a line on its own (a long URL, a word in a script
    written without spaces) is broken between grapheme clusters.
    """
    lines: list[str] = []
    current = ""
    for piece in scripts.segments(text):
        candidate = current + piece
        if fits(candidate.rstrip()):
            current = candidate
            continue
        if current.strip():
            lines.append(current.rstrip())
        current = ""
        if fits(piece.rstrip()):
            current = piece
            continue
        for unit in scripts.clusters(piece):
            candidate = current + unit
            if not current or fits(candidate.rstrip()):
                current = candidate
            else:
                lines.append(current.rstrip())
                current = unit.lstrip()
    if current.strip():
        lines.append(current.rstrip())
    return lines


def ellipsize(text: str, fits: Callable[[str], bool], *, force: bool = False) -> str:
    """``text`` if it fits, else its longest fitting head + "…"; ``force`` always adds "…".

    A cut in the middle of a word moves back to the word's start when that keeps
    most of the text; trailing punctuation before the "…" is dropped.
    """
    if not force and fits(text):
        return text
    units = scripts.clusters(text.rstrip())
    for count in range(len(units) - (0 if force else 1), 0, -1):
        head = "".join(units[:count]).rstrip()
        if count < len(units) and not units[count].isspace():
            space = head.rfind(" ")
            if space >= len(head) * 0.6:
                head = head[:space]
        head = head.rstrip(" ,;:.-–—、，。")
        if head and fits(head + ELLIPSIS):
            return head + ELLIPSIS
    return ELLIPSIS if fits(ELLIPSIS) else ""


def _block(extents: list[Extent], step: int) -> tuple[int, int]:
    """Ink top and bottom of stacked lines, relative to the first baseline."""
    inked = [(i, e) for i, e in enumerate(extents) if e.bottom > e.top]
    if not inked:
        return 0, 0
    return (min(i * step + e.top for i, e in inked), max(i * step + e.bottom for i, e in inked))


def _fit_title(title: str, base: int, size: int, width: int, height: int, max_lines: int,
               spacing: float, measure: Measure) -> tuple[list[str], list[Extent], bool]:
    """Lines of ``title`` at ``size``; whether they fit ``width``×``height`` in ``max_lines``."""
    def fits(line: str) -> bool:
        return measure("title", line, size, base).width <= width

    lines = wrap(title, fits)
    extents = [measure("title", line, size, base) for line in lines]
    top, bottom = _block(extents, round(size * spacing))
    ok = (len(lines) <= max_lines and bottom - top <= height
          and all(e.width <= width for e in extents))
    return lines, extents, ok


def layout_card(spec: CardSpec, measure: Measure,
                logo_size: tuple[int, int] | None = None) -> CardLayout:
    """Place the title, footer and logo of ``spec`` on the card.

    ``logo_size`` is the logo image's pixel size, when there is a logo to draw.
    """
    o = spec.style.layout
    content = Box(o.margin_x, o.margin_y, o.width - o.margin_x, o.height - o.margin_y)
    accent = Box(0, 0, o.accent_width, o.height) if o.accent_width else None
    lines: list[TextLine] = []

    # Footer, bottom up: logo on the left, then site name over the byline.
    logo = None
    text_left = content.left
    if logo_size and o.logo_height and logo_size[0] > 0 and logo_size[1] > 0:
        height = min(o.logo_height, content.height // 3)
        width = max(1, round(height * logo_size[0] / logo_size[1]))
        if width > content.width // 3:
            width = content.width // 3
            height = max(1, round(width * logo_size[1] / logo_size[0]))
        logo = Box(content.left, content.bottom - height, content.left + width, content.bottom)
        text_left = logo.right + LOGO_GAP
    floor = content.bottom
    text_width = content.right - text_left
    for role, raw, size in (("meta", meta_text(spec.authors, spec.date_text), o.meta_size),
                            ("site", clean_text(spec.site_name), o.site_size)):
        if not raw:
            continue
        base = scripts.paragraph_level(raw)

        def fits(text: str, role: str = role, size: int = size, base: int = base) -> bool:
            return measure(role, text, size, base).width <= text_width

        text = ellipsize(raw, fits)
        if not text:
            continue
        e = measure(role, text, size, base)
        y = floor - max(e.bottom, round(size * 0.28))
        ink = Box(text_left, y + e.top, text_left + e.width, y + e.bottom)
        lines.append(TextLine(role, text, size, text_left - e.left, y, base, ink))
        floor = min(ink.top, y - round(size * 0.95)) - round(size * 0.3)
    footer_top = min([line.ink.top for line in lines] + [logo.top if logo else content.bottom])
    if logo is not None and lines:  # centre the shorter of logo and text on the other
        text_top = min(line.ink.top for line in lines)
        gap = (logo.top - text_top) // 2
        if gap > 0:
            logo = Box(logo.left, logo.top - gap, logo.right, logo.bottom - gap)
        elif gap < 0:
            lines = [dataclasses.replace(line, y=line.y + gap, ink=Box(
                line.ink.left, line.ink.top + gap, line.ink.right, line.ink.bottom + gap))
                for line in lines]

    # Title: largest size whose wrapped lines fit the region above the footer.
    region = Box(content.left, content.top, content.right,
                 footer_top - FOOTER_GAP if lines or logo else content.bottom)
    title = clean_text(spec.title)
    base = scripts.paragraph_level(title)
    best: tuple[int, list[str], list[Extent]] | None = None
    low, high = o.title_min_size, o.title_max_size
    while low <= high and title:  # binary search: fewer sizes measured than a linear scan
        size = (low + high) // 2
        found, extents, ok = _fit_title(title, base, size, region.width, region.height,
                                        o.title_max_lines, o.line_spacing, measure)
        if ok:
            best = (size, found, extents)
            low = size + 1
        else:
            high = size - 1
    truncated = False
    if best is None and title:
        size = o.title_min_size
        step = round(size * o.line_spacing)
        found, extents, _ = _fit_title(title, base, size, region.width, region.height,
                                       o.title_max_lines, o.line_spacing, measure)
        keep = min(len(found), o.title_max_lines)
        while keep > 1:
            top, bottom = _block(extents[:keep], step)
            if bottom - top <= region.height:
                break
            keep -= 1
        truncated = keep < len(found) or any(e.width > region.width for e in extents[:keep])
        found = found[:keep]
        if truncated:
            def fits_title(text: str) -> bool:
                return measure("title", text, size, base).width <= region.width

            found[-1] = ellipsize(found[-1], fits_title, force=True)
        extents = [measure("title", line, size, base) for line in found]
        best = (size, found, extents)
    title_size = 0
    if best is not None:
        title_size, found, extents = best
        step = round(title_size * o.line_spacing)
        top, bottom = _block(extents, step)
        first = region.top + (region.height - (bottom - top)) // 2 - top
        for i, (text, e) in enumerate(zip(found, extents, strict=True)):
            y = first + i * step
            x = region.left - e.left if base == 0 else region.right - e.right
            ink = Box(x + e.left, y + e.top, x + e.right, y + e.bottom)
            lines.append(TextLine("title", text, title_size, x, y, base, ink))
    lines.sort(key=lambda line: line.y)
    return CardLayout(width=o.width, height=o.height, content=content, accent=accent, logo=logo,
                      lines=tuple(lines), title_size=title_size, title_truncated=truncated)
