"""The catalog's own Nameko dependencies."""

from nameko.extensions import DependencyProvider

from microtache.metrics import Reading, dependency

from catalog.domain.search_cache import SEARCH, SUGGESTIONS, Answers


class SearchAnswers(DependencyProvider):
    """The search and autocomplete answers one catalog process keeps (C4, C5; the rules
    are `catalog.domain.search_cache`): shared by the process's workers, its own to
    each replica, which all follow the versions in the catalog's database."""

    def __init__(self):
        self.answers = Answers()

    def get_dependency(self, worker_ctx):
        return self.answers


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
