"""Run the pelican_smo benchmark and check the speed budget.

Usage::

    python -m bench.run                      # sizes 1000 and 10000, 5 repetitions
    python -m bench.run --sizes 1000 --repeat 3 --configs a b d
    python -m bench.run --quick              # 30 posts, 1 repetition (CI smoke test)

For every size the synthetic site (``bench.generate``) is generated once, then the
configurations are built round-robin (a, b, c, d, e, a, b, …) as separate
``python -m pelican`` processes. Wall time, CPU time (user + sys) and peak RSS of each build
are measured from ``os.wait4``; the medians over the repetitions go into a Markdown report
written to ``<out>/results-<timestamp>.md`` and ``<out>/latest.md`` and printed on stdout.
See ``docs/benchmarks.md`` for what each configuration means and how the budget is computed.

Exit status: 0 when every build succeeded (budget FAILs are reported, not fatal, unless
``--strict``), 1 with ``--strict`` when a budget check FAILs, 2 when a build failed or
produced an invalid site.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path
from typing import Any

from bench.generate import (
    CONFIGS,
    SMO_CONFIGS,
    card_cache_dir,
    conf_path,
    generate_site,
    output_dir,
    run_dir,
)

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SIZES = (1000, 10000)
DEFAULT_REPEAT = 5
QUICK_SIZES = (30,)
LOG_TAIL_LINES = 40

#: Budget limits (see docs/benchmarks.md).
LIMIT_WALL_B_OVER_A = 1.10
LIMIT_PEAK_B_OVER_A = 1.10
LIMIT_B_VS_D_FRACTION = 1 / 5
LIMIT_LINEARITY = 0.15
LIMIT_WALL_C_OVER_A = 3.0
C_OVER_A_SIZE = 1000

_OG_TITLE_RE = re.compile(r"<meta\b[^>]*\bproperty\s*=\s*[\"']og:title[\"']", re.IGNORECASE)
_SHARE_LINK_MARKER = "twitter.com/intent/tweet"
_VERSIONED_PACKAGES = (
    "pelican",
    "pelican-seo",
    "pelican-share-post",
    "markdown",
    "beautifulsoup4",
    "pillow",
    "jinja2",
)


class BenchError(RuntimeError):
    """A build failed or produced a site that cannot be trusted for timing."""


@dataclass
class Measurement:
    """Resources used by one Pelican build."""

    wall_s: float
    cpu_s: float
    peak_mb: float


@dataclass
class ConfigResult:
    """All timed builds of one configuration at one site size."""

    key: str
    runs: list[Measurement] = field(default_factory=list)
    skipped: str | None = None
    warnings: list[str] = field(default_factory=list)
    #: Card files in the output after a build (pelican_smo configs only).
    cards: int = 0

    @property
    def ran(self) -> bool:
        """Whether at least one timed build exists."""
        return self.skipped is None and bool(self.runs)

    def median(self, attr: str) -> float:
        """Median of ``attr`` ("wall_s", "cpu_s" or "peak_mb") over the timed builds."""
        return statistics.median(getattr(run, attr) for run in self.runs)

    def spread(self, attr: str) -> tuple[float, float]:
        """(min, max) of ``attr`` over the timed builds."""
        values = [getattr(run, attr) for run in self.runs]
        return min(values), max(values)

    def warn(self, message: str) -> None:
        """Record a warning once."""
        if message not in self.warnings:
            self.warnings.append(message)


@dataclass
class SizeResult:
    """Results for one site size."""

    n_posts: int
    manifest: dict[str, Any]
    generate_s: float
    configs: dict[str, ConfigResult]


@dataclass
class Check:
    """One line of the budget table."""

    name: str
    size: str
    measured: str
    limit: str
    result: str


# --------------------------------------------------------------------------- building


def child_env() -> dict[str, str]:
    """Environment of the Pelican subprocesses: the repo root importable (for pelican_smo)
    and a fixed hash seed so that set/dict iteration order does not vary between runs."""
    env = dict(os.environ)
    parts = [str(REPO_ROOT)]
    if env.get("PYTHONPATH"):
        parts.append(env["PYTHONPATH"])
    env["PYTHONPATH"] = os.pathsep.join(parts)
    env["PYTHONHASHSEED"] = "0"
    return env


@dataclass
class SmoProbe:
    """What a child interpreter found out about pelican_smo."""

    importable: bool
    #: The version, or the import error when not importable.
    info: str
    #: ``SMO_*`` names the plugin accepts (``pelican_smo.settings.SETTINGS``), if it says.
    settings: list[str] | None = None
    #: The folder of the package the builds import.
    package_dir: str | None = None


_PROBE_CODE = """
import importlib, importlib.metadata as m, json, os
import pelican_smo
v = getattr(pelican_smo, '__version__', None)
if v is None:
    try:
        v = m.version('pelican-smo')
    except m.PackageNotFoundError:
        v = 'unknown'
try:
    names = sorted(importlib.import_module('pelican_smo.settings').SETTINGS)
except (ImportError, AttributeError, TypeError):
    names = None
print(json.dumps({'version': v, 'settings': names,
                  'package_dir': os.path.dirname(pelican_smo.__file__)}))
"""


def probe_pelican_smo(python: str, env: dict[str, str]) -> SmoProbe:
    """Try ``import pelican_smo`` in a child interpreter, as the builds will."""
    proc = subprocess.run(
        [python, "-c", _PROBE_CODE],
        env=env,
        cwd=tempfile.gettempdir(),
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode == 0:
        found = json.loads(proc.stdout.strip().splitlines()[-1])
        return SmoProbe(True, str(found["version"]), found["settings"], found["package_dir"])
    lines = [line for line in proc.stderr.strip().splitlines() if line.strip()]
    return SmoProbe(False, lines[-1] if lines else f"exit status {proc.returncode}")


def compile_bytecode(python: str, package_dir: str, env: dict[str, str]) -> bool:
    """Byte-compile the plugin the builds import, as ``pip install`` does; ``False`` if not.

    Why: the peers are pip-installed, so Python loads them from ``.pyc`` files. Run
    from a checkout in an environment with ``PYTHONDONTWRITEBYTECODE`` set (this
    machine's), pelican_smo would be compiled from source on every build, some
    30 ms that no installed copy pays. ``compileall`` writes the ``.pyc`` files
    whatever that variable says, and reading them is never switched off.
    """
    proc = subprocess.run([python, "-m", "compileall", "-q", package_dir], env=env,
                          capture_output=True, text=True, check=False)
    return proc.returncode == 0


def _log_tail(path: Path) -> str:
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    return "\n".join(lines[-LOG_TAIL_LINES:])


def _maxrss_mb(ru_maxrss: int) -> float:
    # Linux reports kilobytes, macOS bytes.
    if sys.platform == "darwin":
        return ru_maxrss / (1024 * 1024)
    return ru_maxrss / 1024


def run_build(site: Path, key: str, python: str, env: dict[str, str], label: str) -> Measurement:
    """Build ``site`` with configuration ``key`` into an emptied output folder; measure it.

    Raises ``BenchError`` (with the end of Pelican's log) when Pelican exits non-zero.
    """
    out = output_dir(site, key)
    shutil.rmtree(out, ignore_errors=True)
    cwd = run_dir(site, key)
    cwd.mkdir(parents=True, exist_ok=True)
    log_path = cwd / f"pelican-{label}.log"
    cmd = [
        python,
        "-m",
        "pelican",
        str(site / "content"),
        "-s",
        str(conf_path(site, key)),
        "-o",
        str(out),
        "-q",
    ]
    with log_path.open("wb") as log:
        start = time.perf_counter()
        proc = subprocess.Popen(
            cmd, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT
        )
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise BenchError(
            f"config ({key}) build '{label}' exited with status {proc.returncode}\n"
            f"command: {shlex.join(cmd)}\n(cwd {cwd})\n--- end of {log_path} ---\n"
            f"{_log_tail(log_path)}"
        )
    return Measurement(
        wall_s=wall, cpu_s=usage.ru_utime + usage.ru_stime, peak_mb=_maxrss_mb(usage.ru_maxrss)
    )


def _head(html: str) -> str:
    """The part of a page before ``</head>`` (so code samples in the body never match)."""
    end = html.lower().find("</head>")
    return html if end < 0 else html[:end]


def check_output(site: Path, key: str, manifest: dict[str, Any], result: ConfigResult) -> None:
    """Make sure a build really produced the site (and the tags) it claims to time.

    Missing pages, or pelican-seo / pelican-share-post output missing from (d)/(e), raise
    ``BenchError``. Missing pelican_smo output in (b)/(c) only adds a warning, so that the
    harness is usable while the plugin is a stub.
    """
    out = output_dir(site, key)
    expected = ["index.html", manifest["sample_article"], manifest["sample_page"]]
    if manifest.get("sample_translation"):
        expected.append(manifest["sample_translation"])
    missing = [rel for rel in expected if not (out / rel).is_file()]
    if missing:
        raise BenchError(f"config ({key}) built no {', '.join(missing)} in {out}")

    article_path = out / manifest["sample_article"]
    article = article_path.read_text(encoding="utf-8")
    has_og = _OG_TITLE_RE.search(_head(article)) is not None
    if key in ("d", "e") and not has_og:
        raise BenchError(
            f"config ({key}): pelican-seo produced no og:title in {article_path}; "
            "the comparison would be meaningless"
        )
    if key == "e" and _SHARE_LINK_MARKER not in article:
        raise BenchError(
            f"config (e): pelican-share-post links missing from {article_path} "
            f"(looked for {_SHARE_LINK_MARKER!r})"
        )
    if key in SMO_CONFIGS:
        cards = out / "smo" / "cards"
        result.cards = sum(1 for _ in cards.iterdir()) if cards.is_dir() else 0
        if not has_og:
            result.warn(
                f"WARNING: no og:title in {manifest['sample_article']}: pelican_smo is not "
                "functional yet, timings measure a stub"
            )
        cache = card_cache_dir(site, key)
        dropped = "SMO_CARD_CACHE" in manifest.get("smo_settings_dropped", [])
        if not dropped and (not cache.is_dir() or not any(cache.iterdir())):
            result.warn(
                "WARNING: SMO_CARD_CACHE stayed empty: no social cards cached, so warm (b) "
                "and cold (c) builds do the same work"
            )


# --------------------------------------------------------------------------- reporting


def _ratio(results: dict[str, ConfigResult], key: str, attr: str) -> float | None:
    a, other = results.get("a"), results.get(key)
    if a is None or other is None or not a.ran or not other.ran:
        return None
    base = a.median(attr)
    return other.median(attr) / base if base > 0 else None


def _fmt_ratio(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


def _verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def _stub_note(results: dict[str, ConfigResult], keys: Sequence[str]) -> str:
    if any(results[k].warnings for k in keys if k in results):
        return f" (WARNING: see notes of ({', '.join(keys)}))"
    return ""


def _missing(results: dict[str, ConfigResult], keys: Sequence[str]) -> str | None:
    for key in keys:
        res = results.get(key)
        if res is None:
            return f"N/A (config {key} not run)"
        if res.skipped:
            return f"SKIPPED ({key}: {res.skipped})"
    return None


def budget_checks(sizes: list[SizeResult]) -> list[Check]:
    """Evaluate the speed budget on the medians (see docs/benchmarks.md)."""
    checks: list[Check] = []
    for size in sizes:
        res = size.configs
        n = str(size.n_posts)

        reason = _missing(res, ("a", "b"))
        name = f"wall b/a ≤ {LIMIT_WALL_B_OVER_A:.2f}"
        if reason:
            checks.append(Check(name, n, "—", "", reason))
        else:
            ratio = _ratio(res, "b", "wall_s") or 0.0
            checks.append(
                Check(
                    name,
                    n,
                    f"{ratio:.3f}",
                    f"{LIMIT_WALL_B_OVER_A:.2f}",
                    _verdict(ratio <= LIMIT_WALL_B_OVER_A) + _stub_note(res, ("b",)),
                )
            )

        reason = _missing(res, ("a", "b", "d"))
        name = "wall (b−a) ≤ (d−a)/5"
        if reason:
            checks.append(Check(name, n, "—", "", reason))
        else:
            a_w = res["a"].median("wall_s")
            b_minus_a = res["b"].median("wall_s") - a_w
            limit = (res["d"].median("wall_s") - a_w) * LIMIT_B_VS_D_FRACTION
            checks.append(
                Check(
                    name,
                    n,
                    f"b−a = {b_minus_a:+.3f} s",
                    f"{limit:.3f} s",
                    _verdict(b_minus_a <= limit) + _stub_note(res, ("b",)),
                )
            )

        reason = _missing(res, ("a", "b"))
        name = f"peak RSS b/a ≤ {LIMIT_PEAK_B_OVER_A:.2f}"
        if reason:
            checks.append(Check(name, n, "—", "", reason))
        else:
            ratio = _ratio(res, "b", "peak_mb") or 0.0
            checks.append(
                Check(
                    name,
                    n,
                    f"{ratio:.3f}",
                    f"{LIMIT_PEAK_B_OVER_A:.2f}",
                    _verdict(ratio <= LIMIT_PEAK_B_OVER_A) + _stub_note(res, ("b",)),
                )
            )

        if size.n_posts == C_OVER_A_SIZE:
            reason = _missing(res, ("a", "c"))
            name = f"wall c/a ≤ {LIMIT_WALL_C_OVER_A:.1f} (cold card cache)"
            if reason:
                checks.append(Check(name, n, "—", "", reason))
            else:
                ratio = _ratio(res, "c", "wall_s") or 0.0
                checks.append(
                    Check(
                        name,
                        n,
                        f"{ratio:.3f}",
                        f"{LIMIT_WALL_C_OVER_A:.1f}",
                        _verdict(ratio <= LIMIT_WALL_C_OVER_A) + _stub_note(res, ("c",)),
                    )
                )
    if not any(s.n_posts == C_OVER_A_SIZE for s in sizes):
        checks.append(
            Check(
                f"wall c/a ≤ {LIMIT_WALL_C_OVER_A:.1f} (cold card cache)",
                str(C_OVER_A_SIZE),
                "—",
                "",
                f"N/A (size {C_OVER_A_SIZE} not run)",
            )
        )

    name = f"linearity: per-post (b−a)/N within {LIMIT_LINEARITY:.0%}"
    if len(sizes) < 2:
        checks.append(Check(name, "—", "—", "", "N/A (needs two sizes)"))
    else:
        small, large = sizes[0], sizes[-1]
        label = f"{small.n_posts} vs {large.n_posts}"
        reason = _missing(small.configs, ("a", "b")) or _missing(large.configs, ("a", "b"))
        if reason:
            checks.append(Check(name, label, "—", "", reason))
        else:
            per_post = []
            for size in (small, large):
                delta = size.configs["b"].median("wall_s") - size.configs["a"].median("wall_s")
                per_post.append(delta / size.n_posts)
            p_small, p_large = per_post
            measured = f"{p_small * 1e3:+.4f} ms vs {p_large * 1e3:+.4f} ms per post"
            if p_small <= 0:
                result = "N/A (no measurable overhead at the smaller size)"
            else:
                deviation = (p_large - p_small) / p_small
                measured += f" ({deviation:+.1%})"
                result = _verdict(abs(deviation) <= LIMIT_LINEARITY) + _stub_note(
                    small.configs, ("b",)
                )
            checks.append(Check(name, label, measured, f"±{LIMIT_LINEARITY:.0%}", result))
    return checks


def _read_first(path: str, prefix: str) -> str | None:
    try:
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                if line.startswith(prefix):
                    return line.split(":", 1)[1].strip()
    except OSError:
        return None
    return None


def machine_details(smo_version: str, command: str) -> dict[str, str]:
    """CPU, memory, OS, versions, date and command line, for the report header."""
    details: dict[str, str] = {}
    details["date (UTC)"] = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M:%S")
    details["command"] = command
    details["CPU"] = _read_first("/proc/cpuinfo", "model name") or platform.processor() or "?"
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None
    details["nproc"] = f"{usable if usable is not None else '?'} usable / {os.cpu_count()} total"
    mem = _read_first("/proc/meminfo", "MemTotal")
    if mem and mem.split()[0].isdigit():
        details["RAM"] = f"{int(mem.split()[0]) / 1024 / 1024:.1f} GiB"
    else:
        details["RAM"] = "?"
    details["OS"] = platform.platform()
    details["Python"] = f"{platform.python_version()} ({sys.executable})"
    for package in _VERSIONED_PACKAGES:
        try:
            details[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            details[package] = "not installed"
    details["pelican_smo"] = smo_version
    try:
        commit = subprocess.run(
            ["git", "-C", str(REPO_ROOT), "describe", "--always", "--dirty", "--abbrev=12"],
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip()
    except OSError:
        commit = ""
    details["git"] = commit or "no commit yet"
    return details


def paired_ratios(configs: dict[str, ConfigResult], key: str) -> list[float]:
    """Wall time of ``key`` over (a)'s in each round, for the rounds both ran.

    Builds of one round run one after the other, so a pair shares the machine's
    speed of the moment; on a machine whose speed drifts (a shared VM) the pairs
    show the plugin's cost better than the ratio of the two medians.
    """
    base, other = configs.get("a"), configs.get(key)
    if not (base and other and base.ran and other.ran):
        return []
    return [b.wall_s / a.wall_s for a, b in zip(base.runs, other.runs, strict=False)
            if a.wall_s > 0]


def render_report(
    sizes: list[SizeResult],
    checks: list[Check],
    details: dict[str, str],
    repeat: int,
    keys: Sequence[str],
) -> str:
    """The Markdown report (also printed on stdout)."""
    lines = ["# pelican_smo benchmark", ""]
    lines += [f"- **{name}**: {value}" for name, value in details.items()]
    lines += [f"- **repetitions**: {repeat} (medians reported)", ""]
    lines += ["Configurations:", ""]
    lines += [f"- ({key}) {CONFIGS[key]}" for key in keys]
    lines.append("")

    for size in sizes:
        m = size.manifest
        lines += [
            f"## N = {size.n_posts} posts",
            "",
            f"{m['n_posts']} articles + {m['n_translations']} translations, {m['n_pages']} "
            f"pages; {m['n_cover_images']} with a cover image, {m['n_inline_images']} with an "
            f"inline image, {m['n_summaries']} with a summary (generated in "
            f"{size.generate_s:.1f} s).",
            "",
            "| config | wall s | wall min–max | CPU s | peak MB | wall ×a | peak ×a | notes |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
        ]
        for key, res in size.configs.items():
            if res.skipped:
                lines.append(f"| ({key}) | — | — | — | — | — | — | skipped ({res.skipped}) |")
                continue
            low, high = res.spread("wall_s")
            wall_ratio = "1" if key == "a" else _fmt_ratio(_ratio(size.configs, key, "wall_s"))
            peak_ratio = "1" if key == "a" else _fmt_ratio(_ratio(size.configs, key, "peak_mb"))
            notes = "; ".join(res.warnings) or "OK"
            lines.append(
                f"| ({key}) | {res.median('wall_s'):.2f} | {low:.2f}–{high:.2f} | "
                f"{res.median('cpu_s'):.2f} | {res.median('peak_mb'):.0f} | {wall_ratio} | "
                f"{peak_ratio} | {notes} |"
            )
        lines.append("")
        paired = paired_ratios(size.configs, "b")
        if paired:
            lines += [f"(b)/(a) round by round (the two built side by side): "
                      f"{', '.join(f'{r:.3f}' for r in paired)}; median "
                      f"{statistics.median(paired):.3f}. Less sensitive than the ratio of "
                      f"medians to the machine's speed drifting during the run.", ""]
        cold, warm = size.configs.get("c"), size.configs.get("b")
        if cold and warm and cold.ran and warm.ran and cold.cards:
            extra = cold.median("wall_s") - warm.median("wall_s")
            rate = f"{cold.cards / extra:.1f}" if extra > 0 else "n/a"
            lines += [f"Social cards: {cold.cards} per build; drawn at {rate} cards/s "
                      f"(cards ÷ (c − b) wall time: what drawing them adds to a build "
                      f"on this machine).", ""]

    lines += [
        "## Budget",
        "",
        "| check | N | measured | limit | result |",
        "| --- | --- | --- | --- | --- |",
    ]
    lines += [f"| {c.name} | {c.size} | {c.measured} | {c.limit} | {c.result} |" for c in checks]
    lines.append("")
    return "\n".join(lines)


def write_report(out: Path, report: str, raw: dict[str, Any]) -> Path:
    """Write results-<timestamp>.md (+ .json with every run) and latest.md; return the .md."""
    out.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%d-%H%M%S")
    path = out / f"results-{stamp}.md"
    path.write_text(report, encoding="utf-8")
    (out / f"results-{stamp}.json").write_text(
        json.dumps(raw, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    (out / "latest.md").write_text(report, encoding="utf-8")
    return path


# --------------------------------------------------------------------------- driver


def _progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def bench_size(
    work: Path,
    n_posts: int,
    seed: int,
    keys: Sequence[str],
    repeat: int,
    skip: dict[str, str],
    smo_settings: list[str] | None,
    python: str,
    env: dict[str, str],
) -> SizeResult:
    """Generate the site for ``n_posts`` and time every configuration ``repeat`` times."""
    site = work / f"site-n{n_posts}-s{seed}"
    start = time.perf_counter()
    generate_site(site, n_posts, seed, smo_settings)
    generate_s = time.perf_counter() - start
    manifest = json.loads((site / "manifest.json").read_text(encoding="utf-8"))
    _progress(f"[N={n_posts}] site generated in {generate_s:.1f} s: {site}")

    results = {key: ConfigResult(key, skipped=skip.get(key)) for key in keys}
    for name in manifest.get("smo_settings_dropped", []):
        for key in SMO_CONFIGS:
            if key in results:
                results[key].warn(f"WARNING: {name} left out (pelican_smo does not accept it yet)")
    runnable = [key for key in keys if not results[key].skipped]
    if not runnable:
        return SizeResult(n_posts, manifest, generate_s, results)

    # Untimed warm-up: fills (b)'s card cache, and warms the OS file cache either way.
    warm = "b" if "b" in runnable else runnable[0]
    measured = run_build(site, warm, python, env, "warmup")
    check_output(site, warm, manifest, results[warm])
    _progress(f"[N={n_posts}] warm-up ({warm}) done in {measured.wall_s:.2f} s (untimed)")

    for rep in range(1, repeat + 1):
        for key in runnable:
            if key == "c":
                shutil.rmtree(card_cache_dir(site, "c"), ignore_errors=True)
            measured = run_build(site, key, python, env, f"rep{rep}")
            check_output(site, key, manifest, results[key])
            results[key].runs.append(measured)
            _progress(
                f"[N={n_posts}] rep {rep}/{repeat} ({key}): wall {measured.wall_s:.2f} s, "
                f"CPU {measured.cpu_s:.2f} s, peak {measured.peak_mb:.0f} MB"
            )
    return SizeResult(n_posts, manifest, generate_s, results)


#: Largest site (posts) on which config (c) runs by default.
COLD_MAX_SIZE = 1000


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """Command-line interface."""
    parser = argparse.ArgumentParser(
        prog="python -m bench.run", description=__doc__.split("\n\n", 1)[0]
    )
    parser.add_argument("--sizes", type=int, nargs="+", help="numbers of posts (1000 10000)")
    parser.add_argument("--repeat", type=int, help=f"timed builds per config ({DEFAULT_REPEAT})")
    parser.add_argument(
        "--quick", action="store_true", help="smoke test: --sizes 30 --repeat 1 (for CI)"
    )
    parser.add_argument(
        "--configs",
        nargs="+",
        choices=list(CONFIGS),
        default=list(CONFIGS),
        help="configurations to run (default: all of a b c d e)",
    )
    parser.add_argument(
        "--out", type=Path, default=REPO_ROOT / "bench" / "out", help="report folder"
    )
    parser.add_argument(
        "--workdir", type=Path, help="where sites are generated and built (default: a temp dir)"
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary work dir")
    parser.add_argument("--seed", type=int, default=1, help="site generator seed (1)")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a budget check FAILs")
    parser.add_argument(
        "--cold-max-size",
        type=int,
        default=COLD_MAX_SIZE,
        help=f"run (c), the cold-card build, only up to this many posts ({COLD_MAX_SIZE}): "
        "its budget is set at 1,000 posts, and at 10,000 every build draws thousands of cards",
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.sizes, args.repeat = list(QUICK_SIZES), 1
    args.sizes = sorted(set(args.sizes or DEFAULT_SIZES))
    args.repeat = args.repeat or DEFAULT_REPEAT
    if args.repeat < 1 or min(args.sizes) < 1:
        parser.error("--repeat and --sizes must be positive")
    args.configs = [key for key in CONFIGS if key in args.configs]  # canonical order
    return args


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``python -m bench.run``; returns the exit status."""
    args = parse_args(argv)
    python = sys.executable
    env = child_env()
    command = shlex.join(["python", "-m", "bench.run", *(sys.argv[1:] if argv is None else argv)])

    skip: dict[str, str] = {}
    probe = probe_pelican_smo(python, env)
    if not probe.importable:
        for key in SMO_CONFIGS:
            skip[key] = "pelican_smo not importable"
        _progress(f"pelican_smo not importable ({probe.info}): configs b/c skipped")
    smo_version = probe.info if probe.importable else f"not importable: {probe.info}"
    if probe.package_dir and not compile_bytecode(python, probe.package_dir, env):
        _progress(f"WARNING: could not byte-compile {probe.package_dir}: pelican_smo is "
                  "compiled from source on every build that cannot write its .pyc files")

    if args.workdir:
        work = args.workdir.resolve()
        work.mkdir(parents=True, exist_ok=True)
        temporary = False
    else:
        work = Path(tempfile.mkdtemp(prefix="pelican-smo-bench-"))
        temporary = True

    sizes: list[SizeResult] = []
    try:
        for n_posts in args.sizes:
            configs = [k for k in args.configs if k != "c" or n_posts <= args.cold_max_size]
            sizes.append(
                bench_size(
                    work,
                    n_posts,
                    args.seed,
                    configs,
                    args.repeat,
                    skip,
                    probe.settings,
                    python,
                    env,
                )
            )
    except BenchError as exc:
        _progress(f"BENCHMARK FAILED: {exc}\n(work dir kept: {work})")
        return 2
    if temporary and not args.keep:
        shutil.rmtree(work, ignore_errors=True)

    checks = budget_checks(sizes)
    details = machine_details(smo_version, command)
    report = render_report(sizes, checks, details, args.repeat, args.configs)
    raw = {
        "details": details,
        "repeat": args.repeat,
        "sizes": [
            {
                "n_posts": s.n_posts,
                "manifest": s.manifest,
                "generate_s": s.generate_s,
                "configs": {key: asdict(res) for key, res in s.configs.items()},
            }
            for s in sizes
        ],
        "checks": [asdict(c) for c in checks],
    }
    path = write_report(args.out, report, raw)
    print(report)
    _progress(f"report written to {path} and {args.out / 'latest.md'}")
    if args.strict and any(c.result.startswith("FAIL") for c in checks):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
