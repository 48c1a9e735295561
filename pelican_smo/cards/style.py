"""The site-wide look of the cards (``CardStyle``, ``LayoutOptions``) and its settings.

``style_from_settings`` validates the ``SMO_CARD_*`` look settings at start-up (the
settings module does not load Pillow or the card code): each bad value raises
``SmoConfigError`` naming its setting. A logo is decoded in full there, under
Pillow's decompression-bomb limit; a drawing function is imported there.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pelican_smo.cards import fonts
from pelican_smo.settings import SmoConfigError

FORMATS = {"png": ("png", "image/png"), "jpeg": ("jpg", "image/jpeg")}
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
_DOTTED = re.compile(r"^[A-Za-z_][\w.]*:[A-Za-z_]\w*$")


@dataclass(frozen=True)
class LayoutOptions:
    """Geometry of the default drawing, in pixels. Defaults suit a 1200×630 card.

    The content box is the card minus ``margin_x``/``margin_y``: all text and the
    logo stay inside it. The accent bar (``accent_width`` px at the left edge) is
    the only thing drawn in the margin.
    """

    width: int = 1200
    height: int = 630
    margin_x: int = 80
    margin_y: int = 64
    accent_width: int = 16
    title_max_size: int = 72
    title_min_size: int = 36
    title_max_lines: int = 5
    line_spacing: float = 1.22
    site_size: int = 34
    meta_size: int = 28
    logo_height: int = 88

    def __post_init__(self) -> None:
        if not (200 <= self.width <= 4000 and 100 <= self.height <= 4000):
            raise ValueError(f"card size {self.width}×{self.height} out of range")
        if not (0 <= 2 * self.margin_x < self.width // 2 and 0 <= 2 * self.margin_y < self.height):
            raise ValueError("card margins leave no room for content")
        if not 0 <= self.accent_width <= self.margin_x:
            raise ValueError("accent_width must be between 0 and margin_x")
        if not 8 <= self.title_min_size <= self.title_max_size <= 400:
            raise ValueError("need 8 <= title_min_size <= title_max_size <= 400")
        if not 1 <= self.title_max_lines <= 20:
            raise ValueError("title_max_lines must be from 1 to 20")
        if not 0.8 <= self.line_spacing <= 3:
            raise ValueError("line_spacing must be from 0.8 to 3")
        if not (6 <= self.site_size <= 200 and 6 <= self.meta_size <= 200):
            raise ValueError("site_size and meta_size must be from 6 to 200")
        if not 0 <= self.logo_height <= 400:
            raise ValueError("logo_height must be from 0 to 400")


def check_colour(value: str) -> str:
    """``'#RRGGBB'`` normalised to lower case; ``ValueError`` otherwise."""
    if not isinstance(value, str) or not _COLOUR.match(value):
        raise ValueError(f"colour must be '#rrggbb', got {value!r}")
    return value.lower()


@dataclass(frozen=True)
class CardStyle:
    """Site-wide look of the cards.

    ``fonts`` are the user's title font files (``path`` or ``path#face`` for a
    collection), tried before the default stack; ``text_fonts`` the same for the
    small text (empty: use ``fonts``). ``draw_function`` (``"module:function"``)
    replaces the default drawing: it gets the ``CardSpec`` and returns a
    ``PIL.Image.Image``.
    """

    background: str = "#1f2937"
    foreground: str = "#f9fafb"
    accent: str = "#f59e0b"
    logo: str | None = None
    fonts: tuple[str, ...] = ()
    text_fonts: tuple[str, ...] = ()
    format: str = "png"
    layout: LayoutOptions = field(default_factory=LayoutOptions)
    draw_function: str | None = None

    def __post_init__(self) -> None:
        for name in ("background", "foreground", "accent"):
            object.__setattr__(self, name, check_colour(getattr(self, name)))
        if self.format not in FORMATS:
            raise ValueError(f"format must be one of {', '.join(FORMATS)}, got {self.format!r}")
        if self.draw_function is not None and not _DOTTED.match(self.draw_function):
            raise ValueError("draw_function must look like 'package.module:function', "
                             f"got {self.draw_function!r}")
        object.__setattr__(self, "fonts", tuple(self.fonts))
        object.__setattr__(self, "text_fonts", tuple(self.text_fonts))

    @property
    def extension(self) -> str:
        return FORMATS[self.format][0]

    @property
    def mime(self) -> str:
        return FORMATS[self.format][1]

    def title_stack(self) -> tuple[str, ...]:
        """User title fonts, then the default bold stack (ending with Pillow's font)."""
        return _dedupe(self.fonts + fonts.default_font_stack(True))

    def text_stack(self) -> tuple[str, ...]:
        """User text fonts (or title fonts), then the default regular stack."""
        return _dedupe((self.text_fonts or self.fonts) + fonts.default_font_stack(False))


def _dedupe(refs: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(refs))




#: Setting → ``CardStyle`` field, for the look settings (``settings.CARD_LOOK_SETTINGS``).
_FIELDS = {
    "SMO_CARD_BACKGROUND": "background",
    "SMO_CARD_FOREGROUND": "foreground",
    "SMO_CARD_ACCENT": "accent",
    "SMO_CARD_LOGO": "logo",
    "SMO_CARD_FONTS": "fonts",
    "SMO_CARD_TEXT_FONTS": "text_fonts",
    "SMO_CARD_FORMAT": "format",
    "SMO_CARD_LAYOUT": "layout",
    "SMO_CARD_DRAW_FUNCTION": "draw_function",
}


def style_from_settings(look: Mapping[str, Any]) -> CardStyle:
    """One ``CardStyle`` from the given ``SMO_CARD_*`` look settings (name → value).

    Raises ``SmoConfigError`` naming the first setting that cannot be used.
    """
    given: dict[str, Any] = {}
    for setting, field_name in _FIELDS.items():
        if look.get(setting) is None:
            continue
        value = look[setting]
        if field_name in ("fonts", "text_fonts"):
            value = _font_list(setting, value)
        elif field_name == "logo":
            value = _card_logo(setting, value)
        elif field_name == "layout":
            value = _layout(setting, value)
        try:
            CardStyle(**{field_name: value})
        except (TypeError, ValueError) as err:
            raise SmoConfigError(f"{setting}: {err}") from err
        if field_name == "draw_function":
            _check_draw_function(setting, value)
        given[field_name] = value
    return CardStyle(**given)


def _font_list(name: str, value: Any) -> tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, list | tuple):
        raise SmoConfigError(f"{name} must be a list of font file paths "
                             f"('file.ttf', or 'file.ttc#1' for a face), got {value!r}")
    for ref in value:
        problem = fonts.font_problem(str(ref))
        if problem:
            raise SmoConfigError(f"{name}: {problem}")
    return tuple(str(ref) for ref in value)


def _card_logo(name: str, value: Any) -> str | None:
    """The logo's path, after decoding it whole: a file that only claims to be an image, or
    one over Pillow's pixel limit (a decompression bomb), is refused here, not per card."""
    if not isinstance(value, str) or not value.strip():
        raise SmoConfigError(f"{name} must be the path of a PNG or JPEG file, got {value!r}")
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(value) as img:
            img.load()
    except FileNotFoundError as err:
        raise SmoConfigError(f"{name}: no file at {value!r}") from err
    except Image.DecompressionBombError as err:
        raise SmoConfigError(f"{name}: {value!r} is too large to decode safely "
                             f"({err}); use a logo under a few thousand pixels a side") from err
    except (OSError, UnidentifiedImageError, SyntaxError, ValueError) as err:
        raise SmoConfigError(f"{name}: {value!r} is not an image Pillow can read "
                             f"(PNG or JPEG; SVG is not supported): {err}") from err
    return value


def _layout(name: str, value: Any) -> LayoutOptions:
    allowed = sorted(LayoutOptions.__dataclass_fields__)
    if not isinstance(value, Mapping) or set(value) - set(allowed):
        raise SmoConfigError(f"{name} must be a dict with keys from {', '.join(allowed)}, "
                             f"got {value!r}")
    try:
        return LayoutOptions(**value)
    except (TypeError, ValueError) as err:
        raise SmoConfigError(f"{name}: {err}") from err


def _check_draw_function(name: str, dotted: str) -> None:
    """Import ``module:function`` now, so a typo stops the build at start-up instead of
    failing every card."""
    module_name, _, function_name = dotted.partition(":")
    try:
        module = importlib.import_module(module_name)
    except Exception as err:  # any import-time failure of the user's module
        raise SmoConfigError(f"{name}: cannot import {module_name!r} ({err}); it must name "
                             f"a function as 'package.module:function'") from err
    if not callable(getattr(module, function_name, None)):
        raise SmoConfigError(f"{name}: {module_name!r} has no function {function_name!r}")
