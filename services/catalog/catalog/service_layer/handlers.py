"""One function per command or query of the catalog: load, apply the domain, store, publish."""
from datetime import timedelta

from microtache.errors import Conflict, InvalidInput, NotFound, Unauthenticated

from catalog.adapters.passwords import hash_password, verify_password
from catalog.adapters.repository import Catalog, decode_cursor, encode_cursor
from catalog.domain.accounts import ADMIN, User, username_problem
from catalog.domain.categories import category_tree
from catalog.domain.gigs import Extra, Gig, Package, check_gig

ONLINE_WINDOW = timedelta(minutes=5)   # "online now": seen in the last 5 minutes


def sign_up(uow, data, role="user"):
    problem = username_problem(data["username"])
    if problem:
        raise InvalidInput("The account is not valid.", {"username": [problem]})
    catalog = Catalog(uow.session)
    if catalog.username_or_email_taken(data["username"], data["email"]):
        raise Conflict("That username or email is already taken.")
    user = User(username=data["username"], email=data["email"].lower(),
                password_hash=hash_password(data["password"]), role=role,
                country=data.get("country"), languages=data.get("languages") or [],
                created_at=uow.now())
    catalog.add_user(user)
    uow.publish("user_signed_up", {"user_id": user.id, "username": user.username,
                                   "country": user.country})
    return user


def authenticate(uow, username, password):
    user = Catalog(uow.session).user_by_username(username)
    if user is None or not verify_password(user.password_hash, password):
        raise Unauthenticated("Wrong username or password.")
    user.last_seen_at = uow.now()
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
    uow.publish("seller_profile_updated", {"user_id": user.id, "accepts_quotes": user.accepts_quotes,
                                           "on_vacation": user.on_vacation,
                                           "country": user.country, "languages": user.languages})
    return user


def seen_online(uow, user_id):
    user = Catalog(uow.session).user(user_id)
    if user is not None:
        user.last_seen_at = uow.now()


def ensure_admin(uow, password, email="admin@microtache.local"):
    """Development settings only: an `admin` account to approve and moderate."""
    if Catalog(uow.session).user_by_username("admin") is None:
        sign_up(uow, {"username": "admin", "email": email, "password": password}, role=ADMIN)


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
    catalog.add_gig(gig)
    uow.publish("gig_published", gig_facts(gig, seller))
    gig.seller_username = seller.username
    return gig


def gig_facts(gig, seller):
    """What other services keep of a gig (orders take prices and days from here)."""
    return {
        "gig_id": gig.id, "seller_id": seller.id, "seller_username": seller.username,
        "title": gig.title, "category": gig.category, "subcategory": gig.subcategory,
        "status": gig.status, "ships_physical_item": gig.ships_physical_item,
        "packages": [{"tier": p.tier, "price": p.price.to_dict(), "delivery_days": p.delivery_days,
                      "revisions": p.revisions} for p in gig.packages],
        "extras": [{"name": e.name, "price": e.price.to_dict(), "delivery_days": e.delivery_days}
                   for e in gig.extras],
    }


def get_gig(uow, gig_id):
    catalog = Catalog(uow.session)
    gig = catalog.gig(gig_id)
    if gig is None:
        raise NotFound("No such gig.", {"gig_id": gig_id})
    gig.seller_username = catalog.user(gig.seller_id).username
    return gig


def search_gigs(uow, criteria):
    try:
        offset = decode_cursor(criteria.get("cursor"))
    except ValueError as exc:
        raise InvalidInput("Bad cursor.", {"cursor": [str(exc)]})
    if criteria.get("online"):
        criteria = {**criteria, "online_since": uow.now() - ONLINE_WINDOW}
    if (criteria.get("min_price") is not None and criteria.get("max_price") is not None
            and criteria["min_price"] > criteria["max_price"]):
        raise InvalidInput("The price range is empty.", {"min_price": ["Above max_price."]})
    rows, more = Catalog(uow.session).search_gigs(criteria, criteria["limit"], offset)
    applied = {k: v for k, v in criteria.items()
               if k not in ("limit", "cursor", "online_since", "sort") and v not in (None, "", False)}
    return rows, (encode_cursor(offset + len(rows)) if more else None), applied


def categories():
    return category_tree().as_list()
