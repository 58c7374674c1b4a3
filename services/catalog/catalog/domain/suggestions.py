"""Autocomplete (C4): what people searched for, and phrases from the gigs on offer."""
import hashlib
import re
from datetime import timedelta

WORD = re.compile(r"\w+", re.UNICODE)
MAX_TERM = 200
MAX_PHRASE_WORDS = 3        # autocomplete completes phrases of titles up to three words

# What people searched becomes a suggestion only when many did, and found gigs:
# nobody alone writes public autocomplete (product)
MIN_SEARCHERS = 3                     # distinct people (signed-in id, else address)
TERM_WINDOW = timedelta(days=30)      # a term's searchers count this long; unsearched, it goes
MAX_TERMS = 5_000                     # the table's cap: the least searched go first
MAX_SEARCHERS_PER_TERM = 100          # past this a term is popular enough: no more rows kept


def searcher_key(searcher):
    """Who searched, as kept: a hash, never the id or the address itself."""
    return hashlib.sha256(f"searcher:{searcher}".encode()).hexdigest()


def normalise(text):
    """A search term as it is counted: lower-case, single spaces, trimmed."""
    return " ".join((text or "").lower().split())[:MAX_TERM]


def subcategories_starting(prefix, tree_categories):
    """Subcategory names starting with the prefix ("logo" -> "logo design"), as
    (name, category slug, subcategory slug)."""
    return sorted((normalise(sub["name"]), category["slug"], sub["slug"])
                  for category in tree_categories for sub in category["subcategories"]
                  if normalise(sub["name"]).startswith(prefix))


def subcategory_suggestions(prefix, tree_categories, offered):
    """Subcategory names starting with the prefix, when active gigs are offered in
    them; `offered` is a set of (category, subcategory)."""
    return [
        (name, category)
        for name, category, sub in subcategories_starting(prefix, tree_categories)
        if (category, sub) in offered
    ]


def phrases(title):
    """The distinct phrases of one to MAX_PHRASE_WORDS words of a title, lower-case,
    as (phrase, number of words): what completes a prefix of as many words ("logo d"
    in "I will make a logo design" gives "logo design")."""
    title_words = [w.lower() for w in WORD.findall(title)]
    found = {}
    for n in range(1, MAX_PHRASE_WORDS + 1):
        for i in range(len(title_words) - n + 1):
            phrase = " ".join(title_words[i:i + n])[:MAX_TERM]
            found.setdefault(phrase, n)
    return sorted(found.items())


def merge(limit, *sources):
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
