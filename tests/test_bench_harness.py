"""The benchmark harness runs end to end on a tiny site (no timing is asserted)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def test_quick_benchmark_builds_every_configuration(tmp_path):
    out = tmp_path / "out"
    proc = subprocess.run(
        [sys.executable, "-m", "bench.run", "--quick", "--workdir", str(tmp_path / "work"),
         "--out", str(out)],
        cwd=REPO, capture_output=True, text=True, timeout=900, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    report = (out / "latest.md").read_text(encoding="utf-8")
    for config in ("(a)", "(b)", "(c)", "(d)", "(e)"):
        assert config in report, report
    assert "b/a" in report
    assert "WARNING" not in report, report
