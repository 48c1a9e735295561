"""Social card images: a 1200×630 picture per page for ``og:image``/``twitter:image``.

Modules, each with one job:

* ``spec``    — ``CardSpec``: pure data, and the digest.
* ``style``   — ``CardStyle``/``LayoutOptions`` and the validation of their settings.
* ``text``    — grapheme clusters, line-break points, bidi ordering (pure).
* ``fonts``   — default font stack (no downloads), glyph coverage from ``cmap``,
  per-character fallback, drawing runs with Pillow.
* ``layout``  — where things go, given a text measurer (pure).
* ``draw``    — the picture (Pillow) and its encoding (PNG/JPEG, < 300 KB).
* ``cache``   — the card cache and installing cards into the output.
* ``jobs``    — ``CardJobs``/``ensure_cards``: parallel drawing into a
  digest-keyed cache, atomic install into the output, stale-card removal.

Nothing here touches HTML: the plugin puts ``CardFile`` facts into the page's tags.
"""

from pelican_smo.cards.cache import CardFile, CardResult, default_cache_dir
from pelican_smo.cards.fonts import default_font_stack, font_problem, prefetch_default_stacks
from pelican_smo.cards.jobs import DEFAULT_FOLDER, CardJobs, ensure_cards
from pelican_smo.cards.spec import LAYOUT_VERSION, CardSpec
from pelican_smo.cards.style import CardStyle, LayoutOptions

__all__ = [
    "DEFAULT_FOLDER",
    "LAYOUT_VERSION",
    "CardFile",
    "CardJobs",
    "CardResult",
    "CardSpec",
    "CardStyle",
    "LayoutOptions",
    "default_cache_dir",
    "default_font_stack",
    "ensure_cards",
    "font_problem",
    "prefetch_default_stacks",
]
