"""The audit's checks: what a built page must say for its link card to work everywhere.

Each check reads a ``PageHead`` (what one page's ``<head>`` and JSON-LD say, as
``audit.read_page`` parsed it) and a ``SiteIndex`` (which files the output
folder holds, how a URL maps to one), and returns ``Finding``s. Nothing here
reads HTML or writes anything: parsing lives in ``audit``, presentation in
``audit``/``preview``. Every check has a stable kebab-case id; docs/audit.md
lists them with their severity and the platform rule behind each number.

Severities: ``error`` means a platform or search engine will ignore or reject
what the page says (a relative ``og:url``, a canonical pointing nowhere, an
SVG card image); ``warning`` means it works but degrades (a small thumbnail,
a cut title, a duplicate); ``info`` is advice worth knowing.
"""

from __future__ import annotations

import json
import os
import posixpath
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, unquote, urljoin, urlsplit

from PIL import Image, UnidentifiedImageError

from pelican_smo.util.text import display_width

ERROR = "error"
WARNING = "warning"
INFO = "info"
SEVERITIES = (ERROR, WARNING, INFO)
SEVERITY_RANK = {ERROR: 0, WARNING: 1, INFO: 2}

#: ogp.me's four required properties.
REQUIRED_OG = ("og:title", "og:type", "og:image", "og:url")
#: Keys a page may state once: every consumer keeps the first (X the last
#: ``twitter:card``), so a second one is either dead weight or a silent override.
SINGLE_VALUED = (
    "description", "og:title", "og:type", "og:url", "og:description", "og:site_name",
    "og:locale", "og:image:alt", "twitter:card", "twitter:site", "twitter:creator",
    "twitter:title", "twitter:description", "twitter:image", "twitter:image:alt",
    "article:published_time", "article:modified_time", "article:section",
)
#: Repeating these is legal Open Graph (arrays) but usually two tools both writing one:
#: only the first is shown, so a repeat is a warning, never an error.
REPEATABLE_BUT_SUSPECT = ("og:image",)
#: URLs consumers only accept absolute (ogp.me, X, Google's canonical guidelines).
ABSOLUTE_URL_KEYS = ("og:url", "og:image", "og:image:url", "og:image:secure_url",
                     "twitter:image")
TWITTER_CARDS = ("summary", "summary_large_image", "app", "player")
#: ogp.me's global types; a namespaced custom type (``books:book``) is accepted as is.
OG_TYPES = ("website", "article", "book", "profile", "music.song", "music.album",
            "music.playlist", "music.radio_station", "video.movie", "video.episode",
            "video.tv_show", "video.other")

# Text lengths, from REFERENCE.md, in display columns (``util.text.display_width``): a
# result or card cuts text by pixels, and an East Asian Wide or Fullwidth character
# (UAX #11) is about as wide as two Latin letters, so it counts two.
X_TITLE_MAX = 70
X_DESCRIPTION_MAX = 200
OG_TITLE_MAX = 95  # Facebook cuts longer titles in the feed card
META_DESCRIPTION_MIN = 50  # search result snippets: shorter looks empty …
META_DESCRIPTION_MAX = 160  # … longer is cut

# Images. One megabyte is 1024 × 1024 bytes here, the stricter reading.
MB = 1024 * 1024
FACEBOOK_MIN = (200, 200)
FACEBOOK_LARGE_MIN = (600, 315)  # below this Facebook shows a small thumbnail
X_LARGE_MIN = (300, 157)
X_SUMMARY_MIN = (144, 144)
X_MAX_BYTES = 5 * MB  # X: under 5 MB; LinkedIn: 5 MB
FACEBOOK_MAX_BYTES = 8 * MB
WHATSAPP_MAX_BYTES = 300 * 1024  # unofficial: larger previews are often dropped
X_IMAGE_TYPES = ("image/jpeg", "image/png", "image/webp", "image/gif")

#: schema.org type → fields a consumer needs; a tuple inside means "one of these".
JSONLD_REQUIRED: dict[str, tuple[str | tuple[str, ...], ...]] = {
    "Article": ("headline", "datePublished", "author", "image"),
    "BlogPosting": ("headline", "datePublished", "author", "image"),
    "NewsArticle": ("headline", "datePublished", "author", "image"),
    "WebPage": (("name", "headline"), "url"),
    "WebSite": (("name", "headline"), "url"),
    "CollectionPage": (("name", "headline"), "url"),
    "BreadcrumbList": ("itemListElement",),
}

#: Longest offending value kept in a finding (a whole JSON-LD block is not useful).
VALUE_MAX = 300


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem on one page: where, which check, how bad, what, and the value at fault."""

    page: str
    check: str
    severity: str
    message: str
    value: str | None = None

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
    #: Written by pelican-smo itself (preview, report): not part of the site.
    tool_page: bool = False
    readable: bool = True

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


Add = Callable[..., None]


def _clip(value: str | None) -> str | None:
    if value is None or len(value) <= VALUE_MAX:
        return value
    return value[:VALUE_MAX - 1] + "…"


def check_page(head: PageHead, site: SiteIndex) -> list[Finding]:
    """Every single-page check for one page, in a fixed order.

    Redirect stubs get only the checks on what is written wrong (repeated tags,
    broken JSON-LD): they have no card of their own. ``noindex`` pages skip the
    canonical checks and report missing Open Graph as ``info``: they are not
    meant to be found, though they can still be shared.
    """
    found: list[Finding] = []

    def add(check: str, severity: str, message: str, value: str | None = None) -> None:
        found.append(Finding(head.path, check, severity, message, _clip(value)))

    if not head.readable:
        return found
    duplicate_tags(head, add)
    json_ld(head, add)
    if head.redirect is not None:
        return found
    required_open_graph(head, add)
    absolute_urls(head, site, add)
    if not head.noindex:
        canonical(head, site, add)
    twitter_card(head, add)
    og_locale(head, add)
    images(head, site, add)
    lengths(head, add)
    return found


def duplicate_tags(head: PageHead, add: Add) -> None:
    """``duplicate-tag``: a single-valued key stated twice (error when the values differ)."""
    for key in (*SINGLE_VALUED, *REPEATABLE_BUT_SUSPECT):
        values = head.meta.get(key, [])
        if len(values) < 2:
            continue
        distinct = len({v.strip() for v in values}) > 1
        severity = ERROR if distinct and key in SINGLE_VALUED else WARNING
        winner = "the last" if key == "twitter:card" else "the first"
        add("duplicate-tag", severity,
            f"{key} appears {len(values)} times"
            + (" with different values" if distinct else " (same value)")
            + f"; platforms use {winner}", " | ".join(values))


def required_open_graph(head: PageHead, add: Add) -> None:
    """``og-missing``: ogp.me's four required properties, present and non-empty;
    ``og-type-invalid``: an ``og:type`` outside ogp.me's list (``blog``).

    A missing ``og:image`` is a warning (every platform still draws a text
    card); the other three are errors. On ``noindex`` pages all are ``info``.
    """
    for key in REQUIRED_OG:
        value = head.first(key)
        if value:
            continue
        if head.noindex:
            severity = INFO
        else:
            severity = WARNING if key == "og:image" else ERROR
        state = "is empty" if value == "" else "is missing"
        add("og-missing", severity, f"{key} {state}", key)
    og_type = head.first("og:type")
    if og_type and ":" not in og_type and og_type not in OG_TYPES:
        add("og-type-invalid", WARNING,
            f"og:type {og_type!r} is not an Open Graph type; Facebook rejects the object "
            "(use website or article)", og_type)


def absolute_urls(head: PageHead, site: SiteIndex, add: Add) -> None:
    """``url-relative``: URLs that consumers only accept as absolute http(s) URLs."""
    checked = [(key, value) for key in ABSOLUTE_URL_KEYS for value in head.meta.get(key, [])]
    checked += [("canonical", href) for href in head.canonicals]
    checked += [(f"hreflang {lang}", href) for lang, href in head.hreflangs]
    for key, value in checked:
        if not _is_absolute(value):
            add("url-relative", ERROR,
                f"{key} is not an absolute http(s) URL; platforms ignore it", value)


def _is_absolute(value: str) -> bool:
    parts = urlsplit(value.strip())
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)


def canonical(head: PageHead, site: SiteIndex, add: Add) -> None:
    """``canonical-count`` (exactly one) and ``canonical-target-missing`` (a local canonical
    must be a page of the site)."""
    count = len(head.canonicals)
    if count == 0:
        add("canonical-count", WARNING,
            "no canonical link; search engines and Mastodon guess the page's address")
        return
    if count > 1:
        add("canonical-count", ERROR,
            f"{count} canonical links; Google ignores them all when they disagree",
            " | ".join(head.canonicals))
    href = head.canonicals[0].strip()
    if not href:
        return
    url = site.resolve(href, head.path)
    if site.is_local(url) and site.file_for(url) is None:
        add("canonical-target-missing", ERROR,
            "canonical points at a page that is not in the output folder", href)


def twitter_card(head: PageHead, add: Add) -> None:
    """``twitter-card-invalid``: a card type X does not know draws no card."""
    for value in head.meta.get("twitter:card", []):
        if value.strip() not in TWITTER_CARDS:
            add("twitter-card-invalid", ERROR,
                f"twitter:card must be one of {', '.join(TWITTER_CARDS)}", value)


def og_locale(head: PageHead, add: Add) -> None:
    """``og-locale-unknown``: an ``og:locale`` or ``og:locale:alternate`` that is not one of
    the locales Facebook accepts (``ar_AA``, ``en``, ``zh-Hant``): Facebook ignores it."""
    from pelican_smo.i18n.facebook_locales import FACEBOOK_LOCALES

    for key in ("og:locale", "og:locale:alternate"):
        for value in head.meta.get(key, []):
            if value.strip() not in FACEBOOK_LOCALES:
                add("og-locale-unknown", WARNING,
                    f"{key} is not a locale Facebook accepts (such as en_US, es_ES, "
                    "ar_AR, zh_TW); Facebook ignores it", value)


def images(head: PageHead, site: SiteIndex, add: Add) -> None:
    """The card image(s): alt text, declared size, and — for local files — existence,
    pixel size, type and weight against each platform's limits.

    Facebook, LinkedIn and WhatsApp show ``og:image``; X shows ``twitter:image``
    and falls back to ``og:image``. Remote images are never fetched.
    """
    og_image = head.first("og:image") or head.first("og:image:url")
    x_image = head.first("twitter:image") or og_image
    if not og_image and not x_image:
        return
    if not head.any_of("og:image:alt", "twitter:image:alt"):
        add("image-alt-missing", WARNING,
            "the card image has no og:image:alt or twitter:image:alt text", og_image or x_image)
    if og_image and not (head.first("og:image:width") and head.first("og:image:height")):
        add("image-size-missing", WARNING,
            "og:image:width/height are missing; Facebook often shows no image on the "
            "first share of a URL", og_image)
    card = (head.last("twitter:card") or "summary").strip()
    roles: dict[str, set[str]] = defaultdict(set)
    if og_image:
        roles[og_image].add("og")
    if x_image:
        roles[x_image].add("x")
    for value, used_by in roles.items():
        _image_file(head, site, value, used_by, card, add)


def _image_file(head: PageHead, site: SiteIndex, value: str, used_by: set[str], card: str,
                add: Add) -> None:
    url = site.resolve(value, head.path)
    if not site.is_local(url):
        return
    rel = site.file_for(url)
    if rel is None:
        add("image-missing-file", ERROR, "the card image is not in the output folder", value)
        return
    info = site.image(rel)
    if info.mime_type is None:
        add("image-type", ERROR, f"not an image Pillow can read ({info.error})", value)
        return
    if info.mime_type == "image/svg+xml":
        add("image-type", ERROR, "SVG card images are shown by neither X nor Facebook", value)
        return
    if info.mime_type not in X_IMAGE_TYPES:
        add("image-type", ERROR,
            f"{info.mime_type} is not JPG, PNG, WEBP or GIF, the types X accepts", value)
    declared = head.first("og:image:type")
    if "og" in used_by and declared and declared.lower() != info.mime_type:
        add("image-type", WARNING,
            f"og:image:type says {declared} but the file is {info.mime_type}", value)
    _image_pixels(head, info, value, used_by, card, add)
    _image_weight(info, value, add)


def _image_pixels(head: PageHead, info: ImageInfo, value: str, used_by: set[str], card: str,
                  add: Add) -> None:
    w, h = info.width or 0, info.height or 0
    reasons: list[tuple[str, str]] = []
    if "x" in used_by and card == "summary_large_image" and (w < X_LARGE_MIN[0]
                                                              or h < X_LARGE_MIN[1]):
        reasons.append((ERROR, "X needs at least 300×157 for summary_large_image"))
    if "x" in used_by and card == "summary" and (w < X_SUMMARY_MIN[0] or h < X_SUMMARY_MIN[1]):
        reasons.append((ERROR, "X needs at least 144×144 for a summary card"))
    if "og" in used_by:
        if w < FACEBOOK_MIN[0] or h < FACEBOOK_MIN[1]:
            reasons.append((WARNING, "Facebook and LinkedIn show no image below 200×200"))
        elif w < FACEBOOK_LARGE_MIN[0] or h < FACEBOOK_LARGE_MIN[1]:
            reasons.append((WARNING, "Facebook shows a small thumbnail below 600×315 "
                                     "(1200×630 recommended)"))
    if reasons:
        severity = min((s for s, _ in reasons), key=SEVERITY_RANK.__getitem__)
        add("image-too-small", severity,
            f"image is {w}×{h}: " + "; ".join(text for _, text in reasons), value)
    if "og" in used_by:
        declared = (head.first("og:image:width"), head.first("og:image:height"))
        if all(declared) and declared != (str(w), str(h)):
            add("image-size-mismatch", WARNING,
                f"og:image:width/height say {declared[0]}×{declared[1]} but the file is "
                f"{w}×{h}", value)


def _image_weight(info: ImageInfo, value: str, add: Add) -> None:
    size = info.size_bytes
    kb = f"{size / 1024:.0f} KB" if size < MB else f"{size / MB:.1f} MB"
    if size > FACEBOOK_MAX_BYTES:
        add("image-too-heavy", ERROR, f"image weighs {kb}: over Facebook's 8 MB and X's and "
                                      "LinkedIn's 5 MB limits", value)
    elif size >= X_MAX_BYTES:
        add("image-too-heavy", ERROR, f"image weighs {kb}: X and LinkedIn take under 5 MB",
            value)
    elif size > WHATSAPP_MAX_BYTES:
        add("image-too-heavy", WARNING,
            f"image weighs {kb}: WhatsApp often drops previews over 300 KB", value)


def lengths(head: PageHead, add: Add) -> None:
    """Title and description lengths per platform, in display columns (a wide CJK
    character counts two): a complete 43-character Chinese sentence is 86 columns, as
    wide on screen as 86 Latin letters, and not too short."""
    x_title = head.any_of("twitter:title", "og:title")
    if x_title and (width := display_width(x_title)) > X_TITLE_MAX:
        add("title-too-long", WARNING,
            f"X shows at most {X_TITLE_MAX} columns of the title ({_columns(width, x_title)})",
            x_title)
    og_title = head.first("og:title")
    if og_title and (width := display_width(og_title)) > OG_TITLE_MAX:
        add("title-too-long", WARNING,
            f"Facebook cuts og:title after about {OG_TITLE_MAX} columns "
            f"({_columns(width, og_title)})",
            og_title)
    x_description = head.any_of("twitter:description", "og:description")
    if x_description and (width := display_width(x_description)) > X_DESCRIPTION_MAX:
        add("description-too-long", WARNING,
            f"X shows at most {X_DESCRIPTION_MAX} columns of the description "
            f"({_columns(width, x_description)})", x_description)
    description = head.first("description")
    width = display_width(description) if description else 0
    if description and width > META_DESCRIPTION_MAX:
        add("description-too-long", INFO,
            f"search engines cut the meta description after about {META_DESCRIPTION_MAX} "
            f"columns ({_columns(width, description)})", description)
    elif description and width < META_DESCRIPTION_MIN:
        add("description-too-short", INFO,
            f"a meta description under {META_DESCRIPTION_MIN} columns "
            f"({_columns(width, description)}) "
            "says little in a search result", description)
    if not head.share_description:
        add("description-missing", INFO,
            "no og:description, twitter:description or meta description: cards show the "
            "title alone")


def _columns(width: int, text: str) -> str:
    """The width found, explained when it is not the number of characters."""
    return str(width) if width == len(text) else f"{width} for {len(text)} characters"


def json_ld(head: PageHead, add: Add) -> None:
    """``jsonld-invalid`` (a block that is not JSON) and ``jsonld-missing-field``
    (a node of a known ``@type`` without what consumers need); ``@graph`` and
    top-level arrays are walked, nested nodes are not."""
    for body in head.json_ld:
        text = body.strip()
        if text.startswith("<!--") and text.endswith("-->"):
            text = text[4:-3].strip()
        try:
            data = json.loads(text)
        except ValueError as err:
            add("jsonld-invalid", ERROR, f"JSON-LD is not valid JSON: {err}", text)
            continue
        for node in _nodes(data):
            for type_name in _types(node):
                for required in JSONLD_REQUIRED.get(type_name, ()):
                    options = required if isinstance(required, tuple) else (required,)
                    if not any(_present(node.get(name)) for name in options):
                        add("jsonld-missing-field", WARNING,
                            f"{type_name} has no {' or '.join(options)}", type_name)


def _nodes(data: Any) -> Iterator[dict[str, Any]]:
    if isinstance(data, list):
        for item in data:
            yield from _nodes(item)
    elif isinstance(data, dict):
        if "@type" in data:
            yield data
        graph = data.get("@graph")
        if graph is not None:
            yield from _nodes(graph)


def _types(node: dict[str, Any]) -> list[str]:
    value = node.get("@type")
    values = value if isinstance(value, list) else [value]
    # "schema:BlogPosting" and "https://schema.org/BlogPosting" name the same type.
    return [re.split(r"[/:#]", v)[-1] for v in values if isinstance(v, str)]


def _present(value: Any) -> bool:
    if isinstance(value, str):
        return bool(value.strip())
    return value not in (None, [], {})


# --- checks across pages --------------------------------------------------------------------


def indexable(head: PageHead, site: SiteIndex) -> bool:
    """Whether a page is one search engines and duplicate checks should count.

    Left out: unreadable pages, redirect stubs, ``noindex`` pages, and pages
    whose canonical names another page of the site (declared duplicates).
    """
    if not head.readable or head.redirect is not None or head.noindex:
        return False
    if head.canonicals and head.canonicals[0].strip():
        target = site.file_for(site.resolve(head.canonicals[0], head.path))
        if target is not None and target != head.path:
            return False
    return True


#: Pages named in one duplicate finding; more are counted, not listed.
DUPLICATES_LISTED = 5


def duplicates(heads: list[PageHead], site: SiteIndex) -> list[Finding]:
    """``duplicate-title`` and ``duplicate-description`` across indexable pages.

    One hash map per key, so 10,000 pages cost 10,000 look-ups. Each page of a
    group gets a warning naming up to five of the others.
    """
    found: list[Finding] = []
    pool = [head for head in heads if indexable(head, site)]
    for check, what, get in (("duplicate-title", "title", lambda h: h.share_title),
                             ("duplicate-description", "description",
                              lambda h: h.share_description)):
        groups: dict[str, list[str]] = defaultdict(list)
        for head in pool:
            value = get(head)
            if value and value.strip():
                groups[" ".join(value.split())].append(head.path)
        for value, paths in groups.items():
            if len(paths) < 2:
                continue
            head_paths = paths[:DUPLICATES_LISTED + 1]
            others_count = len(paths) - 1
            more = others_count - DUPLICATES_LISTED
            suffix = f" and {more} more" if more > 0 else ""
            for path in paths:
                # Only the first few names are needed: never build the n-1 list per page.
                listed = ", ".join([p for p in head_paths if p != path][:DUPLICATES_LISTED])
                found.append(Finding(path, check, WARNING,
                                     f"same {what} as {others_count} other page"
                                     f"{'s' if others_count > 1 else ''}: {listed}{suffix}",
                                     _clip(value)))
    return found


def hreflang(heads: list[PageHead], site: SiteIndex) -> list[Finding]:
    """``hreflang-no-self``, ``hreflang-not-reciprocal``, ``hreflang-x-default``.

    Google ignores a page's alternates unless the set includes the page itself
    and every alternate lists it back. Pages are compared as files (a URL is
    mapped to the file it serves), so ``/a/`` and ``/a/index.html`` are one page.
    Alternates on other sites cannot be checked and are skipped.
    """
    found: list[Finding] = []
    targets: dict[str, set[str]] = {}
    for head in heads:
        if head.hreflangs and head.readable and head.redirect is None:
            targets[head.path] = {
                t for _, href in head.hreflangs
                if (t := site.file_for(site.resolve(href, head.path))) is not None}
    for head in heads:
        if head.path not in targets:
            continue
        mine = targets[head.path]
        if head.path not in mine:
            found.append(Finding(head.path, "hreflang-no-self", WARNING,
                                 "the hreflang set does not include the page itself",
                                 _clip(", ".join(f"{lang} {href}"
                                                 for lang, href in head.hreflangs))))
        defaults = [href for lang, href in head.hreflangs if lang.strip().lower() == "x-default"]
        if len(defaults) > 1:
            found.append(Finding(head.path, "hreflang-x-default", WARNING,
                                 f"{len(defaults)} x-default alternates; at most one is allowed",
                                 _clip(" | ".join(defaults))))
        seen: set[str] = set()
        for lang, href in head.hreflangs:
            url = site.resolve(href, head.path)
            if not site.is_local(url):
                continue
            other = site.file_for(url)
            if other == head.path or (other is not None and other in seen):
                continue
            if other is None:
                found.append(Finding(head.path, "hreflang-not-reciprocal", WARNING,
                                     f"alternate {lang} is not a page of the site", href))
                continue
            seen.add(other)
            if head.path not in targets.get(other, set()):
                found.append(Finding(head.path, "hreflang-not-reciprocal", WARNING,
                                     f"alternate {lang} ({other}) does not list this page back",
                                     href))
    return found
