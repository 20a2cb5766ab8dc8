# The README's commands. `make serve` and `make test` each create the virtual environment
# from the hash-pinned lock file when it is missing or older than the lock file.
# ENGINE=mkdocs (the default), properdocs or zensical chooses the site engine for build, serve,
# test and bench, for example `ENGINE=properdocs make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-from-lock

.DEFAULT_GOAL := help
.PHONY: help serve build offline handouts links test test-fast test-build lint bench lighthouse schema lock clean

help: ## List the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

# The lock first, then the project itself (editable, so the engines import macros/ and sciatica/
# from this folder, and no file needs to change Python's import path).
$(STAMP): requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements.lock
	PYTHONWARNINGS=ignore $(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	@# pip compiles the packages it installs, but not an editable project's own modules. Compiled
	@# here, every build and test process reads them compiled, even where PYTHONDONTWRITEBYTECODE
	@# keeps Python from saving what it compiles (a module edited since is compiled afresh).
	$(BIN)/python -m compileall -q sciatica macros
	@touch $@

# Node packages from package-lock.json: the Nu HTML checker and axe-core (tests) and the search shim
# (offline).
NODE_STAMP := node_modules/.installed-from-lock
$(NODE_STAMP): package-lock.json
	@command -v npm >/dev/null || { echo "npm is missing: apt-get install -y nodejs npm"; exit 1; }
	npm ci --no-audit --no-fund --ignore-scripts --silent
	@touch $@

serve: $(STAMP) ## Serve the site on http://127.0.0.1:8000 with live reload
	$(BIN)/python -m sciatica.serve --port 8000

build: $(STAMP) ## Build into site/, replacing it only when the build succeeds
	$(BIN)/python -m sciatica.build

offline: $(STAMP) $(NODE_STAMP) ## Build dist/sciatica-massage-offline.zip: the site opened from a folder
	rm -rf dist/sciatica-massage-offline
	$(BIN)/python -m sciatica.build --offline --site-dir dist/sciatica-massage-offline
	cd dist && $(CURDIR)/$(BIN)/python -m zipfile -c sciatica-massage-offline.zip sciatica-massage-offline
	@echo "dist/sciatica-massage-offline.zip: unzip it and open index.html"

handouts: build ## Print every handout to PDF with Chromium into dist/handouts/ (fails if one outgrows its sheets)
	$(BIN)/python tools/handouts.py site --out dist/handouts

links: build ## Add the links new pages offer to published-links.txt
	$(BIN)/python tools/published_links.py site --update

# Two workers (pytest-xdist), one per core. Each builds the site for itself; tests/conftest.py keeps
# each costly fixture's tests on one worker (a preview, the engines' builds, the offline copy).
test: $(STAMP) $(NODE_STAMP) ## Run the whole test suite (unit, build, HTML, static, browser)
	$(BIN)/python -m pytest -n 2 --dist loadgroup

# Two workers: one builds the site once and runs the tests that read it (--one-build), the other
# runs the tests that need no build.
test-fast: $(STAMP) ## Under a minute: unit and rendered-HTML tests
	$(BIN)/python -m pytest tests/unit tests/html -m "not slow" -n 2 --dist loadgroup --one-build

test-build: $(STAMP) $(NODE_STAMP) ## A few minutes: builds, HTML and static checks (no browser)
	$(BIN)/python -m pytest tests/unit tests/build tests/html tests/static -m "not browser"

lint: $(STAMP) ## ruff (lint and format) and mypy, as .ci/run and pre-commit run them
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

bench: $(STAMP) ## Benchmarks: ratios measured side by side in one run
	$(BIN)/python bench/run.py

# Lighthouse lives in bench/ with its own lock file, so the test suite does not install it.
BENCH_NODE_STAMP := bench/node_modules/.installed-from-lock
$(BENCH_NODE_STAMP): bench/package-lock.json
	@command -v npm >/dev/null || { echo "npm is missing: apt-get install -y nodejs npm"; exit 1; }
	cd bench && npm ci --no-audit --no-fund --ignore-scripts --silent
	@touch $@

lighthouse: build $(BENCH_NODE_STAMP) ## Lighthouse on a throttled phone: home, a technique, contraindications, practice and its largest topic
	$(BIN)/python bench/lighthouse.py

schema: $(STAMP) ## Re-export data/sciatica.schema.json from the pydantic models
	$(BIN)/python -m sciatica.export_schema

lock: $(STAMP) ## Re-resolve requirements.lock from pyproject.toml (needs pip-tools)
	$(BIN)/python -m pip install --quiet pip-tools
	$(BIN)/pip-compile --quiet --no-emit-find-links --no-emit-index-url --allow-unsafe \
	  --generate-hashes --extra test --strip-extras -o requirements.lock pyproject.toml

clean: ## Remove the virtual environment and built site
	rm -rf $(VENV) node_modules bench/node_modules site dist .site-build-* .site-old-*
