"""A local mail catcher for development (`make run`): an SMTP server (aiosmtpd) that
delivers nowhere and writes each message it takes as an `.eml` file, to open with any
mail client or read as text.

    python -m microtache.mailcatcher [--host 127.0.0.1] [--port 1025] [--dir data/mail]

`microtache run` starts it, supervised like the services, when `SMTP_URL` is unset (the
services then send to it) or names it; an `SMTP_URL` pointing elsewhere is left alone.
aiosmtpd is a development requirement (requirements-dev.txt), never production's.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import threading
import time
import uuid
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from aiosmtpd.controller import Controller

HOST, PORT = "127.0.0.1", 1025
DEFAULT_URL = f"smtp://{HOST}:{PORT}"
LOOPBACK = ("127.0.0.1", "localhost", "::1")


def wanted(smtp_url: str | None) -> bool:
    """Whether `make run` starts the catcher: `SMTP_URL` unset (then it listens on
    127.0.0.1:1025), or plain SMTP on the loopback with no credentials (then it listens
    on that port)."""
    if not smtp_url:
        return True
    parts = urlsplit(smtp_url)
    return parts.scheme == "smtp" and parts.hostname in LOOPBACK and not parts.username


def address(smtp_url: str | None) -> tuple[str, int]:
    """Where the catcher listens for `SMTP_URL` (which `wanted`)."""
    parts = urlsplit(smtp_url or DEFAULT_URL)
    return parts.hostname or HOST, parts.port or 25


def listening(host: str = HOST, port: int = PORT) -> bool:
    """Whether something already takes connections there (another run's catcher)."""
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


class EmlWriter:
    """aiosmtpd handler: each message taken is written whole to `<folder>/<time>-<id>.eml`
    (written to a temporary name, then renamed: a reader never sees half a file)."""

    def __init__(self, folder: str) -> None:
        self.folder = folder
        os.makedirs(folder, exist_ok=True)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        content = envelope.original_content or envelope.content or b""
        if isinstance(content, str):
            content = content.encode("utf-8")
        name = f"{time.strftime('%Y%m%dT%H%M%S', time.gmtime())}-{uuid.uuid4().hex[:8]}.eml"
        path = os.path.join(self.folder, name)
        with open(path + ".tmp", "wb") as f:
            f.write(content)
        os.replace(path + ".tmp", path)
        return "250 Message accepted for delivery"


def start(folder: str, host: str = HOST, port: int = PORT) -> Controller:
    """The catcher, listening (in a thread of its own) until `.stop()`."""
    from aiosmtpd.controller import Controller

    controller = Controller(EmlWriter(folder), hostname=host, port=port)
    controller.start()
    return controller


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m microtache.mailcatcher")
    parser.add_argument("--host", default=HOST)
    parser.add_argument("--port", type=int, default=PORT)
    parser.add_argument("--dir", default=os.path.join("data", "mail"))
    args = parser.parse_args(argv)
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    controller = start(args.dir, args.host, args.port)
    print(
        f"mail catcher: smtp://{args.host}:{args.port}, messages in {os.path.abspath(args.dir)}",
        flush=True,
    )
    try:
        stop.wait()
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
