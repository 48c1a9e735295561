"""The helper process that writes the build's pages: each arrives on stdin and is written whole.

``files.FileWriterProcess`` starts this file as a script (``python -I file_worker.py``).
It imports only the standard library, so it starts in milliseconds and never loads
Pelican or the plugin.

Why a process: creating thousands of files is system-call work (on ext4, after the
previous output was deleted, it was 0.2–1.1 s of a 1,000-post build, and the
slowest part to predict). Done here, it runs on another core while the build renders
the next page; a thread could not, as it would wait for the interpreter lock after
every system call.

One frame per file: a header (path length, data length: two little-endian unsigned
32-bit integers), the absolute path (``os.fsencode``), then the data. A header of two
zeros (``END``) ends the input. The end is said, not inferred from the pipe closing:
a process forked from the build while the pipe is open (a card worker) holds its
write end too, and the helper would wait for that process to exit. Each file is
written to a temporary name in its folder and renamed into place, so it appears whole
or not at all; a frame cut short (the build died while sending it) is not written.
At the end of input, each failure is reported on stdout as ``path NUL message NUL``
(NUL is the one character neither can contain), and the process exits with status 0;
it is the build's job to log them.
"""

from __future__ import annotations

import contextlib
import os
import struct
import sys
from typing import BinaryIO

HEADER = struct.Struct("<II")
#: The frame that ends the input.
END = HEADER.pack(0, 0)


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


def serve(source: BinaryIO, report: BinaryIO) -> int:
    """Write every whole frame from ``source``; report failures on ``report``; return how
    many files were written."""
    failures: list[bytes] = []
    written = 0
    while True:
        header = source.read(HEADER.size)
        if len(header) < HEADER.size:
            break  # the sender died (a header cut short: nothing follows it)
        path_length, data_length = HEADER.unpack(header)
        if path_length == 0:
            break  # END
        raw_path = source.read(path_length)
        data = source.read(data_length)
        if len(raw_path) < path_length or len(data) < data_length:
            break  # the sender stopped mid-frame: this file is not written at all
        try:
            write_whole(raw_path, data)
            written += 1
        except OSError as err:
            failures.append(raw_path + b"\0" + str(err).encode("utf-8", "replace") + b"\0")
    report.write(b"".join(failures))
    report.flush()
    return written


if __name__ == "__main__":
    serve(sys.stdin.buffer, sys.stdout.buffer)
