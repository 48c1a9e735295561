"""Benchmark harness for pelican_smo.

``bench.generate`` writes deterministic synthetic Pelican sites plus one settings file per
benchmark configuration and set-up; ``bench.run`` builds them under each and checks the
budget (CPU time, peak memory). See ``docs/benchmarks.md``.
"""
