"""The catalog's own Nameko dependencies."""

import logging

import eventlet
from nameko.extensions import DependencyProvider

from microtache.database import Database
from microtache.metrics import Reading, dependency

from catalog.domain.search_cache import FLUSH_SECONDS, SEARCH, SUGGESTIONS, Answers
from catalog.service_layer.search import write_searches

log = logging.getLogger(__name__)


class SearchAnswers(DependencyProvider):
    """The search and autocomplete answers one catalog process keeps (C4, C5; the rules
    are `catalog.domain.search_cache`): shared by the process's workers, its own to
    each replica, which all follow the versions in the catalog's database. A green
    thread writes the searches noted (C4) every FLUSH_SECONDS, and once more when
    the service stops."""

    def __init__(self):
        self.answers = Answers()
        self.running = False

    def start(self):
        self.running = True
        self.container.spawn_managed_thread(self._write_every)

    def stop(self):
        self.running = False
        self._write()

    kill = stop

    def get_dependency(self, worker_ctx):
        return self.answers

    def _write_every(self):
        while self.running:
            eventlet.sleep(FLUSH_SECONDS)
            self._write()

    def _write(self):
        store = next(
            (
                provider.store
                for provider in self.container.dependencies
                if isinstance(provider, Database) and provider.store is not None
            ),
            None,
        )
        if store is None:
            return
        try:
            write_searches(store, self.answers)
        except Exception:  # autocomplete counts a few searches fewer; never the search
            log.warning("could not write the searches noted for autocomplete", exc_info=True)


def answer_readings(container):
    """`Metrics(gauges=...)`: the kept answers' lookups, hits and misses, and size."""
    cache = dependency(container, "answers").answers.cache
    for kind in (SEARCH, SUGGESTIONS):
        for outcome, counts in (("hit", cache.hits), ("miss", cache.misses)):
            yield Reading(
                "microtache_search_cache_lookups_total",
                "Searches and suggestions answered from the catalog process's kept answers "
                "(hit) or computed (miss).",
                counts.get(kind, 0),
                {"kind": kind, "outcome": outcome},
                counter=True,
            )
    yield Reading(
        "microtache_search_cache_answers", "Answers the catalog process keeps.", len(cache)
    )
    yield Reading(
        "microtache_search_cache_chars",
        "The kept answers' size as JSON, in characters (bounded).",
        cache.chars,
    )
