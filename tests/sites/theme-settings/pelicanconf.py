# A company blog whose theme writes its own social tags (some with broken quoting) and
# reads the common theme settings; listings saved under folder paths, a custom direct
# template, and a 404 page.
SITENAME = "Listings"
SITEURL = "https://example.org"
SITESUBTITLE = "Notes on <em>small</em> things<br>and more"
AUTHOR = "Example Company Ltd."
AUTHOR_SAVE_AS = ""
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
PLUGINS = ["pelican_smo"]
THEME = "theme"
STATIC_PATHS = ["images"]
TWITTER_USERNAME = "examplecorp"
SITELOGO = "images/logo.png"
FEATURED_IMAGE = "images/featured.png"
SOCIAL = (("Mastodon", "https://mastodon.example/@corp"), ("GitHub", "https://github.com/corp"),
          ("Email", "mailto:hello@example.org"))
TAGS_SAVE_AS = "tags/index.html"
TAGS_URL = "tags/"
ARCHIVES_SAVE_AS = "posts/index.html"
ARCHIVES_URL = "posts/"
DIRECT_TEMPLATES = ["index", "tags", "categories", "authors", "archives", "search"]
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
