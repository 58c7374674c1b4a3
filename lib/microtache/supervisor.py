"""`microtache run`'s supervisor: keep every process up, stop them all on one signal.

* A process that dies is started again after a back-off (1 s, doubling up to
  30 s; back to 1 s once it has run for `HEALTHY_AFTER` seconds), and this is
  said on stdout: "payments exited with -9; restarting in 1s".
* One Ctrl-C or SIGTERM stops everything: each process gets SIGTERM once (a
  service then finishes its running work), and SIGKILL if it is still there
  after `GRACE` seconds. A second Ctrl-C or SIGTERM kills at once.
* Each process runs in a session of its own, so that a signal sent to the
  supervisor's whole process group (`kill -TERM -- -PGID`, systemd, a terminal's
  Ctrl-C) reaches the supervisor alone, and only the supervisor signals the
  services: exactly one SIGTERM each. On Linux a process also gets SIGTERM if
  the supervisor itself dies (SIGKILL), so none is left behind.
"""

from __future__ import annotations

import ctypes
import json
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from types import FrameType

FIRST_DELAY = 1.0  # seconds before the first restart of a process that died
MAX_DELAY = 30.0  # the back-off doubles up to this
HEALTHY_AFTER = 30.0  # a process up this long starts again from FIRST_DELAY
GRACE = 10.0  # seconds between SIGTERM and SIGKILL when stopping
TICK = 0.2


def say(message: str) -> None:
    print(message, flush=True)


try:
    _prctl = ctypes.CDLL(None, use_errno=True).prctl if sys.platform == "linux" else None
except (OSError, AttributeError):
    _prctl = None
PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:
    """In the child, before exec: SIGTERM when the supervisor dies (Linux)."""
    if _prctl is not None:
        _prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


class Program:
    """One supervised process: its command, the running Popen, its back-off."""

    def __init__(self, name: str, argv: Sequence[str]) -> None:
        self.name, self.argv = name, argv
        self.process: subprocess.Popen[bytes] | None = None
        self.started_at = 0.0
        self.failures = 0  # consecutive short runs, for the back-off
        self.restart_at: float | None = None  # monotonic time of the next start, when it died

    def start(self, env: Mapping[str, str] | None) -> int:
        self.process = subprocess.Popen(
            self.argv,
            env=env,
            start_new_session=True,
            preexec_fn=_die_with_parent if _prctl else None,
        )
        self.started_at = time.monotonic()
        self.restart_at = None
        return self.process.pid

    @property
    def started_process(self) -> subprocess.Popen[bytes]:
        """The process, once `start` has run."""
        if self.process is None:
            raise RuntimeError(f"{self.name} was never started")
        return self.process

    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def next_delay(self, now: float) -> float:
        """The back-off before restarting this process, which just exited."""
        if now - self.started_at >= HEALTHY_AFTER:
            self.failures = 0
        delay = min(FIRST_DELAY * 2**self.failures, MAX_DELAY)
        self.failures += 1
        return delay


class Supervisor:
    """Runs `programs` ({name: argv}) until told to stop; `ready()` (optional) is
    polled until it returns true, then `ready_message` is printed."""

    def __init__(
        self,
        programs: Mapping[str, Sequence[str]],
        env: Mapping[str, str] | None = None,
        ready: Callable[[], bool] | None = None,
        ready_message: str | None = None,
        ready_within: float = 90,
        grace: float = GRACE,
    ) -> None:
        self.programs = [Program(name, argv) for name, argv in programs.items()]
        self.env = env
        self.ready, self.ready_message, self.ready_within = ready, ready_message, ready_within
        self.grace = grace
        self.signals: list[int] = []

    def _on_signal(self, signum: int, frame: FrameType | None) -> None:
        self.signals.append(signum)

    def run(self) -> None:
        """Start every program, keep them up; returns once all have stopped."""
        previous = {
            signum: signal.signal(signum, self._on_signal)
            for signum in (signal.SIGINT, signal.SIGTERM)
        }
        try:
            for program in self.programs:
                self._start(program)
            self._supervise()
        finally:
            self.stop()
            for signum, handler in previous.items():
                signal.signal(signum, handler)

    def _start(self, program: Program) -> None:
        pid = program.start(self.env)
        say(f"  {program.name}: started (pid {pid})")

    def _supervise(self) -> None:
        started = time.monotonic()
        announced = self.ready is None
        while not self.signals:
            now = time.monotonic()
            for program in self.programs:
                if program.restart_at is not None:
                    if now >= program.restart_at:
                        self._start(program)
                elif not program.running():
                    delay = program.next_delay(now)
                    program.restart_at = now + delay
                    say(
                        f"{program.name} exited with {program.started_process.returncode}; "
                        f"restarting in {delay:g}s"
                    )
            if not announced and not self.signals and self.ready is not None:
                if self.ready():
                    announced = True
                    say(self.ready_message or "ready")
                elif now - started > self.ready_within:
                    announced = True
                    say(f"Not ready after {self.ready_within}s; still trying (see the logs above).")
            time.sleep(TICK)

    def stop(self) -> None:
        """SIGTERM to every running program once; SIGKILL to any left after the grace
        period (at once on a second signal)."""
        running = [p for p in self.programs if p.running()]
        if not running:
            return
        say("\nStopping: every service finishes its running work first...")
        signals_before = len(self.signals)
        for program in running:
            program.started_process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + self.grace
        while any(p.running() for p in running):
            if time.monotonic() >= deadline or len(self.signals) > signals_before:
                for program in running:
                    if program.running():
                        say(f"{program.name} did not stop: killed")
                        program.started_process.kill()
                for program in running:
                    program.started_process.wait()
                break
            time.sleep(0.1)
        say("Stopped.")


def url_answers(url: str) -> bool:
    """True when `url` answers 200 (the gateway's /ready)."""
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return bool(response.status == 200)
    except Exception:
        return False


def main(argv: Sequence[str] | None = None) -> None:
    """`python -m microtache.supervisor SPEC`: what `microtache run` becomes (exec, same
    process) once the system is prepared. SPEC is JSON: `programs` ({name: argv}),
    `ready_url`, `ready_message`; the programs get this process's environment. The
    process that supervises then holds none of the configuration's imports (Nameko,
    eventlet, pydantic): ~30 MiB less for as long as the system runs."""
    spec = json.loads((sys.argv[1:] if argv is None else argv)[0])
    url = spec.get("ready_url")
    Supervisor(
        spec["programs"],
        ready=(lambda: url_answers(url)) if url else None,
        ready_message=spec.get("ready_message"),
    ).run()


if __name__ == "__main__":
    main()
