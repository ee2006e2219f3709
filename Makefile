# The single entry point.  `make book` and `make test` work on a fresh clone with
# Python 3.11: they create .venv and install the exact pins of requirements.txt.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
NOTEBOOKS := $(wildcard chapters/*.ipynb)

.PHONY: all book test lint unit nbval build lab refresh clean install site-zip site-test audit weight bench bench-quick student

all: book

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip==25.3"

# Reinstall whenever requirements.txt or pyproject.toml change.
$(STAMP): requirements.txt pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 >/dev/null
	touch $(STAMP)

install: $(STAMP)

# Front-end packages (pinned in package-lock.json): KaTeX, which renders the math at
# build time, the Font Awesome icons the theme uses, and, for the tests, axe-core and
# Lighthouse.  The Sphinx extension (_ext/course_site.py) copies what the site serves
# into _build/html/_static/course/, so a plain `jupyter-book build .` is complete.
NODE_STAMP := node_modules/.installed
$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

# Build the website into _build/html (notebooks executed afresh: see _config.yml).
# Sphinx re-executes only notebooks whose file changed, so a change to the package
# alone would leave old numbers on the pages: when src/infocourse or the pins change
# (hash below), the build starts from an empty _build.  The hash is recorded only
# after a successful build.
BOOK_INPUTS_HASH = find src/infocourse -type f -name '*.py' | LC_ALL=C sort | xargs cat requirements.txt pyproject.toml | sha256sum | cut -c1-64

book: $(STAMP) $(NODE_STAMP)
	@h=$$($(BOOK_INPUTS_HASH)); \
	if [ "$$(cat _build/.book-inputs 2>/dev/null)" != "$$h" ]; then \
	  echo "src/infocourse or the pins changed since the last build: clean build"; \
	  rm -rf _build; \
	fi; \
	mkdir -p _build && echo "$$h" > _build/.book-inputs.pending
	nice $(BIN)/jupyter-book build . -W -n --keep-going
	@mv _build/.book-inputs.pending _build/.book-inputs
	$(MAKE) --no-print-directory site-zip
	@echo "Open: file://$(CURDIR)/_build/html/index.html"

# The whole site as one zip, for readers without internet (open index.html inside).
site-zip:
	rm -f _build/course-site.zip
	cd _build && $(CURDIR)/$(BIN)/python -m zipfile -c course-site.zip html
	@echo "Offline copy: $(CURDIR)/_build/course-site.zip"

build: book

lint: $(STAMP)
	$(BIN)/ruff check src tests chapters coursework $(wildcard bench)

# Unit, property and doctests of the package (the website tests run after the build).
unit: $(STAMP)
	$(BIN)/python -m pytest -q tests src --ignore=tests/website

# Strict nbval: every stored output of every chapter must be reproduced exactly.
nbval: $(STAMP)
	$(BIN)/python -m pytest -q --nbval --nbval-current-env \
	  --nbval-sanitize-with tests/nbval_sanitize.cfg chapters

test: $(STAMP)
	$(MAKE) lint
	$(MAKE) unit
	$(MAKE) bench-quick
	$(MAKE) nbval
	$(MAKE) book
	$(MAKE) site-test

# The built site in a real browser (Debian's chromium, driven by Playwright): no
# console error, no request leaving 127.0.0.1, math rendered and never cut (390 and
# 1280 px), alt text, the in-page explorers against infocourse, axe-core, links, search,
# dark mode, the zip from file://, and the Lighthouse budgets of the explorer pages and
# one text page; screenshots in _build/screenshots/.  Skipped, with a message, where
# /usr/bin/chromium is missing, unless REQUIRE_BROWSER_TESTS=1 (as in CI).
site-test: $(STAMP) $(NODE_STAMP)
	$(BIN)/python -m pytest -q -rs tests/website
	$(MAKE) --no-print-directory weight

# Lighthouse on every page of the built site (run `make book` first): the budgets of
# tests/website/lighthouse.py, table in _build/lighthouse.md.  A few minutes.
audit: $(STAMP) $(NODE_STAMP)
	$(BIN)/python -m tests.website.lighthouse

# Page weight of every page (what it loads before any scrolling, raw and gzip).
weight: $(STAMP)
	$(BIN)/python -m tests.website.pages _build/html > /dev/null
	@echo "Page weights: $(CURDIR)/_build/page-weight.md"

# JupyterLab on the chapters, for running them live.
lab: $(STAMP)
	$(BIN)/jupyter lab chapters

# Re-execute every chapter in place (stores outputs and widget state), after a
# change to a chapter or to the package.  Review the diff, then commit.
refresh: $(STAMP)
	$(BIN)/jupyter execute --inplace $(NOTEBOOKS)

# Coursework: an Otter Assign source notebook per chapter (_build/otter/), built by
# `otter assign` into the student edition (student/) and one autograder zip per chapter
# (_build/autograder/).  See the Teacher's guide page.
student: $(STAMP)
	nice $(BIN)/python -m coursework.make_student

# Benchmarks (a few minutes): writes bench/RESULTS.md.  See bench/README.md.
bench: $(STAMP) $(NODE_STAMP)
	$(BIN)/python bench/run.py

# Every benchmark script once at a tiny size (seconds, writes nothing): keeps them working.
bench-quick: $(STAMP)
	$(BIN)/python bench/run.py --quick > /dev/null

clean:
	rm -rf _build .jupyter_cache node_modules student
