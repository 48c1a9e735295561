# A blog in a sub-path (SITEURL ends in /sub) with folder URLs: each article at
# blog/<slug>/, its picture copied next to it through STATIC_PATHS and linked relative to
# the page (pic.png, ./pic.png, ../shared.png), as a browser resolves it.
SITENAME = "Relative images"
SITEURL = "https://example.org/sub"
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
PLUGINS = ["pelican_smo"]
ARTICLE_PATHS = ["posts"]
STATIC_PATHS = ["blog", "images"]
ARTICLE_URL = "blog/{slug}/"
ARTICLE_SAVE_AS = "blog/{slug}/index.html"
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
