# i18n_subsites as its users set it up: a main site in English and a Spanish subsite
# built by a nested Pelican inside the main build.
SITENAME = "Site"
SITEURL = "https://example.org"
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
PLUGINS = ["pelican.plugins.i18n_subsites", "pelican_smo"]
I18N_SUBSITES = {"es": {"SITENAME": "Sitio"}}
JINJA_ENVIRONMENT = {"extensions": ["jinja2.ext.i18n"]}
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
