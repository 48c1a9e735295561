"""Pelican settings for the pelican-smo example site ("Field Notes").

Build it with `make example` from the repository root, then open
example_site/output/index.html. publishconf.py holds the production overrides.
"""

AUTHOR = "Ada Example"
SITENAME = "Field Notes"
SITEURL = "https://fieldnotes.example.org"

PATH = "content"
# Pelican's cache (the social cards are kept in cache/smo-cards): next to this file, not
# in whatever folder pelican is run from.
CACHE_PATH = "cache"
TIMEZONE = "Europe/Berlin"
DEFAULT_LANG = "en"
DEFAULT_DATE_FORMAT = "%d %B %Y"

THEME = "notmyidea"
STATIC_PATHS = ["images"]

# Document-relative links, so output/index.html works when opened from disk.
# The plugin still writes absolute URLs (built from SITEURL) into social tags.
RELATIVE_URLS = True

# No feeds while developing (publishconf.py turns the main one on).
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None

DEFAULT_PAGINATION = 5

LINKS = (
    ("Pelican", "https://getpelican.com/"),
    ("Open Graph protocol", "https://ogp.me/"),
)
SOCIAL = (("Mastodon", "https://mastodon.example/@ada"),)

# --- pelican-smo -------------------------------------------------------------
PLUGINS = ["pelican_smo"]

SMO_SITE_DESCRIPTION = (
    "Field Notes: short write-ups of walks, field tools and small experiments "
    "by Ada Example and friends."
)
SMO_TWITTER_SITE = "@fieldnotes"
SMO_DEFAULT_IMAGE = "images/default-card.png"
SMO_DEFAULT_IMAGE_ALT = "The Field Notes logo: a green notebook with a leaf, beside the site name"
SMO_AUTHORS = {
    "Ada Example": {
        "url": "https://fieldnotes.example.org/pages/about.html",
        "twitter": "@ada",
        "mastodon": "@ada@mastodon.example",
        "bluesky": "ada.example.org",
        "same_as": ["https://github.com/ada-example"],
    },
    "Grace Sample": {"twitter": "@grace"},
}
