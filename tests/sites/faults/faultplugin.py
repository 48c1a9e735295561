"""A test-only Pelican plugin that injects faults into a real build.

SMO_FAULT=kill-midwrite:N  — the Nth file write writes half its text, then the
                             process kills itself (SIGKILL), as a crash would.
SMO_FAULT=raise-on:WORD    — finishing the page whose title contains WORD fails
                             (its facts carry a title no step can use), in the build
                             or in the helper process that finishes pages.
SMO_FAULT=no-helper        — the page-writing helper process cannot be started
                             (the interpreter path names no file).
SMO_FAULT=kill-helper:N    — the helper process is killed just before the Nth page
                             is handed to it.
"""

import dataclasses
import os
import signal
import sys

from pelican import writers

import pelican_smo.atomic_writer as atomic_writer
import pelican_smo.plugin as smo_plugin

FAULT = os.environ.get("SMO_FAULT", "")
_writes = {"count": 0}


class _HalfThenDie:
    def __init__(self, inner, limit):
        self.inner = inner
        self.limit = limit

    def write(self, text):
        _writes["count"] += 1
        if _writes["count"] == self.limit:
            self.inner.write(text[: len(text) // 2])
            handle = getattr(self.inner, "_handle", self.inner)
            if hasattr(handle, "flush"):  # a file handed to the helper is sent whole, later
                handle.flush()
            os.kill(os.getpid(), signal.SIGKILL)
        return self.inner.write(text)

    def __enter__(self):
        self.inner.__enter__()
        return self

    def __exit__(self, *exc):
        return self.inner.__exit__(*exc)


def _wrap_open(cls, limit):
    original = cls._open_w

    def _open_w(self, *args, **kwargs):
        return _HalfThenDie(original(self, *args, **kwargs), limit)

    cls._open_w = _open_w


if FAULT.startswith("kill-midwrite:"):
    at = int(FAULT.split(":", 1)[1])
    _wrap_open(writers.Writer, at)
    _wrap_open(atomic_writer.AtomicWriter, at)  # BackgroundWriter inherits it
elif FAULT == "no-helper":
    sys.executable = os.path.join(os.path.dirname(__file__), "no-such-python")
elif FAULT.startswith("kill-helper:"):
    at = int(FAULT.split(":", 1)[1])
    original_open = atomic_writer.BackgroundWriter._open_w

    def _open_w_killing(self, *args, **kwargs):
        _writes["count"] += 1
        if _writes["count"] == at:
            process = atomic_writer._helpers[-1]._process
            process.kill()
            process.wait()
        return original_open(self, *args, **kwargs)

    atomic_writer.BackgroundWriter._open_w = _open_w_killing
elif FAULT.startswith("raise-on:"):
    word = FAULT.split(":", 1)[1]
    real_page_facts = smo_plugin._page_facts

    class Boom:
        """A title no step can use: it cannot be turned into text, and unpickling it (in
        the helper that finishes pages) raises, as ``int("BOOM")`` does."""

        def __init__(self, title):
            self.title = title

        def __str__(self):
            raise RuntimeError(f"injected fault for {self.title!r}")

        __format__ = __str__

        def __reduce__(self):
            return int, ("BOOM",)

    def failing_page_facts(content, context):
        facts = real_page_facts(content, context)
        if facts is not None and word in facts.title:
            facts = dataclasses.replace(facts, title=Boom(facts.title),
                                        og_title=Boom(facts.og_title))
        return facts

    smo_plugin._page_facts = failing_page_facts


def register():
    """Nothing to connect: the faults are installed at import."""
