"""One function per command or query of the catalog: load, apply the domain, store, publish."""
import logging
from datetime import timedelta

from sqlalchemy.exc import IntegrityError

from microtache.deadlines import request_deadline
from microtache.errors import Conflict, InvalidInput, NotFound, RuleViolation, TooManyRequests
from microtache.pagination import next_offset, offset_of

from catalog.adapters.passwords import hash_password, strength, verify_password, verify_unknown_user
from catalog.adapters.repository import Catalog, listing
from catalog.domain import levels, sign_in as throttle, suggestions as autocomplete
from catalog.domain.accounts import ADMIN, User, normalise_email, password_problem, username_problem
from catalog.domain.categories import category_tree
from catalog.domain.favourites import Favourite
from catalog.domain.gigs import ACTIVE, ARCHIVED, Extra, Gig, Package, archive, check_gig
from catalog.domain.reports import REMOVE_GIG, Report, require_admin

log = logging.getLogger(__name__)

ONLINE_WINDOW = timedelta(minutes=5)   # "online now": seen in the last 5 minutes
LEVEL_REVIEW_DUE = "seller_level_review_fell_due"   # the scheduler's deadline event (C7)


TAKEN = "That username or email is already taken."


def sign_up(uow, data, role="user", check_password=True):
    """A1: a new account. E-mails are one account whatever their case; the password
    must pass the policy (`accounts.password_problem`). The development admin, whose
    password the configuration sets, skips the policy (`check_password=False`)."""
    problem = username_problem(data["username"])
    if problem:
        raise InvalidInput("The account is not valid.", {"username": [problem]})
    email = normalise_email(data["email"])
    catalog = Catalog(uow.session)
    if catalog.username_or_email_taken(data["username"], email):
        raise Conflict(TAKEN)
    if check_password:
        problem = password_problem(data["password"], strength(
            data["password"], [data["username"], email, email.split("@")[0]]))
        if problem:
            # well-formed (the schema, and OpenAPI, state its length), but guessable: a
            # rule no JSON Schema can state (issue 15, item 8), so 422, not 400
            raise RuleViolation("The password is too weak.", {"password": [problem]})
    user = User(username=data["username"], email=email,
                password_hash=hash_password(data["password"]), role=role,
                country=data.get("country"), languages=data.get("languages") or [],
                created_at=uow.now())
    taken = False
    with uow.session.begin_nested():
        catalog.add_user(user)
        try:
            uow.session.flush()
        except IntegrityError:
            # another replica took the name or e-mail since the check; the error's
            # parameters hold the new hash: it is dropped here, never logged
            taken = True
    if taken:
        raise Conflict(TAKEN)
    uow.publish("user_signed_up", {"user_id": user.id, "username": user.username,
                                   "country": user.country})
    return user


def sign_in_check(uow, username, client_address):
    """A1, before the password is checked: refused (429) while the account or the
    client address has too many recent failures; else the account, or None when
    no account has that name (then a dummy hash is checked, the same work)."""
    catalog = Catalog(uow.session)
    now = uow.now()
    since = now - throttle.WINDOW
    wait = throttle.retry_after(
        catalog.sign_in_failures(throttle.account_key(username), since),
        catalog.sign_in_failures(throttle.address_key(client_address), since), now)
    if wait is not None:
        raise TooManyRequests("Too many failed sign-ins; try again later.",
                              {"retry_after_seconds": wait})
    user = catalog.user_by_username(username)
    return None if user is None else (user.id, user.password_hash)


def password_matches(found, password):
    """Argon2 either way: a known account's hash, or a dummy one for an unknown name."""
    if found is None:
        return verify_unknown_user(password)
    return verify_password(found[1], password)


def sign_in_failed(uow, username, client_address):
    now = uow.now()
    Catalog(uow.session).record_sign_in_failure(
        [throttle.account_key(username), throttle.address_key(client_address)], now,
        now - throttle.WINDOW)


def signed_in(uow, user_id, username):
    """The right password: the account's failures are forgotten (the address's are not)."""
    catalog = Catalog(uow.session)
    catalog.forget_sign_in_failures(throttle.account_key(username))
    user = catalog.user(user_id)
    user.last_seen_at = uow.now()
    catalog.seller_changed(user)           # "online now" in search (C5)
    return user


def account(uow, user_id):
    user = Catalog(uow.session).user(user_id)
    if user is None:
        raise NotFound("No such account.")
    return user


def update_profile(uow, user_id, changes):
    user = account(uow, user_id)
    for name, value in changes.items():
        setattr(user, name, value)
    Catalog(uow.session).seller_changed(user)  # country and languages filter search (C5)
    uow.publish(
        "seller_profile_updated",
        {
            "user_id": user.id,
            "accepts_quotes": user.accepts_quotes,
            "on_vacation": user.on_vacation,
            "country": user.country,
            "languages": user.languages,
        },
    )
    return user


SEEN_REFRESH = timedelta(seconds=30)    # closer sightings than this change nothing


def seen_online(uow, user_id):
    """The user was just active (gateway `user_seen`): last seen now, online in search."""
    catalog = Catalog(uow.session)
    user = catalog.user(user_id)
    now = uow.now()
    if user is not None and (user.last_seen_at is None
                             or now - user.last_seen_at >= SEEN_REFRESH):
        user.last_seen_at = now
        catalog.seller_changed(user)
    return user


def ensure_admin(uow, password, email="admin@microtache.local"):
    """Development settings only: an `admin` account to approve and moderate."""
    if Catalog(uow.session).user_by_username("admin") is None:
        sign_up(uow, {"username": "admin", "email": email, "password": password}, role=ADMIN,
                check_password=False)


def create_gig(uow, seller_id, data):
    catalog = Catalog(uow.session)
    seller = account(uow, seller_id)
    gig = Gig(seller_id=seller.id, title=data["title"].strip(), description=data["description"],
              category=data["category"], subcategory=data["subcategory"],
              packages=[Package(**p) for p in data["packages"]],
              extras=[Extra(**e) for e in data["extras"]], attributes=data["attributes"],
              tags=[t.lower() for t in data["tags"]],
              ships_physical_item=data["ships_physical_item"],
              accepts_remote_work=data["accepts_remote_work"],
              shows_reviews=data["shows_reviews"], created_at=uow.now())
    check_gig(gig, category_tree(), catalog.active_gig_count(seller.id))
    catalog.add_gig(gig, seller)
    uow.publish("gig_published", gig_facts(gig, seller))
    gig.seller_username = seller.username
    return gig


def gig_facts(gig, seller):
    """What other services keep of a gig (orders take prices and days from here)."""
    return {
        "gig_id": gig.id, "seller_id": seller.id, "seller_username": seller.username,
        "title": gig.title, "category": gig.category, "subcategory": gig.subcategory,
        "status": gig.status, "ships_physical_item": gig.ships_physical_item,
        "packages": [{"tier": p.tier, "price": p.price, "delivery_days": p.delivery_days,
                      "revisions": p.revisions} for p in gig.packages],
        "extras": [{"name": e.name, "price": e.price, "delivery_days": e.delivery_days}
                   for e in gig.extras],
    }


def get_gig(uow, gig_id):
    catalog = Catalog(uow.session)
    gig = catalog.gig(gig_id)
    if gig is None:
        raise NotFound("No such gig.", {"gig_id": gig_id})
    gig.seller_username = catalog.user(gig.seller_id).username
    return gig


def update_gig(uow, seller_id, gig_id, changes):
    """The seller edits a gig, pauses or reactivates it; every C1/C2 rule is checked again."""
    catalog = Catalog(uow.session)
    gig = get_gig(uow, gig_id)
    gig.owned_by(seller_id)
    if gig.status == ARCHIVED:
        raise Conflict("An archived gig cannot change.", {"status": gig.status})
    others_active = catalog.active_gig_count(gig.seller_id) - (1 if gig.status == ACTIVE else 0)
    before = listing(gig)
    for name, value in changes.items():
        if name == "packages":
            value = [Package(**p) for p in value]
        elif name == "extras":
            value = [Extra(**e) for e in value]
        elif name == "title":
            value = value.strip()
        elif name == "tags":
            value = [t.lower() for t in value]
        setattr(gig, name, value)
    check_gig(gig, category_tree(), others_active)
    catalog.reindex(gig, before)
    uow.publish("gig_updated", gig_facts(gig, catalog.user(gig.seller_id)))
    return gig


def archive_gig(uow, seller_id, gig_id):
    gig = get_gig(uow, gig_id)
    gig.owned_by(seller_id)
    before = listing(gig)
    archive(gig)
    Catalog(uow.session).relist(before, listing(gig))
    uow.publish("gig_archived", {"gig_id": gig.id, "seller_id": gig.seller_id})
    return gig


def seller_profile(uow, username):
    """A seller's public profile (C6): the account's public facts, their figures
    (C7: completed orders, on-time rate) and their active gigs."""
    catalog = Catalog(uow.session)
    user = catalog.user_by_username(username)
    if user is None:
        raise NotFound("No such user.", {"username": username})
    user.active_gigs = catalog.active_gigs_of(user.id)
    stats = catalog.seller_stats(user.id) or levels.SellerStats(seller_id=user.id)
    user.completed_orders = stats.completed_orders
    user.on_time_rate = None if stats.on_time_rate is None else round(stats.on_time_rate, 3)
    return user


# seller levels (C7)
def record_order_completed(uow, event):
    """C7: a completed order counts for its seller, on time or not."""
    return _record_order(uow, event, lambda order: order.complete(
        event["completed_at"], event["delivered_on_time"]))


def record_order_cancelled(uow, event):
    """C7: a cancelled order counts against the seller's completion rate, and a
    completed order cancelled by support (O11) no longer counts as completed."""
    return _record_order(uow, event, lambda order: order.cancel(event["cancelled_at"]))


def _record_order(uow, event, change):
    catalog = Catalog(uow.session)
    seller = _seller(catalog, event)
    if seller is None:
        return None
    stats = catalog.seller_stats_for_update(seller.id)
    order = catalog.seller_order(event["order_id"], seller.id)
    before = order.contribution()
    change(order)
    stats.count(before, order.contribution())
    return review_level(uow, catalog, seller, stats)


def record_earnings(uow, event):
    """C7: the seller's earnings from an order or a tip entered clearance (P3)."""
    catalog = Catalog(uow.session)
    seller = _seller(catalog, event)
    if seller is None:
        return None
    stats = catalog.seller_stats_for_update(seller.id)
    stats.add_earnings(event["earnings"])
    return review_level(uow, catalog, seller, stats)


def record_earnings_reversed(uow, event):
    """C7: earnings taken back from the seller (P5) no longer count."""
    catalog = Catalog(uow.session)
    seller = _seller(catalog, event)
    if seller is None:
        return None
    stats = catalog.seller_stats_for_update(seller.id)
    stats.take_earnings(event["amount"])
    return review_level(uow, catalog, seller, stats)


def record_rating(uow, event):
    """V6, C7: the seller's rating and review count, from reviews: search sorts by
    them (C5) and the level needs the rating. A rating older than the one kept
    (events may cross) changes nothing."""
    catalog = Catalog(uow.session)
    seller = _seller(catalog, event)
    if seller is None:
        return None
    stats = catalog.seller_stats_for_update(seller.id)
    if stats.rating_changed_at is not None and event["occurred_at"] < stats.rating_changed_at:
        log.info("seller_rating_changed for %s older than the rating kept", seller.id)
        return seller.level
    stats.rating_changed_at = event["occurred_at"]
    seller.rating, seller.review_count = event["rating"], event["review_count"]
    catalog.seller_changed(seller)
    return review_level(uow, catalog, seller, stats)


def review_level_when_due(uow, event):
    """C7: the account reached the age the next level asks (a deadline this service
    asked for); the level is computed again, and nothing changes if the figures
    no longer qualify (S3)."""
    catalog = Catalog(uow.session)
    seller = catalog.user(event["user_id"])
    if seller is None:
        return None
    stats = catalog.seller_stats_for_update(seller.id)
    # the scheduler's clock reached the due time: ours may lag it by a hair
    return review_level(uow, catalog, seller, stats, now=max(uow.now(), event["due_at"]))


def review_level(uow, catalog, seller, stats, now=None):
    """Recompute the seller's level (the policy is `levels.seller_level`); publish
    `seller_level_changed` when it changes, and ask the scheduler to look again
    when the account's age alone will lift it."""
    now = now or uow.now()
    previous = seller.level
    level = levels.seller_level(previous, stats, seller.rating, seller.created_at, now)
    if level != previous:
        seller.level = level
        catalog.seller_changed(seller)
        uow.publish("seller_level_changed", {"user_id": seller.id, "level": level,
                                             "previous_level": previous})
    review_at = levels.next_review_at(level, stats, seller.rating, seller.created_at, now)
    if review_at is not None and review_at != stats.level_review_at:
        request_deadline(uow, level_review_key(seller.id), review_at, LEVEL_REVIEW_DUE,
                         {"user_id": seller.id})
        stats.level_review_at = review_at
    return level


def level_review_key(user_id):
    return f"catalog:seller:{user_id}:level_review"


def _seller(catalog, event):
    seller = catalog.user(event["seller_id"])
    if seller is None:
        log.warning("%s %s names an unknown seller %s: ignored", event.get("event_type"),
                    event["event_id"], event["seller_id"])
    return seller


def add_favourite(uow, user_id, gig_id):
    catalog = Catalog(uow.session)
    get_gig(uow, gig_id)
    if catalog.favourite(user_id, gig_id) is None:
        catalog.add_favourite(Favourite(user_id=user_id, gig_id=gig_id, created_at=uow.now()))


def remove_favourite(uow, user_id, gig_id):
    catalog = Catalog(uow.session)
    favourite = catalog.favourite(user_id, gig_id)
    if favourite is not None:
        catalog.remove_favourite(favourite)


def list_favourites(uow, user_id, query):
    offset = offset_of(query.get("cursor"))
    rows, more = Catalog(uow.session).favourite_gigs(user_id, query["limit"], offset)
    results = [{"id": gig.id, "title": gig.title, "seller": username,
                "price": gig.starting_price.to_dict(), "status": gig.status}
               for gig, username in rows]
    return results, next_offset(offset, rows, more)


# reports (C9)
def report_gig(uow, reporter_id, gig_id, data):
    catalog = Catalog(uow.session)
    get_gig(uow, gig_id)
    if catalog.open_report_by(reporter_id, gig_id) is not None:
        raise Conflict("You already reported this gig; a moderator will look at it.",
                       {"gig_id": gig_id})
    report = Report(gig_id=gig_id, reporter_id=reporter_id, reason=data["reason"],
                    details=data["details"], created_at=uow.now())
    catalog.add_report(report)
    uow.publish("gig_reported", {"report_id": report.id, "gig_id": gig_id,
                                 "reason": report.reason})
    return report


def list_reports(uow, caller, query):
    require_admin(caller)
    offset = offset_of(query.get("cursor"))
    rows, more = Catalog(uow.session).reports(query["status"], query["limit"], offset)
    return rows, next_offset(offset, rows, more)


def resolve_report(uow, caller, report_id, data):
    require_admin(caller)
    catalog = Catalog(uow.session)
    report = catalog.report(report_id)
    if report is None:
        raise NotFound("No such report.", {"report_id": report_id})
    report.resolve(data["action"], data["note"], caller["id"], uow.now())
    if data["action"] == REMOVE_GIG:
        gig = catalog.gig(report.gig_id)
        if gig.status != ARCHIVED:
            before = listing(gig)
            archive(gig)
            catalog.relist(before, listing(gig))
            uow.publish("gig_archived", {"gig_id": gig.id, "seller_id": gig.seller_id})
    return report


def search_gigs(uow, criteria):
    offset = offset_of(criteria.get("cursor"))
    if criteria.get("attributes"):
        check_attribute_filters(criteria)
    if criteria.get("online"):
        criteria = {**criteria, "online_since": uow.now() - ONLINE_WINDOW}
    # min_price above max_price: an empty range, which no gig meets (an empty page)
    rows, more = Catalog(uow.session).search_gigs(criteria, criteria["limit"], offset)
    applied = {
        k: v
        for k, v in criteria.items()
        if k not in ("limit", "cursor", "online_since", "sort") and v not in (None, "", False)
    }
    return rows, next_offset(offset, rows, more), applied


def record_search(uow, criteria, rows, searcher):
    """C4: what people search feeds autocomplete, but only a search that found gigs,
    made by someone the gateway names (`searcher`: the signed-in user's id, else the
    client's address), counted once per person; a first page only."""
    term = autocomplete.normalise(criteria.get("q"))
    if not term or criteria.get("cursor") or not rows or not searcher:
        return
    catalog = Catalog(uow.session)
    if catalog.blocked_terms([term]):
        return
    catalog.record_search_term(term, rows[0]["category"], autocomplete.searcher_key(searcher),
                               uow.now())


def suggestions(uow, query):
    """Autocomplete (C4): terms that many people searched and found gigs for first,
    then subcategory names and phrases of active gig titles, each with the category
    it is found in; each from a small table by index (search terms, the tree, title
    phrases), never a scan; never a phrase an admin removed."""
    prefix = autocomplete.normalise(query["q"])
    if not prefix:
        return []
    catalog = Catalog(uow.session)
    limit = query["limit"]
    tree = category_tree().as_list()
    candidates = autocomplete.subcategories_starting(prefix, tree)
    offered = catalog.offered_subcategories([(c, s) for _, c, s in candidates])
    found = autocomplete.merge(
        3 * limit,
        catalog.search_terms_starting(prefix, limit),
        autocomplete.subcategory_suggestions(prefix, tree, offered),
        catalog.title_phrases_starting(prefix, limit))
    blocked = catalog.blocked_terms(s["term"] for s in found)
    return [s for s in found if s["term"] not in blocked][:limit]


def remove_suggestion(uow, caller, phrase):
    """C4: an admin removes a suggestion for good (whatever its source)."""
    require_admin(caller)
    term = autocomplete.normalise(phrase)
    if not term:
        raise InvalidInput("Name the suggestion to remove.", {"phrase": ["Not empty."]})
    Catalog(uow.session).block_suggestion(term, caller["id"], uow.now())
    return {"term": term, "removed": True}


def check_attribute_filters(criteria):
    """C5: a subcategory's own attributes filter only within that subcategory."""
    subcategory = criteria.get("subcategory")
    tree = category_tree()
    category = criteria.get("category") or tree.category_of(subcategory or "")
    known = tree.subcategory(category, subcategory) if subcategory else None
    if known is None:
        raise RuleViolation("Filter by a subcategory to use its attributes.",
                           {"attributes": ["Give a subcategory (C5)."]})
    allowed = {a["slug"]: a["values"] for a in known["attributes"]}
    problems = [f"{name}: one of {allowed[name]}" if name in allowed
                else f"{name} is not an attribute of {subcategory}"
                for name, value in criteria["attributes"].items()
                if name not in allowed or value not in allowed[name]]
    if problems:
        raise RuleViolation("Unknown attribute filters.", {"attributes": problems})


def categories():
    return category_tree().as_list()
