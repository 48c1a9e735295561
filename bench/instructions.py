"""The plugin's cost in instructions: a measure this noisy VM cannot move.

``make bench`` times whole builds, and on this machine plain Pelican alone takes
5.9–7.5 s for the same build: the noise is larger than the plugin's cost. This
counts the instructions the build's own process executes, under Valgrind's
``cachegrind`` (``--cache-sim=no``), for plain Pelican (a) and pelican_smo with every
feature (b, after an untimed build that fills the card cache). The count is the same
to a few parts in ten thousand from one run to the next. It leaves out child
processes (card workers, fontconfig; a warm build draws no card), which ``make bench``
counts in its CPU time. Each build under Valgrind is some 25 times slower, so the
default site is small::

    .venv/bin/python -m bench.instructions                  # 150 posts, a and b
    .venv/bin/python -m bench.instructions --size 1000      # about 3 minutes per build

Needs ``valgrind`` (``apt-get install valgrind``); not part of the tests.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.generate import conf_path, generate_site, output_dir, run_dir
from bench.run import child_env

_INSTRUCTIONS = re.compile(r"I\s+refs:\s+([\d,]+)")


def build_instructions(site: Path, key: str, logs: Path) -> int:
    """Instructions executed by the build process of configuration ``key`` (not its children)."""
    out = output_dir(site, key)
    shutil.rmtree(out, ignore_errors=True)
    cwd = run_dir(site, key)
    cwd.mkdir(parents=True, exist_ok=True)
    log = logs / f"{key}.log"
    command = ["valgrind", "--tool=cachegrind", "--cache-sim=no",
               "--cachegrind-out-file=/dev/null", "--trace-children=no", f"--log-file={log}",
               sys.executable, "-m", "pelican", str(site / "content"),
               "-s", str(conf_path(site, key)), "-o", str(out), "-q"]
    subprocess.run(command, cwd=cwd, env=child_env(), check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    found = _INSTRUCTIONS.search(log.read_text(encoding="utf-8"))
    if found is None:
        raise RuntimeError(f"no instruction count in {log}")
    return int(found.group(1).replace(",", ""))


def warm_up(site: Path, key: str) -> None:
    """One build without Valgrind, so (b) finds its cards in the cache."""
    out = output_dir(site, key)
    shutil.rmtree(out, ignore_errors=True)
    cwd = run_dir(site, key)
    cwd.mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, "-m", "pelican", str(site / "content"),
                    "-s", str(conf_path(site, key)), "-o", str(out), "-q"],
                   cwd=cwd, env=child_env(), check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=150, help="posts (150)")
    parser.add_argument("--configs", nargs="+", default=["a", "b"], help="a b (a first)")
    parser.add_argument("--workdir", help="where the site is generated (a temporary folder)")
    args = parser.parse_args(argv)
    if shutil.which("valgrind") is None:
        print("bench.instructions needs valgrind (apt-get install valgrind)", file=sys.stderr)
        return 2
    work = Path(args.workdir or tempfile.mkdtemp(prefix="pelican-smo-instructions-"))
    site = work / f"site-n{args.size}-s1"
    generate_site(site, args.size)
    counts: dict[str, int] = {}
    for key in args.configs:
        if key != "a":
            warm_up(site, key)
        counts[key] = build_instructions(site, key, work)
    print(f"Instructions of the build process, {args.size} posts (cachegrind)")
    print("| config | instructions | ÷ a |")
    print("| --- | ---: | ---: |")
    for key, count in counts.items():
        ratio = f"{count / counts['a']:.3f}" if "a" in counts else "–"
        print(f"| {key} | {count:,} | {ratio} |")
    if not args.workdir:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
