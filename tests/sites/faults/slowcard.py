"""A card drawing function that takes a second a card (SMO_CARD_DRAW_FUNCTION =
"slowcard:draw"), and leaves a file named by SMO_SLOW_CARD_MARK once drawing began."""

import os
import time

from PIL import Image


def draw(spec):
    mark = os.environ.get("SMO_SLOW_CARD_MARK")
    if mark:
        with open(mark, "a", encoding="utf-8") as handle:
            handle.write(spec.page_id + "\n")
    time.sleep(1.0)
    return Image.new("RGB", (1200, 630), (30, 60, 90))
