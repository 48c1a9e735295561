"""Finishing one page: its facts → head elements and share bar → spliced into the page.

One pure step, from a ``PageJob`` and the page as the theme rendered it to the page
as Pelican then writes it; ``plugin.finish_rendered`` finds the facts (from Pelican's
objects) and calls it. It neither imports Pelican nor logs, so it can be tested and
profiled (``bench.profile``) on its own: each problem, with the page's path, goes to
the ``report`` callable it is given (the plugin passes its logger's ``log``).

Also here: the two pieces a theme can place itself (``head_block``, ``share_bar``),
the share bar's and the conversation's asset files, and the re-splice of a written page
whose card failed.
"""

from __future__ import annotations

import logging
import os
import posixpath
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from pelican_smo.html import placement, quotes, replies, share
from pelican_smo.html import splice as inject
from pelican_smo.html.head import page_head
from pelican_smo.html.mastodon import mastodon_page
from pelican_smo.i18n import ENGLISH, Strings
from pelican_smo.model import PageFacts
from pelican_smo.settings import SmoConfig
from pelican_smo.util.errors import raised_by_pelican
from pelican_smo.util.write import write_atomic

#: Theme keys the plugin answers for, besides the ones it emits on a given page.
_OWNED_PREFIXES = ("og:", "twitter:", "article:")
_OWNED_KEYS = frozenset({"description", "canonical"})

#: Receives each problem with a page: a ``logging`` level and the whole message.
Report = Callable[[int, str], None]


@dataclass(frozen=True, slots=True)
class PageJob:
    """Everything the finishing step needs besides the page text and the configuration.

    ``anchor`` is the article's content HTML exactly as the theme printed it, where the
    share bar goes and where the author's own JSON-LD is left alone (``None``: a listing,
    or no content). ``theme_markers``: the
    theme called ``smo_head()`` or ``smo_share()`` while rendering this page, so the page
    is searched for their marks (``False`` saves two scans of a page that is mostly
    article).
    """

    facts: PageFacts
    output_file: str
    anchor: str | None
    theme_markers: bool


def finish_page(page: str, job: PageJob, config: SmoConfig, report: Report) -> str:
    """The page with its head elements and share bar; the page unchanged on any failure.

    A failure is reported with the page's output path and the page is written as the
    theme rendered it: one page never stops the build (``pelican --fatal errors`` turns
    the logged error into a stop, as the user asked).
    """
    try:
        return _transform(page, job, config, report)
    except inject.NoHeadError:
        report(logging.WARNING, f"pelican_smo: {job.output_file} has no <head> element; "
                                "social tags not added")
    except Exception as err:
        if raised_by_pelican(err):
            raise
        report(logging.ERROR, unfinished_message(job.output_file))
    return page


#: Left before ``</head>`` of a page whose author switched the plugin off (``smo: off``),
#: and nothing else: the audit reads it (``audit.parse.OPT_OUT_META``) and reports the
#: page as the author's choice instead of as a page missing its tags. A ``<meta>``
#: element, not a comment, so minifiers keep it.
OPTED_OUT_MARK = '<meta name="pelican-smo" content="off">'


def mark_opted_out(page: str) -> str:
    """The page with ``OPTED_OUT_MARK`` at the end of its head (unchanged without one)."""
    try:
        _, end = inject.head_bounds(page)
    except inject.NoHeadError:
        return page
    return page[:end] + OPTED_OUT_MARK + "\n" + page[end:]


def unfinished_message(path: str) -> str:
    """The error for a page that failed on its way, with the traceback of the exception
    being handled."""
    return (f"pelican_smo: failed to add social tags to {path}; page left as the theme "
            f"rendered it\n{traceback.format_exc().rstrip()}")


def _transform(page: str, job: PageJob, config: SmoConfig, report: Report) -> str:
    """Place the share bar and the conversation (when the page gets them) and splice the
    head, in one copy of the page: all are found on the page as the theme rendered it,
    then applied together."""
    facts = job.facts
    items = page_head(facts, config)
    edits: list[inject.Edit] = []
    # the post's place in the page, found once: bar, quotes, conversation, JSON-LD scan
    content = placement.content_span(page, job.anchor)
    talk = [replies.conversation_block(facts.conversation)] if facts.conversation else []
    has_talk = False
    if facts.shareable or talk:
        assets = assets_url(job.output_file, config)
    if facts.shareable:
        if config.share_placement != "template":
            bar, has_bar = _share_bar_edit(page, job, config, assets, report, content)
            if bar is not None and talk and config.share_placement == "after-content":
                start, end, pieces = bar  # the conversation right after the bar
                edits.append((start, end, (*pieces, *talk, "\n")))
                has_talk, talk = True, []
            elif bar is not None:
                edits.append(bar)
        else:
            has_bar = job.theme_markers and placement.has_marked_element(page, share.BAR_MARKER)
        if has_bar:
            items = items + share.head_assets(config, assets)
            # ahead of the bar's edit: a quote that ends the content keeps its control
            # (inserted at the same offset) before the bar and the conversation
            edits[:0] = _quote_edits(page, job, config, assets, content)
    if talk:
        talk_edit = _conversation_edit(page, job, config, talk, report, content)
        if talk_edit is not None:
            edits.append(talk_edit)
            has_talk = True
    if has_talk:
        items = items + replies.head_assets(config, assets)
    edits.extend(inject.head_edits(page, items, keep_theme=config.theme_tags == "keep",
                                   owned=owned_by_plugin, may_have_block=job.theme_markers,
                                   content=content))
    return inject.apply_edits(page, edits)


def _share_bar_edit(page: str, job: PageJob, config: SmoConfig, assets: str,
                    report: Report, content: tuple[int, int] | None
                    ) -> tuple[inject.Edit | None, bool]:
    """The edit that places the share bar (``None``: nothing to place), and whether the page
    will have a bar (placed here, or already there: a theme's ``smo_share()``), so the
    bar's stylesheet and script are linked."""
    bar = share.share_bar_pieces(job.facts, config, assets)
    marker = share.BAR_MARKER if job.theme_markers else None
    if not bar:
        return None, marker is not None and placement.has_marked_element(page, marker)
    try:
        edit = placement.bar_edit(page, bar, marker=marker, anchor=job.anchor,
                               selector=config.share_selector,
                               before=config.share_placement == "before-content",
                               found=content)
    except placement.NoPlaceError as err:  # raised only when the page has no bar yet
        report(logging.WARNING, f"pelican_smo: share bar not added to {job.output_file}: {err}")
        return None, False
    return edit, True


def _quote_edits(page: str, job: PageJob, config: SmoConfig, assets: str,
                 content: tuple[int, int] | None) -> list[inject.Edit]:
    """A share control after each blockquote of the article's content
    (``SMO_SHARE_QUOTES``), found where the theme printed the content."""
    if not config.share_quotes or not job.anchor or quotes.QUOTE_MARKER in job.anchor:
        return []
    wanted = None if config.share_quotes is True else config.share_quotes
    found = quotes.find_quotes(job.anchor, wanted)
    if not found:
        return []
    if content is None:
        return []
    start = content[0]
    edits: list[inject.Edit] = []
    for quote in found:
        markup = share.quote_controls(quote, job.facts, config, assets)
        if markup:
            edits.append((start + quote.end, start + quote.end, (markup,)))
    return edits


def _conversation_edit(page: str, job: PageJob, config: SmoConfig, block: list[str],
                       report: Report, content: tuple[int, int] | None
                       ) -> inject.Edit | None:
    """The edit that places the conversation after the article's content (or as the last
    child of ``SMO_SHARE_SELECTOR``'s element), where the share bar is not placed after
    the content by the plugin (``before-content``, ``template``, no bar)."""
    try:
        return placement.bar_edit(page, block, marker=None, anchor=job.anchor,
                               selector=config.share_selector, before=False, found=content)
    except placement.NoPlaceError as err:
        report(logging.WARNING, f"pelican_smo: conversation not added to {job.output_file}: "
                                f"{err}")
        return None


def assets_url(output_file: str, config: SmoConfig) -> str:
    """URL of the assets folder relative to the page at ``output_file``, ending in ``/``."""
    folder = posixpath.dirname(output_file.replace(os.sep, "/"))
    return _relative_folder(config.assets_dir, folder or ".")


@lru_cache(maxsize=1024)
def _relative_folder(target: str, start: str) -> str:
    return posixpath.relpath(target, start) + "/"


def owned_by_plugin(key: str) -> bool:
    """Whether a theme's tag with this key (property, name or rel) is one the plugin answers
    for, so it is replaced (``SMO_THEME_TAGS = "replace"``) even when this page has no
    value of its own for it."""
    return key in _OWNED_KEYS or key.startswith(_OWNED_PREFIXES)


def head_block(facts: PageFacts, config: SmoConfig) -> str:
    """The head block a theme places with ``smo_head()`` (found and replaced in place)."""
    return inject.head_block(page_head(facts, config))


def share_bar(facts: PageFacts, output_file: str, config: SmoConfig) -> str:
    """The share bar a theme places with ``smo_share()``, with asset URLs relative to the
    page at ``output_file``."""
    return share.share_bar(facts, config, assets_url(output_file, config))


#: The share bar's files, copied from the package into ``SMO_ASSETS_DIR``.
SHARE_ASSETS = ("share.css", "share.js")
#: The conversation's files (``SMO_REPLIES``), copied there too.
REPLIES_ASSETS = ("replies.css", "replies.js")


def write_share_assets(output_path: str, config: SmoConfig,
                       languages: Iterable[Strings] = (ENGLISH,)) -> None:
    """The share bar's stylesheet and script, and the Mastodon page in each language of
    ``languages`` (the words of the site's share bars; English is always written, as
    ``mastodon.html``), with ``SMO_SHARE``; the conversation's stylesheet and script with
    ``SMO_REPLIES``; into the output."""
    names = (SHARE_ASSETS if config.share else ()) + (REPLIES_ASSETS if config.replies else ())
    if not names:
        return
    target = os.path.join(output_path, config.assets_dir)
    os.makedirs(target, exist_ok=True)
    assets = resources.files("pelican_smo").joinpath("assets")
    for name in names:
        write_atomic(os.path.join(target, name), assets.joinpath(name).read_bytes())
    if not config.share:
        return
    pages = {share.mastodon_page_name(words): words for words in languages}
    pages.setdefault("mastodon.html", ENGLISH)
    for name, words in sorted(pages.items()):
        write_atomic(os.path.join(target, name), mastodon_page(words).encode("utf-8"))


def replace_head_in_file(output_path: str, save_as: str, facts: PageFacts,
                         config: SmoConfig, report: Report) -> None:
    """Rewrite the head block of a page already written (its card could not be drawn)."""
    path = os.path.join(output_path, save_as)
    try:
        with open(path, encoding="utf-8") as handle:
            page = handle.read()
        blocks = inject.marker_blocks(page)
        if blocks:  # finished already: only our block changes (the theme's were settled)
            start, end = blocks[0]
            page = page[:start] + inject.head_block(page_head(facts, config)) + page[end:]
        else:
            page = inject.splice_head(page, page_head(facts, config),
                                      keep_theme=config.theme_tags == "keep",
                                      owned=owned_by_plugin)
        write_atomic(path, page)
    except (OSError, ValueError) as err:
        report(logging.ERROR, f"pelican_smo: {path} names a social card that could not be "
                              f"drawn, and could not be corrected: {err}")
