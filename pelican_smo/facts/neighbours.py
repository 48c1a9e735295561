"""Other plugins whose work overlaps ours: one warning each, and no duplicate tags."""

from __future__ import annotations

import logging
from typing import Any

from pelican_smo.settings import SmoConfig

logger = logging.getLogger(__name__)

#: Plugins whose work overlaps ours, by the last part of their module name.
_SEO_PLUGIN, _SHARE_POST_PLUGIN = "seo", "share_post"


def _enabled_plugins(settings: Any) -> set[str]:
    names = set()
    for plugin in settings.get("PLUGINS") or ():
        name = plugin if isinstance(plugin, str) else getattr(plugin, "__name__", "")
        names.add(name.rsplit(".", 1)[-1])
    return names


def settle_neighbours(settings: Any, smo_config: SmoConfig) -> None:
    """One warning per overlapping plugin, and no duplicate tags.

    pelican-seo's enhancer re-parses every written page and appends its own
    canonical, Open Graph, X and JSON-LD tags after ours, so both would appear:
    its ``SEO_ENHANCER`` is switched off for this build (its SEO report still
    runs). pelican-share-post only offers links to the theme; a theme that shows
    them next to our bar gives readers two sets, so say how to choose.
    """
    enabled = _enabled_plugins(settings)
    if _SEO_PLUGIN in enabled and settings.get("SEO_ENHANCER"):
        settings["SEO_ENHANCER"] = False
        logger.warning(
            "pelican_smo: pelican-seo's SEO_ENHANCER writes canonical, Open Graph, X and "
            "JSON-LD tags that pelican_smo already writes, so pages would carry both; "
            "SEO_ENHANCER is turned off for this build (pelican-seo's report still runs). "
            "Set SEO_ENHANCER = False to silence this warning.")
    if _SHARE_POST_PLUGIN in enabled and smo_config.share:
        logger.warning(
            "pelican_smo: pelican-share-post is enabled too; if your theme shows its links, "
            "articles get two sets of share links. Keep one: remove pelican-share-post, or "
            "set SMO_SHARE = False.")


