"""Fonts for social cards: finding them and knowing which glyphs they have.

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

Drawing text with a stack of fonts: ``cards.fontstack``.
"""

from __future__ import annotations

import functools
import io
import logging
import os
import re
import shutil
import subprocess
import threading

from PIL import ImageFont, features

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
