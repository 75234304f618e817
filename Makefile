# The two set-up commands of the README. Each creates .venv and installs what it needs first.
#   make plan   offline validate + plan of the dev stack (no cloud account, no Pulumi CLI)
#   make test   lint, type check and the whole test suite (what CI runs)
#   make bench  plan time and memory from 1x2 to 12x30 deployments (benchmarks/plan_scaling.py),
#               and preflight of 30 regions, concurrent vs sequential (benchmarks/preflight_concurrency.py)
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.stamps

.PHONY: plan test lint typecheck unit bench

plan: $(STAMP)/runtime
	$(BIN)/aoai validate --stack dev
	$(BIN)/aoai plan --stack dev

test: lint typecheck unit

bench: $(STAMP)/dev
	$(BIN)/python benchmarks/plan_scaling.py
	$(BIN)/python benchmarks/preflight_concurrency.py

lint: $(STAMP)/dev
	$(BIN)/ruff check .

typecheck: $(STAMP)/dev
	$(BIN)/mypy

unit: $(STAMP)/dev
	$(BIN)/pytest

$(STAMP)/runtime: requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	mkdir -p $(STAMP) && touch $@

$(STAMP)/dev: $(STAMP)/runtime requirements-dev.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@
