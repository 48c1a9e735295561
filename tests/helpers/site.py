"""Real Pelican builds of small throwaway sites, for tests.

    result = build_site(tmp_path, content={"a.md": "Title: A\\nDate: 2025-01-01\\n\\nHello"})
    soup = result.soup("a.html")

Each build runs Pelican in a subprocess (a fresh interpreter, so plugin
registration and Pelican's module-level state never leak between tests).
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import logging
import os
import subprocess
import sys
import weakref
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from bs4 import BeautifulSoup

RUNNER = Path(__file__).with_name("run_pelican.py")
TESTS_DIR = Path(__file__).resolve().parent.parent
REPO_ROOT = TESTS_DIR.parent
SITES_DIR = TESTS_DIR / "sites"

BUILD_TIMEOUT = 300


class _Unset:
    def __repr__(self) -> str:
        return "UNSET"


#: Pass as a setting's value to leave that setting out of pelicanconf.py,
#: e.g. ``settings={"SITEURL": UNSET}`` to test a site with no SITEURL.
UNSET = _Unset()

DEFAULT_SETTINGS: dict[str, object] = {
    "SITENAME": "Test Blog",
    "SITEURL": "https://blog.example.org",
    "TIMEZONE": "UTC",
    "DEFAULT_LANG": "en",
    "FEED_ALL_ATOM": None,
    "FEED_ALL_RSS": None,
    "CATEGORY_FEED_ATOM": None,
    "TRANSLATION_FEED_ATOM": None,
    "AUTHOR_FEED_ATOM": None,
    "AUTHOR_FEED_RSS": None,
    "LOAD_CONTENT_CACHE": False,
    "CACHE_CONTENT": False,
    "DELETE_OUTPUT_DIRECTORY": False,
}

# ---------------------------------------------------------------------------
# Themes
#
# Installed theme packages drop their folder into Pelican's own
# ``pelican/themes/`` (reflex, smallweb, themeless); pelican-engineering-theme
# ships ``pelican_engineering_theme/theme`` (its ``get_theme_path()`` returns
# it). We resolve paths with importlib.util.find_spec, without importing the
# packages (smallweb's __init__ imports the deprecated pkg_resources).
#
# What each theme writes in <head> (verified by building a site with AUTHOR,
# SITEDESCRIPTION, SITELOGO, an article with Summary/Tags/Modified/Image and a
# German translation; Pelican 4.12):
#   notmyidea (built-in): article: <meta name="description"> (summary),
#       <link rel="alternate" hreflang> per translation. No OG, no canonical.
#       Its <title> and permalink title="" use |striptags, which UNESCAPES
#       entities: a title "&lt;b&gt; &quot;x&quot;" comes out raw there.
#   simple (built-in): article: description only if `Description:` metadata,
#       one <meta name="tags"> per tag, hreflang alternates; other pages:
#       description from SITESUBTITLE.
#   reflex (pelican-theme-reflex 4.0.1): every page: author, description
#       (SITEDESCRIPTION), robots (empty unless ROBOTS), og:site_name/type/
#       title/description/locale/url/image (og:image = SITELOGO, or
#       SITEURL/<cover metadata>), a JSON-LD "Blog" block near </body>;
#       article: description (summary), keywords, og:type=article,
#       article:published_time/modified_time (str(datetime), not ISO),
#       article:author, article:section, article:tag...; hreflang alternates
#       (incl. self). rel=canonical only with REL_CANONICAL = True. All OG and
#       canonical are skipped when "seo" is in PLUGINS. Loads Google Fonts.
#       Needs AUTHOR and CC_LICENSE (see THEME_REQUIRED_SETTINGS).
#   smallweb (pelican-theme-smallweb 2022.6.28): description (a
#       "Site | Category | Author | date" string; empty on index) and
#       rel=canonical on every page. No OG.
#   themeless (pelican-themeless 0.1.2): only <meta charset> and <title>.
#   engineering (pelican-engineering-theme 0.1.0): every page: rel=canonical,
#       og:type/title/url/description, twitter:card (summary)/title/
#       description; article: article:published_time/modified_time (ISO).
#       og:image/twitter:image only with ENGINEERING_THEME_SOCIAL_IMAGE (an
#       absolute URL); JSON-LD Article only with
#       ENGINEERING_THEME_ENABLE_ARTICLE_JSON_LD, Person/WebSite on the first
#       index page with ENGINEERING_THEME_JSON_LD_PERSON/_WEBSITE. Translation
#       links are <a hreflang> in the body, not <link> in head.
# ---------------------------------------------------------------------------

BUILTIN_THEMES = ("notmyidea", "simple")

#: Settings a theme cannot build without (merged before the test's own settings).
#: reflex fails with UndefinedError on an article without an author, or when
#: CC_LICENSE is not set (its footer indexes it unconditionally).
THEME_REQUIRED_SETTINGS: dict[str, dict[str, object]] = {
    "reflex": {
        "AUTHOR": "Theme Tester",
        "CC_LICENSE": {"name": "Creative Commons Attribution", "version": "4.0", "slug": "by"},
    },
}
PACKAGED_THEMES = ("reflex", "smallweb", "themeless", "engineering")


def _pelican_themes_dir() -> Path:
    spec = importlib.util.find_spec("pelican")
    assert spec is not None and spec.submodule_search_locations
    return Path(next(iter(spec.submodule_search_locations))) / "themes"


def theme_path(name: str) -> Path:
    """Filesystem path of a theme: built-in or installed name, or a path."""
    if name == "engineering":
        spec = importlib.util.find_spec("pelican_engineering_theme")
        if spec is None or spec.origin is None:
            raise LookupError("pelican-engineering-theme is not installed (pip install -e .[test])")
        path = Path(spec.origin).parent / "theme"
    elif name in BUILTIN_THEMES or name in PACKAGED_THEMES:
        path = _pelican_themes_dir() / name
    else:
        path = Path(name)
    if not (path / "templates").is_dir():
        raise LookupError(f"theme {name!r}: no templates/ folder at {path}")
    return path.resolve()


# ---------------------------------------------------------------------------
# Build result
# ---------------------------------------------------------------------------


@dataclass
class BuildResult:
    root: Path
    output: Path
    log: str
    returncode: int
    settings: dict[str, object] = field(default_factory=dict)

    @property
    def log_lines(self) -> list[str]:
        return self.log.splitlines()

    @property
    def errors(self) -> list[str]:
        """Log lines of level ERROR or CRITICAL."""
        return [line for line in self.log_lines if line.startswith(("ERROR ", "CRITICAL "))]

    @property
    def warnings(self) -> list[str]:
        """Log lines of level WARNING."""
        return [line for line in self.log_lines if line.startswith("WARNING ")]

    def path(self, rel: str) -> Path:
        return self.output / rel

    def exists(self, rel: str) -> bool:
        return (self.output / rel).exists()

    def page(self, rel: str) -> str:
        """Text of an output file, e.g. ``page("my-post.html")``."""
        return (self.output / rel).read_text(encoding="utf-8")

    def soup(self, rel: str) -> BeautifulSoup:
        return BeautifulSoup(self.page(rel), "html.parser")

    def html_files(self) -> list[Path]:
        """All .html files in the output, sorted (absolute paths)."""
        return sorted(self.output.rglob("*.html"))

    def rel(self, path: Path) -> str:
        return path.relative_to(self.output).as_posix()


class BuildError(AssertionError):
    pass


# ---------------------------------------------------------------------------
# Building
# ---------------------------------------------------------------------------


def render_settings(settings: Mapping[str, object]) -> str:
    lines = ["# written by tests/helpers/site.py"]
    for key, value in settings.items():
        if value is UNSET:
            continue
        lines.append(f"{key} = {value!r}")
    return "\n".join(lines) + "\n"


def write_content(content_dir: Path, content: Mapping[str, str | bytes]) -> None:
    for rel, data in content.items():
        target = content_dir / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            target.write_bytes(data)
        else:
            target.write_text(data, encoding="utf-8")


def content_from_dir(folder: Path) -> dict[str, bytes]:
    """Read a scenario folder (e.g. tests/sites/<name>/content) for build_site."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def build_site(
    tmp_path: Path,
    *,
    content: Mapping[str, str | bytes],
    settings: Mapping[str, object] | None = None,
    theme: str | None = None,
    plugins: Iterable[str] = ("pelican_smo",),
    expect_ok: bool = True,
    extra_args: Iterable[str] = (),
) -> BuildResult:
    """Write a site under ``tmp_path`` and build it with Pelican.

    Layout: ``tmp_path/content/`` (``content``'s keys are paths relative to it),
    ``tmp_path/pelicanconf.py``, ``tmp_path/output/``. Building twice in the
    same ``tmp_path`` rebuilds into the same output (files are not deleted).

    ``settings`` override the defaults above (``UNSET`` removes one); each value
    is written with ``repr()``. ``theme``: a name accepted by ``theme_path`` or
    None for Pelican's default. With ``expect_ok`` (the default) a non-zero exit
    or any ERROR/CRITICAL log line raises ``BuildError`` with the whole log.
    """
    tmp_path = Path(tmp_path)
    content_dir = tmp_path / "content"
    out_dir = tmp_path / "output"
    conf = tmp_path / "pelicanconf.py"
    content_dir.mkdir(parents=True, exist_ok=True)
    write_content(content_dir, content)

    merged: dict[str, object] = dict(DEFAULT_SETTINGS)
    merged["PATH"] = str(content_dir)
    merged["OUTPUT_PATH"] = str(out_dir)
    merged["CACHE_PATH"] = str(tmp_path / "cache")
    merged["PLUGINS"] = list(plugins)
    if theme is not None:
        merged["THEME"] = str(theme_path(theme))
        merged.update(THEME_REQUIRED_SETTINGS.get(theme, {}))
    merged.update(settings or {})
    conf.write_text(render_settings(merged), encoding="utf-8")

    env = {k: v for k, v in os.environ.items() if k != "PYTHONWARNINGS"}
    env["NO_COLOR"] = "1"
    env["PYTHONIOENCODING"] = "utf-8"
    cmd = [
        sys.executable,
        str(RUNNER),
        str(content_dir),
        "-s",
        str(conf),
        "-o",
        str(out_dir),
        *extra_args,
    ]
    proc = subprocess.run(
        cmd,
        cwd=tmp_path,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=BUILD_TIMEOUT,
        check=False,
    )
    result = BuildResult(
        root=tmp_path,
        output=out_dir,
        log=proc.stdout + proc.stderr,
        returncode=proc.returncode,
        settings=merged,
    )
    if expect_ok and (proc.returncode != 0 or result.errors):
        raise BuildError(
            f"pelican build failed (exit {proc.returncode}, {len(result.errors)} error lines)\n"
            f"command: {' '.join(cmd)}\n--- log ---\n{result.log}"
        )
    return result


def build_scenario(name: str, tmp_path: Path, *, plugins: Iterable[str] | None = None,
                   expect_ok: bool = True, allowed_errors: tuple[str, ...] = (),
                   settings: Mapping[str, object] | None = None) -> BuildResult:
    """Build ``tests/sites/<name>/`` (its own ``pelicanconf.py`` and ``content/``) into
    ``tmp_path/output`` in this process, as Pelican's own plugin tests do
    (``Pelican(read_settings(conf, override=…)).run()``), isolated by
    ``isolated_pelican``.

    ``plugins`` replaces the scenario's ``PLUGINS`` (e.g. ``()`` for the build without
    pelican_smo). ``allowed_errors``: substrings of ERROR lines another plugin is known
    to log on this site (i18n_subsites without a theme catalog), not counted as failures.
    ``settings`` override the scenario's own (``{"SMO_SHARE_QUOTES": False}``).
    """
    from pelican import Pelican
    from pelican.settings import read_settings

    folder = SITES_DIR / name
    tmp_path = Path(tmp_path)
    out_dir = tmp_path / "output"
    override: dict[str, object] = {"PATH": str(folder / "content"),
                                   "OUTPUT_PATH": str(out_dir),
                                   "CACHE_PATH": str(tmp_path / "cache")}
    if plugins is not None:
        override["PLUGINS"] = list(plugins)
    override.update(settings or {})
    returncode = 0
    with isolated_pelican(folder) as log:
        try:
            Pelican(read_settings(str(folder / "pelicanconf.py"), override=override)).run()
        except Exception:
            logging.getLogger("tests.build").critical("build failed", exc_info=True)
            returncode = 1
    result = BuildResult(root=tmp_path, output=out_dir, log=log.getvalue(),
                         returncode=returncode)
    errors = [e for e in result.errors if not any(a in e for a in allowed_errors)]
    if expect_ok and (returncode != 0 or errors):
        raise BuildError(f"pelican build of scenario {name} failed\n--- log ---\n{result.log}")
    return result


@contextlib.contextmanager
def isolated_pelican(cwd: Path) -> Iterator[io.StringIO]:
    """Run a Pelican build in this process without leaking into the next one.

    Yields the log, one ``LEVEL logger: message`` line per record (INFO and up). On exit:
    receivers that plugins connected to Pelican's signals during the build are
    disconnected (a plugin enabled by one scenario must not run in the next), Pelican's
    de-duplicating log filter forgets what it saw, and the working folder is restored.
    """
    from pelican import signals
    from pelican.log import LimitFilter

    named = {n: s for n, s in vars(signals).items() if hasattr(s, "receivers")}
    before = {n: set(s.receivers) for n, s in named.items()}
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    LimitFilter._raised_messages.clear()
    LimitFilter._group_count.clear()
    previous = os.getcwd()
    os.chdir(cwd)
    try:
        yield stream
    finally:
        os.chdir(previous)
        root.removeHandler(handler)
        root.setLevel(level)
        for n, signal in named.items():
            for key in set(signal.receivers) - before[n]:
                receiver = signal.receivers.get(key)
                target = receiver() if isinstance(receiver, weakref.ref) else receiver
                if target is not None:
                    signal.disconnect(target)


# ---------------------------------------------------------------------------
# Images for content
# ---------------------------------------------------------------------------


def image_bytes(
    width: int, height: int, fmt: str = "PNG", color: tuple[int, int, int] = (40, 120, 160)
) -> bytes:
    """A real image file (PNG, JPEG, GIF, WEBP) of the given size, as bytes."""
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (width, height), color).save(buf, fmt)
    return buf.getvalue()


def bomb_png(width: int = 40000, height: int = 40000) -> bytes:
    """A PNG whose header claims ``width``×``height`` (1.6 gigapixels by default) with almost
    no data: Pillow refuses it as a decompression bomb before reading pixels."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\x00" * 16)) + chunk(b"IEND", b""))


def versioned(url: str, data: bytes) -> str:
    """``url`` as an image tag names a file of the site: with ``v=`` and the first 8 hex
    digits of the file's SHA-256 (the versioning rule in the README), so a replaced file
    gets a new URL. The parameter joins a query the URL has (``?s=1`` → ``?s=1&v=…``)
    and comes before a fragment (``#top``)."""
    import hashlib

    base, hash_mark, fragment = url.partition("#")
    joiner = "&" if "?" in base else "?"
    return f"{base}{joiner}v={hashlib.sha256(data).hexdigest()[:8]}{hash_mark}{fragment}"
