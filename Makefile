# pelican-smo developer tasks. Every target creates what it needs (.venv,
# node_modules, system packages) when it is missing.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip

.PHONY: help example test lint bench sysdeps clean

help:
	@echo "make example   build the example site into example_site/output"
	@echo "make test      install system packages, venv, node tools; run ruff and pytest"
	@echo "make lint      ruff check"
	@echo "make bench     run the benchmarks (bench/)"
	@echo "make sysdeps   install Debian packages: chromium, java, fonts"
	@echo "make clean     remove build output and caches (keeps .venv, node_modules)"

# The virtualenv: rebuilt (re-installed) whenever pyproject.toml changes.
$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --upgrade pip
	$(PIP) install -e '.[test,bench]'
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

test: sysdeps $(VENV)/.installed node_modules/.installed
	$(VENV)/bin/ruff check .
	$(PY) -m pytest -q -p no:cacheprovider

bench: $(VENV)/.installed
	$(PY) -m bench.run

clean:
	rm -rf example_site/output example_site/cache bench/out test-artifacts .pytest_cache .ruff_cache
	find . -path ./$(VENV) -prune -o -path ./node_modules -prune -o \
		-name __pycache__ -type d -exec rm -rf {} +
