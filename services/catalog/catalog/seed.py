"""A realistic demo catalog in the catalog's own database (its own command, so the
shared kit knows nothing of it):

    python -m catalog.seed [--gigs N] [--sellers N] [--config config.yaml]

migrates the catalog database named by the configuration, then writes N sellers and
N gigs across the whole category tree (`catalog.adapters.seeding`)."""

import argparse
import os

from microtache.cli import DEFAULT_CONFIG, load_config
from microtache.config import database_url
from microtache.database import make_engine
from microtache.migrations import upgrade

from catalog.adapters.seeding import seed


def seed_catalog(config, gigs, sellers):
    """Migrate the catalog database of `config`, then seed it; returns what was written."""
    url = database_url("catalog", config)
    upgrade("catalog.migrations", url)
    print("  catalog: migrated")
    engine = make_engine(url)
    try:
        return seed(engine, gigs, sellers)
    finally:
        engine.dispose()


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m catalog.seed",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--config", default=os.environ.get("MICROTACHE_CONFIG", DEFAULT_CONFIG))
    parser.add_argument("--gigs", type=int, default=100_000)
    parser.add_argument("--sellers", type=int, default=20_000)
    args = parser.parse_args(argv)
    print(seed_catalog(load_config(os.path.abspath(args.config)), args.gigs, args.sellers))


if __name__ == "__main__":
    main()
