# Page bundles: each article in its own folder with its picture beside it, linked with
# {attach}, and folder URLs (the layout Hugo and Jekyll users bring to Pelican).
SITENAME = "Bundles"
SITEURL = "https://example.org"
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
PLUGINS = ["pelican_smo"]
STATIC_PATHS = ["posts"]
ARTICLE_URL = "{slug}/"
ARTICLE_SAVE_AS = "{slug}/index.html"
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
