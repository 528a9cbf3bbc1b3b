# newscrawl: two commands do everything. `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test lint typecheck unit bench clean redis-server

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

unit: $(STAMP)
	$(BIN)/python -m pytest -q

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache *.egg-info
