"""Telling the plugin's own failures from Pelican's, and naming the file of a failed write."""

from __future__ import annotations

import logging

logger = logging.getLogger(__name__)


def raised_by_pelican(error: BaseException) -> bool:
    """Whether ``error`` comes from Pelican's logging: under ``pelican --fatal warnings``
    (or ``errors``) Pelican's logger raises when a warning is logged, anywhere, our own
    warnings included. That stop is Pelican's, and must pass through the plugin's
    handlers untouched."""
    tb = error.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename.replace("\\", "/").endswith("pelican/log.py"):
            return True
        tb = tb.tb_next
    return False


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
