# Two commands do all the set-up on a fresh machine with only python3 (see README, Quickstart):
#   make run   installs gklint in .venv and checks the bundled sample report
#   make test  installs gklint with its test tools in .venv and runs the whole test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
SAMPLE := examples/sample-2021.txt

.PHONY: run test lint typecheck clean

$(BIN)/gklint: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

# Exit status 1 means "the sample has findings" (it is meant to); only 2 (could not check) fails.
run: $(BIN)/gklint
	@status=0; $(BIN)/gklint check $(SAMPLE) || status=$$?; [ $$status -le 1 ]

lint: $(BIN)/gklint
	$(BIN)/ruff check gklint tests scripts bench
	$(BIN)/ruff format --check gklint tests scripts bench

# The guard rails: the layer contract ([tool.importlinter] in pyproject.toml) and the type check.
typecheck: $(BIN)/gklint
	$(BIN)/lint-imports
	$(BIN)/mypy gklint

test: $(BIN)/gklint lint typecheck
	sh scripts/fetch_test_data.sh
	sh scripts/setup_e2e.sh
	$(BIN)/python -m pytest -q

clean:
	rm -rf $(VENV) build dist *.egg-info
