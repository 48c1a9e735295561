"""Writing a file so it appears whole or not at all: every file the plugin itself writes
(cards, share assets, preview page, reports) goes through ``write_atomic``. Pages are
written once, by Pelican's own writer."""

from __future__ import annotations

import contextlib
import logging
import os
import stat
import tempfile

logger = logging.getLogger(__name__)


def write_atomic(path: str, data: str | bytes, mode: int | None = None) -> None:
    """Write ``data`` (UTF-8 text or bytes) to ``path`` through a temporary file and a rename.

    The temporary file lives in the same folder, so ``os.replace`` is one atomic
    step: an interrupted build leaves the old file or the new one, never part of
    one. ``mode`` defaults to the replaced file's permission bits (0644 for a
    new file), so a rewrite keeps what the user set. An ``OSError`` that names no file
    (a full disk) is raised again naming ``path``.
    """
    try:
        _write_atomic(path, data, mode)
    except OSError as err:
        if err.filename:
            raise
        raise OSError(err.errno, err.strerror, path) from err


def _write_atomic(path: str, data: str | bytes, mode: int | None) -> None:
    folder = os.path.dirname(path) or "."
    if mode is None:
        try:
            mode = stat.S_IMODE(os.stat(path).st_mode)
        except FileNotFoundError:
            mode = 0o644
    fd, temporary = tempfile.mkstemp(dir=folder, prefix=".smo-", suffix=".tmp")
    try:
        if isinstance(data, bytes):
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
        else:
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
                handle.write(data)
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


#: Names, in Pelican's writer, of the local variable that holds the file being written
#: (``Writer._write_file``: ``path``; ``Writer.write_feed``: ``complete_path``).
_WRITER_PATH_NAMES = ("complete_path", "path")


def failed_write_path(error: BaseException) -> str | None:
    """The file Pelican's writer was writing when ``error`` (an ``OSError``) was raised.

    ``[Errno 28] No space left on device`` from ``write()`` carries no file name, so
    the path is read from the writer's frame in the traceback; ``None`` when the error
    names its file already or did not come from Pelican's writer.
    """
    if not isinstance(error, OSError) or error.filename:
        return None
    found = None
    tb = error.__traceback__
    while tb is not None:
        frame = tb.tb_frame
        if frame.f_code.co_filename.replace("\\", "/").endswith("pelican/writers.py"):
            for name in _WRITER_PATH_NAMES:
                value = frame.f_locals.get(name)
                if isinstance(value, str):
                    found = value
                    break
        tb = tb.tb_next
    return found


class NameFailedWrite(logging.Filter):
    """On Pelican's logger: when the build stops on a write error that names no file, log
    one more error (ours, Pelican's record untouched) that names the file."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno >= logging.CRITICAL and record.exc_info:
            path = failed_write_path(record.exc_info[1])
            if path is not None:
                logger.error("pelican_smo: the build stopped while Pelican was writing %s: %s",
                             path, record.exc_info[1])
        return True


def name_failed_writes(pelican_logger: logging.Logger) -> None:
    """Install ``NameFailedWrite`` on ``pelican_logger`` once (a build may start many)."""
    if not any(isinstance(f, NameFailedWrite) for f in pelican_logger.filters):
        pelican_logger.addFilter(NameFailedWrite())
