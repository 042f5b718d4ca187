# Two commands on a fresh machine: `make build REGION=kronoberg` and `make test`.
# The first use of any target creates .venv/ and installs the generator into it.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
REGION_ARG := $(if $(REGION),--region $(REGION),)

.PHONY: build check test lint clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

build: $(STAMP)
	$(PY) -m generator build $(REGION_ARG)

check: $(STAMP)
	$(PY) -m generator check $(REGION_ARG)

test: $(STAMP)
	$(PY) -m pytest

lint: $(STAMP)
	$(PY) -m ruff check generator tests

clean:
	rm -rf build
