"""The card cache and the output's card folder: files, their sizes, installing them.

Cards are drawn into the cache (``SMO_CARD_CACHE``, by default
``<CACHE_PATH>/smo-cards``, outside the output so ``DELETE_OUTPUT_DIRECTORY`` costs no
redraw) under ``<digest>.<ext>``, then installed into the output by hard link (free)
or atomic copy.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import struct
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from pelican_smo.cards.spec import CardSpec
from pelican_smo.util.write import write_atomic

CACHE_SUBDIR = "smo-cards"


def default_cache_dir(settings: Mapping[str, Any]) -> str:
    """``<CACHE_PATH>/smo-cards``: Pelican's own cache folder, outside the output."""
    return os.path.join(str(settings.get("CACHE_PATH") or "cache"), CACHE_SUBDIR)


def install_file(source: str, target: str) -> None:
    """Put ``source``'s content at ``target`` atomically: hard link, or copy if linking fails.

    A new hard link is atomic by itself (the name appears with the whole file behind
    it), so a ``target`` that does not exist yet (a clean output folder) costs one
    ``link``; replacing a file goes through a temporary name and ``os.replace``.
    """
    try:
        os.link(source, target)
        return
    except OSError:  # it exists, or no hard links here: the general way below
        pass
    folder = os.path.dirname(target) or "."
    temporary = os.path.join(folder, f".smo-{secrets.token_hex(8)}.tmp")
    try:
        os.link(source, temporary)
    except OSError:  # other file system, no hard links (FAT, some mounts), permissions
        with open(source, "rb") as handle:
            write_atomic(target, handle.read(), 0o644)
        return
    try:
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


@dataclass(frozen=True)
class CardFile:
    """A card in the output: where it is (relative, ``/``-separated) and what it is."""

    path_in_output: str
    width: int
    height: int
    mime: str
    #: File size; ``None`` in the plan ``submit()`` returns, before the card is drawn.
    size_bytes: int | None
    digest: str


@dataclass(frozen=True)
class Outcome:
    """What a worker reports for one drawn card (no logging in workers)."""

    digest: str
    width: int = 0
    height: int = 0
    error: str | None = None
    clipped: bool = False
    size_bytes: int = 0


def draw_into_cache(spec: CardSpec, digest: str, path: str) -> Outcome:
    """Draw ``spec`` and write it to ``path`` (runs in a pool worker). Never raises."""
    try:
        from pelican_smo.cards.draw import card_bytes

        card = card_bytes(spec)
        write_atomic(path, card.data, 0o644)
    except Exception as err:  # any failure only costs this page its card
        return Outcome(digest, error=f"{type(err).__name__}: {err}")
    return Outcome(digest, card.width, card.height, clipped=card.clipped,
                    size_bytes=len(card.data))


#: A PNG file's first 24 bytes: signature, then the IHDR chunk's length, type, width, height.
_PNG_HEAD = struct.Struct(">8sI4sII")
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def cached_size(path: str) -> tuple[int, int] | None:
    """Pixel size of a cached card, from its header; ``None`` if absent or unreadable.

    A PNG's size is in its first 24 bytes, read here directly: opening each of a
    few hundred cached cards with Pillow cost most of a rebuild's card step. Other
    formats (JPEG cards) go through Pillow, which reads only the header too.
    """
    try:
        with open(path, "rb") as handle:
            head = handle.read(_PNG_HEAD.size)
    except OSError:
        return None
    if len(head) == _PNG_HEAD.size and head.startswith(_PNG_SIGNATURE):
        _, length, kind, width, height = _PNG_HEAD.unpack(head)
        return (width, height) if kind == b"IHDR" and length == 13 and width and height \
            else None
    from PIL import Image

    try:
        with Image.open(path) as image:
            return image.size
    except (OSError, ValueError, Image.DecompressionBombError):
        return None


@dataclass
class CardResult(Mapping[str, CardFile]):
    """``{page_id: CardFile}`` for every page that has a card, plus what it took.

    Counts are per distinct picture (pages with identical cards share one file).
    """

    cards: dict[str, CardFile] = field(default_factory=dict)
    drawn: int = 0
    reused: int = 0
    failed: tuple[str, ...] = ()
    removed: int = 0

    def __getitem__(self, page_id: str) -> CardFile:
        return self.cards[page_id]

    def __iter__(self) -> Iterator[str]:
        return iter(self.cards)

    def __len__(self) -> int:
        return len(self.cards)

def same_file(source: str, target: str, size: int) -> bool:
    """Whether ``target`` already holds ``source``'s card (same name means same picture)."""
    try:
        st = os.stat(target)
    except OSError:
        return False
    return st.st_size == size
