"""microtache.metrics alone: counts on commit, the outbox's gauges, statuses, the views."""

from pathlib import Path
from types import SimpleNamespace

import pytest
from prometheus_client import CollectorRegistry, Counter
from sqlalchemy import MetaData

from microtache import metrics
from microtache.clock import Clock
from microtache.database import Store
from microtache.errors import NotFound
from microtache.money import Money
from microtache.outbox import messaging_tables

metadata = MetaData()
messaging_tables(metadata)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    store = Store("unit", metadata, f"sqlite:///{tmp_path}/unit.db", Clock())
    metadata.create_all(store.engine)
    return store


def test_a_fact_is_counted_once_its_transaction_commits_and_never_if_it_rolls_back(
    store: Store,
) -> None:
    counter = Counter("unit_facts_total", "facts", ["currency"], registry=CollectorRegistry())
    with store.unit_of_work() as uow:
        metrics.count_money(counter, uow, Money(2500))
        assert counter.labels("USD")._value.get() == 0  # not yet committed
    assert counter.labels("USD")._value.get() == 2500
    with pytest.raises(RuntimeError), store.unit_of_work() as uow:
        metrics.count_money(counter, uow, Money(100))
        raise RuntimeError("rolled back")
    with store.unit_of_work():
        pass  # a later commit of another unit of work counts nothing of the first
    assert counter.labels("USD")._value.get() == 2500


def test_the_outbox_gauges_count_unsent_rows_and_age_the_oldest_on_the_platform_clock(
    store: Store,
) -> None:
    readings = {r.name: r.value for r in metrics.outbox_readings(store)}
    assert readings == {
        "microtache_outbox_unsent": 0,
        "microtache_outbox_oldest_unsent_age_seconds": 0.0,
    }
    with store.unit_of_work() as uow:
        uow.publish("thing_happened", {"n": 1})
        uow.publish("thing_happened", {"n": 2})
    store.clock.move_to_offset(600)  # the platform clock moved ten minutes (S4)
    readings = {r.name: r.value for r in metrics.outbox_readings(store)}
    assert readings["microtache_outbox_unsent"] == 2
    assert 600 <= readings["microtache_outbox_oldest_unsent_age_seconds"] < 660


def test_a_route_s_status_follows_the_gateway_s_rules() -> None:
    route = SimpleNamespace(status=201)
    assert metrics.http_status(route, {"id": 1}, None) == 201
    assert metrics.http_status(route, (202, {}), None) == 202
    assert metrics.http_status(route, SimpleNamespace(status_code=204), None) == 204
    missing = NotFound("no")
    assert metrics.http_status(route, None, (NotFound, missing, None)) == 404
    assert metrics.http_status(route, None, (ConnectionError, ConnectionError(), None)) == 503
    assert metrics.http_status(route, None, (KeyError, KeyError("x"), None)) == 500


def test_a_service_s_port_shows_its_own_series_and_those_of_no_service() -> None:
    metrics.RPC_SECONDS.labels("unit-a", "m").observe(0.01)
    metrics.RPC_SECONDS.labels("unit-b", "m").observe(0.01)
    text = metrics.exposition("unit-a")[0].decode()
    assert 'service="unit-a"' in text and 'service="unit-b"' not in text
    assert "microtache_orders_placed_total" in text  # no service label: every view


def test_the_metrics_port_is_none_unless_set() -> None:
    assert metrics.metrics_port({"METRICS_PORT": ""}) is None or metrics.metrics_port({}) is None
    assert metrics.metrics_port({"METRICS_PORT": 9100}) == 9100
    assert metrics.metrics_port({"METRICS_PORT": "0"}) == 0


def test_readyz_is_a_503_naming_the_database_once_it_stops_answering(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Kubernetes takes a pod out of its Service while /readyz is not 200: a service whose
    database does not answer must say so (the broker's half is tests/test_metrics.py's)."""
    import shutil

    from eventlet.event import Event

    from microtache.database import Database

    monkeypatch.setattr(metrics, "broker_connection_problem", lambda container: None)
    folder = tmp_path / "volume"
    folder.mkdir()
    metadata = MetaData()
    messaging_tables(metadata)
    database = Database(metadata)
    database.store = Store("orders", metadata, f"sqlite:///{folder}/orders.db", Clock())
    metadata.create_all(database.store.engine)
    container = SimpleNamespace(
        service_name="orders", dependencies=[database], subextensions=[], _died=Event()
    )
    app = metrics.ProbeApp(container)  # type: ignore[arg-type]

    def get(path: str) -> tuple[str, str]:
        answered = {}
        body = app({"PATH_INFO": path, "REQUEST_METHOD": "GET"}, lambda s, h: answered.update(s=s))
        return answered["s"], b"".join(body).decode()

    assert get("/readyz") == ("200 OK", "broker ok\ndatabase ok\n")
    shutil.rmtree(folder)  # the volume is gone: SQLite cannot open the file any more
    database.store.engine.dispose()
    status, body = get("/readyz")
    assert status == "503 Service Unavailable"
    assert "database failing: ServiceUnavailable" in body and "broker ok" in body
    assert get("/healthz")[0] == "200 OK"  # alive: restarting it would not bring the disk back
