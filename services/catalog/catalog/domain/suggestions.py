"""Autocomplete (C4): what people searched for, and phrases from the gigs on offer."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from datetime import timedelta
from typing import Any

WORD = re.compile(r"\w+", re.UNICODE)
MAX_TERM = 200
MAX_PHRASE_WORDS = 3  # autocomplete completes phrases of titles up to three words

# What people searched becomes a suggestion only when many did, and found gigs:
# nobody alone writes public autocomplete (product)
MIN_SEARCHERS = 3  # distinct people (signed-in id, else address)
TERM_WINDOW = timedelta(days=30)  # a term's searchers count this long; unsearched, it goes
MAX_TERMS = 5_000  # the table's cap: the least searched go first
MAX_SEARCHERS_PER_TERM = 100  # past this a term is popular enough: no more rows kept


def searcher_key(searcher: str) -> str:
    """Who searched, as kept: a hash, never the id or the address itself."""
    return hashlib.sha256(f"searcher:{searcher}".encode()).hexdigest()


def normalise(text: str | None) -> str:
    """A search term as it is counted: lower-case, single spaces, trimmed."""
    return " ".join((text or "").lower().split())[:MAX_TERM]


def subcategories_starting(
    prefix: str, tree_categories: list[dict[str, Any]]
) -> list[tuple[str, str, str]]:
    """Subcategory names starting with the prefix ("logo" -> "logo design"), as
    (name, category slug, subcategory slug)."""
    return sorted(
        (normalise(sub["name"]), category["slug"], sub["slug"])
        for category in tree_categories
        for sub in category["subcategories"]
        if normalise(sub["name"]).startswith(prefix)
    )


def subcategory_suggestions(
    prefix: str, tree_categories: list[dict[str, Any]], offered: set[tuple[str, str]]
) -> list[tuple[str, str]]:
    """Subcategory names starting with the prefix, when active gigs are offered in
    them; `offered` is a set of (category, subcategory)."""
    return [
        (name, category)
        for name, category, sub in subcategories_starting(prefix, tree_categories)
        if (category, sub) in offered
    ]


def phrases(title: str) -> list[tuple[str, int]]:
    """The distinct phrases of one to MAX_PHRASE_WORDS words of a title, lower-case,
    as (phrase, number of words): what completes a prefix of as many words ("logo d"
    in "I will make a logo design" gives "logo design")."""
    title_words = [w.lower() for w in WORD.findall(title)]
    found: dict[str, int] = {}
    for n in range(1, MAX_PHRASE_WORDS + 1):
        for i in range(len(title_words) - n + 1):
            phrase = " ".join(title_words[i : i + n])[:MAX_TERM]
            found.setdefault(phrase, n)
    return sorted(found.items())


def merge(limit: int, *sources: Iterable[tuple[str, str | None]]) -> list[dict[str, str | None]]:
    """The first `limit` distinct terms, in the order of the sources."""
    seen, merged = set(), []
    for source in sources:
        for term, category in source:
            if term not in seen:
                seen.add(term)
                merged.append({"term": term, "category": category})
            if len(merged) == limit:
                return merged
    return merged
