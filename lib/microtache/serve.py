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
import microtache  # noqa: F401,I001  (quiets eventlet's banner before nameko imports it)
import eventlet

# Green the standard library before anything imports it, as `nameko run` itself does
# first: kombu binds `time.sleep` on import, and an ungreened sleep in its reconnect
# loop would freeze the whole process (HTTP included) while the broker is away.
eventlet.monkey_patch()

import os  # noqa: E402
import signal  # noqa: E402
import sys  # noqa: E402
from importlib.metadata import version  # noqa: E402

from nameko.cli import run as nameko_run  # noqa: E402
from nameko.cli.main import main  # noqa: E402


def once(handler):
    """`handler` for its first signal; later ones are only noted on stderr."""
    fired = []

    def handle_once(signum, frame):
        if fired:
            os.write(2, b"SIGTERM again while stopping: ignored\n")
            return
        fired.append(signum)
        return handler(signum, frame)
    handle_once.wrapped = handler
    return handle_once


class _SignalOnce:
    """The `signal` module as nameko.cli.run sees it: SIGTERM handlers run once."""

    def __getattr__(self, name):
        return getattr(signal, name)

    def signal(self, signum, handler):
        if signum == signal.SIGTERM and callable(handler):
            handler = once(handler)
        return signal.signal(signum, handler)


def stop_once_on_sigterm():
    """Patch nameko 2.14's `run` (only that version: True when patched)."""
    if not version("nameko").startswith("2.14."):
        return False
    nameko_run.signal = _SignalOnce()
    return True


if __name__ == "__main__":
    stop_once_on_sigterm()
    sys.argv = ["nameko", "run", *sys.argv[1:]]
    main()
