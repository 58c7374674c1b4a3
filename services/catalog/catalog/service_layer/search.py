"""Search (C5) and autocomplete (C4), and the answers kept of them
(`catalog.domain.search_cache`: when a kept answer may be served again)."""

from microtache.errors import InvalidInput, RuleViolation
from microtache.pagination import next_offset, offset_of

from catalog.adapters.versions import current_versions
from catalog.domain import search_cache as kept, suggestions as autocomplete
from catalog.domain.accounts import online_since
from catalog.domain.categories import category_tree
from catalog.domain.reports import require_admin
from catalog.service_layer.views import search_result


def find_gigs(store, answers, criteria, reply_of):
    """C5, as the process kept it when the catalog's versions it depends on have not
    moved since (and, with the `online` filter, for ONLINE_TTL at most); else
    searched, `reply_of(rows, next_cursor, applied)` (the contract's dump) kept and
    answered. The versions are read before the search: an answer is never kept
    under numbers newer than what it saw."""
    key, depends_on = kept.search_key(criteria), kept.search_depends_on(criteria)
    versions, now = current_versions(store), store.clock.now()
    reply = answers.cache.get(key, versions, depends_on, now)
    if reply is None:
        with store.read_only() as uow:  # searches run side by side, never behind a write
            reply = reply_of(*search_gigs(uow, criteria))
        answers.cache.put(key, versions, depends_on, now, reply, kept.search_ttl(criteria))
    return reply


def note_search(store, answers, criteria, results, searcher):
    """C4: what people search feeds autocomplete, but only a search that found gigs,
    made by someone the gateway names (`searcher`: the signed-in user's id, else the
    client's address), counted once per person; a first page only. After every
    search, kept or not: noted in memory, written by `write_searches` with the
    others (`search_cache.PendingSearches`); a (term, searcher, category) this
    process wrote within RECORD_REFRESH is not noted again."""
    term = autocomplete.normalise(criteria.get("q"))
    if not term or criteria.get("cursor") or not results or not searcher:
        return
    searched = (term, autocomplete.searcher_key(searcher), results[0]["category"])
    answers.pending.note(searched, store.clock.now())


def write_searches(store, answers):
    """The searches noted since the last call, in one transaction (C4); if it fails
    they are dropped (and counted again when searched again). How many were written."""
    batch = answers.pending.take()
    if not batch:
        return 0
    try:
        with store.unit_of_work() as uow:
            suggested = uow.suggestions
            blocked = suggested.blocked_terms({term for (term, _, _), _ in batch})
            new = [
                suggested.record_search_term(term, category, searcher, at, prune=False)
                for (term, searcher, category), at in batch
                if term not in blocked
            ]
            if any(new):  # the table within its bounds, once for the batch
                suggested.prune_search_terms(max(at for _, at in batch))
    except Exception:
        answers.pending.failed(batch)
        raise
    return len(batch)


def find_suggestions(store, answers, query):
    """C4, as the process kept it while the catalog's listings and searched terms
    have not moved; the answer depends on the normalised prefix only."""
    prefix = autocomplete.normalise(query["q"])
    key = kept.suggestions_key(prefix, query["limit"])
    versions, now = current_versions(store), store.clock.now()
    reply = answers.cache.get(key, versions, kept.SUGGESTIONS_DEPEND_ON, now)
    if reply is None:
        with store.read_only() as uow:
            reply = {"suggestions": suggestions(uow, query)}
        answers.cache.put(key, versions, kept.SUGGESTIONS_DEPEND_ON, now, reply)
    return reply


def search_gigs(uow, criteria):
    offset = offset_of(criteria.get("cursor"))
    if criteria.get("attributes"):
        check_attribute_filters(criteria)
    if criteria.get("online"):
        criteria = {**criteria, "online_since": online_since(uow.now())}
    # min_price above max_price: an empty range, which no gig meets (an empty page)
    rows, more = uow.search.gigs(criteria, criteria["limit"], offset)
    rows = [search_result(row) for row in rows]
    applied = {
        k: v
        for k, v in criteria.items()
        if k not in ("limit", "cursor", "online_since", "sort") and v not in (None, "", False)
    }
    return rows, next_offset(offset, rows, more), applied


def suggestions(uow, query):
    """Autocomplete (C4): terms that many people searched and found gigs for first,
    then subcategory names and phrases of active gig titles, each with the category
    it is found in; each from a small table by index (search terms, the tree, title
    phrases), never a scan; never a phrase an admin removed."""
    prefix = autocomplete.normalise(query["q"])
    if not prefix:
        return []
    suggested = uow.suggestions
    limit = query["limit"]
    tree = category_tree().as_list()
    candidates = autocomplete.subcategories_starting(prefix, tree)
    offered = suggested.offered_subcategories([(c, s) for _, c, s in candidates])
    found = autocomplete.merge(
        3 * limit,
        suggested.search_terms_starting(prefix, limit),
        autocomplete.subcategory_suggestions(prefix, tree, offered),
        suggested.title_phrases_starting(prefix, limit),
    )
    blocked = suggested.blocked_terms(s["term"] for s in found)
    return [s for s in found if s["term"] not in blocked][:limit]


def remove_suggestion(uow, caller, phrase):
    """C4: an admin removes a suggestion for good (whatever its source)."""
    require_admin(caller)
    term = autocomplete.normalise(phrase)
    if not term:
        raise InvalidInput("Name the suggestion to remove.", {"phrase": ["Not empty."]})
    uow.suggestions.block_suggestion(term, caller["id"], uow.now())
    return {"term": term, "removed": True}


def check_attribute_filters(criteria):
    """C5: a subcategory's own attributes filter only within that subcategory."""
    subcategory = criteria.get("subcategory")
    tree = category_tree()
    category = criteria.get("category") or tree.category_of(subcategory or "")
    known = tree.subcategory(category, subcategory) if subcategory else None
    if known is None:
        raise RuleViolation(
            "Filter by a subcategory to use its attributes.",
            {"attributes": ["Give a subcategory (C5)."]},
        )
    allowed = {a["slug"]: a["values"] for a in known["attributes"]}
    problems = [
        f"{name}: one of {allowed[name]}"
        if name in allowed
        else f"{name} is not an attribute of {subcategory}"
        for name, value in criteria["attributes"].items()
        if name not in allowed or value not in allowed[name]
    ]
    if problems:
        raise RuleViolation("Unknown attribute filters.", {"attributes": problems})
