"""Writing a file so it appears whole or not at all: every file the plugin writes goes
through here, whole (``write_atomic``) or written by Pelican's writer (``PageFile``)."""

from __future__ import annotations

import contextlib
import io
import os
import stat
import subprocess
import sys
import tempfile
from types import TracebackType

from pelican_smo import file_worker

try:
    import fcntl
except ImportError:  # Windows: the pipe keeps its default size
    fcntl = None


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


#: ``fcntl.F_SETPIPE_SZ`` (Linux; Python 3.10+ names it): a 1 MiB pipe holds some fifty
#: pages, so the build does not wait while the helper starts or meets a slow disk.
_F_SETPIPE_SZ = getattr(fcntl, "F_SETPIPE_SZ", 1031)
_PIPE_SIZE = 1 << 20


class FileWriterProcess:
    """The build's end of the helper process (``file_worker``) that writes pages.

    ``send`` hands over one whole file and returns at once (unless the pipe is full);
    ``close`` waits until every file sent is on disk and returns the failures. A
    helper that cannot start or that stops early is reported by ``send`` returning
    ``False``, and the caller writes that file itself.
    """

    def __init__(self) -> None:
        self._process = subprocess.Popen(  # our own script and interpreter
            [sys.executable, "-I", file_worker.__file__],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, close_fds=True)
        with contextlib.suppress(OSError, AttributeError):  # not Linux, or a lower limit
            fcntl.fcntl(self._process.stdin.fileno(), _F_SETPIPE_SZ, _PIPE_SIZE)
        self.pid = self._process.pid
        self.sent = 0
        self.lost: str | None = None  # why the helper stopped taking files, if it did

    def send(self, path: str, data: bytes) -> bool:
        """Queue ``data`` to be written to ``path``; ``False`` when the helper is gone."""
        if self.lost is not None:
            return False
        raw_path = os.fsencode(os.path.abspath(path))
        try:
            self._process.stdin.write(file_worker.HEADER.pack(len(raw_path), len(data)))
            self._process.stdin.write(raw_path)
            self._process.stdin.write(data)
        except (OSError, ValueError) as err:  # BrokenPipeError: it exited; ValueError: closed
            self.lost = str(err) or type(err).__name__
            return False
        self.sent += 1
        return True

    def close(self) -> list[tuple[str, str]]:
        """Wait for the helper to write everything it was sent; ``(path, message)`` for each
        file it could not write. If the helper stopped early, ``lost`` says why."""
        stdin, stdout = self._process.stdin, self._process.stdout
        with contextlib.suppress(OSError, ValueError):
            stdin.write(file_worker.END)
        with contextlib.suppress(OSError):
            stdin.close()
        report = stdout.read()
        stdout.close()
        status = self._process.wait()
        if status != 0 and self.lost is None:
            self.lost = f"exit status {status}"
        fields = report.split(b"\0")
        return [(os.fsdecode(fields[i]), fields[i + 1].decode("utf-8", "replace"))
                for i in range(0, len(fields) - 1, 2)]


class PageFile(io.TextIOBase):
    """What Pelican's writer writes a page or feed into: the text is kept, and on a clean
    close it goes to the helper process, or, without one (or when it is gone), is written
    here by ``file_worker.write_whole``, as the helper would. An error inside the
    ``with`` block writes nothing, so the file on disk is the old one or the new one.

    A ``TextIOBase``: Pelican's feeds are written by ``xml.sax``'s ``XMLGenerator``,
    which writes text only into a text stream, and wraps anything else in an encoder
    that passes it bytes.
    """

    def __init__(self, path: str, encoding: str, helper: FileWriterProcess | None) -> None:
        super().__init__()
        self.path = path
        self._encoding = encoding
        self.helper = helper
        self.chunks: list[str] = []

    def write(self, text: str) -> int:
        self.chunks.append(text)
        return len(text)

    def __enter__(self) -> PageFile:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        if kind is not None:
            return
        data = "".join(self.chunks).encode(self._encoding)
        if self.helper is None or not self.helper.send(self.path, data):
            file_worker.write_whole(os.fsencode(self.path), data)
