"""The benchmark harness runs end to end on a tiny site (no timing is asserted)."""

from __future__ import annotations

import json
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
    assert "(b)/(a) round by round" in report, report
    assert "WARNING" not in report, report


def test_stage_profile_times_every_stage_on_a_tiny_site(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "bench.profile", "--size", "12", "--repeat", "1", "--json",
         "--workdir", str(tmp_path)],
        cwd=REPO, capture_output=True, text=True, timeout=600, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    figures = json.loads(proc.stdout)
    assert set(figures) == {"facts", "head", "bar", "pipeline", "pipeline-hot"}
    # 12 articles, their translations and 5 pages; every page written is in the pipeline,
    # and each page has one head (listing pages included), articles one bar each.
    assert figures["facts"]["items"] >= 12 + 5
    assert figures["pipeline"]["items"] > figures["facts"]["items"]
    assert figures["head"]["items"] == figures["pipeline"]["items"]
    assert figures["pipeline-hot"]["items"] == figures["pipeline"]["items"]
    assert figures["pipeline-hot"]["ms"] > 0
    assert 12 <= figures["bar"]["items"] <= figures["facts"]["items"]
    assert all(row["ms"] >= 0 for row in figures.values())
