# fazhi: `make run` serves the demo district, `make test` runs the whole suite.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000
STAMP_RUN := $(VENV)/.stamp-run
STAMP_DEV := $(VENV)/.stamp-dev

.PHONY: help run test lint fmt bench messages check-python install dev

help: ## list the targets
	@grep -E '^[a-z-]+:.*##' Makefile | sed 's/:.*## /\t/'

check-python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "fazhi needs Python >= 3.11 (found %s)" % sys.version.split()[0])'

$(BIN)/python: | check-python
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP_RUN): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(STAMP_DEV): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev,bench]'
	touch $@ $(STAMP_RUN)

install: $(STAMP_RUN) ## create .venv and install fazhi
dev: $(STAMP_DEV) ## create .venv with the dev extras

run: $(STAMP_RUN) ## set up and serve the demo district on SQLite
	$(BIN)/fazhi migrate --noinput
	$(BIN)/fazhi createcachetable
	$(BIN)/fazhi collectstatic --noinput --verbosity 0
	$(BIN)/fazhi demo load
	$(BIN)/fazhi catalogue load
	$(BIN)/fazhi demo documents
	$(BIN)/fazhi demo calls --calls 300 --if-empty
	$(BIN)/fazhi audit anchor
	@echo "fazhi: public portal http://$(HOST):$(PORT)/  staff login http://$(HOST):$(PORT)/accounts/login/"
	$(BIN)/fazhi runserver $(HOST):$(PORT)

lint: $(STAMP_DEV) ## ruff lint and format check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

fmt: $(STAMP_DEV) ## format and autofix
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test: lint ## set up, lint, run the whole pytest suite
	$(BIN)/pytest

bench: $(STAMP_DEV) ## run every benchmark under bench/
	@set -e; for f in bench/*.py; do echo "== $$f"; $(BIN)/python $$f; done

messages: $(STAMP_DEV) ## extract, fill from locale/parts and compile the Chinese translations
	cd src/fazhi && ../../$(BIN)/fazhi makemessages -l zh_Hans --no-location
	$(BIN)/python tools/po_fill.py
	cd src/fazhi && ../../$(BIN)/fazhi compilemessages -l zh_Hans
