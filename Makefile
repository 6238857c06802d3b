# communique: one Makefile for the common jobs. `make demo` and `make test` set everything up first.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-$(shell cat requirements/lock.txt pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: demo test lint eval bench audit lock clean

$(STAMP): requirements/lock.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements/lock.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

demo: $(STAMP)  ## ingest the bundled demo corpus into a fresh database and show it
	$(VENV)/bin/communique demo

test: $(STAMP)  ## the whole test suite, offline
	$(PY) -m pytest -q

eval: $(STAMP)  ## accuracy against gold: our own files, and the shared seed when present
	$(VENV)/bin/communique evaluate --gold tests/gold
	test ! -d ../shared/corpus/seed || $(VENV)/bin/communique evaluate --gold ../shared/corpus/seed

bench: $(STAMP)  ## speed and memory (figures for notes; never asserted in tests)
	$(PY) bench/run.py

audit:  ## known vulnerabilities in the locked dependencies (pip-audit, from its own pinned venv)
	test -x .venv-audit/bin/pip-audit || { $(PYTHON) -m venv .venv-audit && \
		.venv-audit/bin/pip install --quiet --disable-pip-version-check --require-hashes -r requirements/audit.txt; }
	PIP_AUDIT=.venv-audit/bin/pip-audit bash tools/audit.sh

lint: $(STAMP)
	$(PY) -m pip install --quiet ruff mypy
	$(PY) -m ruff check src tests
	$(PY) -m mypy src/communique

lock:  ## re-pin every dependency with hashes (needs pip-tools)
	pip-compile --allow-unsafe --generate-hashes --strip-extras --no-emit-index-url --no-emit-find-links \
		-o requirements/lock.txt requirements/lock.in
	pip-compile --allow-unsafe --generate-hashes --strip-extras --no-emit-index-url --no-emit-find-links \
		-o requirements/audit.txt requirements/audit.in

clean:
	rm -rf $(VENV) .venv-audit communique-demo.duckdb* .pytest_cache
