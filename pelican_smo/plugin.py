"""Signal wiring: Pelican's build events → config, facts, and the per-page pipeline.

The per-page pipeline runs inside template rendering (see ``_with_pipeline``):
``generator_init`` gives each generator's Jinja environment a template class
whose ``render`` passes the finished page through ``process_page``.

``register()`` connects module-level functions only (blinker keeps weak
references, so bound methods or closures could be collected mid-build). Build
state lives in one module-level ``_build`` object, made at ``initialized``;
``pelican --autoreload`` runs many builds after one ``initialized``, so what a
run reads (static files, image facts, warnings) is reset at the start of each
run, in ``BuildResources.bind_context``.
"""

from __future__ import annotations

import functools
import logging
import os
import weakref
from collections.abc import Iterable
from importlib import resources
from typing import Any

from jinja2 import pass_context
from markupsafe import Markup
from pelican import signals

from pelican_smo import atomic_writer, collect, config, files, inject, pipeline
from pelican_smo.model import PageFacts
from pelican_smo.render import share
from pelican_smo.render.head import page_head

logger = logging.getLogger(__name__)

#: Content lists of Pelican's article and page generators (drafts, hidden, translations).
_CONTENT_LISTS = ("articles", "translations", "drafts", "drafts_translations",
                  "hidden_articles", "hidden_translations", "pages", "hidden_pages",
                  "draft_pages", "draft_translations")
_HTML_SUFFIXES = (".html", ".htm", ".xhtml")
#: Where facts are kept on a content object (``article.smo_facts`` in templates). Not
#: ``smo``: Pelican turns the ``smo: off`` metadata into that attribute.
_FACTS_ATTR = "smo_facts"
_SHARE_ASSETS = ("share.css", "share.js", "mastodon.html")

_build: collect.BuildResources | None = None
#: Card jobs of the current run, and the content of each page that was given a card.
_cards: Any = None
_card_pages: dict[str, Any] = {}
#: How many head blocks and share bars the templates have written (``smo_head()``,
#: ``smo_share()``). A page whose render left it unchanged has neither, and the
#: pipeline does not search the page for them.
_markers_written = 0


def register() -> None:
    """Connect the plugin to Pelican's signals."""
    signals.initialized.connect(on_initialized)
    signals.generator_init.connect(on_generator_init)
    signals.all_generators_finalized.connect(on_generators_finalized)
    signals.finalized.connect(on_finalized)
    signals.get_writer.connect(on_get_writer)


def on_initialized(pelican: Any) -> None:
    """Validate the settings and start the build's state.

    A bad setting raises ``SmoConfigError``, which Pelican reports as a critical
    error naming the setting before it exits with status 1.
    """
    global _build
    settings = pelican.settings
    smo_config = config.from_settings(settings)
    _settle_neighbours(settings, smo_config)
    _build = collect.BuildResources(settings, smo_config)
    if _background_writes(smo_config):
        atomic_writer.prepare(smo_config)
    if smo_config.cards != "never" and _build.site.url is not None:
        from pelican_smo.cards import prefetch_default_stacks

        prefetch_default_stacks()  # fontconfig's processes run while Pelican reads
    if _build.site.url is None:
        logger.warning(
            "pelican_smo: SITEURL is %r, not an absolute http(s) URL, so og:url, "
            "og:image and the canonical link are left out. Set SITEURL (or SMO_SITEURL) "
            "to the address the site is published at, e.g. 'https://example.org'.",
            settings.get("SITEURL", ""))


def on_get_writer(pelican: Any) -> type | None:
    """Offer the atomic writer (``SMO_ATOMIC_WRITES``), so no page is ever half-written;
    its background form (``SMO_BACKGROUND_WRITES``) when nothing else reads pages during
    the build."""
    if _build is None or not _build.config.atomic_writes:
        return None
    if _background_writes(_build.config):
        return atomic_writer.BackgroundWriter
    return atomic_writer.AtomicWriter


def _background_writes(smo_config: config.SmoConfig) -> bool:
    return smo_config.atomic_writes and smo_config.background_writes and not _pages_watched()


#: Signals through which another plugin could read a page before the build ends.
_WATCHING_SIGNALS = ("content_written", "finalized", "get_generators")


def _pages_watched() -> bool:
    """Whether another plugin listens where it could read written pages back.

    ``content_written`` fires as each page is written, ``finalized`` at the end, and a
    generator of another plugin (``get_generators``) runs among the writers: with a
    helper process writing, the page could still be on its way. Our own
    ``on_finalized`` waits for the helper first; signals call receivers in no set
    order, so for anyone else the build writes its pages itself.
    """
    ours = {on_finalized}
    for name in _WATCHING_SIGNALS:
        for receiver in getattr(signals, name).receivers.values():
            function = receiver() if isinstance(receiver, weakref.ref) else receiver
            if function is not None and function not in ours:
                return True
    return False


#: Plugins whose work overlaps ours, by the last part of their module name.
_SEO_PLUGIN, _SHARE_POST_PLUGIN = "seo", "share_post"


def _enabled_plugins(settings: Any) -> set[str]:
    names = set()
    for plugin in settings.get("PLUGINS") or ():
        name = plugin if isinstance(plugin, str) else getattr(plugin, "__name__", "")
        names.add(name.rsplit(".", 1)[-1])
    return names


def _settle_neighbours(settings: Any, smo_config: config.SmoConfig) -> None:
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


def on_generator_init(generator: Any) -> None:
    """Hook the page pipeline into template rendering, and offer ``smo_head(obj)``,
    ``smo_share(obj)`` and ``smo_facts(obj)`` to every template."""
    env = generator.env
    env.template_class = _with_pipeline(env.template_class)
    env.globals.update(smo_head=smo_head, smo_share=smo_share, smo_facts=facts_for)


def on_generators_finalized(generators: Iterable[Any]) -> None:
    """Compute every content object's facts once, now that summaries are final.

    They are kept on the object as ``obj.smo_facts`` so templates can read them, and
    the per-page pipeline reuses them instead of working twice.
    """
    if _build is None:
        return
    generators = list(generators)
    if generators:
        _build.bind_context(generators[0].context)
    needing_cards = []
    for content in _all_content(generators):
        facts = _compute_facts(content)
        if collect.wants_card(facts, _build):
            needing_cards.append((content, facts))
    if needing_cards:
        _start_cards(needing_cards)


def _start_cards(pages: list[tuple[Any, PageFacts]]) -> None:
    """Submit the cards now (drawing runs in worker processes while Pelican writes) and
    point each page's facts at its planned card file; ``on_finalized`` waits for them."""
    global _cards
    from pelican_smo.cards import CardJobs, default_cache_dir

    smo_config = _build.config
    cache = smo_config.card_cache or default_cache_dir(_build.settings)
    _cards = CardJobs(cache, str(_build.settings.get("OUTPUT_PATH")), smo_config.card_folder,
                      max_workers=smo_config.card_workers)
    specs = {}
    for content, facts in pages:
        try:
            specs[collect.page_id(content)] = (content, facts, collect.card_spec(content, facts,
                                                                                 _build))
        except Exception:
            logger.exception("pelican_smo: no social card for %s", collect.page_id(content))
    try:
        planned = _cards.submit(spec for _, _, spec in specs.values())
    except OSError as err:
        logger.error("pelican_smo: social cards are off for this build: the card cache %s "
                     "can't be used (%s); set SMO_CARD_CACHE to a writable folder",
                     cache, err)
        _cards = None
        return
    for key, (content, facts, _) in specs.items():
        if key in planned:
            setattr(content, _FACTS_ATTR, collect.with_card(content, facts, planned[key], _build))
            _card_pages[key] = content


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
    facts = getattr(content, _FACTS_ATTR, None)
    return facts if isinstance(facts, PageFacts) else _compute_facts(content)


def _compute_facts(content: Any) -> PageFacts | None:
    """Collect and keep a content object's facts, always afresh: an object restored from
    Pelican's content cache may carry facts from an earlier build."""
    try:
        facts = collect.page_facts(content, _build)
    except Exception:
        logger.exception("pelican_smo: could not collect facts for %s; its page is left "
                         "as the theme wrote it", getattr(content, "source_path", content))
        facts = None
    setattr(content, _FACTS_ATTR, facts)
    return facts


def smo_head(content: Any = None) -> Markup:
    """Jinja global: the head block for ``content``, for themes that place it themselves.

    The automatic injection finds this block and replaces it in place, so the
    page never gets a second copy.
    """
    global _markers_written
    facts = facts_for(content) if content is not None else None
    if _build is None or facts is None:
        return Markup("")
    _markers_written += 1
    return Markup(inject.head_block(page_head(facts, _build.config)))


@pass_context
def smo_share(template_context: Any, content: Any = None) -> Markup:
    """Jinja global: the share bar for ``content``, placed where the theme calls it.

    The automatic placement then finds the bar and stays out.
    """
    global _markers_written
    facts = facts_for(content) if content is not None else None
    if _build is None or facts is None or not facts.shareable:
        return Markup("")
    _markers_written += 1
    assets = pipeline.assets_url(str(template_context.get("output_file", "")), _build.config)
    return Markup(share.share_bar(facts, _build.config, assets))


def process_page(page: str, context: dict[str, Any], *, theme_markers: bool = True) -> str:
    """The per-page pipeline: facts → head elements and share bar → spliced into the page.

    Runs on the rendered page text before Pelican writes it, so no page is read
    back or written twice. The facts are found here (they come from Pelican's
    objects); the rest is ``pipeline.finish_page``, which reads nothing else.

    ``theme_markers=False``: the theme is known not to have called ``smo_head()``
    or ``smo_share()`` on this page (the template class watched it render), so the
    page is not searched for their marks: two scans of a page that is mostly article.
    """
    output_file = str(context.get("output_file") or "")
    if _build is None or not output_file.endswith(_HTML_SUFFIXES):
        return page
    try:
        content = _content_of(context)
        facts = _page_facts(content, context)
        if facts is None:
            return page
        job = pipeline.PageJob(facts, output_file,
                               collect.rendered_content(content) if facts.shareable else None,
                               theme_markers)
    except Exception:
        logger.error("%s", pipeline.unfinished_message(output_file))
        return page
    if atomic_writer.pending_pages is not None:  # a BackgroundWriter's helper finishes it
        atomic_writer.pending_pages.keep(output_file, job)
        return page
    return pipeline.finish_page(page, job, _build.config, logger.log)


@functools.cache
def _with_pipeline(base: type) -> type:
    """A subclass of the environment's template class whose ``render`` runs the pipeline.

    Why at render time rather than on ``content_written``: the signal comes after
    Pelican has written the file, so the page would be read back and written a
    second time, and replacing a just-written file made every page wait for the
    disk (the rename was most of the plugin's cost in ``make bench``).
    """

    class SmoTemplate(base):  # type: ignore[misc, valid-type]
        def render(self, *args: Any, **kwargs: Any) -> str:
            written = _markers_written
            page = super().render(*args, **kwargs)
            context = args[0] if len(args) == 1 and not kwargs and isinstance(
                args[0], dict) else dict(*args, **kwargs)
            return process_page(page, context, theme_markers=_markers_written != written)

    SmoTemplate.__name__ = SmoTemplate.__qualname__ = f"Smo{base.__name__}"
    return SmoTemplate


def _content_of(context: dict[str, Any]) -> Any:
    content = context.get("article") or context.get("page")
    return content if content is not None and hasattr(content, "metadata") else None


def _page_facts(content: Any, context: dict[str, Any]) -> PageFacts | None:
    if content is not None:
        return _facts_or_none(content)
    if not _build.config.listing_pages:
        return None
    return collect.listing_facts(context, str(context.get("output_file", "")), _build)


def on_finalized(pelican: Any) -> None:
    """Finish the build: share assets, the social cards, then the audit and preview."""
    if _build is None:
        return
    if _build.config.atomic_writes:
        atomic_writer.finish_background_writes()  # the pages, before anything below reads them
    if _build.config.share:
        _write_share_assets(pelican.output_path)
    _finish_cards(pelican.output_path)
    if _build.config.audit or _build.config.preview:
        _audit_and_preview(pelican.output_path)


def _audit_and_preview(output_path: str) -> None:
    """``SMO_AUDIT``: check the built site and log the findings (errors as errors, so
    ``pelican --fatal errors`` fails the build). ``SMO_PREVIEW``: write the preview page."""
    from pelican_smo import audit, preview

    config = _build.config
    try:
        report = audit.audit_site(output_path, _build.site.url)
    except audit.AuditError as err:
        logger.warning("pelican_smo audit: %s", err)
        return
    if config.audit:
        audit.log_report(report, logger)
    if config.preview:
        target = config.preview if isinstance(config.preview, str) else None
        path = preview.write_preview(output_path, _build.site.url, report,
                                     os.path.join(output_path, target) if target else None)
        logger.info("pelican_smo: link previews written to %s", path)


def _write_share_assets(output_path: str) -> None:
    """The share bar's stylesheet, script and Mastodon page, into the output."""
    target = os.path.join(output_path, _build.config.assets_dir)
    os.makedirs(target, exist_ok=True)
    assets = resources.files("pelican_smo").joinpath("assets")
    for name in _SHARE_ASSETS:
        files.write_atomic(os.path.join(target, name),
                            assets.joinpath(name).read_text(encoding="utf-8"))


def _finish_cards(output_path: str) -> None:
    """Wait for the cards; a page whose card failed gets its head re-spliced without it.

    Pages were written naming their planned card; drawing failures are rare
    (each is logged by the card jobs), and only those pages are read again.
    """
    global _cards
    if _cards is None:
        return
    jobs, _cards = _cards, None
    try:
        result = jobs.wait()
    finally:
        jobs.close()
    logger.info("pelican_smo: social cards: %d drawn, %d reused, %d failed",
                result.drawn, result.reused, len(result.failed))
    for key in result.failed:
        content = _card_pages.get(key)
        if content is not None:
            _drop_card(content, output_path)
    _card_pages.clear()


def _drop_card(content: Any, output_path: str) -> None:
    facts = collect.without_card(content, getattr(content, _FACTS_ATTR), _build)
    setattr(content, _FACTS_ATTR, facts)
    path = os.path.join(output_path, str(content.save_as))
    try:
        with open(path, encoding="utf-8") as handle:
            page = handle.read()
        page = inject.splice_head(page, page_head(facts, _build.config),
                                  keep_theme=_build.config.theme_tags == "keep",
                                  owned=pipeline.owned_by_plugin)
        files.write_atomic(path, page)
    except (OSError, ValueError) as err:
        logger.error("pelican_smo: %s names a social card that could not be drawn, and "
                     "could not be corrected: %s", path, err)
