# Two commands on a fresh machine: `make build REGION=kronoberg` and `make test`.
# The first use of any target creates .venv/ and installs the generator into it.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# lunr.js and lunr-languages for the search page, and playwright-core for browser tests.
NODE_STAMP := node_modules/.installed
REGION_ARG := $(if $(REGION),--region $(REGION),)

.PHONY: build check serve test lint clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

build: $(STAMP) $(NODE_STAMP)
	$(PY) -m generator build $(REGION_ARG)

# Preview with live reload: one site, kronoberg unless REGION says otherwise.
serve: $(STAMP) $(NODE_STAMP)
	$(PY) -m generator serve --region $(or $(REGION),kronoberg) $(if $(PORT),--port $(PORT),)

check: $(STAMP)
	$(PY) -m generator check $(REGION_ARG)

test: $(STAMP) $(NODE_STAMP)
	$(PY) -m pytest

lint: $(STAMP)
	$(PY) -m ruff check generator tests benchmarks

clean:
	rm -rf build
