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
from dataclasses import dataclass, field
from typing import Any

import PIL

from pelican_smo.cards import fonts
from pelican_smo.cards.style import CardStyle

#: Bump when a change to layout or drawing changes the pictures: every card is redrawn.
LAYOUT_VERSION = 1
#: Hex digits of the digest used in file names (80 bits).
DIGEST_LENGTH = 20
#: A card file's largest size: WhatsApp and some chat apps drop larger previews.
MAX_BYTES = 300_000

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
