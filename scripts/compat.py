#!/usr/bin/env python3
"""Build the example site with each Pelican version on each Python version we support.

    python scripts/compat.py             # every combination whose Python is installed
    python scripts/compat.py --ends      # the oldest and the newest combination (CI)
    python scripts/compat.py --pelican 4.9 4.12 --python 3.11
    make compat / make compat-ends

A wheel is built from this checkout (tracked and untracked, not ignored, files copied
to a temporary folder first, so no stale ``build/`` folder can slip into it). Each
combination gets a virtual environment in ``.compat/venvs/`` that is kept between runs:
Pelican and the dependencies are installed once, the wheel again every run
(``--no-deps``); a venv whose Python, Pelican line or our requirements changed is made
again. The example site (``example_site/``) is copied to ``.compat/sites/`` and built
there by that venv's Python, run isolated (``-I``), so the installed wheel is what runs,
with a fresh card cache; then its pages are checked (``check_output``): ``og:title``,
``og:image`` and the canonical link on articles, a page and the home page, the share bar
on articles, the conversation block on the article naming Mastodon and Bluesky posts,
the share and conversation assets and the drawn social cards.

Interpreters are looked for as ``pythonX.Y`` on ``PATH``, in pyenv's versions folder
and in ``/usr/bin``, ``/usr/local/bin``; a missing one is skipped with a line saying so
(a machine may have only the default ``python3``). Combinations Pelican does not
support (its classifiers, ``SUPPORTED``) are not run. Prints a table; exits 1 when a
combination that ran failed, 2 when none could run.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CACHE = REPO / ".compat"
EXAMPLE = REPO / "example_site"

#: Pelican lines → the Pythons (of ours, 3.10–3.13) each declares in its classifiers:
#: 4.9.1 and 4.10.2 list 3.8–3.12, 4.11.0 lists 3.9–3.13, 4.12.0 requires 3.11 and
#: lists 3.11–3.14.
SUPPORTED: dict[str, tuple[str, ...]] = {
    "4.9": ("3.10", "3.11", "3.12"),
    "4.10": ("3.10", "3.11", "3.12"),
    "4.11": ("3.10", "3.11", "3.12", "3.13"),
    "4.12": ("3.11", "3.12", "3.13"),
}
PYTHONS = ("3.10", "3.11", "3.12", "3.13")
#: What the example site needs besides Pelican and our wheel (its content is Markdown).
SITE_REQUIREMENTS = ("markdown",)

INSTALL_TIMEOUT = 900
BUILD_TIMEOUT = 600

#: Output files of the example site that the checks read.
ARTICLES = ("harbour-morning.html", "coastal-birds.html")
CARD_ARTICLE = "coastal-birds.html"  # no image of its own: gets a drawn card
PAGES = ("pages/about.html", "index.html")
SHARE_ASSETS = ("smo/share.css", "smo/share.js", "smo/mastodon.html",
                "smo/replies.css", "smo/replies.js")
#: The article whose metadata names a Mastodon and a Bluesky post: one conversation block.
REPLIES_ARTICLE = "harbour-morning.html"
#: The share bar's default networks: one inline icon each.
MIN_ICONS = 8

_print_lock = threading.Lock()


def say(*parts: object) -> None:
    with _print_lock:
        print(*parts, flush=True)


# ---------------------------------------------------------------------------
# Interpreters
# ---------------------------------------------------------------------------


def _candidates(minor: str) -> list[str]:
    found = [shutil.which(f"python{minor}") or ""]
    pyenv = Path(os.environ.get("PYENV_ROOT") or Path.home() / ".pyenv") / "versions"
    if pyenv.is_dir():
        patches = [p for p in pyenv.iterdir()
                   if re.fullmatch(re.escape(minor) + r"\.\d+", p.name)]
        patches.sort(key=lambda p: int(p.name.rsplit(".", 1)[1]), reverse=True)
        found += [str(p / "bin" / f"python{minor}") for p in patches]
    found += [f"/usr/local/bin/python{minor}", f"/usr/bin/python{minor}"]
    if f"{sys.version_info[0]}.{sys.version_info[1]}" == minor:
        found.append(sys.executable)
    return list(dict.fromkeys(c for c in found if c))


def find_python(minor: str) -> tuple[str, str] | None:
    """``(path, full version)`` of a working Python ``minor`` that can make venvs."""
    probe = "import sys, venv, ensurepip; print('%d.%d.%d' % sys.version_info[:3])"
    for exe in _candidates(minor):
        try:
            out = subprocess.run([exe, "-I", "-c", probe], capture_output=True, text=True,
                                 timeout=60, check=False)
        except (OSError, subprocess.TimeoutExpired):
            continue
        version = out.stdout.strip()
        if out.returncode == 0 and version.rsplit(".", 1)[0] == minor:
            return exe, version
    return None


# ---------------------------------------------------------------------------
# The wheel
# ---------------------------------------------------------------------------


def _source_files() -> list[str]:
    """The checkout's files as git sees them (tracked, or new and not ignored); without
    git, the files the build reads."""
    try:
        out = subprocess.run(["git", "ls-files", "-z", "--cached", "--others",
                              "--exclude-standard"], cwd=REPO, capture_output=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        top = [n for n in ("pyproject.toml", "README.md", "LICENSE", "MANIFEST.in",
                           "CHANGELOG.md") if (REPO / n).is_file()]
        return top + [str(p.relative_to(REPO)) for folder in ("pelican_smo", "pelican")
                      for p in (REPO / folder).rglob("*")
                      if p.is_file() and "__pycache__" not in p.parts]
    return [name for name in out.stdout.decode().split("\0") if name]


def build_wheel(dest: Path) -> Path:
    """A wheel of this checkout, built from a clean copy of its files."""
    dest.mkdir(parents=True, exist_ok=True)
    for old in dest.glob("*.whl"):
        old.unlink()
    with tempfile.TemporaryDirectory(prefix="smo-wheel-src-") as tmp:
        for name in _source_files():
            if name.startswith(("tests/", "bench/", "docs/", "example_site/")):
                continue
            source = REPO / name
            if source.is_file():
                target = Path(tmp, name)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, target)
        subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps",
                        "--disable-pip-version-check", "--wheel-dir", str(dest), tmp],
                       check=True, timeout=INSTALL_TIMEOUT)
    (wheel,) = dest.glob("pelican_smo-*.whl")
    return wheel


def wheel_requirements(wheel: Path) -> list[str]:
    """The wheel's ``Requires-Dist`` lines without extras."""
    with zipfile.ZipFile(wheel) as zf:
        name = next(n for n in zf.namelist() if n.endswith(".dist-info/METADATA"))
        metadata = zf.read(name).decode("utf-8")
    return sorted(line.split(":", 1)[1].strip() for line in metadata.splitlines()
                  if line.startswith("Requires-Dist:") and "extra ==" not in line)


# ---------------------------------------------------------------------------
# Venvs
# ---------------------------------------------------------------------------


def venv_python(venv: Path) -> Path:
    return venv / "bin" / "python"


def clean_env() -> dict[str, str]:
    """The environment without anything that points Python at this repository."""
    env = {k: v for k, v in os.environ.items()
           if k not in {"PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "PYTHONSTARTUP"}}
    env.update(NO_COLOR="1", COLUMNS="200", PYTHONIOENCODING="utf-8",
               PIP_DISABLE_PIP_VERSION_CHECK="1")
    return env


def _run(cmd: list[str], log: list[str], *, cwd: Path | None = None,
         timeout: int = INSTALL_TIMEOUT) -> bool:
    log.append("$ " + " ".join(cmd))
    try:
        proc = subprocess.run(cmd, cwd=cwd, env=clean_env(), capture_output=True, text=True,
                              timeout=timeout, check=False, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        log.append(f"timed out after {timeout} s")
        return False
    log.append(proc.stdout + proc.stderr)
    return proc.returncode == 0


def make_venv(venv: Path, python: str, requirements: list[str], log: list[str]) -> bool:
    """A new venv at ``venv`` with ``requirements`` installed (pip's cache is used)."""
    shutil.rmtree(venv, ignore_errors=True)
    venv.parent.mkdir(parents=True, exist_ok=True)
    if not _run([python, "-m", "venv", str(venv)], log):
        return False
    return _run([str(venv_python(venv)), "-m", "pip", "install", "-q", *requirements], log)


def install_wheel(venv: Path, wheel: Path, log: list[str]) -> bool:
    return _run([str(venv_python(venv)), "-m", "pip", "install", "-q", "--no-deps",
                 "--force-reinstall", str(wheel)], log)


def installed_versions(venv: Path, log: list[str]) -> dict[str, str] | None:
    """Pelican's version and where ``pelican_smo`` is imported from, in ``venv``."""
    code = ("import importlib.metadata as m, json, pelican_smo; print(json.dumps("
            "{'pelican': m.version('pelican'), 'pelican_smo': pelican_smo.__file__}))")
    cmd = [str(venv_python(venv)), "-I", "-c", code]
    proc = subprocess.run(cmd, cwd=tempfile.gettempdir(), env=clean_env(),
                          capture_output=True, text=True, timeout=120, check=False)
    if proc.returncode != 0:
        log.append("$ " + " ".join(cmd) + "\n" + proc.stderr)
        return None
    return json.loads(proc.stdout)


# ---------------------------------------------------------------------------
# The example site and its checks
# ---------------------------------------------------------------------------


def copy_example_site(dest: Path) -> Path:
    """``example_site``'s content and settings in ``dest`` (no output, no card cache)."""
    shutil.rmtree(dest, ignore_errors=True)
    dest.mkdir(parents=True)
    shutil.copytree(EXAMPLE / "content", dest / "content")
    shutil.copy2(EXAMPLE / "pelicanconf.py", dest / "pelicanconf.py")
    return dest


def pelican_command(python: Path | str) -> list[str]:
    """Build the copied example site (run with ``cwd`` = the copy), logging INFO."""
    return [str(python), "-I", "-m", "pelican", "content", "-s", "pelicanconf.py",
            "-o", "output", "--verbose"]


class _Head(HTMLParser):
    """The tags the checks read: meta, link, the share bar with its icons, and the
    conversation block."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, list[str]] = {}
        self.links: dict[str, list[str]] = {}
        self.share_bars = 0
        self.icons = 0
        self.conversations = 0
        self._in_bar = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "meta":
            key = a.get("property") or a.get("name")
            if key:
                self.meta.setdefault(key, []).append(a.get("content", ""))
        elif tag == "link":
            for rel in a.get("rel", "").split():
                self.links.setdefault(rel, []).append(a.get("href", ""))
        elif tag == "nav" and "data-smo-share" in a:
            self.share_bars += 1
            self._in_bar += 1
        elif tag == "nav" and self._in_bar:
            self._in_bar += 1
        elif tag == "svg" and self._in_bar:
            self.icons += 1
        elif tag == "section" and "data-smo-replies" in a:
            self.conversations += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "nav" and self._in_bar:
            self._in_bar -= 1


def read_page(path: Path) -> _Head:
    parser = _Head()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser


def check_output(output: Path, log: str = "") -> list[str]:
    """Problems with a build of the example site in ``output`` (empty: all is well).

    ``log``: what Pelican printed; an ERROR or CRITICAL line in it is a problem (Pelican
    exits 0 after "Cannot load plugin", for one).
    """
    problems = []
    for line in log.splitlines():
        if re.search(r"\b(ERROR|CRITICAL)\b|Cannot load plugin", line):
            problems.append(f"log: {line.strip()}")
    for name in (*ARTICLES, *PAGES):
        path = output / name
        if not path.is_file():
            problems.append(f"{name}: missing")
            continue
        head = read_page(path)
        if len(head.meta.get("og:title", [])) != 1 or not head.meta["og:title"][0]:
            problems.append(f"{name}: not one og:title ({head.meta.get('og:title')})")
        if not [u for u in head.meta.get("og:image", []) if u.startswith("https://")]:
            problems.append(f"{name}: no absolute og:image")
        if len(head.links.get("canonical", [])) != 1:
            problems.append(f"{name}: not one canonical link ({head.links.get('canonical')})")
        if name in ARTICLES:
            if head.share_bars != 1:
                problems.append(f"{name}: {head.share_bars} share bars, not 1")
            elif head.icons < MIN_ICONS:
                problems.append(f"{name}: {head.icons} icons in the share bar")
        if name == REPLIES_ARTICLE and head.conversations != 1:
            problems.append(f"{name}: {head.conversations} conversation blocks, not 1")
    for name in SHARE_ASSETS:
        if not (output / name).is_file() or (output / name).stat().st_size == 0:
            problems.append(f"{name}: missing or empty")
    card_page = output / CARD_ARTICLE
    if card_page.is_file():
        images = read_page(card_page).meta.get("og:image", [])
        cards = [u for u in images if "/smo/cards/" in u]
        if not cards:
            problems.append(f"{CARD_ARTICLE}: og:image is not a drawn card ({images})")
        else:
            card = output / "smo" / "cards" / cards[0].rsplit("/", 1)[1]
            if not card.is_file() or card.read_bytes()[:8] != b"\x89PNG\r\n\x1a\n":
                problems.append(f"{card.relative_to(output)}: not a PNG card")
    match = re.search(r"social cards: (\d+) drawn, (\d+) reused, (\d+) failed", log)
    if log and (match is None or int(match[1]) == 0 or int(match[3]) != 0):
        problems.append("log: no social cards drawn"
                        + (f" ({match[0]})" if match else " (no 'social cards:' line)"))
    return problems


# ---------------------------------------------------------------------------
# One combination
# ---------------------------------------------------------------------------


@dataclass
class Result:
    line: str
    minor: str
    status: str = "FAIL"  # "ok" or "FAIL"
    pelican: str = ""
    seconds: float = 0.0
    problems: list[str] = field(default_factory=list)
    log: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return f"pelican-{self.line}-py{self.minor}"


def run_one(line: str, minor: str, python: tuple[str, str], wheel: Path,
            requirements: list[str], fresh: bool) -> Result:
    result = Result(line, minor)
    log = result.log
    venv = CACHE / "venvs" / result.name
    marker = venv / "compat-marker.json"
    wanted = {"python": python[0], "version": python[1], "pelican": f"pelican=={line}.*",
              "requirements": [*requirements, *SITE_REQUIREMENTS]}
    start = time.monotonic()
    reuse = not fresh and marker.is_file() and json.loads(marker.read_text()) == wanted
    say(f"[{line} × {minor}] {'reusing' if reuse else 'making'} {venv.relative_to(REPO)}")
    if not reuse:
        if not make_venv(venv, python[0], [wanted["pelican"], *wanted["requirements"]], log):
            result.problems.append("could not make the venv (see the log)")
            return result
        marker.write_text(json.dumps(wanted))
    if not install_wheel(venv, wheel, log):
        result.problems.append("could not install the wheel")
        return result
    versions = installed_versions(venv, log)
    if versions is None:
        result.problems.append("pelican_smo does not import in the venv")
        return result
    result.pelican = versions["pelican"]
    if not Path(versions["pelican_smo"]).resolve().is_relative_to(venv.resolve()):
        result.problems.append(f"pelican_smo imported from {versions['pelican_smo']}")
    site = copy_example_site(CACHE / "sites" / result.name)
    cmd = pelican_command(venv_python(venv))
    log.append("$ " + " ".join(cmd))
    build_start = time.monotonic()
    try:
        proc = subprocess.run(cmd, cwd=site, env=clean_env(), capture_output=True, text=True,
                              timeout=BUILD_TIMEOUT, check=False, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        result.problems.append(f"the build timed out after {BUILD_TIMEOUT} s")
        return result
    result.seconds = time.monotonic() - build_start
    build_log = proc.stdout + proc.stderr
    log.append(build_log)
    if proc.returncode != 0:
        result.problems.append(f"pelican exited with {proc.returncode}")
    result.problems += check_output(site / "output", build_log)
    if not result.problems:
        result.status = "ok"
    say(f"[{line} × {minor}] {result.status} (Pelican {result.pelican}, build "
        f"{result.seconds:.1f} s, {time.monotonic() - start:.0f} s in all)")
    return result


# ---------------------------------------------------------------------------
# Selection, table, main
# ---------------------------------------------------------------------------


def ends(available: dict[str, tuple[str, str]]) -> list[tuple[str, str]]:
    """The oldest Pelican on the oldest available Python it supports, and the newest
    Pelican on the newest one (one pair when they are the same)."""
    runnable = [(line, [m for m in SUPPORTED[line] if m in available]) for line in SUPPORTED]
    runnable = [(line, minors) for line, minors in runnable if minors]
    if not runnable:
        return []
    oldest = (runnable[0][0], runnable[0][1][0])
    newest = (runnable[-1][0], runnable[-1][1][-1])
    return list(dict.fromkeys([oldest, newest]))


def table(results: dict[tuple[str, str], Result], lines: list[str], minors: list[str],
          available: dict[str, tuple[str, str]]) -> str:
    def cell(line: str, minor: str) -> str:
        if minor not in SUPPORTED[line]:
            return "n/s"
        if minor not in available:
            return "no python"
        result = results.get((line, minor))
        if result is None:
            return "-"
        return f"ok {result.seconds:.1f}s" if result.status == "ok" else "FAIL"

    def label(line: str) -> str:
        found = sorted({r.pelican for (ln, _), r in results.items() if ln == line and r.pelican})
        return f"{line} ({', '.join(found)})" if found else line

    header = ["Pelican", *(f"Python {m}" for m in minors)]
    rows = [[label(line), *(cell(line, m) for m in minors)] for line in lines]
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    fmt = " | ".join(f"{{:<{w}}}" for w in widths)
    out = [fmt.format(*header), "-+-".join("-" * w for w in widths)]
    out += [fmt.format(*row) for row in rows]
    out.append("ok: example site built and checked (build time); n/s: Pelican does not "
               "support this Python; no python: not installed here; -: not selected")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ends", action="store_true",
                        help="only the oldest and the newest available combination")
    parser.add_argument("--pelican", nargs="+", choices=list(SUPPORTED), metavar="X.Y",
                        help="Pelican lines to run (default: all)")
    parser.add_argument("--python", nargs="+", choices=list(PYTHONS), metavar="X.Y",
                        help="Python versions to run (default: all installed)")
    parser.add_argument("--fresh", action="store_true", help="make every venv again")
    parser.add_argument("-j", "--jobs", type=int, default=min(4, os.cpu_count() or 1),
                        help="combinations run at once (default: CPUs, at most 4)")
    args = parser.parse_args(argv)

    lines = args.pelican or list(SUPPORTED)
    minors = args.python or list(PYTHONS)
    available: dict[str, tuple[str, str]] = {}
    for minor in minors:
        found = find_python(minor)
        if found is None:
            say(f"Python {minor}: not found (tried {', '.join(_candidates(minor))}): "
                "its combinations are skipped")
        else:
            available[minor] = found
            say(f"Python {minor}: {found[0]} ({found[1]})")
    wanted = [(line, m) for line in lines for m in SUPPORTED[line] if m in minors]
    runnable = [(line, m) for line, m in wanted if m in available]
    if args.ends:
        runnable = ends({m: available[m] for m in available})
        runnable = [(line, m) for line, m in runnable if line in lines]
    if not runnable:
        say("compat: no combination can run here (no supported Python found)")
        return 2

    wheel = build_wheel(CACHE / "dist")
    requirements = wheel_requirements(wheel)
    say(f"wheel: {wheel.name}; running {len(runnable)} combination(s): "
        + ", ".join(f"Pelican {line} × Python {m}" for line, m in runnable))
    results: dict[tuple[str, str], Result] = {}
    with concurrent.futures.ThreadPoolExecutor(max(1, args.jobs)) as pool:
        futures = {pool.submit(run_one, line, m, available[m], wheel, requirements,
                               args.fresh): (line, m) for line, m in runnable}
        for future in concurrent.futures.as_completed(futures):
            results[futures[future]] = future.result()

    logs = CACHE / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    failed = [r for r in results.values() if r.status != "ok"]
    for result in results.values():
        (logs / f"{result.name}.log").write_text("\n".join(result.log), encoding="utf-8")
    print()
    shown = lines if not args.ends else sorted({line for line, _ in runnable},
                                                key=list(SUPPORTED).index)
    print(table(results, shown, minors, available))
    for result in failed:
        print(f"\nFAILED: Pelican {result.line} × Python {result.minor} "
              f"(log: {(logs / f'{result.name}.log').relative_to(REPO)})")
        for problem in result.problems:
            print(f"  - {problem}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
