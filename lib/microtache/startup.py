"""What every Microtache process that runs services does first (`prepare()`).

* **Green the standard library** with eventlet, before anything imports it, as `nameko
  run` does: kombu binds `time.sleep` on import, and an ungreened sleep in its
  reconnect loop would freeze the whole process (HTTP included) while the broker is
  away.
* **Look names up in threads.** Eventlet's own resolver (greendns) answers without
  blocking through dnspython, which loads `cryptography` for DNSSEC: 19 MiB in every
  process (docs/performance.md, "Footprint"). It is off (`EVENTLET_NO_GREENDNS`), and
  each lookup runs the system's resolver (/etc/hosts, the cluster's DNS) in eventlet's
  pool of OS threads instead, so the process goes on serving while a lookup waits.
  `EVENTLET_NO_GREENDNS=no` in the environment brings greendns back.
* **psycopg2 only where a database is PostgreSQL**: eventlet greens it on patching,
  importing it in every process (5 MiB); `green_psycopg()` does it when the first
  PostgreSQL engine is made (`microtache.database.make_engine`).
* **The messages' codec** (`microtache.codec`, orjson) in kombu's place.

Nothing here may import kombu, nameko or the services before the patching.
"""

from __future__ import annotations

import os
import sys
from typing import Any

LOOKUPS = ("getaddrinfo", "gethostbyname", "gethostbyname_ex", "getnameinfo")


def prepare() -> None:
    os.environ.setdefault("EVENTLET_NO_GREENDNS", "yes")
    os.environ.setdefault("EVENTLET_THREADPOOL_SIZE", "4")  # lookups only: 20 is eventlet's
    import eventlet

    if os.environ["EVENTLET_NO_GREENDNS"].lower() == "yes":
        _lookups_in_threads()
    eventlet.monkey_patch(psycopg=False)

    from microtache import codec

    codec.register()


def _lookups_in_threads() -> None:
    """The green socket module's lookups, each run by a pool thread (`tpool`): patching
    copies them into `socket`, and its `create_connection` looks up through them."""
    from eventlet import tpool
    from eventlet.green import _socket_nodns as blocking, socket as green_socket

    def in_a_thread(lookup: Any) -> Any:
        def looked_up(*args: Any, **kwargs: Any) -> Any:
            return tpool.execute(lookup, *args, **kwargs)

        looked_up.__name__ = looked_up.__qualname__ = lookup.__name__
        return looked_up

    for name in LOOKUPS:
        setattr(green_socket, name, in_a_thread(getattr(blocking, name)))


def green_psycopg() -> None:
    """Make psycopg2 cooperative, in a greened process (idempotent)."""
    if "eventlet" not in sys.modules:
        return
    from eventlet import patcher

    if patcher.is_monkey_patched("socket"):
        from eventlet.support import psycopg2_patcher

        psycopg2_patcher.make_psycopg_green()
