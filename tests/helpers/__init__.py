"""Test helpers shared by the whole suite: real Pelican builds, vnu.jar,
axe-core, headless Chromium and extruct. See tests/conftest.py for fixtures."""

import os
from pathlib import Path

from .browser import (
    CHROMIUM_ARGS,
    axe_violations,
    block_external,
    is_loopback,
    launch_kwargs,
    require_chromium,
    serve,
)
from .site import (
    BUILTIN_THEMES,
    PACKAGED_THEMES,
    REPO_ROOT,
    SITES_DIR,
    TESTS_DIR,
    UNSET,
    BuildError,
    BuildResult,
    bomb_png,
    build_scenario,
    build_site,
    content_from_dir,
    image_bytes,
    theme_path,
    versioned,
)
from .structured import extruct_meta, og_values
from .tools import (
    AXE_PATH,
    CHROMIUM_PATH,
    VNU_JAR,
    format_vnu,
    in_ci,
    require,
    require_vnu,
    script_module,
    vnu_errors,
)

ARTIFACTS_DIR = TESTS_DIR / "artifacts"


def screenshot_path(name: str) -> Path:
    """Where a test saves a screenshot whose pixels vary from run to run (live text, fonts'
    antialiasing): ``test-artifacts/`` (ignored by git), so ``make test`` leaves the work
    tree clean; ``tests/artifacts/`` (the copies the README shows) when
    ``SMO_UPDATE_SCREENSHOTS=1`` is set."""
    folder = ARTIFACTS_DIR if os.environ.get("SMO_UPDATE_SCREENSHOTS") == "1" \
        else TESTS_DIR.parent / "test-artifacts"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / name

__all__ = [
    "ARTIFACTS_DIR",
    "AXE_PATH",
    "BUILTIN_THEMES",
    "CHROMIUM_ARGS",
    "CHROMIUM_PATH",
    "PACKAGED_THEMES",
    "REPO_ROOT",
    "SITES_DIR",
    "TESTS_DIR",
    "UNSET",
    "VNU_JAR",
    "BuildError",
    "BuildResult",
    "axe_violations",
    "block_external",
    "bomb_png",
    "build_scenario",
    "build_site",
    "content_from_dir",
    "extruct_meta",
    "format_vnu",
    "image_bytes",
    "in_ci",
    "is_loopback",
    "launch_kwargs",
    "og_values",
    "require",
    "require_chromium",
    "require_vnu",
    "screenshot_path",
    "script_module",
    "serve",
    "theme_path",
    "versioned",
    "vnu_errors",
]
