"""The audit's checks: what a built page must say for its link card to work everywhere.

Each check reads a ``PageHead`` (what one page's ``<head>`` and JSON-LD say, as
``audit.read_page`` parsed it) and a ``SiteIndex`` (which files the output
folder holds, how a URL maps to one), and returns ``Finding``s. Nothing here
reads HTML or writes anything: parsing lives in ``report``, presentation in
``report``/``preview``; the image checks are in ``images``, the checks across pages
in ``site``, the types they share in ``model``. Every check has a stable kebab-case
id; docs/audit.md lists them with their severity and the platform rule behind each
number.

Severities: ``error`` means a platform or search engine will ignore or reject
what the page says (a relative ``og:url``, a canonical pointing nowhere, an
SVG card image); ``warning`` means it works but degrades (a small thumbnail,
a cut title, a duplicate); ``info`` is advice worth knowing.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from typing import Any
from urllib.parse import urlsplit

from pelican_smo.audit.images import images
from pelican_smo.audit.model import (
    ERROR,
    INFO,
    SEVERITIES,
    SEVERITY_RANK,
    VALUE_MAX,
    WARNING,
    Add,
    Finding,
    ImageInfo,
    PageHead,
    SiteIndex,
    probe_image,
)
from pelican_smo.audit.model import clip as _clip
from pelican_smo.limits import SEARCH_DESCRIPTION_MAX, X_IMAGE_TYPES
from pelican_smo.util.posts import PostAddressError, bluesky_post, mastodon_post
from pelican_smo.util.text import display_width

__all__ = [
    "ERROR", "INFO", "SEVERITIES", "SEVERITY_RANK", "VALUE_MAX", "WARNING", "X_IMAGE_TYPES",
    "Finding", "ImageInfo", "PageHead", "SiteIndex", "check_page", "probe_image",
]

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
META_DESCRIPTION_MAX = SEARCH_DESCRIPTION_MAX  # … longer is cut (the plugin's default too)

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
    if head.opted_out:
        add("smo-off", INFO, "the author switched pelican_smo off for this page (smo: off); "
                             "its tags are not checked")
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
    conversation_posts(head, add)
    return found


#: The check of a conversation's post addresses, in the page or in the metadata.
POST_CHECK = "replies-post-url"


def conversation_posts(head: PageHead, add: Add) -> None:
    """``replies-post-url``: a conversation block names a post by an address that is not
    one (``util.posts``): the reader's "Show replies" can find no replies there."""
    for network, value in head.posts:
        parse = mastodon_post if network == "mastodon" else bluesky_post
        try:
            parse(value)
        except PostAddressError as err:
            add(POST_CHECK, ERROR, f"the conversation's {network} post: {err}", value)


def metadata_posts(problems: Iterable[tuple[str, str, str, str, str]]) -> list[Finding]:
    """``replies-post-url`` for ``mastodon``/``bluesky`` metadata the build left out as not
    a post address: (page, field, source file, value, why), as the build found them."""
    return [Finding(page, POST_CHECK, ERROR,
                    f"the {field} metadata of {source} was left out: {why}", _clip(value))
            for page, field, source, value, why in problems]


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
    (a node of a known ``@type`` without what consumers need; ``info`` on ``noindex``
    pages, as a missing Open Graph property is: a draft is not meant to be found);
    ``@graph`` and top-level arrays are walked, nested nodes are not."""
    missing = INFO if head.noindex else WARNING
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
                        add("jsonld-missing-field", missing,
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
