"""What the audit's checks read and write: ``PageHead`` (one page), ``SiteIndex`` (the
output folder as a site), ``ImageInfo`` (a local image file) and ``Finding`` (one result).

Nothing here checks anything: the page checks are in ``checks``, the image checks in
``images``, the checks across pages and the grouping of findings in ``site``.
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from urllib.parse import quote, unquote, urljoin, urlsplit

from PIL import Image, UnidentifiedImageError

ERROR = "error"
WARNING = "warning"
INFO = "info"
SEVERITIES = (ERROR, WARNING, INFO)
SEVERITY_RANK = {ERROR: 0, WARNING: 1, INFO: 2}

#: Longest offending value kept in a finding (a whole JSON-LD block is not useful).
VALUE_MAX = 300


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem: where, which check, how bad, what, and the value at fault.

    A finding on one page names it in ``page``. A finding with one cause on many pages
    (the same image, the same missing tag, a shared description) is ONE finding: its
    ``pages`` lists every page it touches, and ``page`` is ``""`` (the site), or the file
    at fault when there is one (``robots.txt``). ``fix`` says what fixes it, naming the
    setting when one does.
    """

    page: str
    check: str
    severity: str
    message: str
    value: str | None = None
    pages: tuple[str, ...] = ()
    fix: str | None = None

    @property
    def count(self) -> int:
        """How many pages the finding touches."""
        return len(self.pages) or 1

    @property
    def key(self) -> tuple[str, str, str | None]:
        """What identifies it from one run to the next (baselines): page, check and value;
        never the message, whose wording and counts may change."""
        return self.page, self.check, self.value

    def sort_key(self) -> tuple[str, int, str, str]:
        return self.page, SEVERITY_RANK[self.severity], self.check, self.message


@dataclass(slots=True)
class PageHead:
    """What one built page says about itself: its head elements and JSON-LD blocks.

    ``meta`` maps each ``<meta>`` key (``property`` or ``name``, lower-cased) to
    its values in document order; values are unescaped and unstripped.
    """

    path: str
    meta: dict[str, list[str]] = field(default_factory=dict)
    canonicals: list[str] = field(default_factory=list)
    hreflangs: list[tuple[str, str]] = field(default_factory=list)
    title: str | None = None
    json_ld: list[str] = field(default_factory=list)
    noindex: bool = False
    #: Target of a ``<meta http-equiv="refresh">`` stub, or ``None``.
    redirect: str | None = None
    #: Written by pelican-smo itself (preview, report, the Mastodon page): not part of the site.
    tool_page: bool = False
    #: Its author switched pelican_smo off (``smo: off``): the build left a marker.
    opted_out: bool = False
    #: ``<html lang>``, or ``None``.
    lang: str | None = None
    readable: bool = True
    #: The posts a conversation block names: (network, address) from its
    #: ``data-smo-mastodon`` and ``data-smo-bluesky`` attributes, in page order.
    posts: list[tuple[str, str]] = field(default_factory=list)

    def first(self, key: str) -> str | None:
        """First value of ``key`` stripped (``""`` when empty), ``None`` when absent."""
        values = self.meta.get(key)
        return values[0].strip() if values else None

    def last(self, key: str) -> str | None:
        values = self.meta.get(key)
        return values[-1].strip() if values else None

    def any_of(self, *keys: str) -> str | None:
        """First non-empty value among ``keys``, in that priority order."""
        for key in keys:
            value = self.first(key)
            if value:
                return value
        return None

    @property
    def share_title(self) -> str | None:
        """The title a link card shows: ``og:title``, then ``twitter:title``, then ``<title>``."""
        return self.any_of("og:title", "twitter:title") or self.title or None

    @property
    def language(self) -> str | None:
        """The page's language as ``<html lang>`` (else ``og:locale``) says, reduced to
        language and script (``en-GB`` → ``en``, ``zh_Hant_TW`` → ``zh-hant``)."""
        tag = (self.lang or self.first("og:locale") or "").strip().replace("_", "-").lower()
        if not tag:
            return None
        parts = tag.split("-")
        if len(parts) > 1 and len(parts[1]) == 4 and parts[1].isalpha():
            return f"{parts[0]}-{parts[1]}"
        return parts[0]

    @property
    def share_description(self) -> str | None:
        """``og:description``, then ``twitter:description``, then the meta description."""
        return self.any_of("og:description", "twitter:description", "description")


@dataclass(frozen=True, slots=True)
class ImageInfo:
    """A local image file as Pillow sees it; ``mime_type`` is ``None`` when unreadable."""

    width: int | None
    height: int | None
    mime_type: str | None
    size_bytes: int
    error: str | None = None


class SiteIndex:
    """The output folder as a site: which files exist, and which file a URL serves.

    ``site_url`` (``https://example.org`` or ``https://example.org/blog``) says
    which absolute URLs are this site's. Without one, relative URLs still
    resolve against a stand-in origin, so a relative ``og:image`` can be found
    on disk even when the site URL is unknown.
    """

    _STAND_IN = "http://site.invalid"

    def __init__(self, output_dir: str, site_url: str | None, files: Iterable[str]) -> None:
        self.output_dir = output_dir
        self.site_url = site_url.rstrip("/") if site_url else None
        root = urlsplit(self.site_url or self._STAND_IN)
        self._origin = (root.scheme.lower(), root.netloc.lower())
        self._base_path = root.path.rstrip("/")
        self._root = self.site_url or self._STAND_IN
        self.files = set(files)
        self._images: dict[str, ImageInfo] = {}
        self._canonicals: dict[str, str | None] = {}

    def page_url(self, rel: str) -> str:
        """The URL a file is published at (``a/index.html`` → ``…/a/index.html``)."""
        return self._root + "/" + quote(rel)

    def resolve(self, value: str, rel: str) -> str:
        """``value`` made absolute against the URL of the page at ``rel``."""
        return urljoin(self.page_url(rel), value.strip())

    def is_local(self, url: str) -> bool:
        """Whether an absolute URL is on this site (its origin, under its sub-path)."""
        parts = urlsplit(url)
        if (parts.scheme.lower(), parts.netloc.lower()) != self._origin:
            return False
        return parts.path == self._base_path or parts.path.startswith(self._base_path + "/")

    def file_for(self, url: str) -> str | None:
        """The file under the output folder serving a local absolute URL, if it exists.

        ``/a/`` → ``a/index.html``; ``/a`` → ``a``, then ``a/index.html``, then
        ``a.html`` (servers that hide extensions); query and fragment are ignored.
        """
        if not self.is_local(url):
            return None
        path = unquote(urlsplit(url).path)[len(self._base_path):].lstrip("/")
        path = posixpath.normpath(path) + ("/" if path.endswith("/") else "") if path else ""
        if path.startswith("../") or path == "..":
            return None
        if path in ("", ".", "./"):
            candidates = ["index.html"]
        elif path.endswith("/"):
            candidates = [path + "index.html"]
        else:
            candidates = [path, path + "/index.html", path + ".html"]
        return next((c for c in candidates if c in self.files), None)

    def canonical_file(self, head: PageHead) -> str | None:
        """The file of the site a page's first canonical names, or ``None`` (once a page)."""
        if head.path not in self._canonicals:
            href = head.canonicals[0].strip() if head.canonicals else ""
            self._canonicals[head.path] = (self.file_for(self.resolve(href, head.path))
                                           if href else None)
        return self._canonicals[head.path]

    def image(self, rel: str) -> ImageInfo:
        """Pixel size, type and weight of a local image (read once, then cached)."""
        if rel not in self._images:
            self._images[rel] = probe_image(os.path.join(self.output_dir, rel))
        return self._images[rel]


def probe_image(path: str) -> ImageInfo:
    """Read an image's header with Pillow (a few kilobytes, never the whole pixel data)."""
    try:
        size = os.path.getsize(path)
    except OSError as err:
        return ImageInfo(None, None, None, 0, err.strerror or str(err))
    if path.lower().endswith((".svg", ".svgz")):
        return ImageInfo(None, None, "image/svg+xml", size)
    try:
        with Image.open(path) as img:
            width, height = img.size
            mime = Image.MIME.get(img.format or "")
            orientation = img.getexif().get(0x0112)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as err:
        return ImageInfo(None, None, None, size, str(err))
    if orientation in (5, 6, 7, 8):  # EXIF rotations by 90°: browsers swap the sides
        width, height = height, width
    return ImageInfo(width, height, mime, size)



#: ``add(check, severity, message, value=None)``: how a page check reports a finding.
Add = Callable[..., None]


def clip(value: str | None) -> str | None:
    """``value`` cut to ``VALUE_MAX`` characters (an ellipsis marks the cut)."""
    if value is None or len(value) <= VALUE_MAX:
        return value
    return value[:VALUE_MAX - 1] + "…"
