"""Writing a file so it appears whole or not at all: every file the plugin writes goes
through here, whole (``write_atomic``) or streamed by Pelican's writer (``AtomicFile``)."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from types import TracebackType
from typing import IO


def write_atomic(path: str, data: str | bytes, mode: int | None = None) -> None:
    """Write ``data`` (UTF-8 text or bytes) to ``path`` through a temporary file and a rename.

    The temporary file lives in the same folder, so ``os.replace`` is one atomic
    step: an interrupted build leaves the old file or the new one, never part of
    one. ``mode`` defaults to the replaced file's permission bits (0644 for a
    new file), so a rewrite keeps what the user set.
    """
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


class AtomicFile:
    """A text file written under a temporary name and renamed into place on success."""

    def __init__(self, path: str, encoding: str) -> None:
        self.path = path
        folder, name = os.path.split(path)
        self.temporary = os.path.join(folder, f".{name}.smo-{os.getpid()}.tmp")
        self._handle: IO[str] = open(self.temporary, "w", encoding=encoding)  # noqa: SIM115

    def write(self, text: str) -> int:
        return self._handle.write(text)

    def __enter__(self) -> AtomicFile:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self._handle.close()
        if kind is None:
            os.replace(self.temporary, self.path)
        else:
            with contextlib.suppress(OSError):
                os.unlink(self.temporary)
