# newscrawl: two commands do everything. `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test lint typecheck unit bench clean redis-server browser

$(BIN)/python:
	@$(PYTHON) -m venv $(VENV) 2>/dev/null || { \
	  echo "python3 -m venv failed; installing python3-venv with apt-get"; \
	  apt-get update -qq && apt-get install -y -qq python3-venv python3-pip && $(PYTHON) -m venv $(VENV); }

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	@touch $(STAMP)

## Start the bundled demo news site locally, crawl it with `scrapy crawl news`, print a summary.
demo: $(STAMP)
	$(BIN)/newscrawl demo

## Lint, type-check and run the whole offline test suite.
test: $(STAMP) redis-server lint typecheck unit

## The Redis tests start their own redis-server (Debian's package), installed here when missing.
redis-server:
	@command -v redis-server >/dev/null || { \
	  echo "redis-server not found; installing Debian's redis-server with apt-get"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server; }

lint: $(STAMP)
	$(BIN)/ruff check newscrawl tests
	$(BIN)/ruff format --check newscrawl tests

typecheck: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP) browser
	$(BIN)/python -m pytest -q -n auto

## Debian's chromium, only for the test that renders the HTML run report (skipped without it).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium \
	    || echo "chromium could not be installed: the HTML report rendering test will be skipped"; \
	  else echo "not root: chromium not installed, the HTML report rendering test will be skipped"; fi; }

## Throughput of newscrawl against Scrapy alone and Scrapy + trafilatura (not part of `make test`).
bench: $(STAMP)
	$(BIN)/python benchmarks/throughput_bench.py

clean:
	rm -rf $(VENV) .venv-scrapyd .pytest_cache .mypy_cache .ruff_cache *.egg-info build setup.py
