# Two commands on a fresh machine: `make build REGION=kronoberg` and `make test`.
# The first use of any target creates .venv/ and installs the generator into it.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# lunr.js and lunr-languages for the search page, and playwright-core for browser tests.
NODE_STAMP := node_modules/.installed
REGION_ARG := $(if $(REGION),--region $(REGION),)
# AUDIO=1 speaks every text without a recording (Debian's espeak-ng and lame).
AUDIO_ARG := $(if $(filter 1 yes true,$(AUDIO)),--audio,)

.PHONY: build dist serve check report codeowners schema test lint clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

build: $(STAMP) $(NODE_STAMP)
	$(PY) -m generator build $(REGION_ARG) $(AUDIO_ARG)

# One deterministic dist/<site>.tar.gz per site and dist/chooser.tar.gz, for any static host.
# With REGION=x only that site is built and archived.
dist: build
	$(PY) -m generator dist --build build --out dist $(if $(REGION),--site $(REGION),)

# Preview with live reload: one site, kronoberg unless REGION says otherwise.
serve: $(STAMP) $(NODE_STAMP)
	$(PY) -m generator serve --region $(or $(REGION),kronoberg) $(if $(PORT),--port $(PORT),)

check: $(STAMP)
	$(PY) -m generator check $(REGION_ARG) $(if $(STRICT),--strict,)

# The editorial report goes to report/, never into build/: it is not for readers.
report: $(STAMP)
	$(PY) -m generator report --out report

codeowners: $(STAMP)
	$(PY) -m generator codeowners

# Regenerate schemas/*.schema.json from generator/content/schema.py (a test compares them).
schema: $(STAMP)
	$(PY) -m generator schema --out schemas

# As root, first installs the system packages the tests need (.ci/system-packages); without
# them, the tests that need one are skipped, and the last line says which and how to install.
test: $(STAMP) $(NODE_STAMP)
	.ci/system-packages
	$(PY) -m pytest

lint: $(STAMP)
	$(PY) -m ruff check generator tests benchmarks

clean:
	rm -rf build dist report screens
