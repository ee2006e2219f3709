# The single entry point.  `make book` and `make test` work on a fresh clone with
# Python 3.11: they create .venv and install the exact pins of requirements.txt.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
NOTEBOOKS := $(wildcard chapters/*.ipynb)

.PHONY: all book test lint unit nbval build lab refresh clean install

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

# MathJax 3 served from the site itself (pinned pip package django-static-mathjax),
# so math renders offline.  Copied into _vendor/ (not _static/: Jupyter Book adds every
# .js under _static to every page).
VENDOR := _vendor/mathjax/tex-chtml.js
$(VENDOR): $(STAMP)
	rm -rf _vendor/mathjax && mkdir -p _vendor
	cp -r "$$($(BIN)/python -c 'import mathjax, os; print(os.path.dirname(mathjax.__file__))')/static/mathjax/es5" _vendor/mathjax

# Build the website into _build/html (notebooks executed afresh: see _config.yml).
book: $(STAMP) $(VENDOR)
	$(BIN)/jupyter-book build . -W -n --keep-going
	@echo "Open: file://$(CURDIR)/_build/html/index.html"

build: book

lint: $(STAMP)
	$(BIN)/ruff check src tests chapters bench

# Unit, property and doctests of the package.
unit: $(STAMP)
	$(BIN)/python -m pytest -q tests src

# Strict nbval: every stored output of every chapter must be reproduced exactly.
nbval: $(STAMP)
	$(BIN)/python -m pytest -q --nbval --nbval-current-env \
	  --nbval-sanitize-with tests/nbval_sanitize.cfg chapters

test: $(STAMP)
	$(MAKE) lint
	$(MAKE) unit
	$(MAKE) nbval
	$(MAKE) book

# JupyterLab on the chapters, for running them live.
lab: $(STAMP)
	$(BIN)/jupyter lab chapters

# Re-execute every chapter in place (stores outputs and widget state), after a
# change to a chapter or to the package.  Review the diff, then commit.
refresh: $(STAMP)
	$(BIN)/jupyter execute --inplace $(NOTEBOOKS)

clean:
	rm -rf _build .jupyter_cache _vendor
