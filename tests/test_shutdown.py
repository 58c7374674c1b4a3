"""SIGTERM to a service process mid-work: the running call completes, no event is lost.

A rolling update (Kubernetes), `docker compose stop` and Ctrl-C in `make run` all
end a service the same way: SIGTERM to the `python -m microtache.serve` process
(`nameko run`). Nameko then *stops* its container rather than *killing* it:
consumers are cancelled first, running workers finish, then the process exits.
This runs tests/shutdown_service.py exactly so, sends SIGTERM while it works on a
slow RPC and a backlog of events, and checks what docs/operations.md promises.

And finished work does not run twice: Nameko 2.14 alone closes its consuming
connection as soon as the last consumer is cancelled, before the running workers
finish, so their acknowledgements would be dropped and the messages delivered
again; `microtache.shutdown` keeps the connection until the workers are done.
"""

import json
import os
import signal
import subprocess
import sys
import time
import uuid

import pytest
from kombu import Connection
from nameko.standalone.events import event_dispatcher
from nameko.standalone.rpc import ClusterRpcProxy

from microtache.cli import holds_broker_connection
from microtache.events import dead_letter_queue, handler_queue, retry_queues

from tests.shutdown_service import EVENT_TYPE, SERVICE, SOURCE
from tests.support import wait_for

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EVENTS = 16
HANDLER_SECONDS = 1.0
CALL_SECONDS = 5.0  # long enough that it ends well after the consumers are cancelled
MAX_WORKERS = 4
STOP_WITHIN = 30  # seconds; the pods' terminationGracePeriodSeconds is 60
RETRY_DELAYS = [0.5]

# No database involved: run with the SQLite suite only, not again by `make test-postgres`.
pytestmark = pytest.mark.skipif(
    os.environ.get("MICROTACHE_TEST_DATABASE") == "postgresql",
    reason="runs once, in the SQLite suite",
)


def read_journal(path):
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


class SlowServiceProcess:
    """tests/shutdown_service.py run as `make run` and the container image run a service."""

    def __init__(self, config_path, journal_path, log_path):
        self.config_path, self.journal_path, self.log_path = config_path, journal_path, log_path
        self.process = None

    def start(self, config):
        env = {
            **os.environ,
            "SHUTDOWN_JOURNAL": self.journal_path,
            "SHUTDOWN_HANDLER_SECONDS": str(HANDLER_SECONDS),
            "PYTHONPATH": ROOT,
        }
        log = open(self.log_path, "a")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "microtache.serve",
                "--config",
                self.config_path,
                "tests.shutdown_service:SlowService",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        log.close()
        with ClusterRpcProxy(config, timeout=2) as rpc:

            def answers():
                assert self.process.poll() is None, self.log()
                try:
                    return rpc[SERVICE].ping() == "pong"
                except Exception:
                    return False

            wait_for(answers, 30, "the service to answer ping")
        return self.process

    def log(self):
        with open(self.log_path) as f:
            return f.read()[-3000:]

    def terminate(self):
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)


@pytest.fixture(scope="module")
def shutdown(amqp_uri, tmp_path_factory):
    """Run the scenario once; the tests below read what happened."""
    folder = tmp_path_factory.mktemp("shutdown")
    config = {"AMQP_URI": amqp_uri, "max_workers": MAX_WORKERS, "EVENT_RETRY_DELAYS": RETRY_DELAYS}
    config_path = str(folder / "config.yaml")
    with open(config_path, "w") as f:
        f.write(
            f"AMQP_URI: {amqp_uri}\nmax_workers: {MAX_WORKERS}\n"
            f"EVENT_RETRY_DELAYS: {RETRY_DELAYS}\n"
        )
    journal = str(folder / "journal.jsonl")

    queue = handler_queue(config, SOURCE, EVENT_TYPE, SERVICE, "on_tick")
    with Connection(
        amqp_uri
    ) as connection:  # declared before publishing, as `microtache declare` does
        channel = connection.default_channel
        for bound in queue.bindings:
            bound.exchange(channel).declare()
        for q in [queue, *retry_queues(queue.name, RETRY_DELAYS), dead_letter_queue(queue.name)]:
            q(channel).declare()
            q(channel).purge()
        try:
            channel.queue_purge(f"rpc-{SERVICE}")
        except Exception:
            pass  # not declared yet: the first start declares it

    first = SlowServiceProcess(config_path, journal, str(folder / "first.log"))
    second = SlowServiceProcess(config_path, journal, str(folder / "second.log"))
    try:
        process = first.start(config)
        outcome = {
            "pid": process.pid,
            "live_before": holds_broker_connection(process.pid, amqp_uri),
        }
        dispatch = event_dispatcher(config)
        events = [uuid.uuid4().hex for _ in range(EVENTS)]
        for event_id in events:
            dispatch(SOURCE, EVENT_TYPE, {"event_id": event_id})
        call_id = uuid.uuid4().hex
        with ClusterRpcProxy(config, timeout=60) as rpc:
            reply = rpc[SERVICE].slow.call_async(call_id, CALL_SECONDS)
            wait_for(
                lambda: any(
                    e["kind"] == "rpc" and e["phase"] == "start" for e in read_journal(journal)
                ),
                30,
                "the slow call to start",
            )
            time.sleep(0.2)
            outcome["sigterm_at"] = time.time()
            process.send_signal(signal.SIGTERM)
            try:
                outcome["reply"] = reply.result()
            except Exception as exc:
                outcome["reply"] = exc
        try:
            outcome["returncode"] = process.wait(STOP_WITHIN)
        except subprocess.TimeoutExpired:
            outcome["returncode"] = None
        outcome["stopped_after"] = time.time() - outcome["sigterm_at"]
        outcome["live_after"] = holds_broker_connection(process.pid, amqp_uri)
        outcome["first_log"] = first.log()

        # The next process (the new pod of a rolling update) takes what was left.
        restarted = second.start(config)
        outcome["second_pid"] = restarted.pid

        def all_handled():
            ended = {
                e["id"]
                for e in read_journal(journal)
                if e["kind"] == "event" and e["phase"] == "end"
            }
            return ended >= set(events)

        try:
            wait_for(all_handled, 60, "every event to be handled")
        except AssertionError:
            pass  # asserted in the test, with what is missing
        time.sleep(CALL_SECONDS + 1.0)  # a redelivered call would run meanwhile
        restarted.send_signal(signal.SIGTERM)
        outcome["second_returncode"] = restarted.wait(STOP_WITHIN)
        with Connection(amqp_uri) as connection:
            channel = connection.default_channel
            outcome["left_in_queue"] = queue(channel).queue_declare(passive=True).message_count
            outcome["parked"] = (
                dead_letter_queue(queue.name)(channel).queue_declare(passive=True).message_count
            )
        outcome.update(events=events, call_id=call_id, journal=read_journal(journal))
        yield outcome
    finally:
        first.terminate()
        second.terminate()


def test_the_running_call_completes_and_the_process_exits_cleanly(shutdown):
    assert shutdown["reply"] == {"call_id": shutdown["call_id"], "slept": CALL_SECONDS}, shutdown[
        "first_log"
    ]
    assert shutdown["returncode"] == 0, shutdown["first_log"]
    assert shutdown["stopped_after"] < STOP_WITHIN


def test_no_worker_is_cut_short(shutdown):
    first = [e for e in shutdown["journal"] if e["pid"] == shutdown["pid"]]
    started = {(e["kind"], e["id"]) for e in first if e["phase"] == "start"}
    ended = {(e["kind"], e["id"]) for e in first if e["phase"] == "end"}
    assert started == ended, f"cut short by SIGTERM: {started - ended}"
    in_flight = [
        e
        for e in first
        if e["kind"] == "event"
        and e["phase"] == "start"
        and e["t"] < shutdown["sigterm_at"]
        and any(
            x["id"] == e["id"] and x["phase"] == "end" and x["t"] > shutdown["sigterm_at"]
            for x in first
        )
    ]
    assert in_flight, "no event was being handled at SIGTERM: the scenario proved nothing"


def test_no_event_is_lost(shutdown):
    ended = {e["id"] for e in shutdown["journal"] if e["kind"] == "event" and e["phase"] == "end"}
    missing = set(shutdown["events"]) - ended
    assert not missing, f"{len(missing)} of {EVENTS} events never handled"
    assert shutdown["parked"] == 0
    assert shutdown["left_in_queue"] == 0
    assert shutdown["second_returncode"] == 0


def test_the_liveness_probe_follows_the_process(shutdown):
    assert shutdown["live_before"] is None  # holds its broker connection
    assert "is not running" in shutdown["live_after"]


def test_finished_work_is_not_redone(shutdown):
    runs = {}
    for e in shutdown["journal"]:
        if e["phase"] == "start":
            runs[(e["kind"], e["id"])] = runs.get((e["kind"], e["id"]), 0) + 1
    assert runs[("rpc", shutdown["call_id"])] == 1
    assert all(count == 1 for count in runs.values())
