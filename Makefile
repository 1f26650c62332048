# jac: `make demo` renders the bundled demo paper; `make test` runs lint, types and tests.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: help demo test lint format typecheck pytest bench fuzz clean

help: ## List the targets
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-10s %s\n", $$1, $$2}'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@# Byte-compile now: start-up stays fast even where PYTHONDONTWRITEBYTECODE is set.
	$(BIN)/python -m compileall -q src
	@touch $(STAMP)

demo: $(STAMP) ## Create .venv, install, and render the bundled demo paper (27 June 2024) into out/
	$(BIN)/jac check
	@mkdir -p out
	$(BIN)/jac render --meeting 2024-06-27 --format md --output out/jac-2024-06-27-hmicfrs-update.md
	$(BIN)/jac render --meeting 2024-06-27 --format html --output out/jac-2024-06-27-hmicfrs-update.html
	$(BIN)/jac render --meeting 2024-06-27 --format docx --output out/jac-2024-06-27-hmicfrs-update.docx
	@echo "The demo paper is in out/: open out/jac-2024-06-27-hmicfrs-update.html in a browser."

test: $(STAMP) lint typecheck pytest ## Create .venv if needed, install with test extras, run lint, types and tests

lint: $(STAMP) ## ruff lint and format check
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests

format: $(STAMP) ## Reformat the code with ruff
	$(BIN)/ruff format src tests
	$(BIN)/ruff check --fix src tests

typecheck: $(STAMP) ## mypy (strict)
	$(BIN)/mypy

pytest: $(STAMP) ## The test suite, on every core (pytest-xdist)
	$(BIN)/pytest -n auto

clean: ## Remove the virtual environment and caches
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache out

bench: $(STAMP) ## Time the commands at 1,000 to 100,000 records; writes bench/RESULTS.md (slow)
	$(BIN)/python bench/run.py $(BENCH_ARGS)

fuzz: $(STAMP) ## The long hostile-input run: 200 generated cases per property, 50 kills per command
	HYPOTHESIS_PROFILE=long JAC_KILL_TRIALS=50 $(BIN)/pytest tests/test_hostile.py
