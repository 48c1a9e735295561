"""Finishing one page: its facts → head elements and share bar → spliced into the page.

One pure step, from a ``PageJob`` and the page as the theme rendered it to the page
as it is written; ``plugin.process_page`` finds the facts (from Pelican's objects)
and calls it. It neither imports Pelican nor logs, so it can be tested, profiled
(``bench.profile``) or run anywhere on its own: each problem, with the page's path,
goes to the ``report`` callable it is given (the plugin passes its logger's ``log``).
"""

from __future__ import annotations

import logging
import os
import posixpath
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from pelican_smo import inject
from pelican_smo.config import SmoConfig
from pelican_smo.model import PageFacts
from pelican_smo.render import share
from pelican_smo.render.head import page_head

#: Theme keys the plugin answers for, besides the ones it emits on a given page.
_OWNED_PREFIXES = ("og:", "twitter:", "article:")
_OWNED_KEYS = frozenset({"description", "canonical"})

#: Receives each problem with a page: a ``logging`` level and the whole message.
Report = Callable[[int, str], None]


@dataclass(frozen=True, slots=True)
class PageJob:
    """Everything the finishing step needs besides the page text and the configuration.

    ``anchor`` is the article's content HTML exactly as the theme printed it, where the
    share bar goes (``None``: not an article, or no content). ``theme_markers``: the
    theme called ``smo_head()`` or ``smo_share()`` while rendering this page, so the page
    is searched for their marks (``False`` saves two scans of a page that is mostly
    article).
    """

    facts: PageFacts
    output_file: str
    anchor: str | None
    theme_markers: bool

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        """Pickled with the anchor as UTF-8 bytes, for the helper process.

        Why not as text: pickling a ``str`` that is not ASCII makes CPython keep a
        UTF-8 copy inside that string for good, and the anchor is the content's
        HTML that Pelican keeps all build long (5.5 MB more memory on the
        benchmark's 1,000 posts).
        """
        anchor = self.anchor.encode("utf-8", "surrogatepass") if self.anchor else None
        return _page_job, (self.facts, self.output_file, anchor, self.theme_markers)


def _page_job(facts: PageFacts, output_file: str, anchor: bytes | None,
              theme_markers: bool) -> PageJob:
    return PageJob(facts, output_file,
                   anchor.decode("utf-8", "surrogatepass") if anchor is not None else None,
                   theme_markers)


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
    except Exception:
        report(logging.ERROR, unfinished_message(job.output_file))
    return page


def unfinished_message(path: str) -> str:
    """The error for a page that failed on its way (its facts, its job or its finishing),
    with the traceback of the exception being handled: one wording for the build and the
    helper."""
    return (f"pelican_smo: failed to add social tags to {path}; page left as the theme "
            f"rendered it\n{traceback.format_exc().rstrip()}")


def _transform(page: str, job: PageJob, config: SmoConfig, report: Report) -> str:
    """Place the share bar (when the page gets one) and splice the head, in one copy of
    the page: both are found on the page as the theme rendered it, then applied together."""
    facts = job.facts
    items = page_head(facts, config)
    edits: list[inject.Edit] = []
    if facts.shareable:
        assets = assets_url(job.output_file, config)
        if config.share_placement != "template":
            bar, has_bar = _share_bar_edit(page, job, config, assets, report)
            if bar is not None:
                edits.append(bar)
        else:
            has_bar = job.theme_markers and inject.has_marked_element(page, share.BAR_MARKER)
        if has_bar:
            items = items + share.head_assets(config, assets)
    edits.extend(inject.head_edits(page, items, keep_theme=config.theme_tags == "keep",
                                   owned=owned_by_plugin, may_have_block=job.theme_markers))
    return inject.apply_edits(page, edits)


def _share_bar_edit(page: str, job: PageJob, config: SmoConfig, assets: str,
                    report: Report) -> tuple[inject.Edit | None, bool]:
    """The edit that places the share bar (``None``: nothing to place), and whether the page
    will have a bar (placed here, or already there: a theme's ``smo_share()``), so the
    bar's stylesheet and script are linked."""
    bar = share.share_bar_pieces(job.facts, config, assets)
    marker = share.BAR_MARKER if job.theme_markers else None
    if not bar:
        return None, marker is not None and inject.has_marked_element(page, marker)
    try:
        edit = inject.bar_edit(page, bar, marker=marker, anchor=job.anchor,
                               selector=config.share_selector,
                               before=config.share_placement == "before-content")
    except inject.NoPlaceError as err:  # raised only when the page has no bar yet
        report(logging.WARNING, f"pelican_smo: share bar not added to {job.output_file}: {err}")
        return None, False
    return edit, True


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
