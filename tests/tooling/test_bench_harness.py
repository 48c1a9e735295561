"""The benchmark harness runs end to end on a tiny site (no timing is asserted)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.helpers import REPO_ROOT

REPO = REPO_ROOT


def test_quick_benchmark_builds_every_configuration(tmp_path):
    out = tmp_path / "out"
    proc = subprocess.run(
        [sys.executable, "-m", "bench.run", "--quick", "--workdir", str(tmp_path / "work"),
         "--out", str(out)],
        cwd=REPO, capture_output=True, text=True, timeout=900, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    report = (out / "latest.md").read_text(encoding="utf-8")
    for config in ("a", "b", "c", "d", "e"):  # each configuration in both set-ups
        assert f"| ({config}) |" in report, report
        assert f"| ({config}+sitemap) |" in report, report
    assert "| config | CPU s | CPU ×a |" in report, report
    assert "wall s" in report and "peak MB" in report, report
    for section in ("## N = 30 posts", "## image-heavy site, N = 20 posts",
                    "## cjk site, N = 10 posts"):
        assert section in report, report
    assert "CPU (b)/(a) round by round, alone" in report, report
    assert "CPU (b)/(a) round by round, sitemap" in report, report
    assert "| CPU b/a ≤ 1.10 | 30 | alone |" in report, report
    assert "| CPU b/a ≤ 1.10 | 30 | sitemap |" in report, report
    assert "| CPU b/a ≤ 1.10 | image-heavy 20 | alone |" in report, report
    assert "WARNING" not in report, report
    raw = json.loads(next(out.glob("results-*.json")).read_text(encoding="utf-8"))
    assert [(s["variant"], s["n_posts"]) for s in raw["sites"]] == [
        ("default", 30), ("image-heavy", 20), ("cjk", 10)]
    assert set(raw["sites"][2]["configs"]) == {"a", "c", "a+sitemap", "c+sitemap"}
    assert raw["sites"][2]["configs"]["c"]["cards"] > 0  # the cjk site's cards were drawn


def _site(variant, n_posts, cpu):
    """A SiteResult whose builds took ``cpu[key]`` CPU seconds, ten times that in wall time
    for (b) (so a wall-time budget would fail it), and 100 MB (110 for (b)) at peak."""
    from bench.run import ConfigResult, Measurement, SiteResult

    configs = {}
    for key, seconds in cpu.items():
        wall = seconds * (10 if key.startswith("b") else 1)
        peak = 110.0 if key.startswith("b") else 100.0
        configs[key] = ConfigResult(key, runs=[Measurement(wall, seconds, peak)])
    return SiteResult(variant, n_posts, {}, 0.0, configs)


def test_budget_is_on_cpu_in_each_set_up():
    from bench.run import budget_checks

    small = {"a": 10.0, "b": 10.5, "c": 25.0, "d": 20.0, "e": 21.0,
             "a+sitemap": 10.0, "b+sitemap": 11.5, "c+sitemap": 35.0, "d+sitemap": 20.0,
             "e+sitemap": 21.0}
    large = {key: value * 10 for key, value in small.items() if not key.startswith("c")}
    heavy = {"a": 10.0, "b": 10.9, "a+sitemap": 10.0, "b+sitemap": 11.2}
    checks = budget_checks([_site("default", 1000, small), _site("default", 10000, large),
                            _site("image-heavy", 1000, heavy)], ["alone", "sitemap"])
    found = {(c.name, c.site, c.setup): c.result for c in checks}
    assert found[("CPU b/a ≤ 1.10", "1000", "alone")] == "PASS"  # wall b/a is 10.5
    assert found[("CPU b/a ≤ 1.10", "1000", "sitemap")] == "FAIL"  # 1.15
    assert found[("CPU (b−a) ≤ (d−a)/5", "1000", "alone")] == "PASS"  # 0.5 ≤ 2
    assert found[("peak RSS b/a ≤ 1.10", "10000", "sitemap")] == "PASS"  # 1.10
    assert found[("CPU c/a ≤ 3.0 (cold cards)", "1000", "alone")] == "PASS"  # 2.5
    assert found[("CPU c/a ≤ 3.0 (cold cards)", "1000", "sitemap")] == "FAIL"  # 3.5
    assert found[("CPU b/a ≤ 1.10", "image-heavy 1000", "alone")] == "PASS"
    assert found[("CPU b/a ≤ 1.10", "image-heavy 1000", "sitemap")] == "FAIL"
    assert found[("linearity: CPU (b−a)/N within 15%", "1000 vs 10000", "alone")] == "PASS"
    assert not any(c.result.startswith("N/A") for c in checks), checks


def test_wait4_counts_waited_children_and_not_orphans(tmp_path):
    """The method's premise: the cost of a build includes its card workers and fontconfig."""
    proc = subprocess.run(
        [sys.executable, "-m", "bench.children", "--size", "8", "--json",
         "--workdir", str(tmp_path)],
        cwd=REPO, capture_output=True, text=True, timeout=600, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    rows = {row["name"]: row for row in json.loads(proc.stdout)}
    assert rows["control: child waited for"]["cpu_s"] >= 0.5
    assert rows["control: orphan not waited for"]["cpu_s"] < 0.3
    cold = rows["(c) cold, card workers"]
    assert cold["cards"] > 0
    assert cold["children_cpu_s"] > 0.1  # the workers drew the cards
    # wait4 saw the build and its children (and the interpreter's shutdown, after the
    # wrapper's atexit hook wrote its figures)
    assert 0 <= cold["cpu_s"] - (cold["self_cpu_s"] + cold["children_cpu_s"]) < 0.5


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


def test_plugin_is_byte_compiled_even_where_bytecode_writing_is_off(tmp_path):
    """The peers run from pip-compiled bytecode; the checkout must not pay a compile per build."""
    from bench.run import compile_bytecode

    package = tmp_path / "somepkg"
    package.mkdir()
    (package / "__init__.py").write_text("VALUE = 1\n", encoding="utf-8")
    (package / "sub.py").write_text("def f():\n    return 2\n", encoding="utf-8")
    env = {"PATH": "/usr/bin:/bin", "PYTHONDONTWRITEBYTECODE": "1"}
    assert compile_bytecode(sys.executable, str(package), env)
    compiled = sorted(p.name.split(".")[0] for p in (package / "__pycache__").glob("*.pyc"))
    assert compiled == ["__init__", "sub"]
    # A child interpreter with the same setting loads the package from those files: the
    # source changed behind its back (same size and time stamp) is not what it runs.
    init = package / "__init__.py"
    stamp = init.stat()
    init.write_text("VALUE = 2\n", encoding="utf-8")
    os.utime(init, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
    probe = subprocess.run([sys.executable, "-c", "import somepkg; print(somepkg.VALUE)"],
                           cwd=tmp_path, env=env, capture_output=True, text=True, check=True)
    assert probe.stdout.strip() == "1"


def test_defaults_and_tags_only_run_on_request(tmp_path):
    """(f) is the one-line set-up (no SMO_* setting but where its cards are kept), (g) the
    head tags alone; both build, warm their cards first when they draw any, and stay out
    of a run that does not name them."""
    from bench.generate import SMO_TAGS_ONLY, _settings_for

    one_line = _settings_for(tmp_path, "f")
    assert one_line["PLUGINS"] == ["pelican_smo"]
    assert [name for name in one_line if name.startswith("SMO_")] == ["SMO_CARD_CACHE"]
    tags_only = _settings_for(tmp_path, "g+sitemap")
    assert {k: tags_only[k] for k in SMO_TAGS_ONLY} == {
        "SMO_SHARE": False, "SMO_JSON_LD": False, "SMO_LISTING_PAGES": False,
        "SMO_TWITTER_LABELS": False, "SMO_CARDS": "never"}
    assert tags_only["PLUGINS"] == ["pelican_smo", "pelican.plugins.sitemap"]

    out = tmp_path / "out"
    proc = subprocess.run(
        [sys.executable, "-m", "bench.run", "--sizes", "12", "--repeat", "1", "--variants",
         "--configs", "a", "f", "g", "--setups", "alone", "--workdir", str(tmp_path / "work"),
         "--out", str(out)],
        cwd=REPO, capture_output=True, text=True, timeout=900, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "warm-up (f) done" in proc.stderr, proc.stderr
    report = (out / "latest.md").read_text(encoding="utf-8")
    assert "| (f) |" in report and "| (g) |" in report and "| (b) |" not in report, report
    assert "WARNING" not in report, report
    site = next((tmp_path / "work").glob("site-*"))
    assert not any((site / "out" / "g" / "smo" / "cards").glob("*")), "(g) drew cards"
    assert any((site / "out" / "f" / "smo" / "cards").glob("*")), "(f) drew no card"
