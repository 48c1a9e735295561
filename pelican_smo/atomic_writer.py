"""Pelican ``Writer``s whose files appear whole or not at all.

Pelican writes each page with ``open(path, "w")``: a build killed mid-write
leaves a truncated page behind. ``AtomicWriter`` keeps each page and feed until
Pelican has written all of it, then writes it to a temporary file in the same
folder and renames it into place, so an interrupted build leaves the previous
page or the new one, never part of one. Enabled by ``SMO_ATOMIC_WRITES`` (default on).

``BackgroundWriter`` does the same in a helper process (``file_worker``), so the
build renders the next page while the disk takes this one
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

from pelican_smo.files import FileWriterProcess, PageFile

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
        return PageFile(filename, encoding, self._helper)


#: Helper processes of builds not yet finished (one per build; ``--autoreload`` runs many).
_helpers: list[FileWriterProcess] = []


class BackgroundWriter(AtomicWriter):
    """``AtomicWriter`` whose files are written by a helper process.

    If the helper cannot start, or stops, each file is written here instead, as
    ``AtomicWriter`` does: a file is never lost to the helper.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        try:
            self._helper = FileWriterProcess()
        except (OSError, ValueError) as err:  # no usable interpreter to start (embedded)
            logger.warning("pelican_smo: pages are written by the build itself: the helper "
                           "process could not start (%s)", err)
        else:
            _helpers.append(self._helper)
            logger.info("pelican_smo: pages are written by a helper process (pid %d)",
                        self._helper.pid)


def finish_background_writes() -> None:
    """Wait until every file handed to a helper is on disk; log each one that is not.

    Called before the plugin's end-of-build work (which reads pages back), and at exit,
    so ``pelican`` never returns before its pages are written.
    """
    while _helpers:
        helper = _helpers.pop()
        for path, message in helper.close():
            logger.error("pelican_smo: could not write %s: %s", path, message)
        if helper.lost is not None:
            logger.error("pelican_smo: the page-writing helper process stopped (%s); pages "
                         "sent to it may be missing or out of date: build again",
                         helper.lost)


atexit.register(finish_background_writes)
