"""What a social card shows: ``CardSpec`` (per page) and ``CardStyle`` (per site), pure data.

A spec holds everything that decides the picture and nothing else, so its
``digest()`` can name the card file: same digest, same picture, no redraw.
The digest covers the text, style and layout, the identity of every font file
(path, size and modification time) and of the user's drawing module, the logo's
content hash, the plugin and Pillow versions, whether libraqm shapes text, and
``LAYOUT_VERSION`` (bumped whenever the drawing code changes the picture).
``page_id`` is not in it: it only names the page in log messages, and two pages
with the same card share one file.
"""

from __future__ import annotations

import dataclasses
import hashlib
import importlib.util
import json
import os
import re
from dataclasses import dataclass, field
from typing import Any

import PIL

from pelican_smo.cards import fonts

#: Bump when a change to layout or drawing changes the pictures: every card is redrawn.
LAYOUT_VERSION = 1
#: Hex digits of the digest used in file names (80 bits).
DIGEST_LENGTH = 20
#: A card file's largest size: WhatsApp and some chat apps drop larger previews.
MAX_BYTES = 300_000

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


@dataclass(frozen=True)
class CardSpec:
    """One page's card. All text is plain text (never HTML), already unescaped.

    ``lang`` is the page language (BCP 47, e.g. ``"ja"``, ``"zh-Hans"``): it picks
    language-specific glyph forms (Han characters differ between Japanese and
    Chinese). ``page_id`` names the page in log messages only.
    """

    page_id: str
    title: str
    site_name: str = ""
    authors: tuple[str, ...] = ()
    date_text: str = ""
    lang: str | None = None
    style: CardStyle = field(default_factory=CardStyle)

    def __post_init__(self) -> None:
        object.__setattr__(self, "authors", tuple(self.authors))
        if self.lang is not None:  # Pelican sites often write "pt_BR": BCP 47 wants "pt-BR"
            object.__setattr__(self, "lang", self.lang.strip().replace("_", "-") or None)

    def digest(self, stamps: FileStamps | None = None) -> str:
        """Short sha256 hex of everything that changes the picture (see the module docstring).

        Pass one ``FileStamps`` for a whole build so font and logo files are
        examined once, not once per page.
        """
        stamps = stamps or FileStamps()
        return stamps.digest(self)


class FileStamps:
    """Identity of files a card depends on, looked up once per build.

    Fonts are identified by path, size and mtime (hashing a 20 MB CJK collection
    per build would cost more than drawing); the logo by its content hash, since
    it is small and often replaced by a file of the same size.
    """

    def __init__(self) -> None:
        self._stats: dict[str, list[int] | None] = {}
        self._hashes: dict[tuple[str, int, int], str] = {}
        self._style_digests: dict[CardStyle, str] = {}
        self._last_style: tuple[CardStyle, str] | None = None

    def stat(self, path: str) -> list[int] | None:
        """``[size, mtime_ns]`` of ``path``, or ``None`` when it does not exist."""
        if path not in self._stats:
            try:
                st = os.stat(path)
            except OSError:
                self._stats[path] = None
            else:
                self._stats[path] = [st.st_size, st.st_mtime_ns]
        return self._stats[path]

    def content_hash(self, path: str) -> str | None:
        """sha256 of the file's bytes (cached by path, size and mtime); ``None`` if unreadable."""
        stat = self.stat(path)
        if stat is None:
            return None
        key = (path, stat[0], stat[1])
        if key not in self._hashes:
            try:
                with open(path, "rb") as fh:
                    self._hashes[key] = hashlib.sha256(fh.read()).hexdigest()
            except OSError:
                return None
        return self._hashes[key]

    def _font_stamps(self, refs: tuple[str, ...]) -> list[Any]:
        return [[ref, None if ref == fonts.BUILTIN_FONT
                 else self.stat(fonts.split_font_ref(ref)[0])] for ref in refs]

    def _module_stamp(self, dotted: str | None) -> Any:
        if dotted is None:
            return None
        module = dotted.split(":")[0]
        try:
            found = importlib.util.find_spec(module)
        except (ImportError, ValueError):
            found = None
        origin = found.origin if found is not None else None
        return [dotted, origin, self.stat(origin) if origin else None]

    def style_digest(self, style: CardStyle) -> str:
        """sha256 hex of a style's share of the digest: its settings, layout, logo, fonts,
        drawing module and engine, as JSON (cached: one style serves every page).

        Hashed once here, so each page's digest hashes its own text and this short
        hex: the style's JSON is some 30 KB (every font file's stamp), and hashing it
        again for every card cost more than the rest of a card's digest. Looked up by
        identity first: every page of a build shares one style object, and hashing
        the whole style (a nested dataclass) as a dict key cost more still.
        """
        last = self._last_style
        if last is not None and last[0] is style:
            return last[1]
        if style not in self._style_digests:
            plain = dataclasses.asdict(style)
            plain["layout"] = dataclasses.asdict(style.layout)
            plain["logo"] = [style.logo, self.content_hash(style.logo)] if style.logo else None
            plain["title_fonts"] = self._font_stamps(style.title_stack())
            plain["text_fonts_resolved"] = self._font_stamps(style.text_stack())
            plain["draw_function"] = self._module_stamp(style.draw_function)
            plain["engine"] = [LAYOUT_VERSION, _plugin_version(), PIL.__version__, fonts.RAQM]
            text = json.dumps(plain, sort_keys=True, ensure_ascii=False)
            self._style_digests[style] = hashlib.sha256(text.encode("utf-8")).hexdigest()
        self._last_style = (style, self._style_digests[style])
        return self._last_style[1]

    def digest(self, spec: CardSpec) -> str:
        """The digest of ``spec`` (see ``CardSpec.digest``)."""
        page = json.dumps([spec.title, spec.site_name, list(spec.authors), spec.date_text,
                           spec.lang], ensure_ascii=False)
        text = page + "\n" + self.style_digest(spec.style)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:DIGEST_LENGTH]


def _plugin_version() -> str:
    # Read at call time: ``pelican_smo/__init__`` sets it after importing the plugin.
    import pelican_smo

    return str(getattr(pelican_smo, "__version__", "0"))
