"""Autocomplete (C4): what people searched for, and phrases from the gigs on offer."""
import re
from collections import Counter

WORD = re.compile(r"\w+", re.UNICODE)
MAX_TERM = 200


def normalise(text):
    """A search term as it is counted: lower-case, single spaces, trimmed."""
    return " ".join((text or "").lower().split())[:MAX_TERM]


def subcategory_suggestions(prefix, tree_categories, offered):
    """Subcategory names starting with the prefix ("logo" -> "logo design"), when
    active gigs are offered in them; `offered` is a set of (category, subcategory)."""
    found = []
    for category in tree_categories:
        for sub in category["subcategories"]:
            name = normalise(sub["name"])
            if name.startswith(prefix) and (category["slug"], sub["slug"]) in offered:
                found.append((name, category["slug"]))
    return sorted(found)


def title_phrases(prefix, titles):
    """Phrases of gig titles starting with the prefix, completing its last word:
    "logo d" in "I will make a logo design" gives "logo design". Most frequent first.
    `titles` are (title, category) pairs."""
    wanted = len(prefix.split()) or 1
    counts, categories = Counter(), {}
    for title, category in titles:
        title_words = [w.lower() for w in WORD.findall(title)]
        for i in range(len(title_words)):
            phrase = " ".join(title_words[i:i + wanted])
            if phrase.startswith(prefix):
                counts[phrase] += 1
                categories.setdefault(phrase, Counter())[category] += 1
    ordered = sorted(counts, key=lambda p: (-counts[p], p))
    return [(p, categories[p].most_common(1)[0][0]) for p in ordered]


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
