"""Where pelican_smo's time goes, stage by stage, on the benchmark's synthetic site.

``make bench`` says how much the plugin adds to a build; this says where: it builds
configuration (b) once in this process, keeps every page the theme rendered (before
the plugin touched it), then times each stage of the plugin on those pages, on its
own and repeated, so one slow repetition on a noisy machine does not decide the
figure (the minimum is reported)::

    .venv/bin/python -m bench.profile                      # 1,000 posts, table only
    .venv/bin/python -m bench.profile --cprofile pipeline  # + the 30 costliest functions

Stages: ``facts`` (collecting facts of every article and page), ``head`` (meta tags
and JSON-LD for every page), ``bar`` (the share bar of every article), ``pipeline``
(the whole per-page step: facts lookup, bar placement, head splice), ``pipeline-hot``
(the same, each page brought into the CPU cache first, as a just-rendered page is; timed
per page with ``perf_counter``). Other numbers are CPU time of this process. All leave
out what a real build pays around the plugin (imports, memory, the writer), which only
``make bench`` shows.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import json
import pstats
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from bench.generate import conf_path, generate_site, output_dir, run_dir

#: A page as the theme rendered it, its context, and the options the build passed along.
Captured = tuple[str, dict[str, Any], dict[str, Any]]


def build_and_capture(site: Path) -> list[Captured]:
    """Build configuration (b) of ``site`` in this process; return every page as the
    theme rendered it, with its context."""
    import os

    from pelican import main as pelican_main

    from pelican_smo import plugin

    captured: list[Captured] = []
    process_page = plugin.finish_rendered

    def capture(page: str, context: dict[str, Any], **options: Any) -> str:
        captured.append((page, dict(context), options))
        return process_page(page, context, **options)

    out = output_dir(site, "b")
    shutil.rmtree(out, ignore_errors=True)
    cwd = run_dir(site, "b")
    cwd.mkdir(parents=True, exist_ok=True)
    previous = Path.cwd()
    plugin.finish_rendered = capture
    try:
        os.chdir(cwd)
        with contextlib.redirect_stdout(sys.stderr):  # Pelican's summary; stdout is ours
            pelican_main([str(site / "content"), "-s", str(conf_path(site, "b")), "-o",
                          str(out), "-q"])
    finally:
        plugin.finish_rendered = process_page
        os.chdir(previous)
    return captured


def best_time(work: Callable[[], object], repeat: int) -> float:
    """The smallest CPU time of ``repeat`` runs of ``work``, in seconds.

    A ``work`` that returns a float has timed itself (``hot_pipeline``), and that
    figure is used instead.
    """
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        timed = work()
        elapsed = time.process_time() - start
        best = min(best, timed if isinstance(timed, float) else elapsed)
    return best


def hot_pipeline(captured: Sequence[Captured]) -> float:
    """The per-page pipeline on every page, each page read once just before (untimed).

    Why: in a build the page was rendered just before the plugin sees it, so it is
    in the CPU cache; the ``pipeline`` stage runs page after page of a large list
    and pays for bringing each one in. Timed with ``perf_counter`` around each
    call (a page takes microseconds, too short for ``process_time``'s resolution).
    """
    from pelican_smo import plugin

    total = 0.0
    for page, context, options in captured:
        page.count("\x00")  # reads the whole page
        start = time.perf_counter()
        plugin.finish_rendered(page, context, **options)
        total += time.perf_counter() - start
    return total


def stages(captured: Sequence[Captured]) -> dict[str, tuple[Callable[[], object], int]]:
    """Each stage as (work over the whole site, number of items it handles)."""
    from pelican_smo import facts as collect
    from pelican_smo import plugin
    from pelican_smo.facts import state
    from pelican_smo.html import share
    from pelican_smo.html.head import page_head

    build = state.of(captured[0][1]) if captured else None  # each page's context holds it
    if build is None:
        raise RuntimeError("the build did not initialise pelican_smo")
    contents, seen, listing = [], set(), []
    for _, context, options in captured:
        content = context.get("article") or context.get("page")
        output_file = str(context.get("output_file", ""))
        if content is None or not hasattr(content, "metadata"):
            if output_file.endswith(".html"):
                listing.append(collect.listing_facts(context, output_file, build,
                                                     options.get("template")))
        elif id(content) not in seen:
            seen.add(id(content))
            contents.append(content)
    facts = [f for f in (plugin._facts_of(c, build) for c in contents) if f is not None]
    every_page = facts + listing
    shareable = [f for f in facts if f.shareable]
    config = build.config
    return {
        "facts": (lambda: [collect.page_facts(c, build) for c in contents], len(contents)),
        "head": (lambda: [page_head(f, config) for f in every_page], len(every_page)),
        "bar": (lambda: [share.share_bar(f, config, "../smo/") for f in shareable],
                len(shareable)),
        "pipeline": (lambda: [plugin.finish_rendered(page, context, **options)
                              for page, context, options in captured], len(captured)),
        "pipeline-hot": (lambda: hot_pipeline(captured), len(captured)),
    }


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.profile", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=1000, help="articles (default 1000)")
    parser.add_argument("--repeat", type=int, default=7, help="runs per stage (default 7)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workdir", type=Path, default=None,
                        help="reuse or keep the generated site here (default: a temp dir)")
    parser.add_argument("--cprofile", choices=("facts", "head", "bar", "pipeline",
                                               "pipeline-hot"),
                        help="also print cProfile's costliest functions for this stage")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    temporary = None
    if args.workdir is None:
        temporary = tempfile.mkdtemp(prefix="smo-profile-")
        root = Path(temporary)
    else:
        root = args.workdir.resolve()
    site = root / f"site-n{args.size}-s{args.seed}"
    try:
        if not (site / "manifest.json").exists():
            generate_site(site, args.size, seed=args.seed)
        captured = build_and_capture(site)
        figures = {}
        for name, (work, items) in stages(captured).items():
            seconds = best_time(work, args.repeat)
            figures[name] = {"items": items, "ms": round(seconds * 1e3, 1),
                             "us_per_item": round(seconds / max(items, 1) * 1e6, 1)}
            if args.cprofile == name:
                profiler = cProfile.Profile()
                profiler.runcall(work)
                stats = pstats.Stats(profiler, stream=sys.stderr).sort_stats("tottime")
                stats.print_stats(30)
                stats.print_callers("search|join")
        if args.json:
            print(json.dumps(figures, indent=2))
        else:
            print(f"pelican_smo stages on {args.size} posts (best of {args.repeat}, CPU time)")
            print("| stage | items | ms | µs per item |\n| --- | ---: | ---: | ---: |")
            for name, row in figures.items():
                print(f"| {name} | {row['items']} | {row['ms']} | {row['us_per_item']} |")
    finally:
        if temporary is not None:
            shutil.rmtree(temporary, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
