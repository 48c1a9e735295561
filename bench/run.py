"""Run the pelican_smo benchmark and check the budget.

Usage::

    python -m bench.run                      # sizes 1000 and 10000, then the variants
    python -m bench.run --sizes 1000 --repeat 3 --configs a b d --variants
    python -m bench.run --sizes --variants cjk=10 --repeat 1   # one variant, tiny
    python -m bench.run --quick              # 30 posts + tiny variants, 1 repetition (CI)

For every site (each size of the default site, then each variant: ``image-heavy`` at
1,000 posts and ``cjk`` at 70 by default) the synthetic site (``bench.generate``) is
generated once, then every configuration is built in every set-up (alone, and beside
pelican-sitemap), round-robin (a, b, c, d, e, a+sitemap, b+sitemap, …, then again), each
as a separate ``python -m pelican`` process. CPU time (user + sys, of the build and every
process it waited for), wall time and peak RSS of each build come from ``os.wait4``; the
medians over the repetitions go into a Markdown report written to
``<out>/results-<timestamp>.md`` and ``<out>/latest.md`` and printed on stdout. See
``docs/benchmarks.md`` for the configurations, the set-ups and the budget.

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
    DEFAULT_CONFIGS,
    SETUP_DESCRIPTIONS,
    SETUPS,
    SITEMAP_FILE,
    SMO_CONFIGS,
    VARIANTS,
    WARM_CARD_CONFIGS,
    base_key,
    card_cache_dir,
    conf_path,
    generate_site,
    output_dir,
    run_dir,
    run_key,
    setup_of,
)

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SIZES = (1000, 10000)
DEFAULT_REPEAT = 5
QUICK_SIZES = (30,)
#: Variant sites ``make bench`` builds after the sizes: (variant, posts).
DEFAULT_VARIANT_RUNS = tuple((name, VARIANTS[name].default_posts)
                             for name in ("image-heavy", "cjk"))
QUICK_VARIANT_RUNS = (("image-heavy", 20), ("cjk", 10))
LOG_TAIL_LINES = 40

#: Budget limits (see docs/benchmarks.md). Every one is on CPU time but the memory one.
LIMIT_CPU_B_OVER_A = 1.10
LIMIT_PEAK_B_OVER_A = 1.10
LIMIT_B_VS_D_FRACTION = 1 / 5
LIMIT_LINEARITY = 0.15
LIMIT_CPU_C_OVER_A = 3.0
C_OVER_A_SIZE = 1000
#: Largest site (posts) on which config (c) runs by default.
COLD_MAX_SIZE = 1000

_OG_TITLE_RE = re.compile(r"<meta\b[^>]*\bproperty\s*=\s*[\"']og:title[\"']", re.IGNORECASE)
_SHARE_LINK_MARKER = "twitter.com/intent/tweet"
_VERSIONED_PACKAGES = (
    "pelican",
    "pelican-seo",
    "pelican-share-post",
    "pelican-sitemap",
    "markdown",
    "beautifulsoup4",
    "pillow",
    "jinja2",
)


class BenchError(RuntimeError):
    """A build failed or produced a site that cannot be trusted for timing."""


@dataclass
class Measurement:
    """Resources used by one Pelican build, its waited-for child processes included."""

    #: Seconds from spawning the build to reaping it.
    wall_s: float
    #: User + system CPU seconds of the build and every descendant it waited for.
    cpu_s: float
    #: Largest resident set of any one of those processes, MiB.
    peak_mb: float


@dataclass
class ConfigResult:
    """All timed builds of one run key ("b", "b+sitemap", …) on one site."""

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
class SiteResult:
    """Results for one generated site: a size of the default site, or a variant."""

    variant: str
    n_posts: int
    manifest: dict[str, Any]
    #: Seconds spent generating the site.
    generate_s: float
    #: By run key, in the order they were built in a round.
    configs: dict[str, ConfigResult]

    @property
    def label(self) -> str:
        """Short name in the budget table: "1000", "image-heavy 1000"."""
        return str(self.n_posts) if self.variant == "default" else f"{self.variant} {self.n_posts}"

    @property
    def title(self) -> str:
        """Heading of the site's section in the report."""
        if self.variant == "default":
            return f"N = {self.n_posts} posts"
        return f"{self.variant} site, N = {self.n_posts} posts"


@dataclass
class Check:
    """One line of the budget table."""

    name: str
    site: str
    setup: str
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


def maxrss_mb(ru_maxrss: int) -> float:
    """``ru_maxrss`` in MiB (Linux reports KiB, macOS bytes)."""
    if sys.platform == "darwin":
        return ru_maxrss / (1024 * 1024)
    return ru_maxrss / 1024


def spawn_measured(
    cmd: Sequence[str], cwd: Path, env: dict[str, str], log_path: Path
) -> tuple[int, Measurement]:
    """Run ``cmd``, output to ``log_path``; return its exit code and what it used.

    Why ``os.wait4``: its resource usage is the process's own plus that of every
    descendant it (or they, in turn) waited for: card workers joined by the pool's
    shutdown and fontconfig's ``fc-list``/``fc-match`` run by ``subprocess`` count, a
    process left running would not (see ``bench.children`` and docs/benchmarks.md).
    """
    with log_path.open("wb") as log:
        start = time.perf_counter()
        proc = subprocess.Popen(
            cmd, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT
        )
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    measured = Measurement(wall_s=wall, cpu_s=usage.ru_utime + usage.ru_stime,
                           peak_mb=maxrss_mb(usage.ru_maxrss))
    return proc.returncode, measured


def pelican_command(python: str, site: Path, key: str) -> list[str]:
    """``python -m pelican`` for run key ``key`` of ``site``."""
    return [python, "-m", "pelican", str(site / "content"), "-s", str(conf_path(site, key)),
            "-o", str(output_dir(site, key)), "-q"]


def run_build(site: Path, key: str, python: str, env: dict[str, str], label: str) -> Measurement:
    """Build ``site`` with run key ``key`` into an emptied output folder; measure it.

    Raises ``BenchError`` (with the end of Pelican's log) when Pelican exits non-zero.
    """
    shutil.rmtree(output_dir(site, key), ignore_errors=True)
    cwd = run_dir(site, key)
    cwd.mkdir(parents=True, exist_ok=True)
    log_path = cwd / f"pelican-{label}.log"
    cmd = pelican_command(python, site, key)
    code, measured = spawn_measured(cmd, cwd, env, log_path)
    if code != 0:
        raise BenchError(
            f"config ({key}) build '{label}' exited with status {code}\n"
            f"command: {shlex.join(cmd)}\n(cwd {cwd})\n--- end of {log_path} ---\n"
            f"{_log_tail(log_path)}"
        )
    return measured


def _head(html: str) -> str:
    """The part of a page before ``</head>`` (so code samples in the body never match)."""
    end = html.lower().find("</head>")
    return html if end < 0 else html[:end]


def _check_sitemap(out: Path, key: str) -> None:
    """The sitemap set-up wrote ``sitemap.xml``; the plain one did not (no plugin crept in)."""
    has_sitemap = (out / SITEMAP_FILE).is_file()
    if setup_of(key) == "sitemap" and not has_sitemap:
        raise BenchError(f"config ({key}): pelican-sitemap wrote no {SITEMAP_FILE} in {out}")
    if setup_of(key) != "sitemap" and has_sitemap:
        raise BenchError(f"config ({key}): {SITEMAP_FILE} in {out} although pelican-sitemap "
                         "is not in PLUGINS")


def _check_smo(site: Path, key: str, manifest: dict[str, Any], has_og: bool,
               result: ConfigResult) -> None:
    """Count the cards; warn (not fail) when pelican_smo's output is missing."""
    cards = output_dir(site, key) / "smo" / "cards"
    result.cards = sum(1 for _ in cards.iterdir()) if cards.is_dir() else 0
    if not has_og:
        result.warn(
            f"WARNING: no og:title in {manifest['sample_article']}: pelican_smo is not "
            "functional yet, timings measure a stub"
        )
    cache = card_cache_dir(site, key)
    dropped = "SMO_CARD_CACHE" in manifest.get("smo_settings_dropped", [])
    draws = base_key(key) != "g"  # (g) has SMO_CARDS = "never"
    if draws and not dropped and (not cache.is_dir() or not any(cache.iterdir())):
        result.warn(
            "WARNING: SMO_CARD_CACHE stayed empty: no social cards cached, so warm (b) "
            "and cold (c) builds do the same work"
        )


def check_output(site: Path, key: str, manifest: dict[str, Any], result: ConfigResult) -> None:
    """Make sure a build really produced the site (and the tags) it claims to time.

    Missing pages, pelican-seo / pelican-share-post output missing from (d)/(e), or a
    sitemap where there should (not) be one raise ``BenchError``. Missing pelican_smo
    output in (b)/(c) only adds a warning, so that the harness is usable while the
    plugin is a stub.
    """
    out = output_dir(site, key)
    config = base_key(key)
    expected = ["index.html", manifest["sample_article"], manifest["sample_page"]]
    if manifest.get("sample_translation"):
        expected.append(manifest["sample_translation"])
    missing = [rel for rel in expected if not (out / rel).is_file()]
    if missing:
        raise BenchError(f"config ({key}) built no {', '.join(missing)} in {out}")
    _check_sitemap(out, key)

    article_path = out / manifest["sample_article"]
    article = article_path.read_text(encoding="utf-8")
    has_og = _OG_TITLE_RE.search(_head(article)) is not None
    if config in ("d", "e") and not has_og:
        raise BenchError(
            f"config ({key}): pelican-seo produced no og:title in {article_path}; "
            "the comparison would be meaningless"
        )
    if config == "e" and _SHARE_LINK_MARKER not in article:
        raise BenchError(
            f"config ({key}): pelican-share-post links missing from {article_path} "
            f"(looked for {_SHARE_LINK_MARKER!r})"
        )
    if config in SMO_CONFIGS:
        _check_smo(site, key, manifest, has_og, result)


def count_files(folder: Path) -> int:
    """Files directly in ``folder`` (0 when it does not exist)."""
    return sum(1 for _ in folder.iterdir()) if folder.is_dir() else 0


# --------------------------------------------------------------------------- budget


def _ratio(results: dict[str, ConfigResult], key: str, attr: str) -> float | None:
    """Median ``attr`` of run key ``key`` over that of (a) in the same set-up."""
    a, other = results.get(run_key("a", setup_of(key))), results.get(key)
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


def ratio_check(site: SiteResult, setup: str, key: str, attr: str, limit: float,
                name: str) -> Check:
    """``key``/``a`` of median ``attr`` in ``setup`` against ``limit``."""
    a, other = run_key("a", setup), run_key(key, setup)
    reason = _missing(site.configs, (a, other))
    if reason:
        return Check(name, site.label, setup, "—", "", reason)
    ratio = _ratio(site.configs, other, attr) or 0.0
    return Check(name, site.label, setup, f"{ratio:.3f}", f"{limit:.2f}",
                 _verdict(ratio <= limit) + _stub_note(site.configs, (other,)))


def versus_seo_check(site: SiteResult, setup: str) -> Check:
    """What pelican_smo adds (b − a) against a fifth of what pelican-seo adds (d − a), CPU."""
    name = "CPU (b−a) ≤ (d−a)/5"
    a, b, d = (run_key(k, setup) for k in ("a", "b", "d"))
    reason = _missing(site.configs, (a, b, d))
    if reason:
        return Check(name, site.label, setup, "—", "", reason)
    cpu = {k: site.configs[k].median("cpu_s") for k in (a, b, d)}
    added = cpu[b] - cpu[a]
    limit = (cpu[d] - cpu[a]) * LIMIT_B_VS_D_FRACTION
    return Check(name, site.label, setup, f"b−a = {added:+.3f} s", f"{limit:.3f} s",
                 _verdict(added <= limit) + _stub_note(site.configs, (b,)))


def linearity_check(sites: Sequence[SiteResult], setup: str) -> Check:
    """(b − a) CPU per post at the largest size within ±15 % of that at the smallest."""
    name = f"linearity: CPU (b−a)/N within {LIMIT_LINEARITY:.0%}"
    if len(sites) < 2:
        return Check(name, "—", setup, "—", "", "N/A (needs two sizes)")
    small, large = sites[0], sites[-1]
    label = f"{small.n_posts} vs {large.n_posts}"
    a, b = run_key("a", setup), run_key("b", setup)
    reason = _missing(small.configs, (a, b)) or _missing(large.configs, (a, b))
    if reason:
        return Check(name, label, setup, "—", "", reason)
    p_small, p_large = (
        (s.configs[b].median("cpu_s") - s.configs[a].median("cpu_s")) / s.n_posts
        for s in (small, large)
    )
    measured = f"{p_small * 1e3:+.4f} ms vs {p_large * 1e3:+.4f} ms per post"
    if p_small <= 0:
        return Check(name, label, setup, measured, f"±{LIMIT_LINEARITY:.0%}",
                     "N/A (no measurable overhead at the smaller size)")
    deviation = (p_large - p_small) / p_small
    return Check(name, label, setup, f"{measured} ({deviation:+.1%})", f"±{LIMIT_LINEARITY:.0%}",
                 _verdict(abs(deviation) <= LIMIT_LINEARITY) + _stub_note(small.configs, (b,)))


def budget_checks(sites: Sequence[SiteResult], setups: Sequence[str]) -> list[Check]:
    """Evaluate the budget on the medians (see docs/benchmarks.md)."""
    main = [s for s in sites if s.variant == "default"]
    checks: list[Check] = []
    for site in main:
        for setup in setups:
            checks.append(ratio_check(site, setup, "b", "cpu_s", LIMIT_CPU_B_OVER_A,
                                      f"CPU b/a ≤ {LIMIT_CPU_B_OVER_A:.2f}"))
            checks.append(versus_seo_check(site, setup))
            checks.append(ratio_check(site, setup, "b", "peak_mb", LIMIT_PEAK_B_OVER_A,
                                      f"peak RSS b/a ≤ {LIMIT_PEAK_B_OVER_A:.2f}"))
            if site.n_posts == C_OVER_A_SIZE:
                checks.append(ratio_check(site, setup, "c", "cpu_s", LIMIT_CPU_C_OVER_A,
                                          f"CPU c/a ≤ {LIMIT_CPU_C_OVER_A:.1f} (cold cards)"))
    if main and not any(s.n_posts == C_OVER_A_SIZE for s in main):
        checks += [Check(f"CPU c/a ≤ {LIMIT_CPU_C_OVER_A:.1f} (cold cards)", str(C_OVER_A_SIZE),
                         setup, "—", "", f"N/A (size {C_OVER_A_SIZE} not run)")
                   for setup in setups]
    for site in sites:
        if site.variant == "image-heavy":
            checks += [ratio_check(site, setup, "b", "cpu_s", LIMIT_CPU_B_OVER_A,
                                   f"CPU b/a ≤ {LIMIT_CPU_B_OVER_A:.2f}") for setup in setups]
    if main:
        checks += [linearity_check(main, setup) for setup in setups]
    return checks


# --------------------------------------------------------------------------- reporting


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
    """CPU time of run key ``key`` over (a)'s (same set-up) in each round both ran.

    Builds of one round run one after the other, so a pair shares the machine's
    speed of the moment; on a machine whose speed drifts (a shared VM) the pairs
    show the plugin's cost better than the ratio of the two medians.
    """
    base, other = configs.get(run_key("a", setup_of(key))), configs.get(key)
    if not (base and other and base.ran and other.ran):
        return []
    return [b.cpu_s / a.cpu_s for a, b in zip(base.runs, other.runs, strict=False)
            if a.cpu_s > 0]


def describe_site(site: SiteResult) -> str:
    """One sentence on what the site holds."""
    m = site.manifest
    text = (f"{m['n_posts']} articles + {m['n_translations']} translations, {m['n_pages']} "
            f"pages; {m['n_cover_images']} with a cover image, {m['n_inline_images']} with an "
            f"inline cover, {m['n_summaries']} with a summary")
    if "n_post_images" in m:
        text += (f"; {m['n_post_images']} more images in the bodies ({m['n_tiny_images']} "
                 f"under 200×200, {m['n_svg_images']} SVG) and {m['n_missing_images']} "
                 f"references to missing files")
    return text + f" (generated in {site.generate_s:.1f} s)."


_TABLE_HEAD = [
    "| config | CPU s | CPU ×a | CPU min–max | wall s | wall ×a | wall min–max | peak MB "
    "| peak ×a | notes |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
]


def config_row(configs: dict[str, ConfigResult], key: str) -> str:
    """The table row of run key ``key``: medians, spreads, ratios to (a) of its set-up."""
    res = configs[key]
    if res.skipped or not res.runs:
        return f"| ({key}) | — | — | — | — | — | — | — | — | skipped ({res.skipped}) |"
    is_a = base_key(key) == "a"
    cells = [f"({key})"]
    for attr, digits in (("cpu_s", 2), ("wall_s", 2)):
        low, high = res.spread(attr)
        ratio = "1" if is_a else _fmt_ratio(_ratio(configs, key, attr))
        cells += [f"{res.median(attr):.{digits}f}", ratio, f"{low:.2f}–{high:.2f}"]
    cells += [f"{res.median('peak_mb'):.0f}",
              "1" if is_a else _fmt_ratio(_ratio(configs, key, "peak_mb")),
              "; ".join(res.warnings) or "OK"]
    return "| " + " | ".join(cells) + " |"


def paired_lines(site: SiteResult, setups: Sequence[str]) -> list[str]:
    """CPU (b)/(a) round by round, per set-up."""
    lines = []
    for setup in setups:
        paired = paired_ratios(site.configs, run_key("b", setup))
        if paired:
            lines.append(f"- CPU (b)/(a) round by round, {setup}: "
                         f"{', '.join(f'{r:.3f}' for r in paired)}; median "
                         f"{statistics.median(paired):.3f}")
    return [*lines, ""] if lines else []


def card_lines(site: SiteResult, setup: str) -> list[str]:
    """Cards per cold build and what drawing them costs against (b), else (a), in ``setup``."""
    cold = site.configs.get(run_key("c", setup))
    if not (cold and cold.ran and cold.cards):
        return []
    warm = site.configs.get(run_key("b", setup))
    ref = warm if warm and warm.ran else site.configs.get(run_key("a", setup))
    line = f"Social cards: {cold.cards} per build of ({cold.key})"
    if ref and ref.ran:
        cpu = cold.median("cpu_s") - ref.median("cpu_s")
        wall = cold.median("wall_s") - ref.median("wall_s")
        line += (f"; (c) − ({ref.key}): {cpu:+.2f} s CPU ({cpu / cold.cards * 1e3:.1f} ms per "
                 f"card) and {wall:+.2f} s wall")
    return [line + ".", ""]


def render_report(
    sites: Sequence[SiteResult],
    checks: Sequence[Check],
    details: dict[str, str],
    repeat: int,
    setups: Sequence[str],
) -> str:
    """The Markdown report (also printed on stdout)."""
    lines = ["# pelican_smo benchmark", ""]
    lines += [f"- **{name}**: {value}" for name, value in details.items()]
    lines += [f"- **repetitions**: {repeat} (medians reported)", ""]
    lines += ["Configurations:", ""]
    lines += [f"- ({key}) {description}" for key, description in CONFIGS.items()]
    lines += ["", "Set-ups (every configuration is built in each, interleaved):", ""]
    lines += [f"- {setup} (keys `a{SETUPS[setup]}`, `b{SETUPS[setup]}`, …): "
              f"{SETUP_DESCRIPTIONS[setup]}" for setup in setups]
    lines += ["", "CPU: user + system time of the build and of every process it started and "
              "waited for (card workers, fontconfig), from `os.wait4`. Peak: the largest "
              "single process. ×a: over (a) of the same set-up.", ""]

    for site in sites:
        lines += [f"## {site.title}", "", describe_site(site), "", *_TABLE_HEAD]
        lines += [config_row(site.configs, key) for key in site.configs]
        lines.append("")
        lines += paired_lines(site, setups)
        lines += card_lines(site, setups[0])

    lines += ["## Budget", ""]
    if not checks:
        lines += ["No budget check applies to the sites of this run (the cjk site is reported "
                  "only).", ""]
        return "\n".join(lines)
    lines += [
        "| check | site | set-up | measured | limit | result |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    lines += [f"| {c.name} | {c.site} | {c.setup} | {c.measured} | {c.limit} | {c.result} |"
              for c in checks]
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


@dataclass
class Harness:
    """What every build of a run shares."""

    python: str
    env: dict[str, str]
    repeat: int
    setups: Sequence[str]
    skip: dict[str, str]
    smo_settings: list[str] | None
    seed: int


def warm_up_keys(runnable: Sequence[str]) -> list[str]:
    """The run keys built untimed first: one of each configuration with a warm card cache
    ((b), (f)), which fills the cache both its set-ups share; else the first one (it
    still warms the OS file cache)."""
    keys: dict[str, str] = {}
    for key in runnable:
        if base_key(key) in WARM_CARD_CONFIGS:
            keys.setdefault(base_key(key), key)
    return list(keys.values()) or [runnable[0]]


def timed_build(site: Path, key: str, h: Harness, manifest: dict[str, Any],
                result: ConfigResult, label: str) -> Measurement:
    """One timed build of run key ``key``; (c) starts from an empty card cache, and a
    (b) that had to draw a card is flagged: its cache was not warm."""
    cache = card_cache_dir(site, key)
    if base_key(key) == "c":
        shutil.rmtree(cache, ignore_errors=True)
    before = count_files(cache)
    measured = run_build(site, key, h.python, h.env, label)
    check_output(site, key, manifest, result)
    drawn = count_files(cache) - before
    if base_key(key) in WARM_CARD_CONFIGS and drawn > 0:
        result.warn(f"WARNING: ({key}) drew {drawn} cards in a timed build: not warm")
    return measured


def bench_site(work: Path, variant: str, n_posts: int, keys: Sequence[str],
               h: Harness) -> SiteResult:
    """Generate one site and time every configuration of ``keys`` in every set-up,
    ``h.repeat`` rounds."""
    name = "" if variant == "default" else f"{variant}-"
    site = work / f"site-{name}n{n_posts}-s{h.seed}"
    tag = f"[{variant} N={n_posts}]"
    start = time.perf_counter()
    generate_site(site, n_posts, h.seed, h.smo_settings, variant)
    generate_s = time.perf_counter() - start
    manifest = json.loads((site / "manifest.json").read_text(encoding="utf-8"))
    _progress(f"{tag} site generated in {generate_s:.1f} s: {site}")

    order = [run_key(key, setup) for setup in h.setups for key in keys]
    results = {key: ConfigResult(key, skipped=h.skip.get(base_key(key))) for key in order}
    for dropped in manifest.get("smo_settings_dropped", []):
        for key in order:
            if base_key(key) in SMO_CONFIGS:
                results[key].warn(f"WARNING: {dropped} left out (pelican_smo does not "
                                  "accept it yet)")
    runnable = [key for key in order if not results[key].skipped]
    if runnable:
        for warm in warm_up_keys(runnable):
            measured = run_build(site, warm, h.python, h.env, "warmup")
            check_output(site, warm, manifest, results[warm])
            _progress(f"{tag} warm-up ({warm}) done in {measured.wall_s:.2f} s (untimed)")
    for rep in range(1, h.repeat + 1):
        for key in runnable:
            measured = timed_build(site, key, h, manifest, results[key], f"rep{rep}")
            results[key].runs.append(measured)
            _progress(f"{tag} rep {rep}/{h.repeat} ({key}): CPU {measured.cpu_s:.2f} s, "
                      f"wall {measured.wall_s:.2f} s, peak {measured.peak_mb:.0f} MB")
    return SiteResult(variant, n_posts, manifest, generate_s, results)


def parse_variant(spec: str) -> tuple[str, int]:
    """Parse ``NAME[=POSTS]``: ``image-heavy=20`` → ("image-heavy", 20), ``cjk`` → ("cjk", 70)
    (the variant's default number of posts)."""
    name, _, posts = spec.partition("=")
    if name not in VARIANTS or name == "default":
        choices = ", ".join(v for v in VARIANTS if v != "default")
        raise argparse.ArgumentTypeError(f"unknown variant {name!r} (one of {choices})")
    if not posts:
        return name, VARIANTS[name].default_posts
    if not posts.isdigit() or int(posts) < 1:
        raise argparse.ArgumentTypeError(f"{spec!r}: posts must be a positive number")
    return name, int(posts)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """Command-line interface."""
    parser = argparse.ArgumentParser(
        prog="python -m bench.run", description=__doc__.split("\n\n", 1)[0]
    )
    parser.add_argument("--sizes", type=int, nargs="*",
                        help="posts of the default site (1000 10000); none: variants only")
    parser.add_argument(
        "--variants", type=parse_variant, nargs="*", metavar="NAME[=POSTS]",
        help="variant sites built after the sizes (image-heavy=1000 cjk=70); none: skip them")
    parser.add_argument("--repeat", type=int, help=f"timed builds per config ({DEFAULT_REPEAT})")
    parser.add_argument(
        "--quick", action="store_true",
        help="smoke test: --sizes 30 --repeat 1, variants image-heavy=20 cjk=10 (for CI)"
    )
    parser.add_argument(
        "--configs",
        nargs="+",
        choices=list(CONFIGS),
        default=list(DEFAULT_CONFIGS),
        help="configurations to run (default: a b c d e; f and g on request)",
    )
    parser.add_argument("--setups", nargs="+", choices=list(SETUPS), default=list(SETUPS),
                        help="set-ups to build each configuration in (default: alone sitemap)")
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
        if args.variants is None:
            args.variants = list(QUICK_VARIANT_RUNS)
    args.sizes = sorted(set(DEFAULT_SIZES if args.sizes is None else args.sizes))
    if args.variants is None:
        args.variants = list(DEFAULT_VARIANT_RUNS)
    args.repeat = args.repeat or DEFAULT_REPEAT
    if args.repeat < 1 or (args.sizes and min(args.sizes) < 1):
        parser.error("--repeat and --sizes must be positive")
    if not args.sizes and not args.variants:
        parser.error("nothing to build: no --sizes and no --variants")
    args.configs = [key for key in CONFIGS if key in args.configs]  # canonical order
    args.setups = [setup for setup in SETUPS if setup in args.setups]
    return args


def site_plan(args: argparse.Namespace) -> list[tuple[str, int, list[str]]]:
    """(variant, posts, configurations) of every site to build, in order."""
    plan = [("default", n, [k for k in args.configs if k != "c" or n <= args.cold_max_size])
            for n in args.sizes]
    for variant, n in args.variants:
        plan.append((variant, n, [k for k in args.configs if k in VARIANTS[variant].configs]))
    return [(variant, n, keys) for variant, n, keys in plan if keys]


def raw_results(sites: Sequence[SiteResult], checks: Sequence[Check], details: dict[str, str],
                repeat: int) -> dict[str, Any]:
    """Every build of the run, for ``results-<timestamp>.json``."""
    return {
        "details": details,
        "repeat": repeat,
        "sites": [
            {
                "variant": s.variant,
                "n_posts": s.n_posts,
                "manifest": s.manifest,
                "generate_s": s.generate_s,
                "configs": {key: asdict(res) for key, res in s.configs.items()},
            }
            for s in sites
        ],
        "checks": [asdict(c) for c in checks],
    }


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
        _progress(f"pelican_smo not importable ({probe.info}): configs {'/'.join(SMO_CONFIGS)} skipped")
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

    harness = Harness(python, env, args.repeat, args.setups, skip, probe.settings, args.seed)
    sites: list[SiteResult] = []
    try:
        for variant, n_posts, keys in site_plan(args):
            sites.append(bench_site(work, variant, n_posts, keys, harness))
    except BenchError as exc:
        _progress(f"BENCHMARK FAILED: {exc}\n(work dir kept: {work})")
        return 2
    if temporary and not args.keep:
        shutil.rmtree(work, ignore_errors=True)

    checks = budget_checks(sites, args.setups)
    details = machine_details(smo_version, command)
    report = render_report(sites, checks, details, args.repeat, args.setups)
    path = write_report(args.out, report, raw_results(sites, checks, details, args.repeat))
    print(report)
    _progress(f"report written to {path} and {args.out / 'latest.md'}")
    if args.strict and any(c.result.startswith("FAIL") for c in checks):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
