"""Signal wiring: Pelican's build events → config, facts, and the per-page pipeline.

``register()`` connects module-level functions only (blinker keeps weak
references, so bound methods or closures could be collected mid-build). Build
state lives in one module-level ``_build`` object, replaced at every
``initialized``, so ``pelican --autoreload`` starts each build clean.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from markupsafe import Markup
from pelican import signals

from pelican_smo import collect, config, inject
from pelican_smo.model import PageFacts
from pelican_smo.render import meta

logger = logging.getLogger(__name__)

#: Theme keys the plugin answers for, besides the ones it emits on a given page.
_OWNED_PREFIXES = ("og:", "twitter:", "article:")
_OWNED_KEYS = frozenset({"description", "canonical"})
#: Content lists of Pelican's article and page generators (drafts, hidden, translations).
_CONTENT_LISTS = ("articles", "translations", "drafts", "drafts_translations",
                  "hidden_articles", "hidden_translations", "pages", "hidden_pages",
                  "draft_pages", "draft_translations")
_HTML_SUFFIXES = (".html", ".htm", ".xhtml")
_FACTS_ATTR = "smo"

_build: collect.BuildResources | None = None


def register() -> None:
    """Connect the plugin to Pelican's signals."""
    signals.initialized.connect(on_initialized)
    signals.generator_init.connect(on_generator_init)
    signals.all_generators_finalized.connect(on_generators_finalized)
    signals.content_written.connect(on_content_written)


def on_initialized(pelican: Any) -> None:
    """Validate the settings and start the build's state.

    A bad setting raises ``SmoConfigError``, which Pelican reports as a critical
    error naming the setting before it exits with status 1.
    """
    global _build
    settings = pelican.settings
    smo_config = config.from_settings(settings)
    _build = collect.BuildResources(settings, smo_config)
    if _build.site.url is None:
        logger.warning(
            "pelican_smo: SITEURL is %r, not an absolute http(s) URL, so og:url, "
            "og:image and the canonical link are left out. Set SITEURL (or SMO_SITEURL) "
            "to the address the site is published at, e.g. 'https://example.org'.",
            settings.get("SITEURL", ""))


def on_generator_init(generator: Any) -> None:
    """Offer ``smo_head(obj)`` and ``smo_facts(obj)`` to every template."""
    generator.env.globals.update(smo_head=smo_head, smo_facts=facts_for)


def on_generators_finalized(generators: Iterable[Any]) -> None:
    """Compute every content object's facts once, now that summaries are final.

    They are kept on the object as ``obj.smo`` so templates can read them, and
    the per-page pipeline reuses them instead of working twice.
    """
    if _build is None:
        return
    generators = list(generators)
    if generators:
        _build.bind_context(generators[0].context)
    for content in _all_content(generators):
        _facts_or_none(content)


def _all_content(generators: Iterable[Any]) -> Iterable[Any]:
    seen: set[int] = set()
    for generator in generators:
        for name in _CONTENT_LISTS:
            for content in getattr(generator, name, None) or ():
                if id(content) not in seen and hasattr(content, "metadata"):
                    seen.add(id(content))
                    yield content


def facts_for(content: Any) -> PageFacts | None:
    """The facts of a content object, computed on first request and kept on it."""
    if _build is None:
        return None
    return _facts_or_none(content)


def _facts_or_none(content: Any) -> PageFacts | None:
    facts = getattr(content, _FACTS_ATTR, _MISSING)
    if facts is _MISSING:
        try:
            facts = collect.page_facts(content, _build)
        except Exception:
            logger.exception("pelican_smo: could not collect facts for %s; its page is left "
                             "as the theme wrote it", getattr(content, "source_path", content))
            facts = None
        setattr(content, _FACTS_ATTR, facts)
    return facts


_MISSING = object()


def smo_head(content: Any = None) -> Markup:
    """Jinja global: the head block for ``content``, for themes that place it themselves.

    The automatic injection finds this block and replaces it in place, so the
    page never gets a second copy.
    """
    facts = facts_for(content) if content is not None else None
    if facts is None:
        return Markup("")
    return Markup(inject.head_block(meta.head_items(facts)))


def on_content_written(path: str, context: dict[str, Any]) -> None:
    """The per-page pipeline: facts → head elements → spliced into the written file.

    A failure on one page is logged with its path and the build goes on
    (``pelican --fatal errors`` turns the log into a stop, as the user asked).
    """
    if _build is None or not path.endswith(_HTML_SUFFIXES):
        return
    try:
        facts = _page_facts(context)
        if facts is None:
            return
        items = meta.head_items(facts)
        keep = _build.config.theme_tags == "keep"
        inject.rewrite_file(
            path, lambda page: inject.splice_head(page, items, keep_theme=keep, owned=_owned))
    except inject.NoHeadError:
        logger.warning("pelican_smo: %s has no <head> element; social tags not added", path)
    except UnicodeDecodeError:
        logger.warning("pelican_smo: %s is not UTF-8 text; left unchanged", path)
    except Exception:
        logger.exception("pelican_smo: failed to add social tags to %s; file left unchanged",
                         path)


def _page_facts(context: dict[str, Any]) -> PageFacts | None:
    content = context.get("article") or context.get("page")
    if content is not None and hasattr(content, "metadata"):
        return _facts_or_none(content)
    if not _build.config.listing_pages:
        return None
    return collect.listing_facts(context, str(context.get("output_file", "")), _build)


def _owned(key: str) -> bool:
    return key in _OWNED_KEYS or key.startswith(_OWNED_PREFIXES)
