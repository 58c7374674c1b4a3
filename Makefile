# Microtache: `make run` starts the whole system, `make test` proves it.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
export AMQP_URI ?= amqp://guest:guest@localhost:5672/

.PHONY: run test unit integration test-postgres bench bench-scheduler bench-search migrate declare dead-letters install clean

$(STAMP): requirements.txt requirements-dev.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

## Start RabbitMQ-backed services and the gateway (Ctrl-C stops them all).
run: $(STAMP)
	$(BIN)/microtache run

## Unit tests of every service, then the integration tests on the real broker.
test: $(STAMP)
	$(BIN)/python -m pytest

unit: $(STAMP)
	$(BIN)/python -m pytest services lib -m "not integration"

integration: $(STAMP)
	$(BIN)/python -m pytest tests

## The integration tests again, every service on its own fresh PostgreSQL database.
test-postgres: $(STAMP)
	MICROTACHE_TEST_DATABASE=postgresql $(BIN)/python -m pytest tests

## Benchmarks (not tests): each prints its numbers and writes bench/results/<name>.json.
bench: bench-scheduler bench-search

bench-scheduler: $(STAMP)
	$(BIN)/python bench/scheduler_bench.py

bench-search: $(STAMP)
	$(BIN)/python bench/search_bench.py

migrate: $(STAMP)
	$(BIN)/microtache migrate

declare: $(STAMP)
	$(BIN)/microtache declare

dead-letters: $(STAMP)
	$(BIN)/microtache dead-letters

clean:
	rm -rf $(VENV) data .pytest_cache
