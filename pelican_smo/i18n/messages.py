"""Every message the plugin writes into a page, in English: the catalogs' message ids.

``pybabel extract`` reads this file (keywords ``N_`` and ``NP_:1,2``) to make
``pelican_smo/locale/pelican_smo.pot``; the tests check that the template and every
catalog have exactly these ids. Placeholders are ``{name}`` fields for ``str.format``
and must be kept, unchanged, in every translation.
"""

from __future__ import annotations


def N_(message: str) -> str:
    """Marks a message for extraction; returns it unchanged."""
    return message


def NP_(singular: str, plural: str) -> tuple[str, str]:
    """Marks a message with plural forms for extraction."""
    return singular, plural


# The share bar (html/share.py) and its script (assets/share.js).
SHARE_LABEL = N_("Share this article")
#: The accessible name of a share link; only ``{network}`` is visible on the link.
SHARE_ON = N_("Share on {network}")
#: The accessible name of the email link, ``{network}`` being the translated "Email".
SHARE_BY = N_("Share by {network}")
EMAIL = N_("Email")
COPY_LINK = N_("Copy link")
SHARE_NATIVE = N_("Share…")
LINK_COPIED = N_("Link copied")
COPY_FAILED = N_("Copy failed — the link is {url}")
SHARE_FAILED = N_("Sharing failed")

# Quotes (html/quotes.py) and the selected text (assets/share.js).
SHARE_QUOTE = N_("Share this quote")
#: The accessible name of a quote's share link; only the icon shows.
SHARE_QUOTE_ON = N_("Share this quote on {network}")
QUOTE_LINK = N_("Link to this quote")
SHARE_SELECTION = N_("Share the selected text")
SHARE_SELECTION_ON = N_("Share the selected text on {network}")
SELECTION_LINK = N_("Link to the selected text")
#: Announced when the links for the selected text appear, after the selection.
SELECTION_READY = N_("Links to share the selected text follow it.")

# Slack's extra fields (html/meta.py).
READING_TIME = N_("Reading time")
MINUTES_READ = NP_("{minutes} min read", "{minutes} min read")
WRITTEN_BY = N_("Written by")

# Listing titles and breadcrumbs (facts/page.py).
HOME = N_("Home")
ARCHIVES = N_("Archives")
TAGS = N_("Tags")
CATEGORIES = N_("Categories")
AUTHORS = N_("Authors")
PAGE_N = N_("{title} – page {number}")

# The page that asks for the reader's Mastodon server (assets/mastodon.html).
MASTODON_NOSCRIPT = N_(
    "This page needs JavaScript to open your Mastodon server. Instead, open {link}, choose "
    "your server there, and paste the link of the article you wanted to share.")
MASTODON_ABOUT_TO = N_("You are about to share:")
MASTODON_NO_TEXT = N_(
    "There is no text to share. Go back to the article and use its Mastodon link again.")
MASTODON_OPENING = N_("Opening {host}…")
FEDI_TITLE = N_("Share on the fediverse")
FEDI_INSTANCE = N_("Your instance (Mastodon, Misskey, Lemmy, Friendica…)")
FEDI_REMEMBERED = N_("Your instances")
FEDI_SHARE_ON = N_("Share on {host}")
FEDI_FORGET = N_("Forget {host}")
FEDI_FORGOTTEN = N_("{host} forgotten.")
FEDI_SOFTWARE = N_("Its software")
FEDI_SOFTWARE_AUTO = N_("Find out")
FEDI_DETECTING = N_("Asking {host} which software it runs…")
FEDI_UNKNOWN = N_(
    "Could not tell which software {host} runs. Choose it below, or share with "
    "Mastodon's form.")
FEDI_NO_FORM = N_(
    "{software} has no share form: the text is copied. Paste it into a new post on {host}.")
FEDI_OPEN = N_("Open {host}")
MASTODON_HINT = N_(
    "The server where you have your account, for example mastodon.social. This browser "
    "remembers it for next time; nothing is sent anywhere until you press Share.")
MASTODON_SHARE = N_("Share")
MASTODON_NOT_HOST = N_("“{value}” is not a server address. Enter one like mastodon.social.")
MASTODON_EMPTY = N_("Enter the address of your Mastodon server, like mastodon.social.")

# The preview page (audit/preview.py, assets/preview/preview.js).
PREVIEW_TITLE = N_("Link previews")
PREVIEW_FILTER = N_("Filter by title")
PREVIEW_SHOWN = NP_("{shown} of {total} page", "{shown} of {total} pages")
PREVIEW_AUDIT = N_("Audit")
PREVIEW_NO_FINDINGS = N_("No findings.")
PREVIEW_NO_TITLE = N_("(no title)")
PREVIEW_NO_IMAGE = N_("no image")
PREVIEW_FROM = N_("From {domain}")
PREVIEW_MORE_FROM = N_("More from {creator}")


def all_ids() -> list[str]:
    """Every message id (a plural message's singular), in this file's order."""
    ids = []
    for name, value in list(globals().items()):
        if name.isupper() and isinstance(value, str | tuple):
            ids.append(value[0] if isinstance(value, tuple) else value)
    return ids
