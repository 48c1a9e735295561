"""The helper process that finishes and writes the build's pages: each arrives on stdin and
is written whole.

``files.FileWriterProcess`` starts this file as a script (``python -I file_worker.py``).
Writing needs only the standard library. Finishing a page (``pipeline.finish_page``:
its head elements and share bar) loads the plugin's rendering modules, never Pelican,
once the build has said where they are (the setup frame).

Why a process: the build renders page after page on one core. Finishing a page (some
150–200 µs) was half of the plugin's work there, and creating thousands of files is
system-call work (on ext4, after the previous output was deleted, 0.2–1.1 s of a
1,000-post build, and the slowest part to predict). Done here, both run on another
core while the build renders the next page; a thread could not, as it would wait for
the interpreter lock.

One frame per file: a header (three little-endian unsigned 32-bit integers: the
lengths of the path, the data and the job), the absolute path (``os.fsencode``), the
data, then the job. Without a job the data is written as it is. With one (a pickled
``(pipeline.PageJob, encoding)``), the data is the page as the theme rendered it, and
it is finished before it is written. A frame without a path is the setup: a pickled
``(sys.path, pickled SmoConfig)`` of the build, so the same modules are imported
here. A header of zeros (``END``) ends the input. The end is said, not inferred from
the pipe closing: a process forked from the build while the pipe is open (a card
worker) holds its write end too, and the helper would wait for that process to exit.

Each file is written to a temporary name in its folder and renamed into place, so it
appears whole or not at all; a frame cut short (the build died while sending it) is
not written. At the end of input, every problem is reported on stdout as
``level NUL message NUL`` (a ``logging`` level in digits; NUL is the one character a
message cannot contain), and the process exits with status 0; the build logs them.
"""

from __future__ import annotations

import contextlib
import logging
import os
import pickle
import struct
import sys
import traceback
from collections.abc import Callable
from typing import BinaryIO

HEADER = struct.Struct("<III")
#: The frame that ends the input.
END = HEADER.pack(0, 0, 0)

#: Finishes one page: (path, page data, pickled job) → data to write.
Finisher = Callable[[bytes, bytes, bytes], bytes]


def write_whole(path: bytes, data: bytes) -> None:
    """Write ``data`` to ``path`` under a temporary name in the same folder, then rename.

    The path stays bytes, exactly as the build encoded it, so a name in any encoding
    lands where the build meant it. Permissions are those of a file ``open()``
    creates (``0o666`` less the umask), as Pelican's own writer gives. The temporary
    file is removed when writing fails.
    """
    folder, name = os.path.split(path)
    temporary = os.path.join(folder, b"." + name + b".smo-%d.tmp" % os.getpid())
    try:
        with open(temporary, "wb") as handle:
            handle.write(data)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


class _Problems:
    """Problems to report at the end; a failed setup is reported once, with a count."""

    def __init__(self) -> None:
        self.lines: list[bytes] = []
        self.unfinished = 0
        self.setup_error: str | None = None

    def add(self, level: int, message: str) -> None:
        self.lines.append(b"%d\0" % level + message.encode("utf-8", "replace") + b"\0")

    def encoded(self) -> bytes:
        if self.unfinished:
            self.add(logging.ERROR,
                     f"pelican_smo: {self.unfinished} pages were written without social tags: "
                     f"the page-writing helper could not load the plugin\n{self.setup_error}")
        return b"".join(self.lines)


def page_finisher(setup: bytes, report: Callable[[int, str], None]) -> Finisher:
    """The function that finishes pages with the build's configuration (from ``setup``)."""
    paths, pickled_config = pickle.loads(setup)
    sys.path[:] = paths
    config = pickle.loads(pickled_config)
    from pelican_smo import pipeline

    def finish(path: bytes, data: bytes, job_data: bytes) -> bytes:
        try:
            job, encoding = pickle.loads(job_data)
            page = data.decode(encoding)
            return pipeline.finish_page(page, job, config, report).encode(encoding)
        except Exception:  # finish_page reports its own failures: this is the frame's
            report(logging.ERROR, pipeline.unfinished_message(os.fsdecode(path)))
            return data

    return finish


def serve(source: BinaryIO, report: BinaryIO) -> int:
    """Finish and write every whole frame from ``source``; report problems on ``report``;
    return how many files were written."""
    problems = _Problems()
    finish: Finisher | None = None
    written = 0
    while True:
        header = source.read(HEADER.size)
        if len(header) < HEADER.size:
            break  # the sender died (a header cut short: nothing follows it)
        path_length, data_length, job_length = HEADER.unpack(header)
        if path_length == 0 and job_length == 0:
            break  # END
        raw_path = source.read(path_length)
        data = source.read(data_length)
        job = source.read(job_length)
        if len(raw_path) < path_length or len(data) < data_length or len(job) < job_length:
            break  # the sender stopped mid-frame: this file is not written at all
        if not raw_path:
            try:
                finish = page_finisher(job, problems.add)
            except Exception:
                problems.setup_error = traceback.format_exc().rstrip()
            continue
        if job:
            if finish is None:
                problems.unfinished += 1
            else:
                data = finish(raw_path, data, job)
        try:
            write_whole(raw_path, data)
            written += 1
        except OSError as err:
            problems.add(logging.ERROR,
                         f"pelican_smo: could not write {os.fsdecode(raw_path)}: {err}")
    report.write(problems.encoded())
    report.flush()
    return written


if __name__ == "__main__":
    serve(sys.stdin.buffer, sys.stdout.buffer)
