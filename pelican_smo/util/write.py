"""Writing a file so it appears whole or not at all: every file the plugin itself writes
(cards, share assets, preview page, reports) goes through ``write_atomic``. Pages are
written once, by Pelican's own writer."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile


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
