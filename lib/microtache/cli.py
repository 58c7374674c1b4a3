"""`microtache`: the commands that run the system around the services.

    microtache run            migrate, declare the broker, start every service
                              and the gateway (one `nameko run` each), stop on Ctrl-C
    microtache migrate [S..]  apply each service's Alembic migrations
    microtache declare        declare every event exchange and handler queue
    microtache dead-letters [--replay QUEUE]
                              list parked events, or put one queue's back to work
    microtache seed-catalog [--gigs N] [--sellers N]
                              a realistic catalog (100,000 gigs, 20,000 sellers)
"""
import argparse
import importlib
import os
import signal
import subprocess
import sys
import time
import urllib.request

import yaml

SERVICES = {
    "catalog": "catalog.service:CatalogService",
    "requests": "buyer_requests.service:RequestsService",
    "orders": "orders.service:OrdersService",
    "reviews": "reviews.service:ReviewsService",
    "payments": "payments.service:PaymentsService",
    "scheduler": "scheduler.service:SchedulerService",
}
GATEWAY = "gateway.service:GatewayService"
DEFAULT_CONFIG = os.path.join(os.path.dirname(__file__), "..", "..", "config.yaml")


def service_class(path):
    module, _, name = path.partition(":")
    return getattr(importlib.import_module(module), name)


def load_config(path):
    from nameko.cli.main import setup_yaml_parser
    setup_yaml_parser()
    with open(path) as f:
        return yaml.safe_load(f)


def broker_answers(uri, timeout=3):
    from kombu import Connection
    try:
        with Connection(uri, connect_timeout=timeout) as conn:
            conn.ensure_connection(max_retries=1)
        return True
    except Exception:
        return False


def ensure_broker(config):
    """The broker at AMQP_URI, else one started with testcontainers, else a clear exit."""
    uri = config["AMQP_URI"]
    if broker_answers(uri):
        return None
    try:
        import docker
        docker.from_env().ping()
    except Exception:
        sys.exit(f"No RabbitMQ answers at {uri} and Docker is not available to start one.\n"
                 "Start RabbitMQ (e.g. `rabbitmq-server -detached`, or "
                 "`docker run -d -p 5672:5672 rabbitmq:3-management`) or set AMQP_URI.")
    from testcontainers.rabbitmq import RabbitMqContainer
    print("No broker at AMQP_URI: starting RabbitMQ with testcontainers...")
    container = RabbitMqContainer("rabbitmq:3-management").start()
    port = container.get_exposed_port(5672)
    config["AMQP_URI"] = os.environ["AMQP_URI"] = (
        f"amqp://guest:guest@{container.get_container_host_ip()}:{port}/")
    return container


def migrate(config, names):
    from microtache.config import database_url
    from microtache.migrations import upgrade
    for name in names:
        module = SERVICES[name].split(".")[0]
        upgrade(f"{module}.migrations", database_url(name, config))
        print(f"  {name}: migrated")


def declare(config):
    from microtache import topology
    queues = topology.declare(config, [service_class(p) for p in SERVICES.values()])
    print(f"  broker: {len(queues)} event queues declared")


def run(config_path):
    config = load_config(config_path)
    container = ensure_broker(config)
    print("Microtache: applying migrations")
    migrate(config, SERVICES)
    declare(config)
    env = {**os.environ, "AMQP_URI": config["AMQP_URI"], "MIGRATE_ON_START": "false"}
    children = {}
    for name, path in [*SERVICES.items(), ("gateway", GATEWAY)]:
        children[name] = subprocess.Popen(
            [sys.executable, "-m", "microtache.serve", "--config", config_path, path], env=env)
    address = config["WEB_SERVER_ADDRESS"].replace("0.0.0.0", "127.0.0.1")
    stopping = []
    for signum in (signal.SIGINT, signal.SIGTERM):   # Ctrl-C, or `kill`
        signal.signal(signum, lambda *_: stopping.append(True))
    try:
        wait_until_ready(f"http://{address}/ready", children, stopping)
        print(f"\nMicrotache is up: http://{address}  (API docs: http://{address}/docs)\n"
              "Press Ctrl-C to stop.")
        while not stopping:
            for name, child in children.items():
                if child.poll() is not None:
                    print(f"{name} exited with {child.returncode}; stopping everything")
                    stopping.append(True)
            time.sleep(0.5)
    finally:
        print("\nStopping: every service finishes its running work first...")
        for child in children.values():
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)
        for child in children.values():
            try:
                child.wait(timeout=30)
            except subprocess.TimeoutExpired:
                child.kill()
        if container is not None:
            container.stop()
        print("Stopped.")


def wait_until_ready(url, children, stopping, timeout=90):
    deadline = time.time() + timeout
    while time.time() < deadline and not stopping:
        if any(child.poll() is not None for child in children.values()):
            raise SystemExit("A service failed to start; see its log above.")
        try:
            with urllib.request.urlopen(url, timeout=3) as response:
                if response.status == 200:
                    return
        except Exception:
            pass
        time.sleep(0.5)
    if not stopping:
        raise SystemExit(f"The system was not ready after {timeout}s ({url}).")


def seed_catalog(config, gigs, sellers):
    from catalog.adapters.seeding import seed
    from microtache.config import database_url
    from microtache.database import make_engine
    migrate(config, ["catalog"])
    engine = make_engine(database_url("catalog", config))
    print(seed(engine, gigs, sellers))
    engine.dispose()


def dead_letters(config, replay=None):
    from microtache.deadletters import list_parked, replay_parked
    classes = [service_class(p) for p in SERVICES.values()]
    if replay:
        print(f"replayed {replay_parked(config, replay)} event(s) into {replay}")
        return
    for queue, count in list_parked(config, classes):
        print(f"{count:6d}  {queue}.dead")


def main(argv=None):
    parser = argparse.ArgumentParser(prog="microtache", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--config", default=os.environ.get("MICROTACHE_CONFIG", DEFAULT_CONFIG))
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("run")
    migrate_cmd = commands.add_parser("migrate")
    migrate_cmd.add_argument("services", nargs="*", metavar="SERVICE",
                             help=f"any of {', '.join(SERVICES)} (default: all)")
    commands.add_parser("declare")
    dead = commands.add_parser("dead-letters")
    dead.add_argument("--replay", metavar="QUEUE")
    seed = commands.add_parser("seed-catalog")
    seed.add_argument("--gigs", type=int, default=100_000)
    seed.add_argument("--sellers", type=int, default=20_000)
    args = parser.parse_args(argv)
    config_path = os.path.abspath(args.config)
    if args.command == "run":
        return run(config_path)
    config = load_config(config_path)
    if args.command == "migrate":
        unknown = set(args.services) - set(SERVICES)
        if unknown:
            parser.error(f"unknown services: {', '.join(sorted(unknown))}")
        return migrate(config, args.services or list(SERVICES))
    if args.command == "declare":
        return declare(config)
    if args.command == "seed-catalog":
        return seed_catalog(config, args.gigs, args.sellers)
    return dead_letters(config, args.replay)


if __name__ == "__main__":
    main()
