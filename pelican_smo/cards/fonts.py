"""Fonts for social cards: finding them, knowing which glyphs they have, drawing runs.

Default font stack (no download, ever), in this order:

1. fontconfig (``fc-list``/``fc-match``) when installed: a few preferred families
   first, in this order — Noto Sans (Latin, Greek, Cyrillic), Noto Sans Arabic,
   Noto Sans Hebrew, Noto Sans CJK JP (its ``locl`` feature draws Chinese and
   Korean forms when the page language is given), Noto Color Emoji, DejaVu Sans —
   then everything else fontconfig sorts for ``sans-serif`` (upright, TrueType or
   OpenType only), so any script with an installed font gets real glyphs.
2. Without fontconfig: the same families at their Debian paths
   (``fonts-noto-core``, ``fonts-noto-cjk``, ``fonts-noto-color-emoji``,
   ``fonts-dejavu-core``), then any other Noto font found there.
3. Always last: Pillow's built-in font (``ImageFont.load_default(size)``, scalable
   when Pillow has FreeType), so a card is drawn even on a machine with no fonts.

User font files from the settings come before all of these.

Which font draws a character: the first font in the stack whose ``cmap`` maps
it to a glyph. The ``cmap`` table is read by the small parser below (formats 0,
4, 6, 12 and 13, TrueType/OpenType and collections): it is exact, whereas
comparing a rendered glyph with ``.notdef`` misfires on fonts whose ``.notdef``
is blank or on characters that draw nothing (``sfnt``). A font file it cannot read
(WOFF, Type 1) is refused by ``font_problem`` at start-up.

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

import functools
import io
import logging
import math
import os
import re
import shutil
import subprocess
import threading
from collections.abc import Sequence
from dataclasses import dataclass

from PIL import Image, ImageDraw, ImageFont, features

from pelican_smo.cards import text as scripts
from pelican_smo.cards.layout import Extent
from pelican_smo.cards.sfnt import FontFormatError, FontInfo, read_font_info

logger = logging.getLogger(__name__)

#: Stands for Pillow's built-in font in a font stack.
BUILTIN_FONT = "<pillow-default>"

RAQM = bool(features.check("raqm"))

#: Families tried first, in order (fontconfig names).
PREFERRED_FAMILIES = ("Noto Sans", "Noto Sans Arabic", "Noto Sans Hebrew", "Noto Sans CJK JP",
                      "Noto Color Emoji", "DejaVu Sans")

_NOTO = "/usr/share/fonts/truetype/noto/"
_DEBIAN_FONTS = {
    True: (_NOTO + "NotoSans-Bold.ttf", _NOTO + "NotoSansArabic-Bold.ttf",
           _NOTO + "NotoSansHebrew-Bold.ttf", "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
           _NOTO + "NotoColorEmoji.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
    False: (_NOTO + "NotoSans-Regular.ttf", _NOTO + "NotoSansArabic-Regular.ttf",
            _NOTO + "NotoSansHebrew-Regular.ttf",
            "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
            _NOTO + "NotoColorEmoji.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
}
_SFNT_SUFFIXES = (".ttf", ".otf", ".ttc", ".otc")
_FACE_SUFFIX = re.compile(r"^(.*)#(\d+)$")


def split_font_ref(ref: str) -> tuple[str, int]:
    """``"file.ttc#2"`` → ``("file.ttc", 2)``: a font file, optionally with a face index."""
    match = _FACE_SUFFIX.match(ref)
    if match and not os.path.exists(ref):
        return match.group(1), int(match.group(2))
    return ref, 0


_LATIN1 = FontInfo(starts=(0x20, 0xA0), ends=(0x7E, 0xFF), scalable=False, color=False)


def covers(ref: str, ch: str) -> bool:
    """Whether font ``ref`` has a glyph for ``ch`` (an unreadable font has none)."""
    info = font_info(ref)
    return info is not None and info.covers(ch)


@functools.cache
def font_info(ref: str) -> FontInfo | None:
    """Coverage of a font (path, ``path#face`` or ``BUILTIN_FONT``); ``None`` if unreadable.

    Cached for the life of the process: fonts don't change during a build.
    """
    if ref == BUILTIN_FONT:
        builtin = ImageFont.load_default(10)
        data = getattr(builtin, "path", None)
        if isinstance(data, io.BytesIO):
            return read_font_info(io.BytesIO(data.getvalue()))
        return _LATIN1  # Pillow without FreeType: the old bitmap font, Latin-1 only
    path, face = split_font_ref(ref)
    try:
        with open(path, "rb") as fh:
            return read_font_info(fh, face)
    except (OSError, FontFormatError):
        return None


def font_problem(ref: str) -> str | None:
    """Why a user's font file can't be used, or ``None`` when it can (for settings checks)."""
    path, face = split_font_ref(ref)
    try:
        with open(path, "rb") as fh:
            read_font_info(fh, face)
    except FileNotFoundError:
        return f"font file {path!r} does not exist"
    except OSError as err:
        return f"font file {path!r} can't be read: {err.strerror}"
    except FontFormatError as err:
        return f"{path!r} is not a usable TrueType/OpenType font: {err}"
    try:
        ImageFont.truetype(path, 20, index=face)
    except OSError as err:
        info = font_info(ref)
        if not (info and info.strikes):
            return f"Pillow can't load font {path!r}: {err}"
    return None


# --- the default stack -----------------------------------------------------------------------


def _run(args: list[str]) -> str | None:
    try:
        done = subprocess.run(args, capture_output=True, text=True, timeout=20, check=True)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout


@functools.cache
def _font_listing() -> str | None:
    """Every installed font, one per line, from ``fc-list``: read once for both weights
    (each ``fontconfig`` call is a process, several ms on every build with cards)."""
    if not (shutil.which("fc-list") and shutil.which("fc-match")):
        return None
    return _run(["fc-list", "--format", "%{file}\t%{index}\t%{family}\t%{weight}\t%{slant}\n"])


def _fontconfig_stack(bold: bool) -> list[str] | None:
    listing = _font_listing()
    if listing is None:
        return None
    wanted = 200 if bold else 80  # fontconfig weights: regular 80, bold 200
    best: dict[str, tuple[int, str]] = {}
    for line in listing.splitlines():
        parts = line.split("\t")
        if len(parts) != 5 or not parts[0].lower().endswith(_SFNT_SUFFIXES):
            continue
        file, index, families, weight, slant = parts
        try:
            distance = abs(int(float(weight.split()[0].strip("[]"))) - wanted)
            upright = int(slant or 0) == 0
        except ValueError:
            continue
        if not upright:
            continue
        ref = file if index in ("", "0") else f"{file}#{index}"
        for family in families.split(","):
            if family in PREFERRED_FAMILIES and (family not in best
                                                 or distance < best[family][0]):
                best[family] = (distance, ref)
    stack = [best[f][1] for f in PREFERRED_FAMILIES if f in best]
    pattern = "sans-serif:weight=200" if bold else "sans-serif"
    tail = _run(["fc-match", "-s", "--format", "%{file}\t%{index}\t%{slant}\n", pattern]) or ""
    for line in tail.splitlines():
        parts = line.split("\t")
        if len(parts) != 3 or not parts[0].lower().endswith(_SFNT_SUFFIXES):
            continue
        if parts[2] not in ("", "0"):
            continue
        stack.append(parts[0] if parts[1] in ("", "0") else f"{parts[0]}#{parts[1]}")
    return stack


def _debian_stack(bold: bool) -> list[str]:
    stack = [p for p in _DEBIAN_FONTS[bold] if os.path.exists(p)]
    weight = "-Bold." if bold else "-Regular."
    if os.path.isdir(_NOTO):
        stack.extend(_NOTO + name for name in sorted(os.listdir(_NOTO))
                     if name.startswith("NotoSans") and weight in name)
    return stack


#: Held while the stacks are looked up, so a lookup started by ``prefetch_default_stacks``
#: is waited for, not run a second time.
_STACK_LOCK = threading.Lock()


def _new_stack_lock() -> None:
    """A forked card worker gets a free lock: had the background lookup held it at the
    fork, the worker's copy would stay held, with no thread left to release it."""
    global _STACK_LOCK
    _STACK_LOCK = threading.Lock()


if hasattr(os, "register_at_fork"):  # POSIX; Windows workers start afresh anyway
    os.register_at_fork(after_in_child=_new_stack_lock)


def default_font_stack(bold: bool = True) -> tuple[str, ...]:
    """The installed fonts to fall back on, in order (see the module docstring).

    ``bold`` picks the weight for titles (True) or for the small text (False).
    Computed once per process.
    """
    with _STACK_LOCK:
        return _default_font_stack(bold)


def prefetch_default_stacks() -> threading.Thread:
    """Look both default stacks up on a background thread, and return it.

    Why: fontconfig is three processes, some 25 ms of waiting on every build with
    cards. Started while Pelican reads the content, the wait overlaps that work
    (the thread waits on the processes without holding the GIL), and the first
    card finds the stacks ready. A failure there only means the card's own call
    looks them up again and reports it.
    """
    thread = threading.Thread(target=_look_up_both_stacks, name="pelican_smo-fonts",
                              daemon=True)
    thread.start()
    return thread


def _look_up_both_stacks() -> None:
    try:
        default_font_stack(True)
        default_font_stack(False)
    except Exception:  # the build's own call looks the stacks up again and reports it
        logger.debug("pelican_smo: font lookup in the background failed", exc_info=True)


@functools.cache
def _default_font_stack(bold: bool) -> tuple[str, ...]:
    found = _fontconfig_stack(bold)
    if not found:
        found = _debian_stack(bold)
    stack: list[str] = []
    for ref in [*found, BUILTIN_FONT]:
        if ref not in stack:
            stack.append(ref)
    return tuple(stack)


# --- choosing fonts for text -----------------------------------------------------------------




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
