"""`microtache run` as a supervisor: a killed service comes back, one signal stops all.

The supervisor (microtache.supervisor) restarts a process that died, with
back-off; stops everything on one SIGTERM or Ctrl-C; and, since each service
runs in a session of its own, a SIGTERM sent to the supervisor's whole process
group (`kill -TERM -- -PGID`, systemd) reaches the supervisor alone, which then
sends each service exactly one SIGTERM. A service itself ignores a second
SIGTERM (microtache.serve; before, a second one stopped its containers twice
and hung it until SIGKILL).

Every system test runs the real `microtache run` on a RabbitMQ vhost of its own.
"""

import os
import re
import signal
import subprocess
import sys
import time
import urllib.request

import pytest
from nameko.standalone.rpc import ClusterRpcProxy

from microtache import supervisor
from microtache.serve import once

from tests.support import SERVICES, broker_vhost, free_port, wait_for

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BACK_WITHIN = 30  # seconds for a kill -9'd service to answer again
STOP_WITHIN = 15  # seconds for everything to be gone after a signal
READY_WITHIN = 90
# every service of the registry, the gateway, and the development mail catcher
PROGRAMS = len(SERVICES) + 2

# The database plays no part: run with the SQLite suite only, not again by `make test-postgres`.
system_test = pytest.mark.skipif(
    os.environ.get("MICROTACHE_TEST_DATABASE") == "postgresql",
    reason="runs once, in the SQLite suite",
)


def alive(pid):
    """Running (a zombie, dead but not yet reaped, does not count)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


class RunningSystem:
    """`microtache run` in a session of its own (so that its group can be signalled),
    its stdout and stderr, and those of every service, in one log file."""

    def __init__(self, uri, folder):
        self.uri, self.folder = uri, folder
        self.port = free_port()
        self.log_path = os.path.join(folder, "run.log")
        self.process = None

    def start(self):
        env = {
            **os.environ,
            "AMQP_URI": self.uri,
            "MICROTACHE_DATA_DIR": self.folder,
            "GATEWAY_PORT": str(self.port),
            "GATEWAY_ADDRESS": "127.0.0.1",
            "MICROTACHE_ENV": "development",
            "PYTHONUNBUFFERED": "1",
            # a catcher of its own, on a port nobody else's catcher holds
            "SMTP_URL": f"smtp://127.0.0.1:{free_port()}",
        }
        with open(self.log_path, "a") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "microtache.cli", "run"],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        wait_for(self.ready, READY_WITHIN, f"GET /ready to answer 200\n{self.tail()}")
        wait_for(lambda: len(self.children()) == PROGRAMS, 10, f"{PROGRAMS} programs started")
        return self

    def log(self):
        with open(self.log_path, errors="replace") as f:
            return f.read()

    def tail(self, chars=4000):
        return self.log()[-chars:]

    def started(self):
        """[(name, pid)] of every process the supervisor started, in order."""
        return [
            (m[1], int(m[2]))
            for m in re.finditer(r"^  (\w+): started \(pid (\d+)\)$", self.log(), re.M)
        ]

    def children(self):
        """{name: pid} of the processes running now, from the supervisor's log."""
        return {name: pid for name, pid in self.started() if alive(pid)}

    def ready(self):
        assert self.process.poll() is None, f"microtache run exited\n{self.tail()}"
        try:
            url = f"http://127.0.0.1:{self.port}/ready"
            with urllib.request.urlopen(url, timeout=3) as response:
                return response.status == 200
        except Exception:
            return False

    def every_pid(self):
        return [self.process.pid, *(pid for _, pid in self.started())]

    def cleanup(self):
        """Whatever happened, nothing is left running."""
        if self.process is None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        for _, pid in self.started():
            if alive(pid):
                try:
                    with open(f"/proc/{pid}/cmdline", "rb") as f:
                        ours = b"microtache.serve" in f.read()
                    if ours:
                        os.kill(pid, signal.SIGKILL)
                except (OSError, ProcessLookupError):
                    pass
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            pass

    def stop_with(self, send):
        """Send a signal (`send(pid)`), return the seconds until every process of
        the system is gone, and the log written meanwhile."""
        assert alive(self.process.pid) and len(self.children()) == PROGRAMS, self.tail()
        offset = len(self.log())
        started = time.monotonic()
        send(self.process.pid)
        wait_for(
            lambda: not any(alive(pid) for pid in self.every_pid()),
            STOP_WITHIN,
            f"every process to be gone\n{self.tail()}",
        )
        seconds = time.monotonic() - started
        assert self.process.wait(5) == 0
        return seconds, self.log()[offset:]


@pytest.fixture(scope="module")
def system(amqp_uri, tmp_path_factory):
    """One system for the kill -9 test, then stopped by the group SIGTERM test."""
    with broker_vhost(amqp_uri) as uri:
        running = RunningSystem(uri, str(tmp_path_factory.mktemp("supervised")))
        try:
            yield running.start()
        finally:
            running.cleanup()


def rpc_answers(uri, service):
    try:
        with ClusterRpcProxy({"AMQP_URI": uri}, timeout=3) as proxy:
            return proxy[service].ping()["service"] == service
    except Exception:
        return False


@system_test
def test_a_killed_service_is_restarted_and_the_system_answers_again(system):
    before = system.children()
    os.kill(before["payments"], signal.SIGKILL)
    killed = time.monotonic()
    wait_for(
        lambda: "payments exited with -9; restarting in 1s" in system.log(),
        5,
        f"the supervisor to say it restarts payments\n{system.tail()}",
    )
    wait_for(
        lambda: system.children().get("payments", before["payments"]) != before["payments"],
        10,
        "a new payments process",
    )
    wait_for(
        lambda: rpc_answers(system.uri, "payments") and system.ready(),
        BACK_WITHIN - (time.monotonic() - killed),
        "payments to answer again",
    )
    print(f"\npayments back {time.monotonic() - killed:.1f}s after kill -9")
    others = {name: pid for name, pid in system.children().items() if name != "payments"}
    assert others == {name: pid for name, pid in before.items() if name != "payments"}


@system_test
def test_a_group_sigterm_stops_everything_once(system):
    seconds, log = system.stop_with(lambda pid: os.killpg(pid, signal.SIGTERM))
    print(f"\nstopped {seconds:.1f}s after a group SIGTERM")
    assert "Traceback" not in log, log
    assert "ignored" not in log, "a service got SIGTERM twice"
    assert "Stopped." in log and "did not stop" not in log, log


@system_test
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_one_signal_to_the_supervisor_stops_everything(signum, amqp_uri, tmp_path):
    with broker_vhost(amqp_uri) as uri:
        running = RunningSystem(uri, str(tmp_path))
        try:
            running.start()
            seconds, log = running.stop_with(lambda pid: os.kill(pid, signum))
            print(f"\nstopped {seconds:.1f}s after {signal.Signals(signum).name} to the supervisor")
            assert "Traceback" not in log, log
            assert "Stopped." in log and "did not stop" not in log, log
        finally:
            running.cleanup()


@system_test
def test_a_service_stops_once_when_sigterm_comes_twice(amqp_uri, tmp_path):
    """What a group SIGTERM did to each service before: two SIGTERMs, 0.3 s apart."""
    config_path = tmp_path / "config.yaml"
    with broker_vhost(amqp_uri) as uri:
        config_path.write_text(f"AMQP_URI: {uri}\nEVENT_RETRY_DELAYS: [0.5]\n")
        log_path = tmp_path / "service.log"
        env = {
            **os.environ,
            "SHUTDOWN_JOURNAL": str(tmp_path / "journal.jsonl"),
            "PYTHONPATH": ROOT,
        }
        with open(log_path, "w") as log:
            process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "microtache.serve",
                    "--config",
                    str(config_path),
                    "tests.shutdown_service:SlowService",
                ],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        try:
            wait_for(lambda: rpc_answers_pong(uri), 30, "the service to answer ping")
            process.send_signal(signal.SIGTERM)
            time.sleep(0.3)
            process.send_signal(signal.SIGTERM)
            assert process.wait(STOP_WITHIN) == 0
            text = log_path.read_text()
            assert "SIGTERM again while stopping: ignored" in text
            assert "Traceback" not in text, text
        finally:
            if process.poll() is None:
                process.kill()
                process.wait(10)


def rpc_answers_pong(uri):
    try:
        with ClusterRpcProxy({"AMQP_URI": uri}, timeout=2) as proxy:
            return proxy["shutdown_probe"].ping() == "pong"
    except Exception:
        return False


# The supervisor alone, with small programs instead of services (no broker).


def test_the_back_off_doubles_up_to_its_limit_and_resets_after_a_healthy_run():
    program = supervisor.Program("x", ["true"])
    program.started_at = 100.0
    delays = [program.next_delay(101.0) for _ in range(7)]
    assert delays == [1, 2, 4, 8, 16, 30, 30]
    program.started_at = 100.0
    assert program.next_delay(100.0 + supervisor.HEALTHY_AFTER) == 1


def test_the_sigterm_handler_runs_once(capfd):
    calls = []
    handler = once(lambda signum, frame: calls.append(signum))
    handler(signal.SIGTERM, None)
    handler(signal.SIGTERM, None)
    assert calls == [signal.SIGTERM]
    assert "SIGTERM again while stopping: ignored" in capfd.readouterr().err


def test_nameko_run_installs_its_sigterm_handler_through_the_patch():
    """The patch holds only while nameko 2.14's `run` calls `signal.signal` so."""
    import inspect

    from nameko.cli import run as nameko_run

    from microtache.serve import stop_once_on_sigterm

    assert stop_once_on_sigterm()
    assert "signal.signal(signal.SIGTERM, shutdown)" in inspect.getsource(nameko_run.run)
    assert nameko_run.signal.SIGTERM == signal.SIGTERM


def run_supervisor(tmp_path, programs, until, grace=supervisor.GRACE):
    """Supervise `programs` in a child process until `until(log)`, then SIGTERM it;
    return its output and how long the stop took."""
    script = tmp_path / "supervise.py"
    script.write_text(
        "import sys\nfrom microtache import supervisor\n"
        f"supervisor.Supervisor({programs!r}, grace={grace}).run()\n"
    )
    log_path = tmp_path / "supervisor.log"
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            [sys.executable, str(script)],
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        wait_for(lambda: until(log_path.read_text()), 20, "the supervisor's output")
        started = time.monotonic()
        process.send_signal(signal.SIGTERM)
        assert process.wait(grace + 5) == 0
        return log_path.read_text(), time.monotonic() - started
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(5)


def test_a_program_that_dies_is_restarted_with_back_off(tmp_path):
    programs = {"brief": [sys.executable, "-c", "import os, signal; os.kill(os.getpid(), 9)"]}
    output, _ = run_supervisor(tmp_path, programs, lambda log: "restarting in 2s" in log)
    assert "brief exited with -9; restarting in 1s" in output
    assert output.count("brief: started") >= 2


def test_a_program_that_ignores_sigterm_is_killed_after_the_grace_period(tmp_path):
    stubborn = (
        "import signal, time\nsignal.signal(signal.SIGTERM, signal.SIG_IGN)\n"
        "print('UP-AND-RUNNING', flush=True)\ntime.sleep(60)"
    )
    output, seconds = run_supervisor(
        tmp_path,
        {"stubborn": [sys.executable, "-c", stubborn]},
        lambda log: "UP-AND-RUNNING" in log,
        grace=1,
    )
    assert "stubborn did not stop: killed" in output
    assert seconds < 5
    pid = int(re.search(r"stubborn: started \(pid (\d+)\)", output)[1])
    assert not alive(pid)
