"""The answers each catalog process keeps (C4, C5; issue 21) are never served after a
write that changes them, whichever replica answers: a second catalog replica runs
beside the system's (one database, one RPC queue, so calls alternate between them),
both keep the same search, then a gig write or a seller's profile change is seen by
the very next searches through the gateway."""

import pytest
from nameko.containers import ServiceContainer

from microtache.cli import service_class

from tests.support import SERVICES, gig_body


@pytest.fixture
def two_catalogs(system, runner):
    second = ServiceContainer(service_class(SERVICES["catalog"]), system)
    second.start()
    try:
        yield [runner.service_map["catalog"], second]
    finally:
        second.stop()


def kept(container):
    provider = next(d for d in container.dependencies if d.attr_name == "answers")
    return provider.answers.cache


def hits(containers):
    return [kept(c).hits["search"] for c in containers]


def search_ids(api, q, **filters):
    response = api.get("/v1/search/gigs", params={"q": q, **filters})
    assert response.status_code == 200, response.text
    return [r["id"] for r in response.json()["results"]]


def publish(api, seller, title):
    response = api.post("/v1/gigs", as_=seller, json=gig_body(title=title))
    assert response.status_code == 201, response.text
    return response.json()


def searched_on_both(api, two_catalogs, q, expected, **filters):
    """Ask until each replica answered from what it kept (calls alternate), checking
    every answer on the way."""
    before = hits(two_catalogs)
    for _ in range(20):
        assert search_ids(api, q, **filters) == expected
        now = hits(two_catalogs)
        if all(n > b for n, b in zip(now, before, strict=True)):
            return
    pytest.fail(f"both replicas never answered from their kept answers: {before} -> {now}")


def test_c5_a_gig_write_is_seen_by_the_next_search_on_every_replica(api, unique, two_catalogs):
    seller = api.sign_up(unique("s"))
    word = unique("zq")
    first = publish(api, seller, f"I will design a {word} logo")
    searched_on_both(api, two_catalogs, word, [first["id"]])

    second = publish(api, seller, f"I will draw a {word} mascot")  # publish
    for _ in range(4):
        assert sorted(search_ids(api, word)) == sorted([first["id"], second["id"]])

    paused = api.patch(f"/v1/gigs/{first['id']}", as_=seller, json={"status": "paused"})
    assert paused.status_code == 200, paused.text
    for _ in range(4):
        assert search_ids(api, word) == [second["id"]]

    searched_on_both(api, two_catalogs, word, [second["id"]])
    edited = api.patch(
        f"/v1/gigs/{second['id']}", as_=seller, json={"title": "I will draw a plain mascot"}
    )
    assert edited.status_code == 200, edited.text
    for _ in range(4):
        assert search_ids(api, word) == []


def test_c5_a_sellers_profile_change_is_seen_by_the_next_search_on_every_replica(
    api, unique, two_catalogs
):
    seller = api.sign_up(unique("s"), country="PT", languages=["pt"])
    word = unique("zq")
    gig = publish(api, seller, f"I will design a {word} logo")
    searched_on_both(api, two_catalogs, word, [gig["id"]], country="PT")

    changed = api.patch("/v1/me", as_=seller, json={"country": "BR"})
    assert changed.status_code == 200, changed.text
    for _ in range(4):
        assert search_ids(api, word, country="PT") == []
        assert search_ids(api, word, country="BR") == [gig["id"]]


def test_c4_a_new_gigs_title_is_suggested_at_once_on_every_replica(api, unique, two_catalogs):
    seller = api.sign_up(unique("s"))
    word = unique("zq")

    def terms():
        response = api.get("/v1/search/suggestions", params={"q": word})
        assert response.status_code == 200, response.text
        return [s["term"] for s in response.json()["suggestions"]]

    for _ in range(4):
        assert terms() == []
    publish(api, seller, f"I will design a {word} logo")
    for _ in range(4):
        assert terms() == [word]
