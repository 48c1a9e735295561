"""Drawing text with a stack of fonts: per-character fallback, runs, measuring, drawing.

Colour bitmap fonts (Noto Color Emoji is CBDT, only drawable at its strike size
109) are loaded at their strike size and the glyph image is scaled.

Right-to-left text: lines are split into runs of one font and one bidi level
(``scripts.embedding_levels``), ordered with rule L2; with libraqm
(``PIL.features.check('raqm')``) each run is shaped by HarfBuzz with
``direction='rtl'`` — Arabic joins, brackets mirror. Without libraqm, a
right-to-left run is drawn with its characters reversed and brackets mirrored:
Hebrew reads correctly, Arabic shows unjoined (isolated) letter forms.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from PIL import Image, ImageDraw, ImageFont

from pelican_smo.cards import text as scripts
from pelican_smo.cards.fonts import BUILTIN_FONT, RAQM, covers, font_info, split_font_ref
from pelican_smo.cards.layout import Extent


@dataclass(frozen=True)
class Run:
    """Text drawn in one go: one font, one direction, logical character order."""

    text: str
    font: str
    rtl: bool


class FontStack:
    """An ordered list of fonts and the per-character fallback over it.

    ``fonts`` are font references in fallback order; unreadable ones are skipped.
    ``language`` (a BCP 47 tag such as ``"zh-Hans"``) lets HarfBuzz pick
    language-specific glyph forms (libraqm only).
    """

    def __init__(self, fonts: Sequence[str], language: str | None = None, *,
                 shaping: bool | None = None) -> None:
        self.fonts = tuple(fonts) or (BUILTIN_FONT,)
        #: Shape runs with libraqm (HarfBuzz); ``None``: whenever Pillow has it.
        self.shaping = RAQM if shaping is None else shaping and RAQM
        self.language = language if self.shaping and language else None
        self._loaded: dict[tuple[str, int], tuple[ImageFont.FreeTypeFont, float]] = {}
        self._extents: dict[tuple[str, bool, str, int], Extent] = {}
        self._runs: dict[tuple[str, int], tuple[Run, ...]] = {}
        self._drawable: dict[str, bool] = {}
        self._emoji_order: tuple[str, ...] | None = None
        self._chosen: dict[str, str | None] = {}

    def _search_order(self, cluster: str) -> tuple[str, ...]:
        """Fonts to try for ``cluster``: colour fonts first when it asks for emoji (VS16)."""
        if "\ufe0f" not in cluster:
            return self.fonts
        if self._emoji_order is None:
            colour = tuple(f for f in self.fonts if getattr(font_info(f), "color", False))
            self._emoji_order = colour + tuple(f for f in self.fonts if f not in colour)
        return self._emoji_order

    def font_for(self, cluster: str) -> str | None:
        """The first font that has every character of ``cluster`` (see ``_choose``)."""
        if cluster not in self._chosen:
            self._chosen[cluster] = self._choose(cluster)
        return self._chosen[cluster]

    def _choose(self, cluster: str) -> str | None:
        """The first font that has every character of ``cluster``; ``None`` if none has its base.

        A cluster with VS16 (emoji presentation) prefers a colour font. When no font
        has all characters, the first with the base character is used.
        """
        needed = [ch for ch in cluster if not scripts.is_ignorable(ch)]
        if not needed:
            return None
        candidates = self._search_order(cluster)
        for ref in candidates:
            info = font_info(ref)
            if info and all(info.covers(ch) for ch in needed):
                return ref
        for ref in candidates:
            info = font_info(ref)
            if info and info.covers(needed[0]):
                return ref
        return None

    def missing(self, text: str) -> list[str]:
        """Characters of ``text`` that no font in the stack can draw (in order, once each).

        Every character is looked up once per stack and remembered: a site's
        titles share most of their characters, and this runs for every card of
        every build, drawn or cached.
        """
        out: list[str] = []
        drawable = self._drawable
        for ch in text:
            known = drawable.get(ch)
            if known is None:
                known = drawable[ch] = (scripts.is_ignorable(ch) or ch.isspace()
                                        or any(covers(f, ch) for f in self.fonts))
            if not known and ch not in out:
                out.append(ch)
        return out

    def runs(self, text: str, base: int) -> tuple[Run, ...]:
        """``text`` (one line) as runs in visual order, left to right.

        Characters no font has are left out (``missing`` reports them).
        """
        key = (text, base)
        if key not in self._runs:
            if len(self._runs) > 20000:
                self._runs.clear()
            self._runs[key] = self._split(text, base)
        return self._runs[key]

    def _split(self, text: str, base: int) -> tuple[Run, ...]:
        units = scripts.clusters(text)
        fonts: list[str | None] = []
        previous: str | None = None
        for unit in units:
            if unit.isspace():
                fonts.append(previous)  # decided below, once the next font is known
                continue
            chosen = self.font_for(unit)
            fonts.append(chosen)
            if chosen:
                previous = chosen
        # Spaces take the font of a neighbour that has a space glyph, a text font rather
        # than an emoji font (whose spaces are emoji-wide).
        for i, unit in enumerate(units):
            if not unit.isspace():
                continue
            before = fonts[i - 1] if i else None
            after = next((fonts[j] for j in range(i + 1, len(units))
                          if not units[j].isspace() and fonts[j]), None)
            fonts[i] = next((f for f in (before, after, *self.fonts)
                             if f and covers(f, unit[0])
                             and not getattr(font_info(f), "color", False)), BUILTIN_FONT)
        levels = scripts.embedding_levels(text, base)
        items: list[tuple[str, str, int]] = []  # text, font, level
        position = 0
        for unit, font in zip(units, fonts, strict=True):
            level = levels[position]
            position += len(unit)
            if font is None:
                continue
            if items and items[-1][1] == font and items[-1][2] == level:
                items[-1] = (items[-1][0] + unit, font, level)
            else:
                items.append((unit, font, level))
        order = scripts.visual_order([item[2] for item in items])
        return tuple(Run(items[i][0], items[i][1], items[i][2] % 2 == 1) for i in order)

    def _font(self, ref: str, size: int) -> tuple[ImageFont.FreeTypeFont, float]:
        """Pillow font for ``ref`` at ``size`` and the scale to apply to what it draws."""
        key = (ref, size)
        if key not in self._loaded:
            if ref == BUILTIN_FONT:
                font = ImageFont.load_default(size)
                self._loaded[key] = (font, 1.0)  # type: ignore[assignment]
            else:
                info = font_info(ref)
                path, face = split_font_ref(ref)
                engine = ImageFont.Layout.RAQM if self.shaping else ImageFont.Layout.BASIC
                if info is not None and info.strikes:
                    strike = info.strikes[-1]
                    font = ImageFont.truetype(path, strike, index=face, layout_engine=engine)
                    self._loaded[key] = (font, size / strike)
                else:
                    font = ImageFont.truetype(path, size, index=face, layout_engine=engine)
                    self._loaded[key] = (font, 1.0)
        return self._loaded[key]

    def _shape_args(self, run: Run) -> tuple[str, dict[str, str]]:
        if self.shaping:
            args = {"direction": "rtl" if run.rtl else "ltr"}
            if self.language:
                args["language"] = self.language
            return run.text, args
        if run.rtl:
            return "".join(scripts.MIRRORED.get(c, c) for c in reversed(run.text)), {}
        return run.text, {}

    def _run_extent(self, run: Run, size: int) -> Extent:
        key = (run.text, run.rtl, run.font, size)
        cached = self._extents.get(key)
        if cached is not None:
            return cached
        font, scale = self._font(run.font, size)
        text, args = self._shape_args(run)
        if isinstance(font, ImageFont.FreeTypeFont):
            left, top, right, bottom = font.getbbox(text, anchor="ls", **args)
            advance = font.getlength(text, **args)
        else:  # Pillow's bitmap font: top-left anchored, no baseline
            left, top, right, bottom = font.getbbox(text)
            top, bottom = top - size, bottom - size
            advance = right
        extent = Extent(math.floor(left * scale), math.floor(top * scale),
                        math.ceil(right * scale), math.ceil(bottom * scale),
                        round(advance * scale))
        if len(self._extents) > 50000:
            self._extents.clear()
        self._extents[key] = extent
        return extent

    def measure(self, text: str, size: int, base: int = 0) -> Extent:
        """Ink box and advance of one line of ``text`` at ``size`` px, as ``draw`` would draw it."""
        pen = 0
        box: list[int] | None = None
        for run in self.runs(text, base):
            e = self._run_extent(run, size)
            if e.right > e.left and e.bottom > e.top:
                part = [pen + e.left, e.top, pen + e.right, e.bottom]
                box = part if box is None else [min(box[0], part[0]), min(box[1], part[1]),
                                                max(box[2], part[2]), max(box[3], part[3])]
            pen += e.advance
        if box is None:
            return Extent(0, 0, 0, 0, pen)
        return Extent(box[0], box[1], box[2], box[3], pen)

    def draw(self, mask: Image.Image, colour_layer: Image.Image, origin: tuple[int, int],
             text: str, size: int, fill: tuple[int, int, int], base: int = 0) -> None:
        """Draw one line with its pen starting at ``origin`` (x, baseline y).

        Plain glyphs go into the ``L`` image ``mask`` (coverage, coloured later);
        colour glyphs (emoji) into the ``RGBA`` image ``colour_layer``.
        """
        pen_x, baseline = origin
        mask_draw = ImageDraw.Draw(mask)
        for run in self.runs(text, base):
            extent = self._run_extent(run, size)
            font, scale = self._font(run.font, size)
            shaped, args = self._shape_args(run)
            info = font_info(run.font)
            if info is not None and info.color:
                self._draw_colour(colour_layer, font, scale, shaped, args, extent,
                                  (pen_x, baseline), fill)
            elif isinstance(font, ImageFont.FreeTypeFont):
                mask_draw.text((pen_x, baseline), shaped, font=font, fill=255, anchor="ls",
                               **args)
            else:
                mask_draw.text((pen_x, baseline - size), shaped, font=font, fill=255)
            pen_x += extent.advance

    @staticmethod
    def _draw_colour(layer: Image.Image, font: ImageFont.FreeTypeFont, scale: float,
                     text: str, args: dict[str, str], extent: Extent,
                     origin: tuple[int, int], fill: tuple[int, int, int]) -> None:
        left, top, right, bottom = font.getbbox(text, anchor="ls", **args)
        if right <= left or bottom <= top:
            return
        glyphs = Image.new("RGBA", (right - left, bottom - top), (0, 0, 0, 0))
        ImageDraw.Draw(glyphs).text((-left, -top), text, font=font, fill=(*fill, 255),
                                    anchor="ls", embedded_color=True, **args)
        if scale != 1.0:
            size = (max(1, extent.right - extent.left), max(1, extent.bottom - extent.top))
            glyphs = glyphs.resize(size, Image.Resampling.LANCZOS)
        x, y = origin[0] + extent.left, origin[1] + extent.top
        if x < 0 or y < 0:  # alpha_composite takes no negative destination: crop instead
            glyphs = glyphs.crop((max(0, -x), max(0, -y), glyphs.width, glyphs.height))
            x, y = max(0, x), max(0, y)
        layer.alpha_composite(glyphs, (x, y))
