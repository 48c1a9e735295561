# SMO_SHARE_QUOTES on: a share control after each top-level blockquote of an article
# (our mark, data-smo-quote), the rest of the page as Pelican writes it.
SITENAME = "Quotes"
SITEURL = "https://example.org"
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
PLUGINS = ["pelican_smo"]
SMO_SHARE_QUOTES = True
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
