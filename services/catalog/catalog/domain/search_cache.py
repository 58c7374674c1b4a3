"""Search (C5) and autocomplete (C4) answers kept in the catalog process, and when
they may be served again.

An answer is kept under its validated query and the *catalog versions* it was
computed at. Each version is a counter in the catalog's database that every write
which can change such an answer increases in its own transaction
(`adapters.versions`); every lookup reads the counters first, so a write that
committed on any replica is seen by the next search on every replica, at once:

* `LISTINGS`: the gigs' rows as search reads them (publish, edit, pause, resume,
  archive, gallery cover, the seller's level, rating, country and languages copied
  onto them) and what autocomplete derives from them (title phrases, subcategories
  on offer). Every search and every suggestion depends on it.
* `SEEN`: the sellers' last sign of life copied onto their gigs: only the "online
  now" filter reads it, so a seller's activity does not empty the cache of every
  other search.
* `TERMS`: the terms people searched (a change autocomplete shows: a term reaching
  MIN_SEARCHERS, its order or its category) and the suggestions admins removed.

Time: "online now" is `last_seen_at` within ONLINE_WINDOW of the clock. A seller
coming online bumps SEEN; a seller *going* offline is only the clock moving, so an
answer with the `online` filter is kept ONLINE_TTL at most (platform clock): such a
seller may show up to ONLINE_TTL after their five minutes (last seen is itself only
written every 30 s, `service_layer.accounts.SEEN_REFRESH`). Nothing else a search
or a suggestion answers depends on the clock.

Recording what people search (C4) stays a side effect of every search, hit or miss,
except that one process writes the same (term, searcher, category) once per
RECORD_REFRESH: a repeat in that time would only move timestamps that count in days
(`domain.suggestions.TERM_WINDOW`). It is written in batches, off the search's
path: searches noted in memory, written together in one transaction every
FLUSH_SECONDS (and when the service stops). A process that dies loses what it
noted since its last write (at most FLUSH_SECONDS of searches: a term then counts
one person fewer until they search it again); a write that fails is dropped the
same way, and at most MAX_PENDING wait.
"""

from __future__ import annotations

import json
from collections import OrderedDict
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

LISTINGS, SEEN, TERMS = "listings", "seen", "terms"
VERSIONS = (LISTINGS, SEEN, TERMS)

ONLINE_TTL = timedelta(seconds=10)
RECORD_REFRESH = timedelta(seconds=60)
MAX_ANSWERS = 4_096  # entries
MAX_ANSWER_CHARS = 16 * 1024 * 1024  # their size as JSON: ~16 MB of text, ~3x in objects
MAX_RECORDED = 20_000  # (term, searcher, category) written lately by this process
FLUSH_SECONDS = 1.0  # searches noted are written together this often
MAX_PENDING = 5_000  # noted and not written yet: beyond, the oldest are dropped

SEARCH, SUGGESTIONS = "search", "suggestions"


def _frozen(value: Any) -> Hashable:
    if isinstance(value, Mapping):
        return tuple(sorted((k, _frozen(v)) for k, v in value.items()))
    if isinstance(value, (list, tuple)):
        return tuple(_frozen(v) for v in value)
    return value


def search_key(criteria: Mapping[str, Any]) -> Hashable:
    """A validated search (`SearchSchema`'s load) as a key: every criterion given,
    whatever their order (absent and None are the same search)."""
    return (SEARCH, _frozen({k: v for k, v in criteria.items() if v is not None}))


def search_depends_on(criteria: Mapping[str, Any]) -> tuple[str, ...]:
    return (LISTINGS, SEEN) if criteria.get("online") else (LISTINGS,)


def search_ttl(criteria: Mapping[str, Any]) -> timedelta | None:
    """How long an answer may be served with nothing written: the `online` filter
    moves with the clock, nothing else does."""
    return ONLINE_TTL if criteria.get("online") else None


def suggestions_key(prefix: str, limit: int) -> Hashable:
    """Autocomplete answers the normalised prefix (`suggestions.normalise`)."""
    return (SUGGESTIONS, prefix, limit)


SUGGESTIONS_DEPEND_ON = (LISTINGS, TERMS)


@dataclass
class _Answer:
    versions: tuple[int, ...] | None
    computed_at: datetime
    expires_at: datetime | None
    size: int
    value: Any


class AnswerCache:
    """The answers of one process, least recently used first out, bounded in entries
    and in their size as JSON. `versions` are the catalog's counters as read for this
    lookup (`{name: number}`); an answer is served only if the counters it depends on
    have not moved since, and its time to live (if any) has not passed on the clock
    (a clock moved back, as the demo's reset does, also expires it)."""

    def __init__(self, max_entries: int = MAX_ANSWERS, max_chars: int = MAX_ANSWER_CHARS):
        self.max_entries, self.max_chars = max_entries, max_chars
        self._answers: OrderedDict[Hashable, _Answer] = OrderedDict()
        self.chars = 0
        self.hits = {SEARCH: 0, SUGGESTIONS: 0}
        self.misses = {SEARCH: 0, SUGGESTIONS: 0}

    def __len__(self) -> int:
        return len(self._answers)

    def get(
        self,
        key: Hashable,
        versions: Mapping[str, int],
        depends_on: Iterable[str],
        now: datetime,
    ) -> Any | None:
        kind = _kind(key)
        answer = self._answers.get(key)
        if answer is not None and (
            answer.versions is None
            or answer.versions != _versions(versions, depends_on)
            or now < answer.computed_at
            or (answer.expires_at is not None and now >= answer.expires_at)
        ):
            self._drop(key)
            answer = None
        if answer is None:
            self.misses[kind] = self.misses.get(kind, 0) + 1
            return None
        self._answers.move_to_end(key)
        self.hits[kind] = self.hits.get(kind, 0) + 1
        return answer.value

    def put(
        self,
        key: Hashable,
        versions: Mapping[str, int],
        depends_on: Iterable[str],
        now: datetime,
        value: Any,
        ttl: timedelta | None = None,
    ) -> None:
        """Keep `value`, computed at `versions` (read *before* the query that made it:
        a write committed meanwhile leaves the answer under the older numbers, where
        the next lookup, reading newer ones, does not serve it)."""
        numbers = _versions(versions, depends_on)
        size = len(json.dumps(value, default=str, separators=(",", ":")))
        if numbers is None or size > self.max_chars:
            return
        self._drop(key)
        self._answers[key] = _Answer(numbers, now, None if ttl is None else now + ttl, size, value)
        self.chars += size
        while len(self._answers) > self.max_entries or self.chars > self.max_chars:
            self._drop(next(iter(self._answers)))

    def clear(self) -> None:
        self._answers.clear()
        self.chars = 0

    def _drop(self, key: Hashable) -> None:
        answer = self._answers.pop(key, None)
        if answer is not None:
            self.chars -= answer.size


def _versions(versions: Mapping[str, int], depends_on: Iterable[str]) -> tuple[int, ...] | None:
    """None when a counter is missing (a database not migrated by catalog.migrations):
    then nothing is kept, nor served, since nothing would ever make it stale."""
    try:
        return tuple(versions[name] for name in depends_on)
    except KeyError:
        return None


def _kind(key: Hashable) -> str:
    return key[0] if isinstance(key, tuple) and key else SEARCH


class RecentSearches:
    """The (term, searcher, category) this process recorded lately (C4), so that a
    repeat within RECORD_REFRESH writes nothing: the term's searchers are counted
    once per person anyway, and what a repeat would change (when they searched it)
    counts in days. Bounded: the oldest are forgotten first (then written again)."""

    def __init__(self, refresh: timedelta = RECORD_REFRESH, max_entries: int = MAX_RECORDED):
        self.refresh, self.max_entries = refresh, max_entries
        self._recorded: OrderedDict[Hashable, datetime] = OrderedDict()

    def due(self, key: Hashable, now: datetime) -> bool:
        at = self._recorded.get(key)
        return at is None or not (at <= now < at + self.refresh)

    def recorded(self, key: Hashable, now: datetime) -> None:
        self._recorded.pop(key, None)
        self._recorded[key] = now
        while len(self._recorded) > self.max_entries:
            self._recorded.popitem(last=False)

    def forget(self, keys: Iterable[Hashable]) -> None:
        """Never written after all (a write failed, or dropped): due again."""
        for key in keys:
            self._recorded.pop(key, None)


class PendingSearches:
    """Searches noted (C4) and not written yet: `note` on the search's path, `take`
    the whole batch to write (bounded: beyond `max_entries`, the oldest go)."""

    def __init__(self, recent: RecentSearches, max_entries: int = MAX_PENDING):
        self.recent, self.max_entries = recent, max_entries
        self._noted: OrderedDict[Hashable, datetime] = OrderedDict()

    def __len__(self) -> int:
        return len(self._noted)

    def note(self, key: Hashable, now: datetime) -> bool:
        """False when this process wrote (or will write) it within RECORD_REFRESH."""
        if not self.recent.due(key, now):
            return False
        self.recent.recorded(key, now)
        self._noted[key] = now
        while len(self._noted) > self.max_entries:
            dropped, _ = self._noted.popitem(last=False)
            self.recent.forget([dropped])
        return True

    def take(self) -> list[tuple[Hashable, datetime]]:
        batch, self._noted = list(self._noted.items()), OrderedDict()
        return batch

    def failed(self, batch: Iterable[tuple[Hashable, datetime]]) -> None:
        self.recent.forget(key for key, _ in batch)


class Answers:
    """What one catalog process keeps for search and autocomplete: the answers, the
    searches it recorded lately and those it has yet to write
    (`catalog.dependencies.SearchAnswers` gives each service container its own)."""

    def __init__(self, cache: AnswerCache | None = None, recent: RecentSearches | None = None):
        self.cache = cache if cache is not None else AnswerCache()
        self.recent = recent if recent is not None else RecentSearches()
        self.pending = PendingSearches(self.recent)
