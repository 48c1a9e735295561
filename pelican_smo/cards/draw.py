"""Drawing a card with Pillow and encoding it small.

``render_card`` draws the default design (``layout.layout_card`` decides where
things go) or calls the site's own ``draw_function``, whose picture is cropped
and scaled to the layout's size if it differs (the size is promised in the
page's tags before the drawing is done). ``encode_card`` turns the
picture into file bytes, always under ``MAX_BYTES`` (300 KB: WhatsApp and some
chat apps drop larger previews):

* PNG (zlib level 6): an exact palette when the card has at most 256 colours;
  otherwise a 256-colour palette when it is visually lossless (RMS error ≤ 1.5
  per channel, typical for flat backgrounds with anti-aliased text: half the
  bytes of true colour); otherwise true colour. Over budget (a photographic custom
  card): dithered palettes of 256, 128, then 64 colours. A PNG still over budget is
  reported (``EncodedCard.oversize``) so the caller can suggest JPEG.
* JPEG: quality 85 with full-resolution colour (text edges stay crisp), lowered
  step by step only if over budget.

Text is drawn into coverage masks and colour layers first, and their ink is
checked against the content box before compositing: a line the layout placed
wrongly is clipped rather than spilled into the margin, and reported as
``clipped`` so the caller can warn.
"""

from __future__ import annotations

import functools
import importlib
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PIL import Image, ImageChops, ImageDraw, ImageOps, ImageStat

from pelican_smo.cards.fontstack import FontStack
from pelican_smo.cards.layout import Box, CardLayout, Extent, layout_card
from pelican_smo.cards.spec import MAX_BYTES, CardSpec

#: Sizes aimed at, leaving room under MAX_BYTES.
_BUDGET = 280_000
_PALETTE_RMS = 1.5
#: zlib level 6 (zlib's default). Measured on 20 default-design cards (256-colour palette):
#: level 6 took 4.5 ms and gave 21.4 KB, level 8 15.2 ms and 19.5 KB, level 9 41 ms and
#: 18.6 KB. Encoding was a third of drawing a card, for files far under MAX_BYTES.
_ZLIB_LEVEL = 6


@dataclass
class RenderedCard:
    """A drawn card: the picture and, for the default design, how it was laid out."""

    image: Image.Image
    layout: CardLayout | None = None
    #: Ink fell outside the content box and was cut off (a layout bug; the caller warns).
    clipped: bool = False


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def _mix(a: tuple[int, int, int], b: tuple[int, int, int], t: float) -> tuple[int, int, int]:
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b, strict=True))  # type: ignore[return-value]


@functools.lru_cache(maxsize=16)
def font_stack(fonts: tuple[str, ...], language: str | None) -> FontStack:
    """One ``FontStack`` per process and font list, so measurements stay cached across cards."""
    return FontStack(fonts, language)


def stacks_for(spec: CardSpec) -> dict[str, FontStack]:
    """Font stack by text role: bold stack for title and site name, regular for the byline."""
    bold = font_stack(spec.style.title_stack(), spec.lang)
    return {"title": bold, "site": bold, "meta": font_stack(spec.style.text_stack(), spec.lang)}


def load_function(dotted: str) -> Callable[[CardSpec], Image.Image]:
    """Import ``"package.module:function"``."""
    module_name, _, attr = dotted.partition(":")
    function = getattr(importlib.import_module(module_name), attr)
    if not callable(function):
        raise TypeError(f"{dotted} is not callable")
    return function  # type: ignore[no-any-return]


def render_card(spec: CardSpec) -> RenderedCard:
    """Draw ``spec``'s card. Raises whatever Pillow or the custom function raise."""
    style = spec.style
    background = _rgb(style.background)
    if style.draw_function:
        image = load_function(style.draw_function)(spec)
        if not isinstance(image, Image.Image):
            raise TypeError(f"{style.draw_function} returned {type(image).__name__}, "
                            "not a PIL.Image.Image")
        if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
            flat = Image.new("RGB", image.size, background)
            flat.paste(image.convert("RGBA"), (0, 0), image.convert("RGBA"))
            image = flat
        size = (style.layout.width, style.layout.height)
        if image.size != size:  # the page's tags announce this size before drawing ends
            image = ImageOps.fit(image, size, Image.Resampling.LANCZOS)
        return RenderedCard(image.convert("RGB"))

    logo = None
    if style.logo:
        with Image.open(style.logo) as opened:
            opened.load()
            logo = opened.convert("RGBA")
    stacks = stacks_for(spec)

    def measure(role: str, text: str, size: int, base: int) -> Extent:
        return stacks[role].measure(text, size, base)

    layout = layout_card(spec, measure, logo.size if logo else None)
    size = (layout.width, layout.height)
    canvas = Image.new("RGB", size, background)
    foreground = _rgb(style.foreground)
    colours = {"title": foreground, "site": _rgb(style.accent),
               "meta": _mix(foreground, background, 0.22)}
    masks = {role: Image.new("L", size, 0) for role in colours}
    colour_layer = Image.new("RGBA", size, (0, 0, 0, 0))
    for line in layout.lines:
        stacks[line.role].draw(masks[line.role], colour_layer, (line.x, line.y), line.text,
                               line.size, colours[line.role], line.base)

    clipped = False
    content = layout.content
    for layer in [*masks.values(), colour_layer]:
        ink = layer.getbbox() if layer.mode == "L" else layer.getchannel("A").getbbox()
        if ink and not content.contains(Box(*ink)):
            clipped = True
    if clipped:
        keep = Image.new("L", size, 0)
        ImageDraw.Draw(keep).rectangle((content.left, content.top, content.right - 1,
                                        content.bottom - 1), fill=255)
        for role, mask in masks.items():
            masks[role] = ImageChops.multiply(mask, keep)
        colour_layer.putalpha(ImageChops.multiply(colour_layer.getchannel("A"), keep))

    if layout.accent:
        a = layout.accent
        ImageDraw.Draw(canvas).rectangle((a.left, a.top, a.right - 1, a.bottom - 1),
                                         fill=_rgb(style.accent))
    for role, mask in masks.items():
        ink = mask.getbbox()
        if ink:  # paste only where there is ink: a full-card paste costs more than drawing
            canvas.paste(colours[role], ink, mask.crop(ink))
    ink = colour_layer.getbbox()
    if ink:
        glyphs = colour_layer.crop(ink)
        canvas.paste(glyphs, ink[:2], glyphs)
    if logo is not None and layout.logo is not None:
        box = layout.logo
        fitted = logo.resize((box.width, box.height), Image.Resampling.LANCZOS)
        canvas.paste(fitted, (box.left, box.top), fitted)
    return RenderedCard(canvas, layout, clipped)


def _save(image: Image.Image, fmt: str, **options: object) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=fmt, **options)
    return buffer.getvalue()


def _exact_palette(image: Image.Image, colours: list[tuple[int, tuple[int, int, int]]]
                   ) -> Image.Image:
    palette = Image.new("P", (1, 1))
    flat = [channel for _, colour in colours for channel in colour]
    palette.putpalette(flat + [0] * (768 - len(flat)))
    return image.quantize(palette=palette, dither=Image.Dither.NONE)


def _pin_colours(rgb: Image.Image, quantized: Image.Image,
                 colours: Sequence[tuple[int, int, int]]) -> Image.Image:
    """Make pixels of the ``colours`` exact in a quantized image.

    Octree quantizing maps every pixel of one colour to one palette entry, but that
    entry is its bucket's average: a ``#1f2937`` background would come out
    ``#1e2836``. The entry each colour landed in is read at a corner showing the
    colour, or else found by a histogram of the quantized image masked to that
    colour's pixels, and set to the exact colour.
    """
    palette = quantized.getpalette() or []
    corners = {rgb.getpixel(xy): xy for xy in ((0, 0), (rgb.width - 1, 0),
                                              (0, rgb.height - 1),
                                              (rgb.width - 1, rgb.height - 1))}
    for colour in colours:
        if colour in corners:
            index = quantized.getpixel(corners[colour])
        else:
            exact = ImageChops.difference(rgb, Image.new("RGB", rgb.size, colour))
            mask = exact.convert("L").point(lambda v: 255 if v == 0 else 0)
            counts = quantized.histogram(mask=mask)
            if max(counts, default=0) == 0:
                continue
            index = counts.index(max(counts))
        assert isinstance(index, int)
        palette[3 * index:3 * index + 3] = list(colour)
    quantized.putpalette(palette)
    return quantized


def encode_card(image: Image.Image, fmt: str,
                key_colours: Sequence[tuple[int, int, int]] = ()) -> bytes:
    """File bytes of ``image`` as ``"png"`` or ``"jpeg"``, under ``MAX_BYTES`` if possible.

    ``key_colours`` (background, text, accent) stay exact in a palette PNG; so
    does the colour of each corner.
    """
    rgb = image.convert("RGB")
    if fmt == "jpeg":
        data = b""
        for quality in (85, 78, 70, 60, 50):
            data = _save(rgb, "JPEG", quality=quality, optimize=True, progressive=True,
                         subsampling=0 if quality >= 78 else 2)
            if len(data) <= _BUDGET:
                break
        return data
    if fmt != "png":
        raise ValueError(f"unknown card format {fmt!r}")
    colours = rgb.getcolors(256)
    if colours:
        return _save(_exact_palette(rgb, colours), "PNG", compress_level=_ZLIB_LEVEL)
    corners = [rgb.getpixel((x, y)) for x in (0, rgb.width - 1) for y in (0, rgb.height - 1)]
    pinned = list(dict.fromkeys([*key_colours, *corners]))
    quantized = rgb.quantize(256, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    quantized = _pin_colours(rgb, quantized, pinned)  # type: ignore[arg-type]
    error = ImageStat.Stat(ImageChops.difference(rgb, quantized.convert("RGB"))).rms
    if max(error) <= _PALETTE_RMS:
        paletted = _save(quantized, "PNG", compress_level=_ZLIB_LEVEL)
        if len(paletted) <= _BUDGET:
            return paletted
    smallest = _save(rgb, "PNG", compress_level=_ZLIB_LEVEL)
    for count in (256, 128, 64):  # photographic custom cards: dither, then fewer colours
        if len(smallest) <= _BUDGET:
            break
        dithered = rgb.quantize(count, method=Image.Quantize.FASTOCTREE,
                                dither=Image.Dither.FLOYDSTEINBERG)
        data = _save(_pin_colours(rgb, dithered, pinned), "PNG", compress_level=_ZLIB_LEVEL)  # type: ignore[arg-type]
        smallest = min(smallest, data, key=len)
    return smallest


@dataclass(frozen=True)
class EncodedCard:
    """A card ready to be written: bytes, pixel size, and whether drawing clipped ink."""

    data: bytes
    width: int
    height: int
    clipped: bool

    @property
    def oversize(self) -> bool:
        """Larger than ``MAX_BYTES`` despite every reduction (only photographic PNGs)."""
        return len(self.data) > MAX_BYTES


def card_bytes(spec: CardSpec) -> EncodedCard:
    """Draw and encode ``spec``'s card (the work a pool worker does)."""
    rendered = render_card(spec)
    style = spec.style
    keys = [_rgb(c) for c in (style.background, style.foreground, style.accent)]
    data = encode_card(rendered.image, style.format, keys)
    return EncodedCard(data, rendered.image.width, rendered.image.height, rendered.clipped)
