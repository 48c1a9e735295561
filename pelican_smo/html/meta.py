"""PageFacts → the ``<head>`` elements: description, canonical, robots, Open Graph, X.

Pure: facts in, ``HeadItem`` list out. Open Graph keys use ``property=`` (RDFa, as
ogp.me specifies), X keys and ``description`` use ``name=``. Structured
properties (``og:image:width``) follow their root, as OGP requires. The order is
the one crawlers that read only the start of a page benefit from: identity first
(title, description, URL, image), details after.
"""

from __future__ import annotations

from datetime import datetime

from pelican_smo.html.escape import HeadItem, link, meta
from pelican_smo.i18n import messages
from pelican_smo.model import ImageFact, PageFacts, VideoFact
from pelican_smo.util.text import truncate

#: Limits X documents for card text (70, 200 and 420 characters); longer values are cut
#: at a word boundary. The title and description are shown, in a card cut by pixels, so
#: they are measured in display columns (a wide CJK character counts two,
#: ``util.text.display_width``), as the audit measures them; alt text is read aloud, not
#: shown, so it keeps X's limit in characters.
TWITTER_TITLE_MAX = 70
TWITTER_DESCRIPTION_MAX = 200
TWITTER_ALT_MAX = 420


def head_items(facts: PageFacts, *, twitter_labels: bool = True) -> list[HeadItem]:
    """All head elements for one page but JSON-LD, in emission order."""
    items: list[HeadItem] = []
    if facts.description:
        items.append(_name("description", facts.description))
    if facts.canonical and not facts.noindex:
        items.append(("canonical", link("canonical", facts.canonical)))
    if facts.noindex:
        items.append(_name("robots", "noindex"))
    elif facts.site.large_image_preview:
        # A theme's own robots directives (its ROBOTS setting) are kept: the splice
        # merges them into this one tag (splice.ROBOTS).
        items.append(_name("robots", "max-image-preview:large"))
    items.extend(alternate_links(facts))
    items.extend(open_graph(facts))
    items.extend(twitter(facts, labels=twitter_labels))
    items.extend(identity(facts))
    if facts.kind == "home":
        items.extend(_name(name, token) for name, token in facts.site.verification)
    return items


def alternate_links(facts: PageFacts) -> list[HeadItem]:
    """Reciprocal ``hreflang`` links for every language version, this one included,
    then ``x-default``."""
    items = [("hreflang", link("alternate", alt.url, hreflang=alt.hreflang))
             for alt in facts.alternates]
    if facts.alternates and facts.x_default:
        items.append(("hreflang", link("alternate", facts.x_default, hreflang="x-default")))
    return items


def identity(facts: PageFacts) -> list[HeadItem]:
    """Who wrote it and how it looks in chat apps: ``fediverse:creator`` for each author
    with a Mastodon handle, ``<link rel="me">`` for the site's profiles, ``theme-color``."""
    items = [_name("fediverse:creator", a.mastodon) for a in facts.authors if a.mastodon]
    items.extend(("me", link("me", url)) for url in facts.site.rel_me)
    if facts.site.theme_color:
        items.append(_name("theme-color", facts.site.theme_color))
    return items


def open_graph(facts: PageFacts) -> list[HeadItem]:
    """``og:*`` and ``article:*`` properties."""
    items = [_prop("og:title", facts.og_title), _prop("og:type", facts.og_type)]
    if facts.url:
        items.append(_prop("og:url", facts.url))
    if facts.og_description:
        items.append(_prop("og:description", facts.og_description))
    items.append(_prop("og:site_name", facts.site.name))
    if facts.locale:
        items.append(_prop("og:locale", facts.locale))
    items.extend(_prop("og:locale:alternate", loc) for loc in facts.locale_alternates)
    if facts.image:
        items.extend(_og_image(facts.image))
    if facts.video:
        items.extend(_og_video(facts.video))
    if facts.og_type == "article":
        items.extend(_article(facts))
    if facts.site.facebook_app_id:
        items.append(_prop("fb:app_id", facts.site.facebook_app_id))
    return items


def _og_image(image: ImageFact) -> list[HeadItem]:
    items = [_prop("og:image", image.url)]
    if image.url.startswith("https://"):
        items.append(_prop("og:image:secure_url", image.url))
    if image.mime_type:
        items.append(_prop("og:image:type", image.mime_type))
    if image.width and image.height:
        items.append(_prop("og:image:width", str(image.width)))
        items.append(_prop("og:image:height", str(image.height)))
    if image.alt:
        items.append(_prop("og:image:alt", image.alt))
    return items


def _og_video(video: VideoFact) -> list[HeadItem]:
    items = [_prop("og:video", video.url)]
    if video.url.startswith("https://"):
        items.append(_prop("og:video:secure_url", video.url))
    items.append(_prop("og:video:type", video.mime_type))
    if video.width and video.height:
        items.append(_prop("og:video:width", str(video.width)))
        items.append(_prop("og:video:height", str(video.height)))
    return items


def _article(facts: PageFacts) -> list[HeadItem]:
    items = []
    if facts.published:
        items.append(_prop("article:published_time", iso8601(facts.published)))
    if facts.modified:
        items.append(_prop("article:modified_time", iso8601(facts.modified)))
    # A profile URL only: ogp.me types article:author as "profile", and Facebook rejects
    # a bare name ("could not be parsed as type 'profile'").
    items.extend(_prop("article:author", a.url) for a in facts.authors if a.url)
    if facts.section:
        items.append(_prop("article:section", facts.section))
    items.extend(_prop("article:tag", tag) for tag in facts.tags)
    if facts.site.facebook_page:
        items.append(_prop("article:publisher", facts.site.facebook_page))
    return items


def twitter(facts: PageFacts, *, labels: bool = True) -> list[HeadItem]:
    """``twitter:*`` names; X reads OG too, but its own keys win and allow shorter text.
    ``twitter_title``/``twitter_description``/``twitter_image`` metadata apply to X alone.

    ``labels``: Slack shows ``twitter:label1/data1`` (reading time) and
    ``label2/data2`` (authors) as extra fields under the link, in the page's language.
    """
    items = []
    if facts.twitter_card:
        items.append(_name("twitter:card", facts.twitter_card))
    if facts.site.twitter_site:
        items.append(_name("twitter:site", facts.site.twitter_site))
    creators = [a.twitter for a in facts.authors if a.twitter]
    if creators:
        items.append(_name("twitter:creator", creators[0]))
    title = facts.twitter_title or facts.og_title
    items.append(_name("twitter:title", truncate(title, TWITTER_TITLE_MAX)))
    description = facts.twitter_description or facts.og_description
    if description:
        items.append(_name("twitter:description",
                           truncate(description, TWITTER_DESCRIPTION_MAX)))
    image = facts.twitter_image or facts.image
    if image:
        items.append(_name("twitter:image", image.url))
        if image.alt:
            alt = truncate(image.alt, TWITTER_ALT_MAX, unit="characters")
            items.append(_name("twitter:image:alt", alt))
    words = facts.strings
    if labels and facts.reading_minutes:
        items.append(_name("twitter:label1", words.gettext(messages.READING_TIME)))
        items.append(_name("twitter:data1", words.ngettext(
            *messages.MINUTES_READ, facts.reading_minutes).format(minutes=facts.reading_minutes)))
    if labels and facts.authors and facts.kind == "article":
        items.append(_name("twitter:label2", words.gettext(messages.WRITTEN_BY)))
        items.append(_name("twitter:data2", ", ".join(a.name for a in facts.authors)))
    return items


def iso8601(moment: datetime) -> str:
    """ISO 8601 with seconds and a UTC offset (``2024-05-01T09:30:00+02:00``).

    A naive datetime (a plugin that set one) is written without an offset
    rather than given a wrong one.
    """
    return moment.isoformat(timespec="seconds")


def _prop(key: str, value: str) -> HeadItem:
    return key, meta("property", key, value)


def _name(key: str, value: str) -> HeadItem:
    return key, meta("name", key, value)
