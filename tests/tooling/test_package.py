"""The package as people get it: licence and version, the sdist and the wheel, the names
Pelican loads the plugin by, and one registration however it is loaded.

The fast tests build with this checkout on ``sys.path`` (``PYTHONPATH``). The slow ones
build the sdist and wheel with ``python -m build``, check them with ``twine check
--strict``, and make two NEW virtual environments with Pelican: one gets our wheel
(``--no-deps``: the dependencies come from pip's cache), the other does not, for a
plugin loaded from a checkout through ``PLUGIN_PATHS``. Those run isolated (``-I``,
or with only a probe folder on ``PYTHONPATH``) from a temporary folder, so nothing
of the repository is importable unless a test puts it there.
"""

from __future__ import annotations

import concurrent.futures
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tarfile
import zipfile
from importlib import metadata
from pathlib import Path

import pytest
from PIL import Image

import pelican_smo
from pelican_smo.cards.spec import _plugin_version
from tests.helpers import REPO_ROOT, require, script_module

tomllib = pytest.importorskip("tomllib", reason="tomllib is Python 3.11+")

compat = script_module("compat")

PYPROJECT = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
HANDLERS = ("on_initialized", "on_generator_init", "on_generators_finalized", "on_feed_generated",
            "on_finalized")
SIGNALS = ("initialized", "generator_init", "all_generators_finalized", "feed_generated",
           "finalized")

#: A namespace plugin of the tests' own, ``pelican.plugins.smoprobe``: at the end of the
#: build it writes which of our handlers each signal holds (found by name, so a second
#: copy of ``pelican_smo.plugin`` would show) and the files they come from.
PROBE = f"HANDLERS = {HANDLERS!r}\nSIGNALS = {SIGNALS!r}\n" + '''
import json, weakref
from pathlib import Path

from pelican import signals


def _ours(signal):
    found = []
    for receiver in list(signal.receivers.values()):
        if isinstance(receiver, weakref.ref):
            receiver = receiver()
        if getattr(receiver, "__name__", "") in HANDLERS:
            found.append([receiver.__module__, receiver.__code__.co_filename])
    return found


def write(pelican):
    found = {name: _ours(getattr(signals, name)) for name in SIGNALS}
    Path(pelican.output_path, "smo-receivers.json").write_text(json.dumps(found))


def register():
    signals.finalized.connect(write)
'''

#: A plugin that imports ``pelican_smo/plugin.py`` a second time, under another module
#: name: its functions are not ours for blinker, so only ``register``'s guard keeps the
#: handlers single.
SECOND_COPY = '''
import importlib.util
from pathlib import Path

import pelican_smo

_spec = importlib.util.spec_from_file_location(
    "secondcopy_plugin", Path(pelican_smo.__file__).with_name("plugin.py"))
_copy = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_copy)
register = _copy.register
'''

ARTICLE = "Title: Hello\nDate: 2025-01-01\nAuthor: Ada\n\nSome words of text to describe.\n"


def _probe_dir(root: Path) -> Path:
    """A folder for ``sys.path`` holding ``pelican/plugins/smoprobe`` and ``secondcopy``."""
    folder = root / "probe"
    plugin = folder / "pelican" / "plugins" / "smoprobe"
    plugin.mkdir(parents=True)
    (plugin / "__init__.py").write_text(PROBE, encoding="utf-8")
    (folder / "secondcopy.py").write_text(SECOND_COPY, encoding="utf-8")
    return folder


def _tiny_site(root: Path, extra: dict[str, object]) -> Path:
    site = root / "site"
    (site / "content").mkdir(parents=True)
    (site / "content" / "hello.md").write_text(ARTICLE, encoding="utf-8")
    settings = {"SITENAME": "Test", "SITEURL": "https://blog.example.org", "TIMEZONE": "UTC",
                "FEED_ALL_ATOM": None, "CATEGORY_FEED_ATOM": None, "SMO_CARDS": "never",
                **extra}
    (site / "pelicanconf.py").write_text(
        "".join(f"{k} = {v!r}\n" for k, v in settings.items()), encoding="utf-8")
    return site


def _run_pelican(python: str | Path, site: Path, *, pythonpath: list[Path],
                 isolated: bool) -> subprocess.CompletedProcess[str]:
    env = compat.clean_env()
    if pythonpath:
        env["PYTHONPATH"] = os.pathsep.join(map(str, pythonpath))
    cmd = compat.pelican_command(python)
    if not isolated:
        cmd.remove("-I")
    return subprocess.run(cmd, cwd=site, env=env, capture_output=True, text=True,
                          timeout=compat.BUILD_TIMEOUT, check=False, stdin=subprocess.DEVNULL)


def _receivers(output: Path) -> dict[str, list[list[str]]]:
    return json.loads((output / "smo-receivers.json").read_text(encoding="utf-8"))


def _assert_one_plugin(proc: subprocess.CompletedProcess[str], output: Path,
                       *, home: Path | None = None) -> None:
    """One head block and one share bar on the article; with the probe, one handler per
    signal, from ``pelican_smo.plugin`` (or its second copy) under ``home``."""
    log = proc.stdout + proc.stderr
    assert proc.returncode == 0, log
    assert "ERROR" not in log and "Cannot load plugin" not in log, log
    head = compat.read_page(output / "hello.html")
    assert len(head.meta.get("og:title", [])) == 1, log
    assert head.links.get("canonical") == ["https://blog.example.org/hello.html"]
    assert head.share_bars == 1
    if (output / "smo-receivers.json").exists():
        for signal, handlers in _receivers(output).items():
            assert len(handlers) == 1, (signal, handlers)
            module, file = handlers[0]
            assert module in {"pelican_smo.plugin", "secondcopy_plugin"}, handlers
            if home is not None:
                assert Path(file).resolve().is_relative_to(home.resolve()), (file, home)


# ---------------------------------------------------------------------------
# Licence, version, layout
# ---------------------------------------------------------------------------


def test_licence_is_mit_and_named_in_the_metadata():
    licence = (REPO_ROOT / "LICENSE").read_text(encoding="utf-8")
    assert licence.startswith("MIT License\n")
    assert "Copyright (c) 2026 pelican-smo contributors" in licence
    project = PYPROJECT["project"]
    assert project["license"] == "MIT"
    assert set(project["license-files"]) == {"LICENSE", "pelican_smo/assets/icons/LICENSE"}
    assert not [c for c in project["classifiers"] if c.startswith("License ::")]
    tabler = (REPO_ROOT / "pelican_smo" / "assets" / "icons" / "LICENSE").read_text()
    assert "@tabler/icons" in tabler and "MIT License" in tabler


def test_version_is_written_once():
    assert "version" not in PYPROJECT["project"]
    assert "version" in PYPROJECT["project"]["dynamic"]
    attr = PYPROJECT["tool"]["setuptools"]["dynamic"]["version"]["attr"]
    assert attr == "pelican_smo.__version__"
    assert _plugin_version() == pelican_smo.__version__
    changelog = (REPO_ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    first = next(line for line in changelog.splitlines() if line.startswith("## "))
    base = pelican_smo.__version__.split(".dev")[0]
    assert first.startswith(f"## {base}"), (first, pelican_smo.__version__)


def test_pelican_folders_stay_namespace_packages():
    assert (REPO_ROOT / "pelican" / "plugins" / "smo" / "__init__.py").is_file()
    assert not (REPO_ROOT / "pelican" / "__init__.py").exists()
    assert not (REPO_ROOT / "pelican" / "plugins" / "__init__.py").exists()
    assert sorted(p.name for p in (REPO_ROOT / "pelican").rglob("*") if p.is_file()
                  and "__pycache__" not in p.parts) == ["__init__.py"]


def test_pelican_finds_the_namespace_plugin_of_a_checkout(tmp_path):
    """With the checkout on sys.path, Pelican lists ``pelican.plugins.smo`` among its
    namespace plugins and resolves the name "smo" to it; its ``register`` is ours."""
    code = """
import json, pelican_smo
from pelican.plugins._utils import get_namespace_plugins, load_plugins
found = get_namespace_plugins()
smo = found["pelican.plugins.smo"]
loaded = load_plugins({"PLUGINS": ["smo", "pelican.plugins.smo", "pelican_smo"]})
print(json.dumps({"file": smo.__file__, "same": smo.register is pelican_smo.register,
                  "loaded": [m.__name__ for m in loaded],
                  "registers": [m.register is pelican_smo.register for m in loaded]}))
"""
    env = compat.clean_env()
    env["PYTHONPATH"] = str(REPO_ROOT)
    proc = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr
    found = json.loads(proc.stdout.splitlines()[-1])
    assert Path(found["file"]) == REPO_ROOT / "pelican" / "plugins" / "smo" / "__init__.py"
    assert found["same"]
    assert found["loaded"] == ["pelican.plugins.smo", "pelican.plugins.smo", "pelican_smo"]
    assert all(found["registers"])


@pytest.mark.parametrize("plugins", [
    ["smo", "pelican_smo"],
    ["pelican.plugins.smo", "pelican_smo", "smo"],
    ["pelican_smo", "secondcopy"],
    ["secondcopy", "pelican_smo"],
], ids=["smo+pelican_smo", "three-names", "second-copy-after", "second-copy-first"])
def test_named_twice_registers_once(tmp_path, plugins):
    """However often the plugin is named, and even when ``pelican_smo.plugin`` is imported
    a second time under another name, each signal holds one of our handlers."""
    probe = _probe_dir(tmp_path)
    site = _tiny_site(tmp_path, {"PLUGINS": [*plugins, "smoprobe"],
                                 "PLUGIN_PATHS": [str(probe)]})
    proc = _run_pelican(sys.executable, site, pythonpath=[REPO_ROOT, probe], isolated=False)
    _assert_one_plugin(proc, site / "output")
    assert (site / "output" / "smo-receivers.json").exists()


# ---------------------------------------------------------------------------
# The sdist and the wheel, installed into new virtual environments
# ---------------------------------------------------------------------------


class Package:
    """The built distributions and the two new venvs (see the module docstring)."""

    def __init__(self, root: Path) -> None:
        self.dist = root / "dist"
        self.wheel_venv = root / "venv-wheel"
        self.bare_venv = root / "venv-bare"
        self.wheel: Path
        self.sdist: Path

    def python(self, venv: Path) -> Path:
        return compat.venv_python(venv)


def _requirements() -> list[str]:
    """Our dependencies, Pelican pinned to the version running the tests (in pip's cache),
    and Markdown for the example site."""
    return [*PYPROJECT["project"]["dependencies"], f"pelican=={metadata.version('pelican')}",
            *compat.SITE_REQUIREMENTS]


@pytest.fixture(scope="module")
def package(tmp_path_factory):
    require(importlib.util.find_spec("build") is not None
            and importlib.util.find_spec("twine") is not None,
            "build and twine are missing: pip install -e '.[release]'")
    pkg = Package(tmp_path_factory.mktemp("package"))
    logs: dict[str, list[str]] = {"wheel": [], "bare": []}
    base = getattr(sys, "_base_executable", sys.executable)
    with concurrent.futures.ThreadPoolExecutor(3) as pool:
        venvs = {
            "wheel": pool.submit(compat.make_venv, pkg.wheel_venv, base, _requirements(),
                                 logs["wheel"]),
            "bare": pool.submit(compat.make_venv, pkg.bare_venv, base, _requirements(),
                                logs["bare"]),
        }
        built = subprocess.run([sys.executable, "-m", "build", "--outdir", str(pkg.dist),
                                str(REPO_ROOT)], capture_output=True, text=True,
                               timeout=compat.INSTALL_TIMEOUT, check=False)
        for name, future in venvs.items():
            assert future.result(), "\n".join(logs[name])
    assert built.returncode == 0, built.stdout + built.stderr
    (pkg.wheel,) = pkg.dist.glob("pelican_smo-*.whl")
    (pkg.sdist,) = pkg.dist.glob("pelican_smo-*.tar.gz")
    log: list[str] = []
    assert compat.install_wheel(pkg.wheel_venv, pkg.wheel, log), "\n".join(log)
    return pkg


def _source_files(folder: str) -> list[str]:
    """The files under ``folder`` that a build of this checkout reads: tracked, or new and
    not ignored (a file not yet added is still packaged, so it is checked too); without
    git, every file but bytecode."""
    try:
        out = subprocess.run(["git", "ls-files", "-z", "--cached", "--others",
                              "--exclude-standard", folder], cwd=REPO_ROOT,
                             capture_output=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return sorted(str(p.relative_to(REPO_ROOT)) for p in (REPO_ROOT / folder).rglob("*")
                      if p.is_file() and "__pycache__" not in p.parts
                      and p.suffix not in {".pyc", ".pyo"})
    return [name for name in out.stdout.decode().split("\0")
            if name and (REPO_ROOT / name).is_file()]


@pytest.mark.slow
def test_twine_accepts_the_sdist_and_the_wheel(package):
    proc = subprocess.run([sys.executable, "-m", "twine", "check", "--strict",
                           str(package.wheel), str(package.sdist)],
                          capture_output=True, text=True, timeout=300, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.count("PASSED") == 2, proc.stdout


@pytest.mark.slow
def test_wheel_holds_everything_the_code_reads(package):
    with zipfile.ZipFile(package.wheel) as zf:
        names = set(zf.namelist())
        info = next(n.split("/")[0] for n in names if n.endswith(".dist-info/METADATA"))
        meta = zf.read(f"{info}/METADATA").decode()
    sources = _source_files("pelican_smo") + _source_files("pelican")
    missing = [f for f in sources if f not in names]
    assert not missing, f"files of the checkout not in the wheel: {missing}"
    # And nothing else: no stale build/ copy, no file the checkout does not have.
    stray = [n for n in names if not n.startswith(f"{info}/") and n not in sources]
    assert not stray, f"files in the wheel that the checkout does not have: {stray}"
    # What main's features read at run time, named so a packaging slip is obvious.
    for name in ("pelican_smo/assets/share.css", "pelican_smo/assets/share.js",
                 "pelican_smo/assets/replies.css", "pelican_smo/assets/replies.js",
                 "pelican_smo/assets/mastodon.html", "pelican_smo/assets/preview/preview.js",
                 "pelican_smo/locale/pelican_smo.pot",
                 "pelican_smo/locale/de/LC_MESSAGES/pelican_smo.po",
                 "pelican_smo/audit/site.py", "pelican_smo/util/posts.py",
                 "pelican_smo/html/replies.py"):
        assert name in names, name
    assert "pelican/plugins/smo/__init__.py" in names
    assert "pelican/__init__.py" not in names and "pelican/plugins/__init__.py" not in names
    assert not [n for n in names if "__pycache__" in n or n.endswith(".pyc")]
    assert not [n for n in names if n.split("/")[0] not in {"pelican_smo", "pelican", info}]
    assert f"{info}/licenses/LICENSE" in names
    assert f"{info}/licenses/pelican_smo/assets/icons/LICENSE" in names
    assert "pelican_smo/assets/icons/LICENSE" in names
    assert "License-Expression: MIT" in meta.splitlines()
    assert f"Version: {pelican_smo.__version__}" in meta.splitlines()


@pytest.mark.slow
def test_sdist_builds_the_same_package(package):
    with tarfile.open(package.sdist) as tf:
        names = {n.split("/", 1)[1] for n in tf.getnames() if "/" in n}
    for name in ("LICENSE", "CHANGELOG.md", "README.md", "pyproject.toml",
                 "pelican/plugins/smo/__init__.py", "pelican_smo/assets/icons/LICENSE"):
        assert name in names
    assert not [n for n in names if "__pycache__" in n or n.startswith("tests/")]


@pytest.mark.slow
def test_installed_wheel_builds_the_example_site(package, tmp_path):
    """The wheel in a new venv, with Pelican: the example site built from a folder outside
    the repository gets its tags, share assets, icons and drawn cards, all read from the
    installed package."""
    python = package.python(package.wheel_venv)
    log: list[str] = []
    where = compat.installed_versions(package.wheel_venv, log)
    assert where is not None, "\n".join(log)
    installed = Path(where["pelican_smo"]).resolve()
    assert installed.is_relative_to(package.wheel_venv.resolve()), installed
    assert not installed.is_relative_to(REPO_ROOT)

    site = compat.copy_example_site(tmp_path / "site")
    proc = _run_pelican(python, site, pythonpath=[], isolated=True)
    log_text = proc.stdout + proc.stderr
    assert proc.returncode == 0, log_text
    output = site / "output"
    assert compat.check_output(output, log_text) == [], log_text

    assets = installed.parent / "assets"
    for name in ("share.css", "share.js", "replies.css", "replies.js"):
        assert (output / "smo" / name).read_bytes() == (assets / name).read_bytes()
    assert compat.read_page(output / compat.REPLIES_ARTICLE).conversations == 1
    # mastodon.html is the package's template with its words filled in: same script.
    template = (assets / "mastodon.html").read_text(encoding="utf-8")
    script = template[template.index("<script>"):template.index("</script>")]
    assert script in (output / "smo" / "mastodon.html").read_text(encoding="utf-8")
    article = (output / "coastal-birds.html").read_text(encoding="utf-8")
    for network in ("x", "facebook", "mastodon", "bluesky"):
        svg = (assets / "icons" / f"{network}.svg").read_text(encoding="utf-8")
        path = svg[svg.index("<path"):svg.index(">", svg.index("<path"))]
        assert path in article, network
    cards = sorted((output / "smo" / "cards").glob("*.png"))
    assert cards
    for card in cards:
        with Image.open(card) as image:
            assert image.size == (1200, 630)
            colors = image.getcolors(1 << 16)  # None: more colours than that
            assert colors is None or len(colors) > 2  # drawn, not blank


@pytest.mark.slow
def test_check_output_finds_what_is_missing(package, tmp_path):
    """``check_output`` (make compat's checks) fails a site without the plugin's work."""
    site = compat.copy_example_site(tmp_path / "site")
    conf = site / "pelicanconf.py"
    conf.write_text(conf.read_text(encoding="utf-8") + "\nPLUGINS = []\n", encoding="utf-8")
    proc = _run_pelican(package.python(package.wheel_venv), site, pythonpath=[], isolated=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    problems = compat.check_output(site / "output", proc.stdout + proc.stderr)
    assert "harbour-morning.html: not one og:title (None)" in problems
    assert "harbour-morning.html: 0 share bars, not 1" in problems
    assert "smo/share.js: missing or empty" in problems
    assert "smo/replies.js: missing or empty" in problems
    assert f"{compat.REPLIES_ARTICLE}: 0 conversation blocks, not 1" in problems
    assert any(p.startswith("log: no social cards drawn") for p in problems)


@pytest.mark.slow
@pytest.mark.parametrize("plugins", [
    None, ["smo"], ["pelican.plugins.smo"], ["pelican_smo"], ["smo", "pelican_smo"],
    "checkout",
], ids=["discovered", "smo", "pelican.plugins.smo", "pelican_smo", "smo+pelican_smo",
        "plugin-paths-too"])
def test_installed_wheel_loads_by_every_name(package, tmp_path, plugins):
    """Installed: found by Pelican's discovery (no PLUGINS), by each name, by two names,
    and with a checkout on PLUGIN_PATHS as well: once, from the installed package."""
    probe = _probe_dir(tmp_path)
    if plugins is None:
        extra: dict[str, object] = {}
    elif plugins == "checkout":
        extra = {"PLUGIN_PATHS": [str(REPO_ROOT)], "PLUGINS": ["pelican_smo", "smoprobe"]}
    else:
        extra = {"PLUGINS": [*plugins, "smoprobe"]}
    site = _tiny_site(tmp_path, extra)
    proc = _run_pelican(package.python(package.wheel_venv), site, pythonpath=[probe],
                        isolated=False)
    _assert_one_plugin(proc, site / "output", home=package.wheel_venv)
    # Discovery loads every pelican.plugins.* package: the probe too.
    assert (site / "output" / "smo-receivers.json").exists()


@pytest.mark.slow
def test_checkout_on_plugin_paths_without_installing(package, tmp_path):
    """Not installed, a checkout named in PLUGIN_PATHS: the example site is built from
    the checkout's files."""
    python = package.python(package.bare_venv)
    absent = subprocess.run([str(python), "-I", "-c", "import pelican_smo"], cwd=tmp_path,
                            capture_output=True, text=True, timeout=60, check=False)
    assert absent.returncode != 0 and "ModuleNotFoundError" in absent.stderr

    probe = _probe_dir(tmp_path)
    site = compat.copy_example_site(tmp_path / "site")
    conf = site / "pelicanconf.py"
    conf.write_text(conf.read_text(encoding="utf-8")
                    + f"\nPLUGIN_PATHS = [{str(REPO_ROOT)!r}]\n"
                    + 'PLUGINS = ["pelican_smo", "smoprobe"]\n', encoding="utf-8")
    proc = _run_pelican(python, site, pythonpath=[probe], isolated=False)
    log_text = proc.stdout + proc.stderr
    assert proc.returncode == 0, log_text
    assert compat.check_output(site / "output", log_text) == [], log_text
    for handlers in _receivers(site / "output").values():
        assert [module for module, _ in handlers] == ["pelican_smo.plugin"]
        assert Path(handlers[0][1]).resolve().is_relative_to(REPO_ROOT)
    shutil.rmtree(site / "cache", ignore_errors=True)
