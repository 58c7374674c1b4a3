"""`python -m microtache.serve --config config.yaml catalog.service:CatalogService`

Exactly `nameko run`, without eventlet's deprecation banner in every log, and
stopping once however many SIGTERMs arrive.

Nameko 2.14's `run` spawns `ServiceRunner.stop` on *every* SIGTERM. A process
that gets two (a signal sent to its whole process group, plus the one its
supervisor forwards) stops its containers twice at once: a timer's stop raises
"Trying to re-send() an already-triggered event", the queue consumer's removal
of a consumer raises KeyError or waits forever, and the process hangs until
SIGKILL. Here the handler nameko installs for SIGTERM runs once; a later
SIGTERM is ignored (the stop under way goes on). Patched for nameko 2.14 only,
where `run` installs its handler with `signal.signal(signal.SIGTERM, shutdown)`
(tests/test_supervisor.py sends it twice).
"""

from microtache import startup  # noqa: I001  (before anything imports the standard library)

startup.prepare()  # greened, lookups in threads, the messages' codec

import os  # noqa: E402
import signal  # noqa: E402
import sys  # noqa: E402
from collections.abc import Callable  # noqa: E402
from importlib.metadata import version  # noqa: E402
from types import FrameType  # noqa: E402
from typing import Any  # noqa: E402

from nameko.cli import run as nameko_run  # noqa: E402
from nameko.cli.main import main  # noqa: E402

SignalHandler = Callable[[int, FrameType | None], Any]


class _Once:
    """A signal handler that runs `wrapped` for its first signal only."""

    def __init__(self, wrapped: SignalHandler) -> None:
        self.wrapped = wrapped
        self.fired: list[int] = []

    def __call__(self, signum: int, frame: FrameType | None) -> Any:
        if self.fired:
            os.write(2, b"SIGTERM again while stopping: ignored\n")
            return None
        self.fired.append(signum)
        return self.wrapped(signum, frame)


def once(handler: SignalHandler) -> _Once:
    """`handler` for its first signal; later ones are only noted on stderr."""
    return _Once(handler)


class _SignalOnce:
    """The `signal` module as nameko.cli.run sees it: SIGTERM handlers run once."""

    def __getattr__(self, name: str) -> Any:
        return getattr(signal, name)

    def signal(
        self, signum: int, handler: SignalHandler | int | None
    ) -> SignalHandler | int | None:
        if signum == signal.SIGTERM and callable(handler):
            handler = once(handler)
        return signal.signal(signum, handler)


def stop_once_on_sigterm() -> bool:
    """Patch nameko 2.14's `run` (only that version: True when patched)."""
    if not version("nameko").startswith("2.14."):
        return False
    nameko_run.signal = _SignalOnce()
    return True


def check_configuration(argv: list[str]) -> None:
    """The whole configuration of `--config`, checked before anything starts: a wrong
    value stops the process with one line per setting (microtache.settings)."""
    from microtache.cli import load_config
    from microtache.settings import ConfigurationError, check

    path = argv[argv.index("--config") + 1] if "--config" in argv else None
    if path is None:
        return
    try:
        check(load_config(path))
    except ConfigurationError as exc:
        sys.stderr.write(f"microtache: the configuration is not valid:\n{exc}\n")
        sys.exit(2)


if __name__ == "__main__":
    check_configuration(sys.argv)
    stop_once_on_sigterm()
    sys.argv = ["nameko", "run", *sys.argv[1:]]
    main()
