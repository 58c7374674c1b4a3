"""How a service process starts (microtache.startup): greened, name lookups in
threads, nothing loaded that it does not use. Each check runs in a fresh interpreter,
as a service starts."""

import os
import subprocess
import sys
import textwrap

SLOW_LOOKUP = textwrap.dedent(
    """
    import sys, time
    from eventlet.green import _socket_nodns as blocking

    real_sleep, real_lookup = time.sleep, blocking.getaddrinfo

    def slow_lookup(*args, **kwargs):  # a DNS server taking half a second to answer
        real_sleep(0.5)
        return real_lookup(*args, **kwargs)

    blocking.getaddrinfo = slow_lookup

    from microtache import startup

    startup.prepare()
    import socket
    import eventlet

    ticks = []

    def tick():
        while True:
            ticks.append(1)
            eventlet.sleep(0.01)

    eventlet.spawn(tick)
    eventlet.sleep(0)
    assert socket.getaddrinfo("localhost", 5672)[0][4][1] == 5672
    print(len(ticks))
    """
)

LOADED = textwrap.dedent(
    """
    import sys
    from microtache import startup

    startup.prepare()
    import gateway.service, orders.service
    print(" ".join(sorted(m for m in ("dns", "psycopg2", "sqlalchemy")
                          if m in sys.modules)))
    from microtache.database import make_engine
    make_engine("postgresql://nobody@127.0.0.1:1/none")
    from psycopg2 import extensions
    print(extensions.get_wait_callback() is not None)
    """
)


def run(code):
    env = {key: value for key, value in os.environ.items() if not key.startswith("EVENTLET")}
    done = subprocess.run(
        [sys.executable, "-W", "ignore", "-c", code],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.split("\n")


def test_the_process_keeps_running_while_a_name_is_looked_up():
    ticks = int(run(SLOW_LOOKUP)[0])
    assert ticks >= 20  # ~50 in the half second: the lookup waited in a thread


def test_a_service_loads_no_dns_library_and_psycopg2_only_for_postgresql():
    loaded, greened = run(LOADED)[:2]
    assert loaded == "sqlalchemy"  # orders has a database; dnspython is not loaded
    assert greened == "True"  # the first PostgreSQL engine made psycopg2 cooperative
