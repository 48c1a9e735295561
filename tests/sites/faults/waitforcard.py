"""A companion plugin for the crash test: after pelican_smo has queued the cards
(``all_generators_finalized``), hold the build until a card has begun drawing (the file
named by SMO_SLOW_CARD_MARK exists, at most 30 s), so that the crash that follows
always comes while drawings are in progress."""

import os
import time

from pelican import signals


def wait(_generators):
    mark = os.environ.get("SMO_SLOW_CARD_MARK")
    deadline = time.monotonic() + 30
    while mark and not os.path.exists(mark) and time.monotonic() < deadline:
        time.sleep(0.05)


def register():
    signals.all_generators_finalized.connect(wait)
