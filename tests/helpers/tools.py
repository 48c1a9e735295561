"""External tools: the Nu Html Checker (vnu.jar), axe-core, the project's own scripts, and
the skip/fail rule.

A test that needs a tool that is missing is skipped on a developer machine, with
the command that installs it, and FAILS when the ``CI`` environment variable is
set, so CI never passes by skipping.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path
from types import ModuleType

import pytest

from .site import REPO_ROOT

VNU_JAR = REPO_ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_PATH = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_PATH = Path("/usr/bin/chromium")

VNU_TIMEOUT = 600
#: Quick start-up for short runs: the first (C1) compiler only, one GC thread.
JVM_FLAGS = ("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC")


def script_module(name: str) -> ModuleType:
    """``scripts/<name>.py`` imported as module ``smo_<name>`` (the folder is no package)."""
    spec = importlib.util.spec_from_file_location(f"smo_{name}",
                                                  REPO_ROOT / "scripts" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


def in_ci() -> bool:
    return bool(os.environ.get("CI"))


def require(ok: bool, reason: str) -> None:
    """Skip (developer machine) or fail (CI) the current test unless ``ok``."""
    if ok:
        return
    if in_ci():
        pytest.fail(f"{reason} (CI is set, so this fails instead of skipping)", pytrace=False)
    pytest.skip(reason)


def java_path() -> str | None:
    return shutil.which("java")


def require_vnu() -> str:
    java = java_path()
    require(java is not None, "java not found: run `make sysdeps` (default-jre-headless)")
    require(VNU_JAR.is_file(), f"{VNU_JAR} missing: run `make node_modules/.installed`")
    assert java is not None
    return java


def vnu_errors(paths: Iterable[Path]) -> dict[str, list[dict]]:
    """Validate HTML files with the Nu Html Checker, in one JVM.

    Returns ``{str(path): [message, ...]}`` with an entry (maybe empty) for every
    path given. Each message is vnu's JSON message: ``type`` ("error" or
    "non-document-error"), ``message``, ``extract``, ``firstLine``/``lastLine``,
    ``firstColumn``/``lastColumn`` when known. Warnings are not reported.
    """
    paths = [Path(p) for p in paths]
    java = require_vnu()
    by_url: dict[str, str] = {}
    result: dict[str, list[dict]] = {}
    for p in paths:
        result[str(p)] = []
        by_url[p.resolve().as_uri()] = str(p)
    if not paths:
        return result
    proc = subprocess.run(
        [
            java,
            "-Xss4m",
            # A run checks a few dozen pages: the JVM's optimising compiler (C2) would
            # cost more CPU than it saves. Same messages, about half the CPU per run.
            *JVM_FLAGS,
            "-jar",
            str(VNU_JAR),
            "--format",
            "json",
            "--errors-only",
            *[str(p.resolve()) for p in paths],
        ],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=VNU_TIMEOUT,
        check=False,
    )
    raw = proc.stderr.strip() or proc.stdout.strip()
    try:
        report = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise AssertionError(
            f"vnu.jar did not print JSON (exit {proc.returncode}):\n{proc.stdout}\n{proc.stderr}"
        ) from exc
    for message in report.get("messages", []):
        url = message.get("url", "")
        key = by_url.get(_normalise_file_url(url), url)
        result.setdefault(key, []).append(message)
    return result


def _normalise_file_url(url: str) -> str:
    # vnu writes "file:/abs/path"; Path.as_uri() writes "file:///abs/path".
    if url.startswith("file:") and not url.startswith("file://"):
        return "file://" + url[len("file:") :]
    return url


def format_vnu(errors: dict[str, list[dict]]) -> str:
    """Readable summary for assertion messages."""
    out = []
    for path, messages in errors.items():
        for m in messages:
            line = m.get("lastLine", "?")
            out.append(f"{path}:{line}: {m.get('message')}\n    {m.get('extract', '')!r}")
    return "\n".join(out)
