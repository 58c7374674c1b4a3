"""PostgreSQL under eventlet: psycopg2's sockets are greened, so one service's
workers wait on the database together instead of one after the other."""

import time
import uuid

import pytest
from nameko.rpc import rpc
from nameko.standalone.rpc import ClusterRpcProxy
from sqlalchemy import MetaData, text

from microtache.database import Database
from microtache.outbox import messaging_tables

from tests.support import postgres_databases

pytestmark = pytest.mark.postgres

metadata = MetaData()
messaging_tables(metadata)


def test_two_slow_queries_from_two_workers_overlap(container_factory, system_config):
    name = f"pgslow_{uuid.uuid4().hex[:6]}"

    class SlowQueries:
        db = Database(metadata, seed=lambda store, config: metadata.create_all(store.engine))

        @rpc
        def slow_query(self):
            with self.db.unit_of_work() as uow:
                uow.session.execute(text("SELECT pg_sleep(0.5)"))

    SlowQueries.name = name
    with postgres_databases([name]) as urls:
        container = container_factory(SlowQueries, {**system_config, "DATABASES": urls})
        container.start()
        with ClusterRpcProxy(system_config, timeout=10) as cluster:
            cluster[name].slow_query()  # warm the pool
            started = time.monotonic()
            first = cluster[name].slow_query.call_async()
            second = cluster[name].slow_query.call_async()
            first.result(), second.result()
            elapsed = time.monotonic() - started
        container.stop()
    assert elapsed < 0.9, f"the two 0.5 s queries ran one after the other ({elapsed:.2f}s)"
