"""`microtache`: the commands that run the system around the services.

    microtache run            migrate, declare the broker, start every service
                              and the gateway (one `nameko run` each), restart any
                              that dies, stop them all on Ctrl-C (microtache.supervisor)
    microtache migrate [S..]  apply each service's Alembic migrations
    microtache declare        declare every event exchange and handler queue
    microtache dead-letters   list parked events: queue, id, event type, error, attempts
    microtache dead-letters show QUEUE ID
                              one parked event: its headers, error and body
    microtache dead-letters replay QUEUE [ID]
                              put one parked event (or the whole queue's) back to work
    microtache dead-letters discard QUEUE ID [--reason TEXT]
                              drop one parked event for good (logged: who, why)
    microtache clock reset    development: the platform clock back to the system's
                              time (offset 0; deadlines already fired stay fired)
    microtache probe SERVICE [--live | --migrated] [--rpc] [--wait S]
                              exit 0 when SERVICE is healthy: the container
                              probes of deploy/ (docs/operations.md, "Probes")

The services are those of the configuration's registry (config.yaml `SERVICES`,
`GATEWAY`): this shared kit imports none of them by name. A service's own
commands are its own (`python -m catalog.seed`).
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import time
import urllib.request
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import urlsplit

import yaml

from microtache.config import gateway, services

Config = dict[str, Any]
DEFAULT_CONFIG = os.path.join(os.path.dirname(__file__), "..", "..", "config.yaml")


def service_class(path: str) -> type:
    """The class a registry entry names (`module:Class`)."""
    module, _, name = path.partition(":")
    return getattr(importlib.import_module(module), name)


def service_package(config: Config, name: str) -> str:
    """The importable package of a service of the registry (its migrations live there)."""
    return services(config)[name].split(".")[0]


def load_config(path: str) -> Config:
    from nameko.cli.main import setup_yaml_parser

    setup_yaml_parser()
    with open(path) as f:
        return yaml.safe_load(f)


REGISTRY_KEYS = ("SERVICES", "GATEWAY", "CLOCK_SERVICE")


def registry(path: str = DEFAULT_CONFIG) -> Config:
    """The registry part of a configuration file (which services, which gateway, who
    keeps the clock): what a test or a benchmark that builds its own config needs."""
    config = load_config(path)
    return {key: config[key] for key in REGISTRY_KEYS}


def broker_answers(uri: str, timeout: float = 3) -> bool:
    from kombu import Connection

    try:
        with Connection(uri, connect_timeout=timeout) as conn:
            conn.ensure_connection(max_retries=1)
        return True
    except Exception:
        return False


def ensure_broker(config: Config) -> Any:
    """The broker at AMQP_URI, else one started with testcontainers, else a clear exit."""
    uri = config["AMQP_URI"]
    if broker_answers(uri):
        return None
    try:
        import docker

        docker.from_env().ping()
    except Exception:
        sys.exit(
            f"No RabbitMQ answers at {uri} and Docker is not available to start one.\n"
            "Start RabbitMQ (e.g. `rabbitmq-server -detached`, or "
            "`docker run -d -p 5672:5672 rabbitmq:3-management`) or set AMQP_URI."
        )
    from testcontainers.rabbitmq import RabbitMqContainer

    print("No broker at AMQP_URI: starting RabbitMQ with testcontainers...")
    container = RabbitMqContainer("rabbitmq:3-management").start()
    port = container.get_exposed_port(5672)
    config["AMQP_URI"] = os.environ["AMQP_URI"] = (
        f"amqp://guest:guest@{container.get_container_host_ip()}:{port}/"
    )
    return container


def migrate(config: Config, names: Iterable[str]) -> None:
    from microtache.config import database_url
    from microtache.migrations import upgrade

    for name in names:
        upgrade(f"{service_package(config, name)}.migrations", database_url(name, config))
        print(f"  {name}: migrated")


def declare(config: Config) -> None:
    from microtache import topology

    queues = topology.declare(config, [service_class(p) for p in services(config).values()])
    print(f"  broker: {len(queues)} event queues declared")


def secrets_env(config: Config) -> dict[str, str]:
    """What every child of `microtache run` must agree on, as environment variables:
    the token signing key and the development admin's password. Production: both come
    from the environment (no JWT_SECRET: exit with one line). Development: what is set
    wins, else the data folder's generated ones (microtache.config.development_secrets);
    a generated admin password is printed once, here."""
    from microtache.config import admin_password, is_production, jwt_secret

    refuse_without_secrets(config)
    env = {"JWT_SECRET": jwt_secret(config)}
    if is_production(config):
        return env
    given = config.get("MICROTACHE_ADMIN_PASSWORD") or os.environ.get("MICROTACHE_ADMIN_PASSWORD")
    env["MICROTACHE_ADMIN_PASSWORD"] = admin_password(config)
    if not given:
        print(
            f"Development admin: username admin, password {env['MICROTACHE_ADMIN_PASSWORD']}\n"
            f"  (generated once for {os.path.abspath(config['DATA_DIR'])}, kept in its "
            "secrets.json; set MICROTACHE_ADMIN_PASSWORD to choose it)",
            flush=True,
        )
    return env


def refuse_without_secrets(config: Config) -> None:
    """Production without JWT_SECRET: exit non-zero with one clear line."""
    from microtache.config import MissingSecret, is_production, jwt_secret

    if is_production(config):
        try:
            jwt_secret(config)
        except MissingSecret as exc:
            sys.exit(f"microtache: {exc}")


def check_settings(config: Config) -> None:
    """The whole configuration checked before anything starts (microtache.settings): a
    wrong value stops here, once, rather than in every process the supervisor restarts."""
    from microtache.settings import ConfigurationError, check

    try:
        check(config, registry=True)
    except ConfigurationError as exc:
        sys.exit(f"microtache: the configuration is not valid:\n{exc}")


def run(config_path: str) -> None:
    from microtache.supervisor import Supervisor

    config = load_config(config_path)
    check_settings(config)
    secrets = secrets_env(config)
    container = ensure_broker(config)
    print("Microtache: applying migrations")
    prepare(config_path)
    env = {**os.environ, **secrets, "AMQP_URI": config["AMQP_URI"], "MIGRATE_ON_START": "false"}
    programs = {
        name: [sys.executable, "-m", "microtache.serve", "--config", config_path, path]
        for name, path in [*services(config).items(), ("gateway", gateway(config))]
    }
    mail = mail_catcher(config, env, programs)
    address = config["WEB_SERVER_ADDRESS"].replace("0.0.0.0", "127.0.0.1")
    ready_message = (
        f"\nMicrotache is up: http://{address}  (API docs: "
        f"http://{address}/docs){mail}\nPress Ctrl-C to stop."
    )
    if container is None:
        # This process becomes the supervisor (same pid, signals and output): a fresh
        # interpreter that imports microtache.supervisor alone, not what preparing took.
        import json

        spec = {
            "programs": programs,
            "ready_url": f"http://{address}/ready",
            "ready_message": ready_message,
        }
        sys.stdout.flush()
        sys.stderr.flush()
        os.execve(
            sys.executable,
            [sys.executable, "-m", "microtache.supervisor", json.dumps(spec)],
            env,
        )
    supervisor = Supervisor(
        programs,
        env=env,
        ready=lambda: gateway_ready(f"http://{address}/ready"),
        ready_message=ready_message,
    )
    try:
        supervisor.run()
    finally:
        if container is not None:
            container.stop()


PREPARE = (
    "import sys; from microtache.cli import declare, load_config, migrate, services; "
    "config = load_config(sys.argv[1]); migrate(config, services(config)); declare(config)"
)


def prepare(config_path: str) -> None:
    """`microtache run`'s migrations and declarations, in a process of their own: they
    import every service's code, its models and Alembic (~90 MiB), which the supervisor
    would otherwise keep for as long as it runs. A failure stops `run` here, as before."""
    import subprocess

    done = subprocess.run([sys.executable, "-c", PREPARE, config_path])
    if done.returncode:
        sys.exit(done.returncode)


def mail_catcher(config: Config, env: dict[str, str], programs: dict[str, list[str]]) -> str:
    """Development: unless `SMTP_URL` points elsewhere, a local mail catcher
    (microtache.mailcatcher) joins the programs, the services send to it, and what it
    catches lands in <DATA_DIR>/mail/ as .eml files. Returns the line that says where."""
    from microtache import mailcatcher
    from microtache.config import is_production

    smtp_url = config.get("SMTP_URL") or os.environ.get("SMTP_URL") or ""
    if is_production(config) or not mailcatcher.wanted(smtp_url):
        where = urlsplit(smtp_url)  # never the credentials on the screen
        return f"\nE-mail goes to {where.hostname}:{where.port or 25}" if smtp_url else ""
    folder = os.path.abspath(os.path.join(config.get("DATA_DIR") or "data", "mail"))
    env["SMTP_URL"] = smtp_url = smtp_url or mailcatcher.DEFAULT_URL
    host, port = mailcatcher.address(smtp_url)
    if mailcatcher.listening(host, port):
        return (
            f"\nE-mail goes to the SMTP server already on {smtp_url} "
            "(another run's catcher?): no catcher started"
        )
    programs["mail"] = [
        *(sys.executable, "-m", "microtache.mailcatcher"),
        *("--host", host, "--port", str(port), "--dir", folder),
    ]
    return f"\nE-mails are caught by {smtp_url}: read them in {folder}/*.eml"


def gateway_ready(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except Exception:
        return False


def dead_letters(
    config: Config,
    action: str | None = None,
    queue: str | None = None,
    id_: str | None = None,
    reason: str = "",
) -> int:
    """`microtache dead-letters [show|replay|discard]` (microtache.deadletters)."""
    import getpass
    import json

    from microtache import deadletters
    from microtache.errors import NotFound

    classes = [service_class(p) for p in services(config).values()]
    try:
        if action == "show" and queue and id_:
            print(json.dumps(deadletters.show(config, queue, id_, classes), indent=2))
        elif action == "replay" and queue and id_:
            deadletters.replay_one(config, queue, id_, classes)
            print(f"replayed {id_} into {queue.removesuffix('.dead')}")
        elif action == "replay" and queue:
            done = deadletters.replay_queue(config, queue, classes)
            print(f"replayed {done['replayed']} event(s) into {done['queue']}")
        elif action == "discard" and queue and id_:
            try:
                who = getpass.getuser()
            except Exception:
                who = "unknown"
            deadletters.discard(config, queue, id_, f"{who} (cli)", reason, classes)
            print(f"discarded {id_} from {queue.removesuffix('.dead')}.dead")
        else:
            listing = deadletters.list_messages(config, classes)
            if not listing["queues"]:
                print("no parked events")
            for entry in listing["queues"]:
                print(f"{entry['count']:6d}  {entry['dead_letter_queue']}")
                for message in listing["messages"]:
                    if message["queue"] == entry["queue"]:
                        error = (message["error"] or "").splitlines()[-1:] or [""]
                        print(
                            f"        {message['id']}  {message['event_type']}  "
                            f"attempts={message['attempts']}  {error[0][:120]}"
                        )
    except NotFound as exc:
        print(f"microtache: {exc.message} {exc.details}", file=sys.stderr)
        return 1
    return 0


def clock_reset(config: Config) -> int:
    """`microtache clock reset`: the scheduler's `reset_clock` (refused in production)."""
    from nameko.standalone.rpc import ClusterRpcProxy

    from microtache.config import clock_service
    from microtache.errors import Forbidden

    try:
        with ClusterRpcProxy(config, timeout=60) as rpc:
            answer = rpc[clock_service(config)].reset_clock()
    except Forbidden as exc:
        print(f"microtache: {exc.message}", file=sys.stderr)
        return 1
    print(f"clock reset: now {answer['now']} (offset {answer['offset_seconds']:g} s)")
    return 0


# Probes by command: what docker compose runs inside a service's container, and what an
# operator may run by hand. Kubernetes asks each process's metrics port instead
# (/healthz, /readyz: no process to start). See docs/operations.md, "Probes".
PROBE_RETRY_INTERVAL = 2.0


def _socket_inodes(pid: int) -> set[str]:
    inodes = set()
    for fd in os.listdir(f"/proc/{pid}/fd"):
        try:
            target = os.readlink(f"/proc/{pid}/fd/{fd}")
        except OSError:
            continue  # closed meanwhile
        if target.startswith("socket:["):
            inodes.add(target[len("socket:[") : -1])
    return inodes


def holds_broker_connection(pid: int, uri: str) -> str | None:
    """Whether process `pid` has an established TCP connection to the broker's port
    (read from /proc, so it checks that very process, and sends nothing)."""
    from kombu.utils.url import parse_url

    parts = parse_url(uri)
    port = int(parts.get("port") or (5671 if uri.startswith("amqps") else 5672))
    if not os.path.isdir(f"/proc/{pid}"):
        return f"process {pid} is not running"
    try:
        inodes = _socket_inodes(pid)
    except OSError as exc:
        return f"cannot read the sockets of process {pid}: {exc.strerror}"
    for table in ("tcp", "tcp6"):
        try:
            with open(f"/proc/{pid}/net/{table}") as f:
                rows = f.read().splitlines()[1:]
        except OSError:
            continue
        for row in rows:
            fields = row.split()
            remote, state, inode = fields[2], fields[3], fields[9]
            if state == "01" and inode in inodes and int(remote.rsplit(":", 1)[1], 16) == port:
                return None  # 01: ESTABLISHED
    return f"process {pid} has no connection to the broker (port {port})"


def _database_answers(url: str, timeout: float) -> None:
    from sqlalchemy import create_engine, text

    from microtache.database import driver_url

    connect_args = {"connect_timeout": max(1, int(timeout))} if url.startswith("postgres") else {}
    engine = create_engine(driver_url(url), connect_args=connect_args)
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    finally:
        engine.dispose()


def _schema_at_head(config: Config, name: str, url: str) -> str | None:
    """None when the service's database is at its migrations' head revision(s), or ahead
    of them (migrated by a newer release: this is a rollback, and migrations are written
    so that the previous release runs on the new schema; docs/operations.md)."""
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory
    from alembic.util import CommandError
    from sqlalchemy import create_engine

    from microtache.database import driver_url
    from microtache.migrations import alembic_config

    package = service_package(config, name)
    script = ScriptDirectory.from_config(alembic_config(f"{package}.migrations", url))
    heads = set(script.get_heads())
    engine = create_engine(driver_url(url))
    try:
        with engine.connect() as conn:
            current = set(MigrationContext.configure(conn).get_current_heads())
    finally:
        engine.dispose()

    def known(revision: str) -> bool:
        try:
            return script.get_revision(revision) is not None
        except CommandError:
            return False

    if current == heads:
        return None
    if current and not all(known(revision) for revision in current):
        print(
            f"{name} schema: {', '.join(sorted(current))} is newer than this release "
            f"({', '.join(sorted(heads))}): running on it"
        )
        return None
    return (
        f"schema at {', '.join(sorted(current)) or 'nothing'}, "
        f"expected {', '.join(sorted(heads))}: run `microtache migrate {name}`"
    )


def _gateway_answers(config: Config, timeout: float) -> str | None:
    port = str(config.get("WEB_SERVER_ADDRESS") or "0.0.0.0:8000").rsplit(":", 1)[1]
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=timeout) as response:
        if response.status != 200:
            return f"GET /health answered {response.status}"
    return None


def _service_answers_ping(config: Config, name: str, timeout: float) -> None:
    from nameko.standalone.rpc import ClusterRpcProxy

    with ClusterRpcProxy(config, timeout=timeout) as proxy:
        getattr(proxy, name).ping()


def probe_checks(
    config: Config,
    name: str,
    live: bool = False,
    rpc: bool = False,
    migrated: bool = False,
    pid: int = 1,
    timeout: float = 5.0,
) -> list[tuple[str, Callable[[], str | None]]]:
    """[(label, check)]: each check returns None when fine, else what is wrong (or raises).

    --live      the process (pid, 1 in a container) holds its broker connection
    (default)   readiness: that, the broker answers, and the service's own database
                answers (the gateway: its HTTP /health answers)
    --rpc       also: the service answers its `ping` RPC (through the broker, any replica)
    --migrated  the service's database is at its migrations' head (no broker needed)
    """
    from microtache.config import database_url

    uri = config["AMQP_URI"]
    if migrated:
        return [("schema", lambda: _schema_at_head(config, name, database_url(name, config)))]
    checks = [("process", lambda: holds_broker_connection(pid, uri))]
    if live:
        return checks
    checks.append(
        ("broker", lambda: None if broker_answers(uri, timeout) else "no answer at the broker")
    )
    if name == "gateway":
        checks.append(("http", lambda: _gateway_answers(config, timeout)))
    else:
        checks.append(("database", lambda: _database_answers(database_url(name, config), timeout)))
    if rpc and name != "gateway":
        checks.append(("ping", lambda: _service_answers_ping(config, name, timeout)))
    return checks


def probe(config: Config, name: str, wait: float = 0.0, **options: Any) -> int:
    """Run the checks (again every 2 s for up to `wait` seconds until they pass);
    print one line per check; 0 when all pass, else 1."""
    deadline = time.monotonic() + wait
    while True:
        results = []
        for label, check in probe_checks(config, name, **options):
            try:
                results.append((label, check()))
            except Exception as exc:
                results.append((label, f"{exc.__class__.__name__}: {exc}"[:300]))
        failed = [label for label, error in results if error]
        if not failed or time.monotonic() + PROBE_RETRY_INTERVAL > deadline:
            break
        time.sleep(PROBE_RETRY_INTERVAL)
    for label, error in results:
        print(f"{name} {label}: {error or 'ok'}")
    return 1 if failed else 0


def main(argv: list[str] | None = None) -> int | None:
    # the configuration first: its registry names the services the commands accept
    first = argparse.ArgumentParser(add_help=False)
    first.add_argument("--config", default=os.environ.get("MICROTACHE_CONFIG", DEFAULT_CONFIG))
    known, _ = first.parse_known_args(argv)
    config_path = os.path.abspath(known.config)
    config = load_config(config_path)
    names = list(services(config))
    parser = argparse.ArgumentParser(
        prog="microtache",
        description=__doc__,
        parents=[first],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("run")
    migrate_cmd = commands.add_parser("migrate")
    migrate_cmd.add_argument(
        "services", nargs="*", metavar="SERVICE", help=f"any of {', '.join(names)} (default: all)"
    )
    commands.add_parser("declare")
    dead = commands.add_parser("dead-letters", help="parked events: list, show, replay, discard")
    dead.add_argument("--replay", metavar="QUEUE", help="the same as `replay QUEUE`")
    dead_actions = dead.add_subparsers(dest="action")
    dead_show = dead_actions.add_parser("show", help="one parked event: headers, error, body")
    dead_replay = dead_actions.add_parser("replay", help="back to its queue, attempts reset")
    dead_discard = dead_actions.add_parser("discard", help="acknowledged and gone (logged)")
    for sub in (dead_show, dead_replay, dead_discard):
        sub.add_argument("queue", metavar="QUEUE", help="the handler's queue (or its .dead)")
    dead_show.add_argument("id", metavar="ID", help="its event_id (as the list shows it)")
    dead_replay.add_argument("id", metavar="ID", nargs="?", help="one event (default: all)")
    dead_discard.add_argument("id", metavar="ID")
    dead_discard.add_argument("--reason", default="", help="why, for the log")
    clock_cmd = commands.add_parser("clock", help="the platform clock (development)")
    clock_cmd.add_argument("action", choices=["reset"])
    probe_cmd = commands.add_parser("probe", help="exit 0 when a service is healthy")
    probe_cmd.add_argument("service", choices=[*names, "gateway"])
    mode = probe_cmd.add_mutually_exclusive_group()
    mode.add_argument(
        "--live", action="store_true", help="liveness: the process holds its broker connection"
    )
    mode.add_argument(
        "--migrated", action="store_true", help="the database is at the migrations' head"
    )
    probe_cmd.add_argument(
        "--rpc", action="store_true", help="also: the service answers its ping RPC"
    )
    probe_cmd.add_argument(
        "--pid", type=int, default=1, help="the service's process (default 1: a container's)"
    )
    probe_cmd.add_argument("--timeout", type=float, default=5.0, help="seconds per check")
    probe_cmd.add_argument(
        "--wait",
        type=float,
        default=0.0,
        help="retry for up to this many seconds until the checks pass",
    )
    args = parser.parse_args(argv)
    if args.command == "run":
        run(config_path)
        return 0
    if args.command == "migrate":
        unknown = set(args.services) - set(names)
        if unknown:
            parser.error(f"unknown services: {', '.join(sorted(unknown))}")
        migrate(config, args.services or names)
        return 0
    if args.command == "declare":
        declare(config)
        return 0
    if args.command == "probe":
        if args.migrated and args.service == "gateway":
            parser.error("the gateway has no database")
        if args.service == "gateway":
            refuse_without_secrets(config)
        sys.exit(
            probe(
                config,
                args.service,
                wait=args.wait,
                live=args.live,
                rpc=args.rpc,
                migrated=args.migrated,
                pid=args.pid,
                timeout=args.timeout,
            )
        )
    if args.command == "clock":
        return clock_reset(config)
    if args.replay and not args.action:
        return dead_letters(config, "replay", args.replay)
    return dead_letters(
        config,
        args.action,
        getattr(args, "queue", None),
        getattr(args, "id", None),
        getattr(args, "reason", ""),
    )


if __name__ == "__main__":
    sys.exit(main())
