# The only entry point for people and CI. `make test` is what .ci/run calls.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 8080
DATA ?= $(or $(ISECG_DATA),data)
HOST ?= 127.0.0.1
SERVE_PORT ?= 8001
CHROMIUM := /usr/bin/chromium

.PHONY: install constraints chromium test lint site crawl demo serve bench bench-venv fidelity docs clean

# Reinstall only when the package definition or the tested versions change: fast and
# idempotent. constraints.txt pins every dependency at the versions the suite passed with.
$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]' -c constraints.txt
	touch $(STAMP)

# Move the pins to the newest releases pyproject.toml allows (then `make test`, and commit
# constraints.txt with whatever the new versions needed).
constraints: $(STAMP)
	$(BIN)/python -m pip install --quiet --upgrade --upgrade-strategy eager -e '.[dev]'
	{ sed -n '/^#/p' constraints.txt; $(BIN)/python -m pip freeze --exclude-editable \
	  | grep -v '^isecg-archive'; } > constraints.txt.new && mv constraints.txt.new constraints.txt

install: $(STAMP)

# Debian's chromium, which the browser tests drive through Playwright (Playwright never downloads
# a browser here). Does nothing once it is installed; otherwise needs root, or sudo.
chromium:
	@test -x $(CHROMIUM) || { \
	  sudo=$$(test "$$(id -u)" = 0 || echo sudo); \
	  $$sudo apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq --no-install-recommends \
	    chromium chromium-driver fonts-dejavu-core; }

# The suite's temporary files go to RAM (/dev/shm) when it has 4 GB free: the crawls fsync
# every WARC record and database commit, which costs real disk waits and nothing on tmpfs
# (measured: crawl-heavy files 10-20% faster). Elsewhere, the usual temporary directory.
TEST_TMPDIR := $(shell test -w /dev/shm && df -Pm /dev/shm | awk 'NR == 2 && $$4 > 4096 {print "/dev/shm"}')

# PYTHONDONTWRITEBYTECODE, when the environment sets it, is lifted for the suite: otherwise every
# worker and every `isecg` the tests start compiles the project (and pytest rewrites each test
# module) from source again (measured: collection 5.8 s a worker, 2.9 s with bytecode kept).
test: $(STAMP) chromium
	$(if $(TEST_TMPDIR),TMPDIR=$(TEST_TMPDIR)) PYTHONDONTWRITEBYTECODE= $(BIN)/python -m pytest -q

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

# The archive in a browser, from nothing: install, crawl the replica into data/demo/ (afresh
# each time) twice, its first state and then its later state (an edited post, a removed one, a
# new one, a new member, a renamed one), so versions and changes show; backfill the years
# before from a local pywb holding the replica as the Wayback saw it in 2009, 2014, 2019 and
# 2022 (tests/fixtures/wayback.py; loopback only, never web.archive.org), so the history starts
# before our crawls (records seen from 2009, members from 2014); then serve it with Datasette. The replica runs on one free loopback port throughout
# (the same site), and the past is archived under that address.
demo: $(STAMP)
	@set -e; rm -rf data/demo; mkdir -p data/demo; \
	url_file=$$(mktemp); site_pid=; wayback_pid=; port=0; \
	trap 'for pid in $$site_pid $$wayback_pid; do kill $$pid 2>/dev/null || true; done; rm -f $$url_file' EXIT; \
	for state in base later; do \
	  : > $$url_file; \
	  $(BIN)/python -m tests.fixtures.site --port $$port --state $$state > $$url_file & site_pid=$$!; \
	  for i in $$(seq 100); do test -s $$url_file && break; sleep 0.1; done; \
	  site=$$(head -n 1 $$url_file); test -n "$$site"; port=$${site##*:}; \
	  echo "Crawling the replica ($$state state) at $$site into data/demo/"; \
	  $(BIN)/isecg crawl --site $$site/ --data data/demo --delay 0 --no-progress; \
	  kill $$site_pid; wait $$site_pid 2>/dev/null || true; site_pid=; \
	done; \
	: > $$url_file; \
	$(BIN)/python -m tests.fixtures.wayback --site $$site > $$url_file & wayback_pid=$$!; \
	for i in $$(seq 3000); do test -s $$url_file && break; kill -0 $$wayback_pid || break; sleep 0.1; done; \
	wayback=$$(head -n 1 $$url_file); test -n "$$wayback"; \
	echo "Backfilling 2009-2022 from a local pywb at $$wayback (the replica's past)"; \
	$(BIN)/isecg import-wayback --site $$site/ --wayback $$wayback --data data/demo --delay 0 --no-progress; \
	kill $$wayback_pid; wait $$wayback_pid 2>/dev/null || true; wayback_pid=; \
	echo "The archive: http://$(HOST):$(SERVE_PORT)/  (Ctrl-C stops it)"; \
	$(BIN)/isecg serve --data data/demo --host $(HOST) --port $(SERVE_PORT)

# Serve an archive with Datasette on http://127.0.0.1:8001 (DATA=..., HOST=..., SERVE_PORT=...).
serve: $(STAMP)
	$(BIN)/isecg serve --data $(DATA) --host $(HOST) --port $(SERVE_PORT)

# Benchmarks: printed, never asserted (docs/replica.md#benchmarks). Every figure beside its
# target in one run, written to bench/results/latest.json; BENCH_ARGS="--compare OLD.json"
# prints the change against an earlier run, "--only crawl,reparse" runs some parts. Scrapy and
# py-spy live in the benchmark's own environment (.venv-bench), never the product's.
BENCH_VENV := .venv-bench
BENCH_STAMP := $(BENCH_VENV)/.installed

$(BENCH_STAMP):
	test -x $(BENCH_VENV)/bin/python || $(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/python -m pip install --quiet 'scrapy>=2.13,<3' 'py-spy>=0.3'
	touch $(BENCH_STAMP)

bench-venv: $(BENCH_STAMP)

# PYTHONDONTWRITEBYTECODE is lifted as for the suite: the command is timed as people run it,
# its bytecode cached after the first run (Python's default), not compiled from source each
# time (measured: 85 ms of every `isecg crawl` here, where the environment sets it).
bench: $(STAMP) $(BENCH_STAMP)
	PYTHONDONTWRITEBYTECODE= $(BIN)/python -m bench.run $(BENCH_ARGS)

# Extraction fidelity on generated site designs (seeds 0-49 and 50-99): posts, titles, dates
# exact / empty / wrong, publications and members, with REST on and off. The README's table.
fidelity: $(STAMP)
	$(BIN)/python -m tests.fidelity --seeds 0-49 --seeds 50-99

# Regenerate docs/cli.md from every command's --help (tests/test_docs.py fails when it is stale).
docs: $(STAMP)
	$(BIN)/python -m tests.cli_docs

clean:
	rm -rf $(VENV) $(BENCH_VENV) .pytest_cache .mypy_cache .ruff_cache
