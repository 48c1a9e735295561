"""What a local image file is: pixel size (as displayed) and MIME type, read with Pillow.

Pillow reads only the header, so probing a 5 MB JPEG costs a few kilobytes of I/O.
Results are cached per path for the whole build: many pages share one default
image, and a site's cover images repeat.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass

from PIL import Image, UnidentifiedImageError

logger = logging.getLogger(__name__)

#: EXIF orientations that rotate by 90° or 270°: browsers swap width and height.
_TRANSPOSED_ORIENTATIONS = {5, 6, 7, 8}
_EXIF_ORIENTATION = 0x0112
_SVG_MIME = "image/svg+xml"


@dataclass(frozen=True, slots=True)
class ImageFile:
    """Facts read from one image file."""

    path: str
    width: int | None
    height: int | None
    mime_type: str | None
    size_bytes: int


class ImageProbe:
    """Reads image files once per build; a missing or broken file is logged once."""

    def __init__(self) -> None:
        self._seen: dict[str, ImageFile | None] = {}

    def read(self, path: str, *, used_by: str) -> ImageFile | None:
        """Facts for ``path``, or ``None`` if it can't be read (warned once, naming ``used_by``)."""
        if path in self._seen:
            return self._seen[path]
        info = self._read(path, used_by)
        self._seen[path] = info
        return info

    @staticmethod
    def _read(path: str, used_by: str) -> ImageFile | None:
        try:
            size = os.path.getsize(path)
        except OSError as err:
            logger.warning("%s: image %s can't be read: %s", used_by, path, err.strerror)
            return None
        if path.lower().endswith(".svg"):
            return ImageFile(path, None, None, _SVG_MIME, size)
        try:
            with Image.open(path) as img:
                width, height = img.size
                orientation = img.getexif().get(_EXIF_ORIENTATION)
                mime = Image.MIME.get(img.format or "")
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as err:
            logger.warning("%s: image %s is not a readable image: %s", used_by, path, err)
            return None
        if orientation in _TRANSPOSED_ORIENTATIONS:
            width, height = height, width
        return ImageFile(path, width, height, mime, size)
