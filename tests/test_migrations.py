"""Every service's migrations build exactly the schema its models describe, and unwind."""

import importlib
import os

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from microtache.database import make_engine
from microtache.migrations import alembic_config, upgrade

from tests.support import SERVICES, postgres_databases

SEARCH_ONLY = (
    "search_vector",
    "gig_search",
    "ix_gigs_search_vector",
)  # full-text index, per dialect


def ignore_search_index(obj, name, type_, reflected, compare_to):
    return not (name or "").startswith(SEARCH_ONLY)


@pytest.fixture(scope="module")
def urls(tmp_path_factory):
    if os.environ.get("MICROTACHE_TEST_DATABASE") == "postgresql":
        with postgres_databases([f"mig_{name}" for name in SERVICES]) as urls:
            yield {name: urls[f"mig_{name}"] for name in SERVICES}
    else:
        folder = tmp_path_factory.mktemp("migrations")
        yield {name: f"sqlite:///{folder}/{name}.db" for name in SERVICES}


@pytest.mark.parametrize("service", list(SERVICES))
def test_migrations_match_the_models_and_downgrade_cleanly(service, urls):
    package = SERVICES[service].split(".")[0]
    metadata = importlib.import_module(f"{package}.adapters.orm").metadata
    url = urls[service]
    upgrade(f"{package}.migrations", url)
    engine = make_engine(url)
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_object": ignore_search_index})
        assert compare_metadata(context, metadata) == []
    command.downgrade(alembic_config(f"{package}.migrations", url), "base")
    with engine.connect() as conn:
        tables = set(engine.dialect.get_table_names(conn)) - {"alembic_version"}
    engine.dispose()
    assert tables == set()
