"""The catalog's category tree (C3), asked over RPC once per process and kept a while.

The catalog owns the tree; requests only reads it to check a request's category,
subcategory and criteria (R1, Q1). It changes with a catalog release, so a copy a few
minutes old is good enough, and posting a request costs no RPC most of the time.
"""

import time

from nameko.extensions import DependencyProvider

TTL_SECONDS = 600


class CategoryCache:
    def __init__(self, ttl=TTL_SECONDS, clock=time.monotonic):
        self.ttl, self.clock = ttl, clock
        self._tree, self._fetched_at = None, None

    def tree(self, load):
        """The cached tree, or `load()` (e.g. `catalog.list_categories`) when stale."""
        now = self.clock()
        if self._tree is None or now - self._fetched_at > self.ttl:
            self._tree, self._fetched_at = load(), now
        return self._tree


class Categories(DependencyProvider):
    """`categories = Categories()`: one CategoryCache per service process."""

    def setup(self):
        self.cache = CategoryCache()

    def get_dependency(self, worker_ctx):
        return self.cache
