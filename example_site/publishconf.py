"""Production settings for the example site.

.venv/bin/pelican example_site/content -s example_site/publishconf.py -o example_site/output
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pelicanconf import *  # noqa: F403

SITEURL = "https://fieldnotes.example.org"
RELATIVE_URLS = False

FEED_ALL_ATOM = "feeds/all.atom.xml"
CATEGORY_FEED_ATOM = "feeds/{slug}.atom.xml"

DELETE_OUTPUT_DIRECTORY = True
