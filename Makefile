# The two set-up commands of the README (make plan, make test). Each creates .venv and installs what it needs first.
#   make plan   offline validate + plan of the dev stack (no cloud account, no Pulumi CLI)
#   make test   lint, type check, the whole test suite and the docs site (what CI runs)
#   make golden rewrite the golden snapshots of URNs and Azure ids (tests/fixtures/golden); review
#               the diff: tests never rewrite them
#   make docs   the documentation site (mkdocs, strict) into build/site
#   make bench  plan time and memory from 1x2 to 12x30 deployments (benchmarks/plan_scaling.py), plan
#               time against a raw pulumi-azure-native program (benchmarks/plan_baseline.py), CLI
#               start-up against typer's floor (benchmarks/cli_startup.py), preflight of 30 regions,
#               concurrent vs one at a time (benchmarks/preflight_concurrency.py), preflight --all of
#               50 stacks vs 50 runs (benchmarks/preflight_many.py), and catalog refresh of 30
#               regions (benchmarks/catalog_refresh.py)
#   make mutate mutation testing (mutmut) of components/, aoai/live/ and aoai/offline/, or only of
#               MODULES="components/identity.py ..." against the tests mapped to them (tools/mutate.py);
#               MUTATE_JOBS=2 for two workers. Hours for everything; not part of `make test` or CI
#   make mutate-again  the last `make mutate`'s survivors again, against the tests as they are now
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.stamps


.PHONY: plan test lint typecheck unit docs bench golden mutate mutate-again

plan: $(STAMP)/runtime
	$(BIN)/aoai validate --stack dev
	$(BIN)/aoai plan --stack dev

test: lint typecheck unit docs

bench: $(STAMP)/dev
	$(BIN)/python benchmarks/plan_scaling.py
	$(BIN)/python benchmarks/plan_baseline.py
	$(BIN)/python benchmarks/cli_startup.py
	$(BIN)/python benchmarks/preflight_concurrency.py
	$(BIN)/python benchmarks/preflight_many.py
	$(BIN)/python benchmarks/catalog_refresh.py

mutate: $(STAMP)/dev
	$(BIN)/python -m tools.mutate $(MODULES)

mutate-again: $(STAMP)/dev
	$(BIN)/python -m tools.mutate --again

lint: $(STAMP)/dev
	$(BIN)/ruff check .

# mypy cannot follow the editable install's import hook, so it reads the library through a link
# named like its import name (build/typecheck/azure_openai_toolkit -> components).
# Each example is its own Pulumi program with its own __main__.py, so it is checked on its own
# (one mypy run cannot hold two modules named __main__).
typecheck: $(STAMP)/dev
	mkdir -p build/typecheck && ln -sfn ../../components build/typecheck/azure_openai_toolkit
	$(BIN)/mypy
	for program in examples/*/__main__.py; do $(BIN)/mypy "$$program" || exit 1; done

unit: $(STAMP)/dev
	$(BIN)/pytest

golden: $(STAMP)/dev
	$(BIN)/python -m tests.regen_golden

# Strict: a broken link or anchor, or a page missing from the nav, fails the build.
docs: $(STAMP)/dev
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --quiet --strict

$(STAMP)/runtime: requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	mkdir -p $(STAMP) && touch $@

$(STAMP)/dev: $(STAMP)/runtime requirements-dev.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@
