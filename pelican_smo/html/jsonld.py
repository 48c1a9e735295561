"""PageFacts → JSON-LD: a view of the same facts the meta tags show, never a second source.

Articles are ``BlogPosting``, pages ``WebPage``, the home page ``WebSite`` and
listings ``CollectionPage``; each page with a trail also gets a
``BreadcrumbList``. Headline, description, image, URL and dates are the very
values of ``og:title``, ``og:description``, ``og:image``, ``og:url`` and
``article:*``: Mastodon lets JSON-LD override OG, so any difference would show.
Empty values are dropped (``compact``) and keys sorted when serialised (``@``
sorts first), so the output is stable from build to build.
"""

from __future__ import annotations

import functools
from typing import Any

from pelican_smo.html.escape import HeadItem, json_ld_script
from pelican_smo.html.meta import iso8601
from pelican_smo.model import AuthorFact, ImageFact, PageFacts, PublisherFact, VideoFact

SCHEMA = "https://schema.org"


def json_ld_items(facts: PageFacts) -> list[HeadItem]:
    """The page's JSON-LD scripts: its main entity, then its breadcrumb trail."""
    items = [("json-ld", json_ld_script(main_entity(facts)))]
    trail = breadcrumb_list(facts)
    if trail:
        items.append(("json-ld", json_ld_script(trail)))
    return items


def main_entity(facts: PageFacts) -> dict[str, Any]:
    """The object that describes the page itself."""
    if facts.kind == "article":
        return _blog_posting(facts)
    common = compact(**{"@context": SCHEMA}, name=facts.og_title,
                     description=facts.og_description, url=facts.url,
                     inLanguage=facts.language, image=_image(facts.image))
    if facts.kind == "home":
        return {**common, **compact(**{"@type": "WebSite"}, name=facts.site.name,
                                    publisher=_publisher(facts.site.publisher))}
    website = compact(**{"@type": "WebSite"}, name=facts.site.name,
                      url=facts.site.url + "/" if facts.site.url else None)
    kind = "CollectionPage" if facts.kind == "listing" else "WebPage"
    return {**common, **compact(**{"@type": kind}, isPartOf=website,
                                headline=facts.og_title if kind == "WebPage" else None)}


def _blog_posting(facts: PageFacts) -> dict[str, Any]:
    authors = [_person(a) for a in facts.authors]
    return compact(
        **{"@context": SCHEMA, "@type": "BlogPosting"},
        headline=facts.og_title,
        description=facts.og_description,
        image=_image(facts.image),
        datePublished=iso8601(facts.published) if facts.published else None,
        dateModified=iso8601(facts.modified or facts.published) if facts.published else None,
        author=authors[0] if len(authors) == 1 else authors,
        publisher=_publisher(facts.site.publisher),
        mainEntityOfPage={"@type": "WebPage", "@id": facts.url} if facts.url else None,
        url=facts.url,
        inLanguage=facts.language,
        keywords=list(facts.tags),
        articleSection=facts.section,
        wordCount=facts.word_count,
        video=_video(facts.video, facts),
    )


def breadcrumb_list(facts: PageFacts) -> dict[str, Any] | None:
    """``BreadcrumbList`` of the trail, when there is more than the page itself."""
    if len(facts.breadcrumbs) < 2:
        return None
    return compact(**{"@context": SCHEMA, "@type": "BreadcrumbList"}, itemListElement=[
        compact(**{"@type": "ListItem"}, position=position, name=name, item=url)
        for position, (name, url) in enumerate(facts.breadcrumbs, start=1)])


@functools.lru_cache(maxsize=64)
def _person(author: AuthorFact) -> dict[str, Any]:
    """Cached: a site has a few authors, named on every article (callers never mutate it)."""
    same_as = list(author.same_as)
    if author.twitter:
        same_as.append(f"https://x.com/{author.twitter.lstrip('@')}")
    if author.mastodon:
        user, host = author.mastodon.lstrip("@").split("@", 1)
        same_as.append(f"https://{host}/@{user}")
    if author.bluesky:
        same_as.append(f"https://bsky.app/profile/{author.bluesky}")
    return compact(**{"@type": "Person"}, name=author.name, url=author.url,
                   sameAs=[u for u in same_as if u != author.url])


@functools.lru_cache(maxsize=8)
def _publisher(publisher: PublisherFact | None) -> dict[str, Any] | None:
    """Cached: one publisher, on every page (callers never mutate it)."""
    if publisher is None:
        return None
    logo_key = "logo" if publisher.kind == "Organization" else "image"
    return compact(**{"@type": publisher.kind, logo_key: _image(publisher.logo)},
                   name=publisher.name, url=publisher.url, sameAs=list(publisher.same_as))


def _image(image: ImageFact | None) -> dict[str, Any] | None:
    if image is None:
        return None
    return compact(**{"@type": "ImageObject"}, url=image.url, width=image.width,
                   height=image.height, caption=image.alt)


def _video(video: VideoFact | None, facts: PageFacts) -> dict[str, Any] | None:
    """``VideoObject``: Google wants name, description, thumbnail and upload date too,
    which come from the article itself."""
    if video is None:
        return None
    return compact(
        **{"@type": "VideoObject"},
        name=facts.og_title,
        description=facts.og_description,
        thumbnailUrl=facts.image.url if facts.image else None,
        uploadDate=iso8601(facts.published) if facts.published else None,
        embedUrl=video.embed_url,
        contentUrl=video.content_url,
        width=video.width,
        height=video.height,
    )


def compact(**fields: Any) -> dict[str, Any]:
    """An object without its empty fields (``None``, ``""``, ``[]``, ``{}``).

    Every builder here goes through it, so nested objects arrive already
    compact and no second pass over the tree is needed.
    """
    return {k: v for k, v in fields.items()
            if v or (v is not None and not isinstance(v, _EMPTIABLE))}


#: Types whose empty value ``compact`` drops (``0`` and ``False`` are kept).
_EMPTIABLE = (str, list, dict)
