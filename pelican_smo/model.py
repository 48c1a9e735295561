"""Frozen facts about a site and a page: the hand-over between ``collect`` and ``render``.

Nothing here imports Pelican, produces HTML or does I/O. Every string is plain
text (or an absolute URL) and still unescaped: escaping is ``render.markup``'s job.
A value of ``None`` (or an empty tuple) means "unknown", and renderers omit it.
"""

from __future__ import annotations

import operator
from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any, TypeVar

from pelican_smo.i18n import ENGLISH, Strings
from pelican_smo.limits import fits_large_card

_Fact = TypeVar("_Fact")


def pickled_as_tuple(cls: type[_Fact]) -> type[_Fact]:
    """Pickle the class as its constructor and one tuple of its fields.

    Why: the pages' facts travel to the helper process that finishes pages
    (``SMO_BACKGROUND_WRITES``), one ``PageFacts`` per page. A slotted dataclass
    pickles field by field through Python-level state methods; one ``attrgetter``
    (written in C) makes the tuple, a third faster. Unpickling calls the
    constructor with those values.
    """
    names = [field.name for field in fields(cls)]
    if len(names) < 2:  # attrgetter of one name returns the bare value, not a tuple
        raise TypeError(f"{cls.__name__}: pickled_as_tuple needs two fields or more")
    fields_of = operator.attrgetter(*names)

    def __reduce__(self: Any) -> tuple[type, tuple[Any, ...]]:
        return cls, fields_of(self)

    cls.__reduce__ = __reduce__  # type: ignore[method-assign]
    return cls


@pickled_as_tuple
@dataclass(frozen=True, slots=True)
class ImageFact:
    """An image for link previews: absolute URL plus what is known about the file."""

    url: str
    alt: str | None = None
    width: int | None = None
    height: int | None = None
    mime_type: str | None = None
    #: Local file the image was read from, when it is local (for audits and warnings).
    source_path: str | None = None

    @property
    def is_large(self) -> bool:
        """Whether X's ``summary_large_image`` suits it better than ``summary``: at least
        300×157 and wide enough that X's 2:1 crop keeps more of it than the summary
        card's 1:1 crop (width ≥ √2 × height; ``limits.fits_large_card``).

        An image of unknown size (a remote URL; we never fetch) counts as large:
        a blogger who names a cover image means it to be shown big.
        """
        if self.width is None or self.height is None:
            return True
        return fits_large_card(self.width, self.height)


@pickled_as_tuple
@dataclass(frozen=True, slots=True)
class AuthorFact:
    """One author and the profiles the site owner mapped to that name."""

    name: str
    url: str | None = None
    twitter: str | None = None
    mastodon: str | None = None
    bluesky: str | None = None
    same_as: tuple[str, ...] = ()


@pickled_as_tuple
@dataclass(frozen=True, slots=True)
class PublisherFact:
    """Who publishes the site: a ``Person`` or an ``Organization``, for JSON-LD."""

    kind: str  # "Person" or "Organization"
    name: str
    url: str | None = None
    logo: ImageFact | None = None
    same_as: tuple[str, ...] = ()


@pickled_as_tuple
@dataclass(frozen=True, slots=True)
class SiteFacts:
    """Site-wide facts, fixed for one build."""

    name: str
    url: str | None
    description: str | None
    twitter_site: str | None
    locale: str | None
    publisher: PublisherFact | None = None
    theme_color: str | None = None
    #: The site's own profiles, for ``<link rel="me">`` (Mastodon verification).
    rel_me: tuple[str, ...] = ()
    #: Facebook: the site's Page (``article:publisher``) and app id (``fb:app_id``).
    facebook_page: str | None = None
    facebook_app_id: str | None = None
    #: ``(meta name, token)`` site-ownership tags for search engines and networks.
    verification: tuple[tuple[str, str], ...] = ()
    #: ``robots`` ``max-image-preview:large`` on indexable pages (Google Discover).
    large_image_preview: bool = True
    #: BCP 47 tag of ``DEFAULT_LANG`` (``zh-Hant``), as the author wrote it.
    language: str | None = None


@pickled_as_tuple
@dataclass(frozen=True, slots=True)
class AlternateFact:
    """One language version of a page: BCP 47 tag (``pt-BR``) and absolute URL."""

    hreflang: str
    url: str


@pickled_as_tuple
@dataclass(frozen=True, slots=True)
class VideoFact:
    """A video the page is about: an embeddable player or a file, absolute URLs."""

    url: str
    mime_type: str  # "text/html" for a player page, "video/mp4" for a file
    width: int | None = None
    height: int | None = None
    embed_url: str | None = None  # the player URL, for JSON-LD's embedUrl
    content_url: str | None = None  # the file URL, for JSON-LD's contentUrl


@pickled_as_tuple
@dataclass(frozen=True, slots=True)
class PageFacts:
    """Everything the renderers need to describe one written page."""

    kind: str  # "article", "page", "home" (first index page) or "listing"
    title: str
    url: str | None
    canonical: str | None
    description: str | None
    og_title: str
    og_description: str | None
    og_type: str  # "article" or "website"
    locale: str | None
    site: SiteFacts
    image: ImageFact | None = None
    twitter_card: str | None = None
    published: datetime | None = None
    modified: datetime | None = None
    authors: tuple[AuthorFact, ...] = ()
    section: str | None = None
    tags: tuple[str, ...] = ()
    locale_alternates: tuple[str, ...] = ()
    noindex: bool = False
    #: Whether this page gets a share bar (a published article, or a page by setting).
    shareable: bool = False
    #: Every language version including this one; empty when there are no translations.
    alternates: tuple[AlternateFact, ...] = ()
    x_default: str | None = None
    #: (name, absolute URL) from the home page down to this page.
    breadcrumbs: tuple[tuple[str, str], ...] = ()
    word_count: int | None = None
    reading_minutes: int | None = None
    video: VideoFact | None = None
    #: BCP 47 language of the page as the author wrote it (``zh-Hant``, ``ar``), for
    #: JSON-LD ``inLanguage``.
    language: str | None = None
    #: Where ``image`` came from: "metadata", "content", "card" or "default" (None: no image).
    image_origin: str | None = None
    #: X's own title, description and image (``twitter_*`` metadata); ``None``: the
    #: Open Graph values serve X too.
    twitter_title: str | None = None
    twitter_description: str | None = None
    twitter_image: ImageFact | None = None
    #: The words written into the page (share bar, Slack labels), in its language.
    strings: Strings = ENGLISH
    #: The posts that announced the page (``mastodon``/``bluesky`` metadata), for the
    #: conversation under it; ``None``: none given, or ``SMO_REPLIES = False``.
    conversation: ConversationFact | None = None


@pickled_as_tuple
@dataclass(frozen=True, slots=True)
class MastodonPost:
    """A Mastodon post that announced a page: its address, and where its API answers.

    ``url`` is the post's own page (``https://mastodon.social/@ada/113…``), ``origin``
    the instance it lives on (``https://mastodon.social``), ``id`` the status id there.
    """

    url: str
    origin: str
    id: str


@pickled_as_tuple
@dataclass(frozen=True, slots=True)
class BlueskyPost:
    """A Bluesky post that announced a page: its ``bsky.app`` page and its ``at://`` URI.

    ``uri``'s authority is a DID or a handle; a handle is resolved by the reader's
    browser (``com.atproto.identity.resolveHandle``) when the replies are asked for.
    """

    url: str
    uri: str


@pickled_as_tuple
@dataclass(frozen=True, slots=True)
class ConversationFact:
    """Where the conversation about a page happens: the posts that announced it.

    At least one of the two is set (a page announced nowhere has no ``ConversationFact``).
    ``appview`` is the Bluesky AppView the reader's browser asks for replies.
    """

    mastodon: MastodonPost | None
    bluesky: BlueskyPost | None
    appview: str
