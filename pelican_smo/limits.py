"""What the platforms show as a link-preview image: every number, once, with its source.

Sizes are (width, height) in pixels; weights in bytes (1 MB = 1024 × 1024 bytes).
Sources: each platform's own documentation, collected in the project's REFERENCE.md
("unofficial" marks what only third parties report).

- Facebook (Sharing → Webmasters → Images): at least 200×200 or no image; below
  600×315 a small thumbnail beside the text instead of a large image; 1200×630
  recommended (1.91:1); at most 8 MB.
- X (Cards → Markup, Summary, Summary with large image): ``summary_large_image``
  wants a 2:1 image of at least 300×157, ``summary`` a 1:1 image of at least
  144×144; X crops each to that shape; under 5 MB; JPG, PNG, WEBP or GIF (the first
  frame), never SVG.
- LinkedIn (Post Inspector help, unofficial): 1200×627 recommended, at most 5 MB;
  below Facebook's 200×200 it shows no image either.
- WhatsApp (unofficial): images over about 300 KB are often not shown.
- Bluesky (lexicon ``app.bsky.embed.external``): a link card's thumbnail is a blob of at
  most 1,000,000 bytes (about 976 KB) and 2000×2000.
- Google Discover (Search Central, "Get on Discover"): large images at least 1200 px wide
  (with ``max-image-preview:large``).
- Google Search (Search Central, "Control your snippets in search results"): no limit on a
  meta description, but the snippet is cut "to fit the device width" (about 920 px on a
  desktop: some 155–160 characters of Latin text).
"""

from __future__ import annotations

MB = 1024 * 1024

FACEBOOK_MIN = (200, 200)
FACEBOOK_LARGE_MIN = (600, 315)
FACEBOOK_MAX_BYTES = 8 * MB
X_LARGE_MIN = (300, 157)
X_SUMMARY_MIN = (144, 144)
X_MAX_BYTES = 5 * MB
#: The image types X shows; Facebook and LinkedIn show these too.
X_IMAGE_TYPES = frozenset({"image/jpeg", "image/png", "image/webp", "image/gif"})
LINKEDIN_RECOMMENDED = (1200, 627)
LINKEDIN_MAX_BYTES = 5 * MB
WHATSAPP_MAX_BYTES = 300 * 1024
BLUESKY_MAX_BYTES = 1_000_000
DISCOVER_MIN_WIDTH = 1200

#: Display columns (a wide CJK character counts two: ``util.text.display_width``) of a meta
#: description a search result shows on a desktop before cutting it. One number for both
#: sides: the plugin cuts its descriptions to it (the default of ``SMO_DESCRIPTION_LENGTH``)
#: and the audit reports a longer meta description; X's 200 and Facebook's two or three
#: lines take it whole.
SEARCH_DESCRIPTION_MAX = 160

#: The smallest side an image may have to be shown by Facebook, LinkedIn and both X
#: cards: Facebook's 200 (X's ``summary`` needs 144, its large card 157 high).
PREVIEW_MIN_SIDE = 200
#: The heaviest image all three show: X's and LinkedIn's 5 MB (Facebook takes 8 MB).
PREVIEW_MAX_BYTES = min(X_MAX_BYTES, LINKEDIN_MAX_BYTES, FACEBOOK_MAX_BYTES)


def fits_large_card(width: int, height: int) -> bool:
    """Whether X's ``summary_large_image`` suits a ``width``×``height`` image better than
    ``summary``.

    The large card needs at least 300×157 (X). Then shape decides: X crops the
    large card's image to 2:1 and the summary card's to 1:1, so the card whose frame
    keeps more of the picture wins. An image of aspect ratio ``a = w/h`` keeps
    ``a/2`` of its height in a 2:1 frame (when ``a ≤ 2``) and ``1/a`` of its width in
    a 1:1 frame (when ``a ≥ 1``); ``a/2 ≥ 1/a`` exactly when ``a ≥ √2`` (≈ 1.41), i.e.
    ``w² ≥ 2·h²``. A 1200×630 or 3:2 photo gets the large card; a square, a 4:3
    photo (1.33) or a portrait (600×1000, of which a 2:1 crop keeps 30 %) gets
    ``summary``. The ``twitter_card`` metadata overrides this for a page.
    """
    if width < X_LARGE_MIN[0] or height < X_LARGE_MIN[1]:
        return False
    return width * width >= 2 * height * height

# --- Post lengths, as each network counts them (``util.fit`` holds the counting rules) ---
#: X (docs.x.com, Fundamentals → Counting characters): 280, weighted; a URL weighs 23.
X_POST_MAX = 280
#: Bluesky (the app.bsky.feed.post lexicon: ``text`` maxGraphemes 300).
BLUESKY_POST_MAX = 300
#: Mastodon (``StatusLengthValidator::MAX_CHARS``, 500 unless an instance changes it).
MASTODON_POST_MAX = 500
#: Threads (Threads API, Posts → Limitations: "Text posts are limited to 500 characters").
THREADS_POST_MAX = 500
