# The two commands of the README: `make run` and `make test`. Everything else supports them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run test check lint typecheck eval fmt clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/factcheck serve --host 127.0.0.1 --port 8000

# Headless Chromium for tests/web, from Debian's packages (no browser download at test time).
BROWSER := /usr/bin/chromium

$(BROWSER):
	bash scripts/install-browser.sh

test: $(STAMP) $(BROWSER)
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

check: lint typecheck test

fmt: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

eval: $(STAMP)
	$(BIN)/factcheck eval seeds ../shared/eval/seed_statements_dev.jsonl
	$(BIN)/factcheck eval retrieval ../shared/eval/checkthat2020 --split dev
	$(BIN)/factcheck eval stance ../shared/eval/vitaminc_numeric_dev.jsonl
	$(BIN)/factcheck eval stance ../shared/eval/fever_symmetric_dev.jsonl

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache

# Speed at scale (bench/README.md): 10k and 100k claims; BENCH_FULL=1 adds 1,000,000.
.PHONY: bench
bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	$(BIN)/python -m bench.run $(if $(BENCH_FULL),--full)
	$(BIN)/python -m bench.watches
