"""Benchmark harness for pelican_smo.

``bench.generate`` writes a deterministic synthetic Pelican site plus one settings file per
benchmark configuration; ``bench.run`` builds it under each configuration and checks the speed
budget. See ``docs/benchmarks.md``.
"""
