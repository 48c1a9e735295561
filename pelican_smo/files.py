"""Writing a file so it appears whole or not at all: every file the plugin writes goes
through here, whole (``write_atomic``) or written by Pelican's writer (``PageFile``)."""

from __future__ import annotations

import collections
import contextlib
import io
import os
import pickle
import select
import stat
import subprocess
import sys
import tempfile
from collections.abc import Callable
from types import TracebackType
from typing import Any

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
#: How much the build keeps for the helper beyond what the pipe holds (``_send_frame``).
_BACKLOG_LIMIT = 1 << 20


class FileWriterProcess:
    """The build's end of the helper process (``file_worker``) that finishes and writes pages.

    ``send`` hands over one whole file and returns at once (unless the helper is more
    than ``_BACKLOG_LIMIT`` behind);
    ``send_page`` hands over a page still to be finished (``setup`` must have been
    given); ``close`` waits until every file sent is on disk and returns the problems.
    A helper that cannot start or that stops early is reported by ``send`` returning
    ``False``, and the caller writes that file itself.
    """

    def __init__(self, setup: bytes | None = None) -> None:
        self._process = subprocess.Popen(  # our own script and interpreter
            [sys.executable, "-I", file_worker.__file__], bufsize=0,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, close_fds=True)
        self._pipe = self._process.stdin.fileno()
        with contextlib.suppress(OSError, AttributeError):  # not Linux, or a lower limit
            fcntl.fcntl(self._pipe, _F_SETPIPE_SZ, _PIPE_SIZE)
        try:
            os.set_blocking(self._pipe, False)
            self._waits_in_select = True
        except OSError:  # a platform without non-blocking pipes: each write waits
            self._waits_in_select = False
        self._backlog: collections.deque[memoryview] = collections.deque()
        self._backlog_size = 0
        self.pid = self._process.pid
        self.sent = 0
        self.lost: str | None = None  # why the helper stopped taking files, if it did
        self.finishes_pages = setup is not None
        if setup is not None:
            self._send_frame(b"", b"", setup)

    def send(self, path: str, data: bytes) -> bool:
        """Queue ``data`` to be written to ``path``; ``False`` when the helper is gone."""
        if not self._send_frame(os.fsencode(os.path.abspath(path)), data, b""):
            return False
        self.sent += 1
        return True

    def send_page(self, path: str, page: str, encoding: str, job: Any) -> bool:
        """Queue ``page`` to be finished with ``job`` (a ``pipeline.PageJob``) and written to
        ``path``; ``False`` when the helper is gone, or does not finish pages, or the job
        cannot be pickled: the caller then finishes the page itself."""
        if not self.finishes_pages:
            return False
        try:
            pickled = pickle.dumps((job, encoding), pickle.HIGHEST_PROTOCOL)
        except Exception:  # a value pickle cannot take (a plugin's object in the facts)
            return False
        if not self._send_frame(os.fsencode(os.path.abspath(path)), page.encode(encoding),
                                pickled):
            return False
        self.sent += 1
        return True

    def _send_frame(self, raw_path: bytes, data: bytes, job: bytes) -> bool:
        """Queue one frame; ``False`` (and ``lost`` says why) when the helper is gone.

        The pipe does not block: what it cannot take now waits in ``_backlog`` and goes
        with the next frame, so the build renders on while the helper catches up on a
        run of slow writes. Past ``_BACKLOG_LIMIT`` the build waits, so a helper that
        falls far behind cannot grow the build's memory.
        """
        if self.lost is not None:
            return False
        frame = file_worker.HEADER.pack(len(raw_path), len(data), len(job))
        for part in (frame, raw_path, data, job):
            if part:
                self._backlog.append(memoryview(part))
                self._backlog_size += len(part)
        try:
            self._drain(wait=self._backlog_size > _BACKLOG_LIMIT)
        except OSError as err:  # BrokenPipeError: it exited
            self.lost = str(err) or type(err).__name__
            return False
        return True

    def _drain(self, *, wait: bool) -> None:
        """Write the backlog into the pipe: as much as it takes now, or (``wait``) all of it."""
        backlog = self._backlog
        while backlog:
            if wait and self._waits_in_select:
                select.select((), (self._pipe,), ())
            try:
                written = os.write(self._pipe, backlog[0])
            except BlockingIOError:
                if not wait:
                    return
                continue
            self._backlog_size -= written
            if written == len(backlog[0]):
                backlog.popleft()
            else:
                backlog[0] = backlog[0][written:]

    def close(self) -> list[tuple[int, str]]:
        """Wait for the helper to write everything it was sent; ``(logging level, message)``
        for each problem it met. If the helper stopped early, ``lost`` says why."""
        stdin, stdout = self._process.stdin, self._process.stdout
        if self.lost is None:
            self._backlog.append(memoryview(file_worker.END))
            try:
                self._drain(wait=True)
            except OSError as err:
                self.lost = str(err) or type(err).__name__
        self._backlog.clear()
        with contextlib.suppress(OSError):
            stdin.close()
        report = stdout.read()
        stdout.close()
        status = self._process.wait()
        if status != 0 and self.lost is None:
            self.lost = f"exit status {status}"
        fields = report.split(b"\0")
        return [(int(fields[i]), fields[i + 1].decode("utf-8", "replace"))
                for i in range(0, len(fields) - 1, 2)]


def setup_frame(config: Any) -> bytes:
    """What the helper needs to finish pages: where the build imports from, and the
    configuration (pickled apart, so the helper can set its path before unpickling it)."""
    return pickle.dumps((list(sys.path), pickle.dumps(config, pickle.HIGHEST_PROTOCOL)),
                        pickle.HIGHEST_PROTOCOL)


class PageFile(io.TextIOBase):
    """What Pelican's writer writes a page or feed into: the text is kept, and on a clean
    close it goes to the helper process, or, without one (or when it is gone), is written
    here by ``file_worker.write_whole``, as the helper would. An error inside the
    ``with`` block writes nothing, so the file on disk is the old one or the new one.

    A page with a ``job`` is the page as the theme rendered it: the helper finishes it
    (``pipeline.finish_page``), or, when it cannot, ``finish(page, job)`` does here.

    A ``TextIOBase``: Pelican's feeds are written by ``xml.sax``'s ``XMLGenerator``,
    which writes text only into a text stream, and wraps anything else in an encoder
    that passes it bytes.
    """

    def __init__(self, path: str, encoding: str, helper: FileWriterProcess | None,
                 job: Any = None, finish: Callable[[str, Any], str] | None = None) -> None:
        super().__init__()
        self.path = path
        self._encoding = encoding
        self.helper = helper
        self.job = job
        self._finish = finish
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
        text = "".join(self.chunks)
        if self.job is not None:
            if self.helper is not None and self.helper.send_page(self.path, text,
                                                                 self._encoding, self.job):
                return
            text = self._finish(text, self.job)
        data = text.encode(self._encoding)
        if self.helper is None or not self.helper.send(self.path, data):
            file_worker.write_whole(os.fsencode(self.path), data)
