"""A test-only Pelican plugin that reads each page back as soon as Pelican says it is written.

Like a minifier or search indexer would: on ``content_written`` it opens the file
and logs one WARNING per HTML page, ``watcher: NAME has-tags`` when the page on disk
already carries pelican_smo's head block, ``watcher: NAME no-tags`` otherwise
(missing, or not yet written).
"""

import logging
import os

from pelican import signals

logger = logging.getLogger(__name__)


def on_content_written(path, context):
    if not path.endswith(".html"):
        return
    try:
        with open(path, encoding="utf-8") as handle:
            page = handle.read()
    except OSError:
        page = ""
    state = "has-tags" if "<!-- /pelican_smo -->" in page else "no-tags"
    logger.warning("watcher: %s %s", os.path.basename(path), state)


def register():
    signals.content_written.connect(on_content_written)
