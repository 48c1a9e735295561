"""Signal wiring: Pelican's build events → settings, facts, and the finished page.

Each page is finished inside template rendering (``_with_finishing``): the rendered
text gets its head block and share bar, and Pelican's own writer writes it once.

``register()`` connects module-level functions only (blinker keeps weak references,
so bound methods or closures could be collected mid-build). The module holds no
build state: each ``Pelican`` instance gets its own ``facts.state.BuildState`` at
``initialized``, kept in its settings and found again from a generator's settings,
a template's context or the ``Pelican`` object (i18n_subsites runs one build inside
another). ``pelican --autoreload`` runs many builds after one ``initialized``, so
what a run reads is reset at the start of each run (``BuildState.bind_context``).
"""

from __future__ import annotations

import functools
import logging
import weakref
from collections.abc import Iterable, Mapping
from typing import Any

from jinja2 import pass_context
from markupsafe import Markup
from pelican import signals

from pelican_smo import facts, settings
from pelican_smo.facts import state
from pelican_smo.facts.state import BuildState
from pelican_smo.html import finish
from pelican_smo.model import PageFacts
from pelican_smo.util.errors import name_failed_writes

logger = logging.getLogger(__name__)

#: Content lists of Pelican's article and page generators (drafts, hidden, translations).
_CONTENT_LISTS = ("articles", "translations", "drafts", "drafts_translations",
                  "hidden_articles", "hidden_translations", "pages", "hidden_pages",
                  "draft_pages", "draft_translations")
_HTML_SUFFIXES = (".html", ".htm", ".xhtml")
#: Set on every handler this module connects, so that ``register`` recognises them
#: whichever module object they come from.
_HANDLER_MARK = "_pelican_smo_handler"


def register() -> None:
    """Connect the plugin to Pelican's signals, once per process.

    Pelican calls ``register`` for every name in ``PLUGINS`` that reaches the plugin
    (``"smo"``, ``"pelican.plugins.smo"``, ``"pelican_smo"``) and again for each nested
    build (i18n_subsites). The same functions connected again are one receiver for
    blinker, but a second copy of this module imported under another name has other
    functions, which would finish every page twice: so when any copy's handlers are
    connected already, nothing is connected.
    """
    connected = _connected_handler()
    if connected is not None:
        if connected is not on_initialized:
            logger.debug("pelican_smo: already registered from %s; %s not connected",
                         connected.__module__, __name__)
        return
    for signal, handler in ((signals.initialized, on_initialized),
                            (signals.generator_init, on_generator_init),
                            (signals.all_generators_finalized, on_generators_finalized),
                            (signals.feed_generated, on_feed_generated),
                            (signals.feed_written, on_feed_written),
                            (signals.finalized, on_finalized)):
        setattr(handler, _HANDLER_MARK, True)
        signal.connect(handler)


def _connected_handler() -> Any:
    """Our ``initialized`` handler, from any copy of this module, if one is connected."""
    for receiver in list(signals.initialized.receivers.values()):
        if isinstance(receiver, weakref.ref):  # blinker keeps functions weakly
            receiver = receiver()
        if getattr(receiver, _HANDLER_MARK, False):
            return receiver
    return None


def on_initialized(pelican: Any) -> None:
    """Validate the settings and give this build its own state.

    A bad setting raises ``SmoConfigError``, which Pelican reports as a critical
    error naming the setting before it exits with status 1.
    """
    config = settings.from_settings(pelican.settings)
    for name in sorted(settings.RETIRED_SETTINGS.keys() & pelican.settings.keys()):
        logger.warning("pelican_smo: %s no longer does anything (%s); remove it from your "
                       "settings", name, settings.RETIRED_SETTINGS[name])
    card_style = None
    if config.cards != "never":
        from pelican_smo.cards.style import style_from_settings

        card_style = style_from_settings(config.card_look)
    build = BuildState(pelican.settings, config, card_style)
    state.attach(pelican.settings, build)
    name_failed_writes(logging.getLogger("pelican"))
    facts.settle_neighbours(pelican.settings, config)
    if build.site.url is None:
        logger.warning(
            "pelican_smo: SITEURL is %r, not an absolute http(s) URL, so og:url, "
            "og:image and the canonical link are left out. Set SITEURL (or SMO_SITEURL) "
            "to the address the site is published at, e.g. 'https://example.org'.",
            pelican.settings.get("SITEURL", ""))
    elif card_style is not None:
        from pelican_smo.cards import prefetch_default_stacks

        prefetch_default_stacks()  # fontconfig's processes run while Pelican reads


def on_generator_init(generator: Any) -> None:
    """Finish pages as they render, and offer ``smo_head(obj)``, ``smo_share(obj)`` and
    ``smo_facts(obj)`` to every template of a build that has the plugin's state."""
    if state.of(generator.settings) is None:
        return
    env = generator.env
    env.template_class = _with_finishing(env.template_class)
    env.globals.update(smo_head=smo_head, smo_share=smo_share, smo_facts=smo_facts)


def on_generators_finalized(generators: Iterable[Any]) -> None:
    """Compute every content object's facts once, now that summaries are final, start
    drawing the cards of the pages that need one, and write the share bar's assets.

    The assets are written now, before any ``finalized`` handler runs: post-processors
    (pelican-minify, compressors) run there, in PLUGINS order, and must find them.
    Facts are kept in the build (``BuildState.facts_for``; templates read them with
    ``smo_facts(obj)``), and the finishing step reuses them instead of working twice.
    """
    generators = list(generators)
    build = state.of(generators[0].settings) if generators else None
    if build is None:
        return
    build.bind_context(generators[0].context)
    contents = list(_all_content(generators))
    build.contents = contents
    for content in contents:
        # Pelican resolves a content's links on first use, and {attach} moves static
        # files then: resolve all before any static file's URL is read.
        facts.rendered_content(content)
    needing_cards = []
    for content in contents:
        page = _compute_facts(content, build)
        if facts.wants_card(page, build):
            needing_cards.append((content, page))
    site_card = facts.wants_site_card(build)
    if needing_cards or site_card:
        _start_cards(needing_cards, build, site_card=site_card)
    # Every page's facts (and so every language its bar speaks) are known now; the share
    # bar's files with SMO_SHARE, the conversation's with SMO_REPLIES.
    finish.write_share_assets(generators[0].output_path, build.config,
                              {build.strings_for("en"), *build.share_strings})


def _start_cards(pages: list[tuple[Any, PageFacts]], build: BuildState, *,
                 site_card: bool = False) -> None:
    """Submit the cards now (drawing runs in worker processes while Pelican writes) and
    point each page's facts at its planned card file; ``on_finalized`` waits for them.
    ``site_card``: also the home and listing pages' card (``build.site_card``)."""
    from pelican_smo.cards import CardJobs, default_cache_dir

    config = build.config
    cache = config.card_cache or default_cache_dir(build.settings)
    jobs = CardJobs(cache, str(build.settings.get("OUTPUT_PATH")), config.card_folder,
                    max_workers=config.card_workers)
    specs = {}
    for content, page in pages:
        key = facts.page_id(content)
        try:
            specs[key] = (content, page, facts.card_spec(content, page, build))
        except facts.FactError as err:
            logger.warning("pelican_smo: no social card for %s: %s", key, err)
    site_specs = [facts.site_card_spec(build)] if site_card else []
    try:
        planned = jobs.submit([*(spec for _, _, spec in specs.values()), *site_specs])
    except OSError as err:
        logger.error("pelican_smo: social cards are off for this build: the card cache %s "
                     "can't be used (%s); set SMO_CARD_CACHE to a writable folder",
                     cache, err)
        jobs.close()
        return
    build.card_jobs = jobs
    if facts.SITE_CARD in planned:
        build.site_card = facts.site_card_image(planned[facts.SITE_CARD], build)
    for key, (content, page, _) in specs.items():
        if key in planned:
            build.keep_facts(content, facts.with_card(content, page, planned[key], build))
            build.card_pages[key] = content


def _all_content(generators: Iterable[Any]) -> Iterable[Any]:
    seen: set[int] = set()
    for generator in generators:
        for name in _CONTENT_LISTS:
            for content in getattr(generator, name, None) or ():
                if id(content) not in seen and hasattr(content, "metadata"):
                    seen.add(id(content))
                    yield content


def _facts_of(content: Any, build: BuildState) -> PageFacts | None:
    """The facts of a content object, computed on first request and kept in the build."""
    known, page = build.facts_for(content)
    return page if known else _compute_facts(content, build)


def _compute_facts(content: Any, build: BuildState) -> PageFacts | None:
    """Collect a content object's facts and keep them in the build."""
    page = facts.page_facts_or_none(content, build)
    build.keep_facts(content, page)
    return page


@pass_context
def smo_facts(template_context: Any, content: Any = None) -> PageFacts | None:
    """Jinja global: the facts of ``content`` (``None`` without the plugin's state)."""
    build = state.of(template_context)
    return _facts_of(content, build) if build is not None and content is not None else None


@pass_context
def smo_head(template_context: Any, content: Any = None) -> Markup:
    """Jinja global: the head block for ``content``, for themes that place it themselves.

    The finishing step finds this block and replaces it in place, so the page never
    gets a second copy.
    """
    build = state.of(template_context)
    page = _facts_of(content, build) if build is not None and content is not None else None
    if page is None:
        return Markup("")
    build.markers_written += 1
    return Markup(finish.head_block(page, build.config))


@pass_context
def smo_share(template_context: Any, content: Any = None) -> Markup:
    """Jinja global: the share bar for ``content``, placed where the theme calls it.

    The automatic placement then finds the bar and stays out.
    """
    build = state.of(template_context)
    page = _facts_of(content, build) if build is not None and content is not None else None
    if page is None or not page.shareable:
        return Markup("")
    build.markers_written += 1
    output_file = str(template_context.get("output_file", ""))
    return Markup(finish.share_bar(page, output_file, build.config))


def finish_rendered(page: str, context: Mapping[str, Any], *, theme_markers: bool,
                    template: str | None = None) -> str:
    """The rendered page with its head block and share bar, before Pelican writes it.

    The facts are found here (they come from Pelican's objects); the rest is
    ``html.finish.finish_page``, which reads nothing else.

    ``theme_markers=False``: the theme is known not to have called ``smo_head()``
    or ``smo_share()`` on this page, so the page is not searched for their marks.
    ``template``: the name of the template rendered (``"tags.html"``): what a listing
    page is about (Pelican's context does not say).
    """
    build = state.of(context)
    output_file = str(context.get("output_file") or "")
    if build is None or not output_file.endswith(_HTML_SUFFIXES):
        return page
    content = _content_of(context)
    if content is not None:
        page_facts = _facts_of(content, build)
        if page_facts is None and facts.is_opted_out(content):
            return finish.mark_opted_out(page)
        if page_facts is not None:
            try:
                page_facts = facts.with_late_urls(content, page_facts, context, build)
            except facts.FactError as err:
                logger.warning("pelican_smo: %s: URLs not read again when writing %s: %s",
                               getattr(content, "source_path", content), output_file, err)
    elif build.config.listing_pages:
        page_facts = facts.listing_facts_or_none(context, output_file, build, template)
    else:
        page_facts = None
    if page_facts is None:
        return page
    anchor = facts.rendered_content(content) if content is not None else None
    job = finish.PageJob(page_facts, output_file, anchor, theme_markers)
    return finish.finish_page(page, job, build.config, logger.log)


@functools.cache
def _with_finishing(base: type) -> type:
    """A subclass of the environment's template class whose ``render`` finishes the page.

    Why at render time rather than on ``content_written``: the signal comes after
    Pelican has written the file, so the page would be read back and written a
    second time. The class holds no state: the build is found in the render context.
    """

    class SmoTemplate(base):  # type: ignore[misc, valid-type]
        def render(self, *args: Any, **kwargs: Any) -> str:
            context = args[0] if len(args) == 1 and not kwargs and isinstance(
                args[0], dict) else dict(*args, **kwargs)
            build = state.of(context)
            if build is None:
                return super().render(*args, **kwargs)
            written = build.markers_written
            page = super().render(*args, **kwargs)
            return finish_rendered(page, context,
                                   theme_markers=build.markers_written != written,
                                   template=self.name)

    SmoTemplate.__name__ = SmoTemplate.__qualname__ = f"Smo{base.__name__}"
    return SmoTemplate


def on_feed_generated(context: Mapping[str, Any], feed: Any) -> None:
    """Each feed item gets its page's preview image and plain-text description
    (``SMO_FEEDS``), before Pelican writes the feed."""
    build = state.of(context)
    if build is None or not build.config.feeds:
        return
    from pelican_smo.html.feed import add_previews

    by_link = facts.links_of(build)  # read now: other plugins relink pages until writing
    add_previews(feed, lambda link: _facts_of(by_link[link], build) if link in by_link
                 else None, summary=build.config.feed_summary)


def on_feed_written(path: str, context: Mapping[str, Any] | None = None,
                    feed: Any = None) -> None:
    """Remember which images a feed names while cards are being drawn: one that cannot
    be drawn is then taken out of the feed (``_finish_cards``)."""
    build = state.of(context) if context is not None else None
    if build is None or build.card_jobs is None or feed is None:
        return
    from pelican_smo.html.feed import item_images

    images = item_images(feed)
    if images:
        build.feed_images[str(path)] = images


def _content_of(context: Mapping[str, Any]) -> Any:
    content = context.get("article") or context.get("page")
    return content if content is not None and hasattr(content, "metadata") else None


def on_finalized(pelican: Any) -> None:
    """Finish the build: the social cards, then the audit and preview."""
    build = state.of(pelican.settings)
    if build is None:
        return
    _finish_cards(pelican.output_path, build)
    if build.config.audit or build.config.preview:
        from pelican_smo.audit import run_after_build

        problems = [(page, field, *problem)
                    for (page, field), problem in sorted(build.post_problems.items())]
        run_after_build(pelican.output_path, build.site.url, build.config.audit,
                        build.config.preview, logger, build.strings_for(None),
                        post_problems=problems)


def _finish_cards(output_path: str, build: BuildState) -> None:
    """Wait for the cards; a page whose card failed gets its head re-spliced without it,
    and a feed that names it loses that item's image (``html.feed.drop_images``).

    Pages and feeds were written naming their planned card; drawing failures are rare
    (each is logged by the card jobs), and only those files are read again.
    """
    jobs, build.card_jobs = build.card_jobs, None
    if jobs is None:
        return
    try:
        result = jobs.wait()
    finally:
        jobs.close()
    logger.info("pelican_smo: social cards: %d drawn, %d reused, %d failed",
                result.drawn, result.reused, len(result.failed))
    failed_urls: set[str] = set()
    for key in result.failed:
        if key == facts.SITE_CARD:
            if build.site_card is not None:
                failed_urls.add(build.site_card.url)
            for output_file, page in build.site_card_pages.items():
                finish.replace_head_in_file(output_path, output_file,
                                            facts.without_site_card(page, output_file),
                                            build.config, logger.log)
            continue
        content = build.card_pages.get(key)
        if content is None:
            continue
        planned = build.facts_for(content)[1]
        if planned is not None and planned.image is not None:
            failed_urls.add(planned.image.url)
        page = facts.without_card(content, planned, build)
        build.keep_facts(content, page)
        finish.replace_head_in_file(output_path, str(content.save_as), page, build.config,
                                    logger.log)
    if failed_urls:
        _drop_failed_cards_from_feeds(build.feed_images, failed_urls)
    build.card_pages.clear()
    build.site_card_pages.clear()
    build.feed_images.clear()


def _drop_failed_cards_from_feeds(feed_images: Mapping[str, set[str]],
                                  failed_urls: set[str]) -> None:
    from xml.etree.ElementTree import ParseError

    from pelican_smo.html.feed import drop_images

    for path, urls in sorted(feed_images.items()):
        if urls & failed_urls:
            try:
                drop_images(path, urls & failed_urls)
            except (OSError, ParseError) as err:
                logger.error("pelican_smo: %s names a social card that could not be drawn, "
                             "and could not be corrected: %s", path, err)
