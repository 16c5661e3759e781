# Two commands for a fresh machine: `make serve` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
SITE_URL ?=

export SITE_URL
export NO_MKDOCS_2_WARNING := 1

.PHONY: all venv browser serve build offline test test-fast lint lint-js bench fingerprint genre-weights clean

all: build

$(STAMP): requirements.txt pyproject.toml
	@echo "==> creating $(VENV) and installing pinned packages"
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	@touch $@

venv: $(STAMP)

# eslint and tsc for the site's own scripts, at the versions of package-lock.json (npm ci);
# dev tools only: nothing from node_modules is shipped or loaded by the site.
NODE_STAMP := node_modules/.installed
$(NODE_STAMP): package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm is missing: install Debian's nodejs and npm (make browser)"; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# Debian's Chromium and CJK fonts for the browser tests (Playwright cannot download browsers
# here), poppler-utils (pdftotext, pdfinfo) for the print-to-PDF test, and nodejs: the checker
# conformance, Word parity and draft-model tests run the page's scripts under node.
browser:
	@if [ ! -x /usr/bin/chromium ] || ! dpkg -s fonts-noto-cjk >/dev/null 2>&1 \
	    || ! command -v pdftotext >/dev/null || ! command -v node >/dev/null \
	    || ! command -v npm >/dev/null; then \
	  echo "==> installing chromium, fonts-noto-cjk, poppler-utils, nodejs and npm from Debian"; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium fonts-noto-cjk \
	    poppler-utils nodejs npm >/dev/null; \
	fi

serve: venv
	$(BIN)/mkdocs serve --strict -a 127.0.0.1:8000

build: venv
	$(BIN)/mkdocs build --strict -d site

# A copy to browse from a shared folder over file:// (open site-offline/index.html).
offline: venv
	KB_OFFLINE=true $(BIN)/mkdocs build --strict -d site-offline

lint: venv lint-js
	$(BIN)/ruff check macros tests
	$(BIN)/lint-imports --no-cache
	$(BIN)/python -m macros.model.typegen
	$(BIN)/mypy
	$(BIN)/kb validate

# The site's scripts (docs/assets, not vendor/) and their node tests: eslint.config.mjs, tsconfig.json.
lint-js: $(NODE_STAMP)
	node_modules/.bin/eslint --max-warnings 0
	node_modules/.bin/tsc -p tsconfig.json

test: venv browser lint
	$(BIN)/pytest -q

# The edit loop: every test but the browser ones (marked `browser`, see tests/conftest.py).
test-fast: venv
	$(BIN)/pytest -q -m "not browser"

# The copied-text lint's fingerprint of the reference samples (hashes, never the texts),
# refreshed from ../shared/reference and ../shared/real-excerpts (or $$KB_REFERENCE_DIR).
fingerprint: venv
	$(BIN)/python -c "from macros.model.reference import write_fingerprint as w; print(w('.'))"

# The learned genre weights of the draft checker (data/checker-genre.json), from the catalogue,
# the own drafts and the tuning half of tests/eval (never the held-back half); commit the file.
genre-weights: venv
	$(BIN)/python -m macros.checker.train_genre

bench: venv browser
	KB_REFERENCE_DIR=$${KB_REFERENCE_DIR:-$(CURDIR)/../shared/reference} $(BIN)/python -m tests.bench

clean:
	rm -rf site site-offline .cache node_modules
