"""A Pelican ``Writer`` whose files appear whole or not at all.

Pelican writes each page with ``open(path, "w")``: a build killed mid-write
leaves a truncated page behind. This writer sends every page and feed to a
temporary file in the same folder and renames it into place when the write
finished, so an interrupted build leaves the previous page or the new one,
never part of one. Enabled by ``SMO_ATOMIC_WRITES`` (default on).

Pelican uses the first writer any plugin offers; another plugin that replaces
the writer too makes Pelican warn "2 writers found".
"""

from __future__ import annotations

import logging
import os
from typing import Any

from pelican import writers
from pelican.writers import Writer

from pelican_smo.files import AtomicFile

#: Pelican 4.10+ names the error; older versions raised a plain RuntimeError.
FileOverwriteFailedError: type[Exception] = getattr(writers, "FileOverwriteFailedError",
                                                    RuntimeError)

logger = logging.getLogger(__name__)


class AtomicWriter(Writer):
    """Pelican's writer with ``_open_w`` returning an ``AtomicFile``.

    Keeps Pelican's rules about writing one path twice (``override``) as they are.
    """

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
        return AtomicFile(filename, encoding)
