"""What a local image file is: pixel size (as displayed), MIME type, weight, and whether it
can be shown at all, read with Pillow.

One read per file per build (``ImageProbe`` caches by path): many pages share one
default image, and a site's cover images repeat. Pillow reads only the header for
the size; whether the file is whole is checked without decoding its pixels, because
a full decode costs 30–60 ms for a 1200×630 JPEG or PNG (measured with Pillow 13 on
this project's 2-core VM), which a thousand covers would turn into a minute:

- JPEG (ITU-T T.81 §B.2.1): the segments are walked by their lengths to the first
  start-of-scan; the compressed data after it must end in an end-of-image marker
  (``FF D9``, which the entropy-coded data can't contain: a ``FF`` there is always
  followed by ``00`` or a restart marker). A file cut short has none.
- PNG (ISO/IEC 15948 §5.3, §11.2.5): Pillow's ``verify()`` reads every chunk to
  ``IEND`` and checks each CRC-32 (about 1 ms per MB) without inflating the pixels.
- GIF: the first frame, the one previews show, is decoded (GIFs are small).
- WebP: Pillow refuses a cut RIFF container when it opens the file.

An image Pillow won't open because it claims more than ``Image.MAX_IMAGE_PIXELS``
pixels (a decompression bomb: a 100-byte PNG can claim 40000×40000) is unusable too.
"""

from __future__ import annotations

import hashlib
import os
import warnings
from dataclasses import dataclass

from PIL import Image

#: EXIF orientations that rotate by 90° or 270°: browsers swap width and height.
_TRANSPOSED_ORIENTATIONS = {5, 6, 7, 8}
_EXIF_ORIENTATION = 0x0112
_SVG_MIME = "image/svg+xml"
#: Pillow names a camera's multi-picture JPEG "MPO"; to a browser or a platform it is a JPEG.
_MIME_BY_FORMAT = {"MPO": "image/jpeg"}


@dataclass(frozen=True, slots=True)
class ImageFile:
    """Facts read from one image file.

    ``problem`` says why no platform can show it ("is not a readable image: …", "is cut
    short: …"), and is ``None`` for a usable file; width and height are then known
    (``None`` for SVG, which is not measured). ``size_bytes`` is the file's length.
    """

    path: str
    width: int | None
    height: int | None
    mime_type: str | None
    size_bytes: int
    problem: str | None = None


class ImageProbe:
    """Reads image files once per build."""

    def __init__(self) -> None:
        self._seen: dict[str, ImageFile] = {}
        self._digests: dict[str, str | None] = {}

    def digest(self, path: str) -> str | None:
        """First 8 hex digits of the file's SHA-256 (``None`` if unreadable), once per
        file per build: only the images a page names are hashed."""
        if path not in self._digests:
            try:
                with open(path, "rb") as handle:
                    self._digests[path] = hashlib.sha256(handle.read()).hexdigest()[:8]
            except OSError:
                self._digests[path] = None
        return self._digests[path]

    def read(self, path: str) -> ImageFile:
        """Facts for ``path``, read on first request and remembered for the build."""
        info = self._seen.get(path)
        if info is None:
            info = self._seen[path] = _read(path)
        return info


def _read(path: str) -> ImageFile:
    try:
        size = os.path.getsize(path)
    except OSError as err:
        return ImageFile(path, None, None, None, 0, f"can't be read: {err.strerror}")
    if path.lower().endswith((".svg", ".svgz")):
        return ImageFile(path, None, None, _SVG_MIME, size)
    try:
        with warnings.catch_warnings():
            # Pillow only warns between MAX_IMAGE_PIXELS and twice that; no preview
            # image needs so many pixels (X takes at most 4096×4096).
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as img:
                width, height = img.size
                fmt = img.format or ""
                orientation = _orientation(img)
            cut = _cut_short(path, fmt)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as err:
        return ImageFile(path, None, None, None, size,
                         f"is not a readable image: {err} (Pillow's decompression-bomb limit)")
    except Exception as err:  # Pillow raises many kinds of error on a malformed file
        return ImageFile(path, None, None, None, size, f"is not a readable image: {err}")
    if cut:
        return ImageFile(path, None, None, None, size, cut)
    if orientation in _TRANSPOSED_ORIENTATIONS:
        width, height = height, width
    mime = _MIME_BY_FORMAT.get(fmt) or Image.MIME.get(fmt)
    return ImageFile(path, width, height, mime, size)


def _orientation(img: Image.Image) -> int | None:
    """The EXIF orientation of an opened image, without decoding its pixels.

    Pillow's ``getexif()`` on a PNG decodes the whole image when the ``eXIf`` chunk has
    not been met yet (1.4 ms for a 1200×630 screenshot, most of what probing a PNG
    cost); an ``eXIf`` chunk comes before the image data (PNG Third Edition's chunk
    ordering), so the header Pillow has read holds it when there is one.
    """
    if img.format == "PNG":
        raw = img.info.get("exif")
        if not raw:
            return None
        exif = Image.Exif()
        exif.load(raw)
        return exif.get(_EXIF_ORIENTATION)
    return img.getexif().get(_EXIF_ORIENTATION)


def _cut_short(path: str, fmt: str) -> str | None:
    """Why the image file of Pillow format ``fmt`` is not whole, or ``None`` (see the
    module's docstring); Pillow's own complaint is raised."""
    if fmt in ("JPEG", "MPO"):
        with open(path, "rb") as handle:
            data = handle.read()
        if not _jpeg_is_whole(data):
            return "is cut short: its compressed data has no end-of-image marker"
    elif fmt in ("PNG", "GIF"):
        with Image.open(path) as img:
            if fmt == "PNG":
                img.verify()  # reads every chunk to IEND, checking each CRC
            else:
                img.load()  # the first frame
    return None


def _jpeg_is_whole(data: bytes) -> bool:
    """Whether a JPEG's compressed data ends in an end-of-image marker (ITU-T T.81 §B.1.1.3:
    marker segments are ``FF xx`` and a two-byte length that counts itself)."""
    pos, end = 2, len(data)  # after the start-of-image marker
    while pos + 4 <= end:
        if data[pos] != 0xFF:
            return False
        marker = data[pos + 1]
        if marker == 0xFF:  # fill byte before a marker
            pos += 1
        elif marker == 0xDA:  # start of scan: the entropy-coded data follows
            return data.find(b"\xff\xd9", pos + 2) != -1
        elif marker == 0x01 or 0xD0 <= marker <= 0xD7:  # markers without a length
            pos += 2
        else:
            pos += 2 + int.from_bytes(data[pos + 2:pos + 4], "big")
    return False
