# pelican-smo developer tasks. Every target creates what it needs (.venv,
# node_modules, system packages) when it is missing.

PYTHON ?= python3
# pytest workers (pytest-xdist): one per CPU; TEST_WORKERS=0 runs the tests in one process.
TEST_WORKERS ?= auto
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip

.PHONY: help example test lint bench sysdeps clean compat compat-ends

help:
	@echo "make example   build the example site into example_site/output"
	@echo "make test      install system packages, venv, node tools; run ruff, pytest (one worker per CPU), compat-ends"
	@echo "make lint      ruff check"
	@echo "make bench     run the benchmarks (bench/)"
	@echo "make compat    build the example site with Pelican 4.9-4.12 on each installed Python 3.10-3.13"
	@echo "make compat-ends  the same, oldest and newest combination only (part of make test)"
	@echo "make sysdeps   install Debian packages: chromium, java, fonts"
	@echo "make clean     remove build output and caches (keeps .venv, node_modules)"

# The virtualenv: rebuilt (re-installed) whenever pyproject.toml changes.
$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --upgrade pip
	$(PIP) install -e '.[test,bench,release]'
	touch $@

# vnu.jar and axe-core. --ignore-scripts: vnu-jar's postinstall would download
# a Java runtime from outside the package registry; we use Debian's java.
node_modules/.installed: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	touch $@

sysdeps:
	bash scripts/system-deps.sh

example: $(VENV)/.installed
	$(VENV)/bin/pelican example_site/content -s example_site/pelicanconf.py -o example_site/output
	$(VENV)/bin/pelican-smo audit example_site/output --strict --min-severity warning
	@echo
	@echo "Open example_site/output/index.html"

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .

# --dist loadfile: a test module runs on one worker, so the sites its module-scoped
# fixtures build are built once.
test: sysdeps $(VENV)/.installed node_modules/.installed
	$(VENV)/bin/ruff check .
	$(PY) -m pytest -q -p no:cacheprovider -n $(TEST_WORKERS) --dist loadfile
	$(PY) scripts/compat.py --ends

bench: $(VENV)/.installed
	$(PY) -m bench.run

# One venv per combination in .compat/ (kept: later runs reinstall only our wheel).
# Pythons that are not installed are skipped with a line saying so.
compat: $(VENV)/.installed
	$(PY) scripts/compat.py

compat-ends: $(VENV)/.installed
	$(PY) scripts/compat.py --ends

clean:
	rm -rf example_site/output example_site/cache bench/out test-artifacts .pytest_cache .ruff_cache
	find . -path ./$(VENV) -prune -o -path ./node_modules -prune -o \
		-name __pycache__ -type d -exec rm -rf {} +
