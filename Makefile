# The README's commands. `make serve` and `make test` each create the virtual environment
# from the hash-pinned lock file when it is missing or older than the lock file.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-from-lock
export NO_MKDOCS_2_WARNING := 1

.DEFAULT_GOAL := help
.PHONY: help serve build test test-fast bench schema lock clean

help: ## List the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements.lock
	@touch $@

serve: $(STAMP) ## Serve the site on http://127.0.0.1:8000 with live reload
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

build: $(STAMP) ## Build into site/, replacing it only when the build succeeds
	$(BIN)/python tools/safe_build.py

test: $(STAMP) ## Run the whole test suite (unit, build, HTML, browser)
	$(BIN)/python -m pytest

test-fast: $(STAMP) ## Unit tests only
	$(BIN)/python -m pytest tests/unit

bench: $(STAMP) ## Benchmarks: ratios measured side by side in one run
	$(BIN)/python bench/run.py

schema: $(STAMP) ## Re-export data/sciatica.schema.json from the pydantic models
	$(BIN)/python -m macros.export_schema

lock: $(STAMP) ## Re-resolve requirements.lock from pyproject.toml (needs pip-tools)
	$(BIN)/python -m pip install --quiet pip-tools
	$(BIN)/pip-compile --quiet --no-emit-find-links --no-emit-index-url --allow-unsafe \
	  --generate-hashes --extra test --strip-extras -o requirements.lock pyproject.toml

clean: ## Remove the virtual environment and built site
	rm -rf $(VENV) site .site-build-* .site-old-*
