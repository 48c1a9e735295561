"""Does ``os.wait4`` count the CPU time of a build's child processes? An experiment.

``bench.run`` takes each build's CPU time from ``os.wait4`` on the ``pelican``
process. Linux adds to that figure the time of every descendant that was *waited
for* (by the build, or by a descendant that was itself waited for); a process
nobody waits for is left out. This checks both halves on this machine::

    .venv/bin/python -m bench.children            # 30 posts, a table
    .venv/bin/python -m bench.children --json     # the figures as JSON

1. Controls: a parent that runs a child burning 0.5 s of CPU and waits for it,
   and one whose child leaves an orphan burning 0.5 s (not waited for).
2. Real builds of a small site: (c) with its card workers (a
   ``ProcessPoolExecutor``), (c) with ``SMO_CARD_WORKERS = 0`` (the same cards
   drawn in the build process), (b) (cards cached) and (a). Each runs under a
   wrapper that writes, at exit, ``getrusage`` of the build process itself
   (``RUSAGE_SELF``) and of its waited-for descendants (``RUSAGE_CHILDREN``), to
   compare with what ``os.wait4`` reports from outside.

Expected: wait4 ≈ self + children for every build; the children's part is most of
(c)'s CPU; (c) with workers and without costs about the same CPU; the waited
control counts its child, the orphan control does not.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from bench.generate import card_cache_dir, conf_path, generate_site, output_dir, run_dir
from bench.run import child_env, maxrss_mb, pelican_command, spawn_measured

#: CPU seconds each control's child burns.
BURN_S = 0.5
_BURN = ("import time\nstart = time.process_time()\n"
         f"while time.process_time() - start < {BURN_S}:\n    pass\n")
_WAITED = f"import subprocess, sys\nsubprocess.run([sys.executable, '-c', {_BURN!r}])\n"
#: The child forks a grandchild and exits at once: the grandchild is re-parented
#: (to init or a subreaper) and nobody in the measured tree waits for it.
_ORPHAN = ("import subprocess, sys\n"
           f"code = 'import os\\nif os.fork():\\n    os._exit(0)\\n' + {_BURN!r}\n"
           "subprocess.run([sys.executable, '-c', code])\n")
#: Runs ``python -m pelican`` and writes the process's own and its children's rusage.
_WRAPPER = """
import atexit, json, os, resource, runpy, sys

def _dump():
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    with open(os.environ["BENCH_RUSAGE_FILE"], "w") as out:
        json.dump({"self_cpu": own.ru_utime + own.ru_stime, "self_rss": own.ru_maxrss,
                   "children_cpu": kids.ru_utime + kids.ru_stime,
                   "children_rss": kids.ru_maxrss}, out)

atexit.register(_dump)  # registered first, so it runs after multiprocessing's own
sys.argv = ["pelican", *sys.argv[1:]]
runpy.run_module("pelican", run_name="__main__", alter_sys=True)
"""


@dataclass
class Row:
    """One experiment: what wait4 saw from outside, and (builds) what the process saw."""

    name: str
    #: Seconds, from os.wait4.
    wall_s: float
    cpu_s: float
    #: MiB, from os.wait4.
    peak_mb: float
    #: CPU seconds of the process itself / of its waited-for descendants (builds only).
    self_cpu_s: float | None = None
    children_cpu_s: float | None = None
    #: Largest resident set, MiB: the process itself / its largest waited-for descendant.
    self_peak_mb: float | None = None
    children_peak_mb: float | None = None
    #: Card files in the output.
    cards: int | None = None


def control(name: str, code: str, work: Path) -> Row:
    """Run ``python -c code`` and measure it with wait4."""
    code_, measured = spawn_measured([sys.executable, "-c", code], work, child_env(),
                                     work / f"{name}.log")
    if code_ != 0:
        raise RuntimeError(f"control {name!r} failed (see {work / f'{name}.log'})")
    return Row(name, measured.wall_s, measured.cpu_s, measured.peak_mb)


def build(site: Path, key: str, name: str, *, empty_cache: bool) -> Row:
    """Build run key ``key`` under the rusage wrapper; measure it with wait4 too.

    ``empty_cache`` empties (c)'s card cache first (every (c) key uses it).
    """
    if empty_cache:
        shutil.rmtree(card_cache_dir(site, "c"), ignore_errors=True)
    out = output_dir(site, key)
    shutil.rmtree(out, ignore_errors=True)
    cwd = run_dir(site, key)
    cwd.mkdir(parents=True, exist_ok=True)
    report = cwd / "rusage.json"
    env = {**child_env(), "BENCH_RUSAGE_FILE": str(report)}
    cmd = [sys.executable, "-c", _WRAPPER, *pelican_command(sys.executable, site, key)[3:]]
    code, measured = spawn_measured(cmd, cwd, env, cwd / "children.log")
    if code != 0:
        raise RuntimeError(f"build {name!r} failed (see {cwd / 'children.log'})")
    seen = json.loads(report.read_text(encoding="utf-8"))
    cards = out / "smo" / "cards"
    return Row(name, measured.wall_s, measured.cpu_s, measured.peak_mb,
               seen["self_cpu"], seen["children_cpu"], maxrss_mb(seen["self_rss"]),
               maxrss_mb(seen["children_rss"]),
               sum(1 for _ in cards.iterdir()) if cards.is_dir() else None)


def inline_config(site: Path) -> str:
    """A copy of (c)'s settings (its card cache too) drawing the cards in the build
    process; returns its run key."""
    key = "c-inline"
    text = conf_path(site, "c").read_text(encoding="utf-8")
    conf_path(site, key).write_text(text + "SMO_CARD_WORKERS = 0\n", encoding="utf-8")
    return key


def experiment(site: Path, posts: int) -> list[Row]:
    """Every row, controls first."""
    generate_site(site, posts)
    rows = [control("control: child waited for", _WAITED, site),
            control("control: orphan not waited for", _ORPHAN, site)]
    time.sleep(BURN_S + 0.3)  # let the orphan finish before the builds are timed
    rows.append(build(site, "c", "(c) cold, card workers", empty_cache=True))
    rows.append(build(site, inline_config(site), "(c) cold, SMO_CARD_WORKERS = 0",
                      empty_cache=True))
    build(site, "b", "warm-up", empty_cache=False)
    rows.append(build(site, "b", "(b) warm", empty_cache=False))
    rows.append(build(site, "a", "(a) plain", empty_cache=False))
    return rows


def _cell(value: float | int | None, digits: int = 2) -> str:
    if value is None:
        return "—"
    return str(value) if isinstance(value, int) else f"{value:.{digits}f}"


def table(rows: Sequence[Row]) -> str:
    """The rows as Markdown."""
    lines = ["| run | wall s | CPU s (wait4) | own CPU s | children CPU s | own + children "
             "| peak MB (wait4) | own peak | largest child | cards |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for r in rows:
        both = (None if r.self_cpu_s is None or r.children_cpu_s is None
                else r.self_cpu_s + r.children_cpu_s)
        lines.append(
            f"| {r.name} | {r.wall_s:.2f} | {r.cpu_s:.2f} | {_cell(r.self_cpu_s)} | "
            f"{_cell(r.children_cpu_s)} | {_cell(both)} | {r.peak_mb:.0f} | "
            f"{_cell(r.self_peak_mb, 0)} | {_cell(r.children_peak_mb, 0)} | {_cell(r.cards)} |")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``python -m bench.children``."""
    parser = argparse.ArgumentParser(prog="python -m bench.children",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=30, help="posts (30)")
    parser.add_argument("--workdir", type=Path, help="keep the site here (a temp dir)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = parser.parse_args(argv)
    work = args.workdir or Path(tempfile.mkdtemp(prefix="pelican-smo-children-"))
    try:
        rows = experiment(work.resolve() / f"site-n{args.size}", args.size)
    finally:
        if args.workdir is None:
            shutil.rmtree(work, ignore_errors=True)
    print(json.dumps([asdict(r) for r in rows], indent=2) if args.json else table(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
