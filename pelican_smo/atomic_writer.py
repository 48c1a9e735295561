"""Pelican ``Writer``s whose files appear whole or not at all.

Pelican writes each page with ``open(path, "w")``: a build killed mid-write
leaves a truncated page behind. ``AtomicWriter`` keeps each page and feed until
Pelican has written all of it, then writes it to a temporary file in the same
folder and renames it into place, so an interrupted build leaves the previous
page or the new one, never part of one. Enabled by ``SMO_ATOMIC_WRITES`` (default on).

``BackgroundWriter`` does the same in a helper process (``file_worker``), so the
build renders the next page while the helper finishes this one (its head elements
and share bar: ``pipeline.finish_page``) and the disk takes it
(``SMO_BACKGROUND_WRITES``). The plugin chooses it only when no other plugin
watches files as they are written or at the end of the build, and waits for
every file (``finish_background_writes``) before its own end-of-build work and
before the process exits.

Pelican uses the first writer any plugin offers; another plugin that replaces
the writer too makes Pelican warn "2 writers found".
"""

from __future__ import annotations

import atexit
import logging
import os
from typing import Any

from pelican import writers
from pelican.writers import Writer

from pelican_smo import pipeline
from pelican_smo.config import SmoConfig
from pelican_smo.files import FileWriterProcess, PageFile, setup_frame

#: Pelican 4.10+ names the error; older versions raised a plain RuntimeError.
FileOverwriteFailedError: type[Exception] = getattr(writers, "FileOverwriteFailedError",
                                                    RuntimeError)

logger = logging.getLogger(__name__)


class AtomicWriter(Writer):
    """Pelican's writer with ``_open_w`` returning a ``PageFile``, written in this process.

    Keeps Pelican's rules about writing one path twice (``override``) as they are.
    """

    #: The helper process that writes the files; ``None``: this process writes them.
    _helper: FileWriterProcess | None = None

    def _open_w(self, filename: str, encoding: str, override: bool = False) -> Any:
        job = pending_pages.claim(filename) if pending_pages is not None else None
        if filename in self._overridden_files:
            if override:
                raise FileOverwriteFailedError(
                    f'Failed to overwrite "{filename}" a second time (was previously '
                    "overwritten)")
            logger.info('Skipping "%s", not overwriting', filename)
            return open(os.devnull, "w", encoding=encoding)
        if filename in self._written_files and not override:
            raise FileOverwriteFailedError(
                f'Failed to overwrite "{filename}" as Pelican has already written to it '
                "previously (set `override=True` if intended)")
        if override:
            self._overridden_files.add(filename)
        self._written_files.add(filename)
        return PageFile(filename, encoding, self._helper, job, _finish_here)


#: Helper processes of builds not yet finished (one per build; ``--autoreload`` runs many).
_helpers: list[FileWriterProcess] = []


class BackgroundWriter(AtomicWriter):
    """``AtomicWriter`` whose pages are finished and written by a helper process.

    The helper is the one ``prepare`` started, or one started now. If it cannot
    start, or stops, each page is finished and written here instead, as with
    ``AtomicWriter``: a page is never lost to the helper after that.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        global _prepared, _started
        self._helper = _started if _prepared else start_helper(_config)
        _prepared, _started = False, None

    def write_file(self, *args: Any, **kwargs: Any) -> Any:
        """Pelican's ``write_file``, with each page the template renders left for the helper
        to finish: ``plugin.process_page`` hands its job to ``pending_pages``, and
        ``_open_w``, called right after for the same path, takes it back."""
        global pending_pages
        if self._helper is None or not self._helper.finishes_pages:
            return super().write_file(*args, **kwargs)
        pending_pages = PendingPages(self.output_path)
        try:
            return super().write_file(*args, **kwargs)
        finally:
            pages, pending_pages = pending_pages, None
            pages.drop_unclaimed()


class PendingPages:
    """Jobs of pages rendered but not yet opened for writing, by absolute path.

    Pelican's writer renders a page and opens its file at once, so there is at most
    one; a job no file claims belongs to a page written elsewhere, without the
    plugin's tags, and is logged.
    """

    def __init__(self, output_path: str) -> None:
        self._output_path = output_path
        self._jobs: dict[str, pipeline.PageJob] = {}

    def keep(self, output_file: str, job: pipeline.PageJob) -> None:
        self._jobs[os.path.abspath(os.path.join(self._output_path, output_file))] = job

    def claim(self, path: str) -> pipeline.PageJob | None:
        return self._jobs.pop(os.path.abspath(path), None) if self._jobs else None

    def drop_unclaimed(self) -> None:
        for path in self._jobs:
            logger.error("pelican_smo: %s was rendered but not written through Pelican's "
                         "writer; it has no social tags", path)
        self._jobs.clear()


#: Set while a ``BackgroundWriter`` writes; ``None`` otherwise: pages are finished as
#: they are rendered.
pending_pages: PendingPages | None = None
#: The configuration pages are finished with (``prepare``, by the plugin).
_config: SmoConfig | None = None
#: A helper started ahead of the writer (``prepare``), for the next ``BackgroundWriter``.
_started: FileWriterProcess | None = None
_prepared = False


def prepare(config: SmoConfig) -> None:
    """Start the helper now, for the ``BackgroundWriter`` of this build, finishing pages with
    ``config``.

    Why ahead: the helper imports the plugin's rendering modules (about a tenth of a
    second). Started when the build starts, that happens while Pelican reads the
    content; started with the writer, the first fifty pages would fill the pipe and
    the build would wait for it.
    """
    global _config, _prepared, _started
    _config = config
    _started, _prepared = start_helper(config), True


def start_helper(config: SmoConfig | None) -> FileWriterProcess | None:
    """A helper process finishing pages with ``config`` (``None``: only writing them);
    ``None``, with a warning, when it cannot start: the build then writes its pages."""
    try:
        helper = FileWriterProcess(setup_frame(config) if config is not None else None)
    except (OSError, ValueError) as err:  # no usable interpreter to start (embedded)
        logger.warning("pelican_smo: pages are written by the build itself: the helper "
                       "process could not start (%s)", err)
        return None
    _helpers.append(helper)
    logger.info("pelican_smo: pages are written by a helper process (pid %d)", helper.pid)
    return helper


def _finish_here(page: str, job: pipeline.PageJob) -> str:
    """Finish a page in this process: it was not handed to a helper that finishes pages."""
    return pipeline.finish_page(page, job, _config, logger.log)


def finish_background_writes() -> None:
    """Wait until every file handed to a helper is on disk; log each one that is not.

    Called before the plugin's end-of-build work (which reads pages back), and at exit,
    so ``pelican`` never returns before its pages are written.
    """
    while _helpers:
        helper = _helpers.pop()
        for level, message in helper.close():
            logger.log(level, message)
        if helper.lost is not None:
            logger.error("pelican_smo: the page-writing helper process stopped (%s); pages "
                         "sent to it may be missing or out of date: build again",
                         helper.lost)


atexit.register(finish_background_writes)
