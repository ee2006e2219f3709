# The single entry point.  `make book` and `make test` work on a fresh clone with
# Python 3.11: they create .venv and install the lock requirements.txt (exact versions,
# hashes checked) with uv.  Direct dependencies are declared once, in pyproject.toml.
PYTHON ?= python3.11
UV_VERSION := 0.13.9
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
UV     := $(BIN)/uv
NOTEBOOKS := $(wildcard chapters/*.ipynb)
# Hypothesis: randomised examples while developing, derandomised in CI (.ci/run sets ci).
export HYPOTHESIS_PROFILE ?= dev
# Parallel pytest workers (pytest-xdist) for the unit tests and nbval: the machine has 2 cores.
JOBS ?= 2
# The same float64 arithmetic on every x86-64 machine, so that a stored output (ch9 measures
# rounding errors) is what a fresh execution prints anywhere: numpy's AVX-512 paths for log
# and exp round differently from the C library's, which every other machine uses; they are
# switched off for everything make runs (notebooks, tests, builds), except the benchmarks.
# OpenBLAS's kernels differ per processor too; .ci/run checks the outputs under two of them.
export NPY_DISABLE_CPU_FEATURES ?= X86_V4 AVX512_ICL AVX512_SPR
# Keep the bytecode Python compiles (__pycache__, ignored by git).  Some machines, this
# course's among them, set PYTHONDONTWRITEBYTECODE=1: then every process (each pytest
# worker, each notebook kernel, each Sphinx build) compiles every module it imports anew,
# and importing numpy, matplotlib, nbformat and a Jupyter kernel takes 3.8 s instead of 1.7 s.
unexport PYTHONDONTWRITEBYTECODE

.PHONY: all book test lint unit nbval unit-nbval FORCE build lab refresh clean install lock site-zip site-test \
	audit weight bench bench-quick student wheel ci-extra lighthouse

all: book

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet "uv==$(UV_VERSION)"

# Reinstall whenever the lock or pyproject.toml change.  `uv pip sync` makes the venv
# exactly the lock (it removes anything else) and checks every hash.
$(STAMP): requirements.txt pyproject.toml | $(BIN)/python
	$(UV) pip sync --quiet --python $(BIN)/python --require-hashes requirements.txt
	$(UV) pip install --quiet --python $(BIN)/python --no-deps --no-build-isolation -e .
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 >/dev/null
	touch $(STAMP)

# Regenerate the locks from pyproject.toml (after editing its dependencies; versions
# already locked are kept unless UPGRADE is given: `make lock UPGRADE=--upgrade`, or
# UPGRADE="--upgrade-package numpy").  requirements/runtime.txt is the readers' subset,
# at the same versions.  Review the diff, then `make install`.
LOCK_FLAGS = --generate-hashes --universal --python-version 3.11 --custom-compile-command "make lock" --quiet
# The development lock leaves out rfc3987-syntax (and lark, which only it uses): jsonschema
# imports it when present, to check "iri" formats that nothing here validates, and building
# its grammar costs 2-3 s in every process that imports nbformat (nbval's workers, the book
# build, every notebook otter grades: 13 s a chapter with it, 10 s without).  `uv pip sync`
# installs exactly the lock.  The readers' lock keeps it: their `pip install -r` resolves.
DEV_ONLY = --no-emit-package rfc3987-syntax --no-emit-package lark
lock: | $(BIN)/python
	$(UV) pip compile pyproject.toml --all-extras --group dev $(LOCK_FLAGS) $(DEV_ONLY) $(UPGRADE) -o requirements.txt
	$(UV) pip compile pyproject.toml --extra notebooks $(LOCK_FLAGS) -c requirements.txt -o requirements/runtime.txt

# Front-end packages (pinned in package-lock.json): KaTeX, which renders the math at
# build time, and the Font Awesome icons the theme uses ("dependencies": what the book
# needs, 3 packages, 3 s), and, for the tests, axe-core and Lighthouse
# ("devDependencies": 146 packages, 15 s more).  The Sphinx extension
# (_ext/course_site.py) copies what the site serves into _build/html/_static/course/, so a
# plain `jupyter-book build .` is complete.  NODE_SITE: the book's packages; NODE_STAMP:
# all of them (a full install stands for both).
NODE_SITE  := node_modules/.installed-site
NODE_STAMP := node_modules/.installed
$(NODE_SITE): package.json package-lock.json
	@if [ -f $(NODE_STAMP) ] && [ $(NODE_STAMP) -nt package.json ] \
	  && [ $(NODE_STAMP) -nt package-lock.json ]; then touch $@; \
	else echo "npm ci --omit=dev"; npm ci --omit=dev --no-audit --no-fund --loglevel=error \
	  && touch $@; fi
$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP) $(NODE_SITE)

# Everything (Python and front end); defined after NODE_STAMP, which a prerequisite
# list expands where it is read.
install: $(STAMP) $(NODE_STAMP)

# Build the website into _build/html.  The book renders the outputs stored in the
# notebooks (execute_notebooks: off in _config.yml): it executes nothing.  Strict nbval
# (`make nbval`, part of `make test`) proves that those stored outputs are what a fresh
# execution gives; after changing a chapter or the package, `make refresh`.
# The Sphinx extension _ext/course_bundle.py adds the infocourse wheel and the notebooks
# bundle to the site (_build/html/downloads/).
# The build runs when anything it reads changed since the last successful one (so `make
# test` right after `make book` does not build it again): every file git knows or would
# add, but tests/, bench/ and README.md (the locks among them).  Sphinx's own
# record of a build, _build/html/.buildinfo, is the stamp; a failed build removes it.
# Outside a git checkout (no file list) the book is built every time.
BOOK_INPUTS := $(wildcard $(shell git ls-files --cached --others --exclude-standard -- \
	':!tests' ':!bench' ':!README.md' 2>/dev/null))
BOOK_STAMP  := _build/html/.buildinfo
book: $(BOOK_STAMP)
	@echo "Open: file://$(CURDIR)/_build/html/index.html"

# (The environments are order-only: what they install is in requirements.txt and
# package-lock.json, among the inputs; a fuller `npm ci` for the tests changes nothing.)
$(BOOK_STAMP): $(BOOK_INPUTS) $(if $(BOOK_INPUTS),,FORCE) | $(STAMP) $(NODE_SITE)
	nice $(BIN)/jupyter-book build . -W -n --keep-going || { rm -f $@; exit 1; }
	$(MAKE) --no-print-directory site-zip || { rm -f $@; exit 1; }
	touch $@

FORCE:

# The whole site as one zip, for readers without internet (open index.html inside).
site-zip:
	rm -f _build/course-site.zip
	cd _build && $(CURDIR)/$(BIN)/python -m zipfile -c course-site.zip html
	@echo "Offline copy: $(CURDIR)/_build/course-site.zip"

build: book

# ruff (style, common bugs, notebooks included), ruff format, and mypy on the package.
LINT_PATHS := src tests chapters coursework bench tools _ext
lint: $(STAMP)
	$(BIN)/ruff check $(LINT_PATHS)
	$(BIN)/ruff format --check $(LINT_PATHS)
	$(BIN)/mypy

# Unit, property and doctests of the package, and one chapter graded end to end (the
# website tests run after the build; the other chapters' grading is `slow`: .ci/run).
unit: $(STAMP)
	$(BIN)/python -m pytest -q -n $(JOBS) -m "not slow" tests src --ignore=tests/website

# Strict nbval: every stored output of every chapter, figures included
# (tests/nbval_images.py), must be reproduced exactly.  This is the one execution of
# each chapter in `make test`; the book then renders these outputs.
NBVAL = -p tests.nbval_images --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg
nbval: $(STAMP)
	$(BIN)/python -m pytest -q -n $(JOBS) --dist loadfile $(NBVAL) chapters

# `make test` runs unit and nbval in one pytest session (one start-up, and chapter 1's
# grading, 40 s on one worker, overlaps the notebooks on the other): the same tests as
# `make unit` and `make nbval`.  --dist loadfile keeps each notebook on one kernel.
unit-nbval: $(STAMP)
	$(BIN)/python -m pytest -q -n $(JOBS) --dist loadfile -m "not slow" $(NBVAL) \
	  tests src chapters --ignore=tests/website

test: $(STAMP) $(NODE_STAMP)
	$(MAKE) lint
	$(MAKE) unit-nbval
	$(MAKE) bench-quick
	$(MAKE) book
	$(MAKE) site-test

# What .ci/run adds after `make test` (run `make book` first): the tests marked slow,
# minutes each: every other chapter graded by otter, the notebooks bundle installed
# into a fresh venv outside the repository with every chapter executed there, and the
# browser tests that `make test` leaves out (it opens chapter 1 only: QUICK_PAGES and
# QUICK_BROWSER_TESTS in tests/website/conftest.py): every page at both widths, every
# explorer against infocourse, the zip from file://, search, dark mode.
ci-extra: $(STAMP) $(NODE_STAMP)
	$(BIN)/python -m pytest -q -rs -n $(JOBS) --dist loadfile -m "slow and not lighthouse" tests

# The Lighthouse budgets of the explorer pages and one text page (run `make book` first).
# LIGHTHOUSE_LOAD_BUDGETS=report (.ci/run) reports a miss of the load-dependent budgets
# (performance, paint times, blocking time) as an expected failure instead of failing.
lighthouse: $(STAMP) $(NODE_STAMP)
	$(BIN)/python -m pytest -q -rxs -m "slow and lighthouse" tests/website

# The infocourse wheel and the notebooks bundle (what the site serves; see
# _ext/course_bundle.py), into _build/dist/.
wheel: $(STAMP)
	$(BIN)/python _ext/course_bundle.py _build/dist

# The built site in a real browser (Debian's chromium, driven by Playwright): no
# console error, no request leaving 127.0.0.1, math rendered and never cut (390 and
# 1280 px), alt text, the in-page explorers against infocourse, axe-core, links, search,
# dark mode, the zip from file://; screenshots in _build/screenshots/.  `make test` opens
# chapter 1 (its page checks at both widths and its explorer: QUICK_PAGES and
# QUICK_BROWSER_TESTS in tests/website/conftest.py) and checks the links and weight of
# every page; `make ci-extra` runs every other browser test, and `make lighthouse` the
# Lighthouse budgets.  Skipped, with a message, where /usr/bin/chromium is
# missing, unless REQUIRE_BROWSER_TESTS=1 (as in CI).
site-test: $(STAMP) $(NODE_STAMP)
	$(BIN)/python -m pytest -q -rs -n $(JOBS) -m "not slow" tests/website
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
	$(BIN)/python tools/mark_explorers.py

# Coursework: an Otter Assign source notebook per chapter (_build/otter/), built by
# `otter assign` into the student edition (student/) and one autograder zip per chapter
# (_build/autograder/).  See the Teacher's guide page.
student: $(STAMP)
	nice $(BIN)/python -m coursework.make_student

# Benchmarks (a few minutes): writes bench/RESULTS.md.  See bench/README.md.
bench: $(STAMP) $(NODE_STAMP)
	NPY_DISABLE_CPU_FEATURES= $(BIN)/python bench/run.py

# Every benchmark script once at a tiny size (seconds, writes nothing): keeps them working.
bench-quick: $(STAMP)
	$(BIN)/python bench/run.py --quick > /dev/null

clean:
	rm -rf _build .jupyter_cache node_modules student

# ---------------------------------------------------------------------------------
# Chinese edition (issue 15): the same notebooks, built with the catalogues of
# locale/zh_CN/LC_MESSAGES into _build/html/zh (same relative paths), executed with
# INFOCOURSE_LANG=zh_CN so that figures and printed tables speak Chinese; the
# numbers are computed, never copied.  See README, "The Chinese edition".
#   make gettext   extract every message (pages, figures' alt text, code literals) and
#                  merge it into the catalogues (new or changed messages: untranslated/fuzzy)
#   make zh        build the Chinese site, then the offline zip (both languages)
#   make zh-check  catalogue coverage (per catalogue, what is missing) and page twins
#   make zh-test   zh-check, the number pairs of every page, browser tests on zh pages
ZH_DIR    := _build/zh
ZH_CONF   := $(ZH_DIR)/conf
ZH_SPHINX  = PYTHONPATH=_ext nice $(CURDIR)/$(BIN)/sphinx-build -c $(ZH_CONF) -D gettext_compact=0

.PHONY: gettext zh zh-conf zh-fonts zh-check zh-test

# Sphinx configuration of the Chinese build: the book's, generated from _config.yml.
zh-conf: $(STAMP)
	@mkdir -p $(ZH_CONF)
	@$(BIN)/jupyter-book config sphinx . > /dev/null && mv conf.py $(ZH_CONF)/conf.py

gettext: zh-conf
	$(ZH_SPHINX) -q -b gettext -D gettext_location=0 -D gettext_uuid=0 \
	  -D nb_execution_mode=off -d $(ZH_DIR)/doctrees-gettext . $(ZH_DIR)/gettext
	$(BIN)/python _ext/course_i18n.py extract-code $(ZH_DIR)/gettext/infocourse.pot
	@# sphinx.po (theme words the themes leave untranslated) is written by hand: the
	@# template of the words in _ext/templates must not turn its other entries obsolete.
	rm -f $(ZH_DIR)/gettext/sphinx.pot
	$(BIN)/sphinx-intl update -p $(ZH_DIR)/gettext -l zh_CN -d locale
	@# Babel flags messages with a '%' or '{' as Python format strings; they are prose, and
	@# msgfmt -c would reject a correct translation over those flags: drop them.
	find locale -name '*.po' -exec sed -i -E '/^#,/{s/, python(-brace)?-format//g; /^#,$$/d}' {} +

# Figures with Chinese text need a CJK font (Debian's fonts-noto-cjk); once installed,
# matplotlib's list of fonts, cached before, is rebuilt.
zh-fonts:
	@fc-list 2>/dev/null | grep -q "Noto Sans CJK" || { \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk > /dev/null \
	  && rm -f "$${MPLCONFIGDIR:-$$HOME/.cache/matplotlib}"/fontlist-*.json; }

# Always a fresh environment (-E): the notebooks are executed anew in Chinese.  Every
# kernel starts with the CJK fonts (a figure's text objects keep the fonts of the moment
# they are made, so setting them later, in infocourse.i18n, would miss a pyplot figure).
zh: zh-conf zh-fonts $(NODE_SITE)
	@printf 'font.family: DejaVu Sans, Noto Sans CJK SC\n' > $(ZH_DIR)/matplotlibrc
	MATPLOTLIBRC=$(CURDIR)/$(ZH_DIR)/matplotlibrc INFOCOURSE_LANG=zh_CN $(ZH_SPHINX) -q -E -W --keep-going -n -b html \
	  -D language=zh_CN -D locale_dirs=$(CURDIR)/locale -D nb_execution_mode=force \
	  -d $(ZH_DIR)/doctrees . $(ZH_DIR)/html
	rm -rf _build/html/zh && mkdir -p _build/html && cp -r $(ZH_DIR)/html _build/html/zh
	$(MAKE) --no-print-directory site-zip
	@echo "Open: file://$(CURDIR)/_build/html/zh/index.html"

# One test per catalogue: its failure lists the untranslated and fuzzy messages.
zh-check: $(STAMP)
	$(BIN)/python -m pytest -q --tb=short tests/test_i18n.py -k "coverage or twin or catalogue"

# Both halves run even when the first fails (e.g. while a translation is unfinished).  The
# browser tests: every Chinese page at both widths (the slow ones named, or tests/conftest.py
# skips them), without the Lighthouse budgets (make lighthouse).
zh-test: $(STAMP) $(NODE_STAMP)
	@status=0; \
	$(BIN)/python -m pytest -q --tb=short tests/test_i18n.py || status=1; \
	IC_SITE_LANG=zh $(BIN)/python -m pytest -q -rs -n $(JOBS) -m "(slow and not lighthouse) or not slow" tests/website || status=1; \
	exit $$status

# ---------------------------------------------------------------------------------
# The printable PDF edition (issue 16): one PDF per language in _build/pdf/, made by
# Sphinx's LaTeX builder (the configuration Jupyter Book generates from _config.yml)
# with xelatex and latexmk; _ext/course_pdf.py adapts the book to paper (fonts, explorers
# as figures, quizzes as text, wide formulas).  See README, "The PDF edition".
#   make pdf        both PDFs (installs Debian's texlive packages when missing)
#   make pdf-check  chapter titles, the numbers, embedded fonts, overfull boxes, previews
PDF_DIR   := _build/pdf
PDF_PKGS  := texlive-xetex texlive-latex-recommended texlive-latex-extra \
	texlive-fonts-recommended texlive-lang-chinese latexmk fonts-dejavu-core \
	fonts-noto-cjk poppler-utils

.PHONY: pdf pdf-deps pdf-en pdf-zh pdf-check

# The TeX distribution and the fonts (about 90 s when missing), as .ci/run installs chromium.
pdf-deps:
	@if ! command -v xelatex > /dev/null || ! command -v latexmk > /dev/null \
	  || ! command -v pdftotext > /dev/null || ! kpsewhich xeCJK.sty > /dev/null \
	  || ! fc-list | grep -q "Noto Serif CJK" || ! fc-list | grep -q "DejaVu Serif"; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    --no-install-recommends $(PDF_PKGS) > /dev/null \
	  && rm -f "$${MPLCONFIGDIR:-$$HOME/.cache/matplotlib}"/fontlist-*.json; fi

# The LaTeX sources come from the book's own Sphinx configuration (zh-conf, generated from
# _config.yml); the notebooks are not executed for the English edition (strict nbval proves
# the stored outputs current) and are executed in Chinese as `make zh` does, so that the
# figures and printed tables speak Chinese.
PDF_SPHINX = PYTHONPATH=_ext nice $(CURDIR)/$(BIN)/sphinx-build -q -E -W -n --keep-going -c $(ZH_CONF) -b latex
LATEXMK    = nice latexmk -norc -xelatex -interaction=nonstopmode -halt-on-error -file-line-error -silent

pdf: pdf-en pdf-zh
	@if [ -d _build/html ]; then $(MAKE) --no-print-directory site-zip; fi
	@ls -l $(PDF_DIR)/*.pdf

# What the PDFs must hold (tools/pdf_check.py; its parsing is unit-tested in
# tests/test_pdf_check.py): chapter titles and the source's numbers (pdftotext), every
# font embedded (pdffonts), no overfull box wider than 5 pt, no undefined reference, and a
# page image of chapter 1's first page in _build/pdf/preview/ (pdftoppm).
pdf-check: $(STAMP) pdf-deps
	$(BIN)/python tools/pdf_check.py

pdf-en: pdf-deps zh-conf
	rm -rf $(PDF_DIR)/en
	$(PDF_SPHINX) -D nb_execution_mode=off -d $(PDF_DIR)/en/doctrees . $(PDF_DIR)/en/latex
	cd $(PDF_DIR)/en/latex && $(LATEXMK) entropy-course-en.tex > /dev/null
	cp $(PDF_DIR)/en/latex/entropy-course-en.pdf $(PDF_DIR)/
	@# the front page links downloads/<name>.pdf (the pdf-edition role, _ext/course_pdf.py)
	if [ -d _build/html ]; then mkdir -p _build/html/downloads \
	  && cp $(PDF_DIR)/entropy-course-en.pdf _build/html/downloads/; fi

pdf-zh: pdf-deps zh-conf
	rm -rf $(PDF_DIR)/zh && mkdir -p $(PDF_DIR)/zh
	@printf 'font.family: DejaVu Sans, Noto Sans CJK SC\n' > $(PDF_DIR)/zh/matplotlibrc
	MATPLOTLIBRC=$(CURDIR)/$(PDF_DIR)/zh/matplotlibrc INFOCOURSE_LANG=zh_CN $(PDF_SPHINX) \
	  -D language=zh_CN -D locale_dirs=$(CURDIR)/locale -D nb_execution_mode=force \
	  -d $(PDF_DIR)/zh/doctrees . $(PDF_DIR)/zh/latex
	cd $(PDF_DIR)/zh/latex && $(LATEXMK) entropy-course-zh.tex > /dev/null
	cp $(PDF_DIR)/zh/latex/entropy-course-zh.pdf $(PDF_DIR)/
	if [ -d _build/html/zh ]; then mkdir -p _build/html/zh/downloads \
	  && cp $(PDF_DIR)/entropy-course-zh.pdf _build/html/zh/downloads/; fi
