# The only entry point for people and CI. `make test` is what .ci/run calls.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 8080

.PHONY: install test lint site crawl bench clean

# Reinstall only when the package definition changes: fast and idempotent.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

test: $(STAMP)
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# Serve the replica of the ISECG site on 127.0.0.1:$(PORT) (Ctrl-C stops it).
site: $(STAMP)
	$(BIN)/python -m tests.fixtures.site --port $(PORT)

# Crawl the real site into ./data (needs internet; polite defaults: 1 s delay, 2 at a time).
crawl: $(STAMP)
	$(BIN)/isecg crawl

# Benchmarks: printed, never asserted. The crawl against the replica at 50 ms per response.
bench: $(STAMP)
	$(BIN)/python -m bench.crawl_bench --latency 0.05 --concurrency 4

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
