"""Settings read from the Nameko config (itself built from environment variables).

One place knows the names of the settings and their defaults, so services and
tests never spell them twice.
"""
import os

DEVELOPMENT = "development"
PRODUCTION = "production"

DEFAULTS = {
    "AMQP_URI": "amqp://guest:guest@localhost:5672/",
    "MICROTACHE_ENV": DEVELOPMENT,
    "RPC_TIMEOUT": 10.0,                  # seconds a service waits for another's answer
    "EVENT_RETRY_DELAYS": [1, 10, 60],    # seconds between attempts of a failed handler
    "OUTBOX_POLL_INTERVAL": 1.0,          # seconds between sweeps for unsent events
    "DATA_DIR": "data",                   # where the embedded SQLite databases live
    "FILES_DIR": "",                      # where uploaded files live (default <DATA_DIR>/files)
    # the clock's fast-forward (S4): whom it waits on, and how close deadlines fire together
    "SETTLE_SERVICES": ["catalog", "requests", "orders", "reviews", "payments", "scheduler"],
    "CLOCK_STEP_SECONDS": 1.0,
    "PRESENCE_EVERY_SECONDS": 60.0,       # the gateway tells catalog a user is online at most this often
}


def setting(config, key):
    """A setting from the Nameko config, else the environment, else the default."""
    if config.get(key) not in (None, ""):
        return config[key]
    if os.environ.get(key):
        return os.environ[key]
    return DEFAULTS[key]


def is_production(config):
    return setting(config, "MICROTACHE_ENV") == PRODUCTION


def database_url(service_name, config):
    """The SQLAlchemy URL of one service's own database.

    `DATABASES: {catalog: ...}` in the config wins, then `CATALOG_DATABASE_URL`
    in the environment, then a SQLite file under the data folder.
    """
    url = (config.get("DATABASES") or {}).get(service_name)
    url = url or os.environ.get(f"{service_name.upper()}_DATABASE_URL")
    if url:
        return url
    data_dir = setting(config, "DATA_DIR")
    os.makedirs(data_dir, exist_ok=True)
    return f"sqlite:///{os.path.abspath(os.path.join(data_dir, service_name + '.db'))}"
