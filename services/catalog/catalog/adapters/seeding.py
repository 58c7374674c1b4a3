"""A realistic catalog for demos and benchmarks: sellers and gigs across the
whole category tree, written in bulk (`python -m catalog.seed`)."""

import random
import uuid
from collections import Counter
from datetime import timedelta

from sqlalchemy import insert, text, update
from sqlalchemy.dialects import postgresql as postgresql_dialect, sqlite as sqlite_dialect
from tqdm import tqdm

from microtache.clock import utcnow

from catalog.adapters.gigs import language_key
from catalog.adapters.orm import catalog_versions, gig_packages, gigs, title_phrases, users
from catalog.adapters.passwords import hash_password
from catalog.adapters.search import gig_facets
from catalog.domain.categories import category_tree
from catalog.domain.suggestions import phrases

VERBS = [
    "design",
    "create",
    "build",
    "write",
    "edit",
    "produce",
    "develop",
    "craft",
    "optimize",
    "translate",
    "animate",
    "record",
    "set up",
    "fix",
    "review",
]
QUALITIES = [
    "professional",
    "modern",
    "minimalist",
    "creative",
    "unique",
    "custom",
    "premium",
    "fast",
    "high quality",
    "responsive",
    "engaging",
    "clean",
    "elegant",
    "bold",
]
FOR = [
    "your business",
    "your brand",
    "your startup",
    "your website",
    "your shop",
    "your channel",
    "your book",
    "your app",
    "your podcast",
    "your company",
]
PITCH = [
    "Over {n} happy clients.",
    "Unlimited support until you are satisfied.",
    "Delivered on time, every time.",
    "Fully original work, no templates.",
    "Source files included on request.",
    "I answer within the hour.",
]
COUNTRIES = ["US", "GB", "FR", "DE", "IN", "PK", "NG", "BR", "ES", "IT", "CA", "UA", "PH", "EG"]
LANGUAGES = ["en", "fr", "de", "es", "pt", "it", "hi", "ur", "ar", "uk"]
LEVELS = ["new"] * 5 + ["level_one"] * 3 + ["level_two"] * 2 + ["top_rated"]
SEEDED_PASSWORD = "seeded-password"


def seed(engine, gig_count=100_000, seller_count=20_000, rng=None, chunk=5_000):
    """Write `seller_count` sellers and `gig_count` gigs; returns how many of each."""
    rng = rng or random.Random(42)
    tree = [(c["slug"], s) for c in category_tree().as_list() for s in c["subcategories"]]
    now = utcnow()
    password_hash = hash_password(SEEDED_PASSWORD)  # one hash: argon2 is slow by design
    run = uuid.uuid4().hex[:6]
    sellers = [
        {
            "id": str(uuid.uuid4()),
            "username": f"s{run}_{n:06d}",
            "email": f"s{run}_{n:06d}@seed.microtache.local",
            "password_hash": password_hash,
            "role": "user",
            "country": rng.choice(COUNTRIES),
            "languages": rng.sample(LANGUAGES, rng.randint(1, 3)),
            "accepts_quotes": True,
            "on_vacation": False,
            "level": rng.choice(LEVELS),
            "rating": round(rng.uniform(3.5, 5.0), 2),
            "review_count": rng.randint(1, 900),
            "last_seen_at": now - timedelta(minutes=rng.randint(0, 60 * 24 * 7)),
            "created_at": now - timedelta(days=rng.randint(0, 2000)),
        }
        for n in range(seller_count)
    ]
    postgres = engine.dialect.name == "postgresql"
    phrase_counts = Counter()
    with (
        engine.begin() as conn,
        tqdm(total=seller_count + gig_count, unit="row", desc="seeding the catalog") as bar,
    ):
        for start in range(0, seller_count, chunk):
            conn.execute(insert(users), sellers[start : start + chunk])
            bar.update(len(sellers[start : start + chunk]))
        next_rowid = (
            1
            if postgres
            else conn.execute(text("SELECT coalesce(max(rowid), 0) + 1 FROM gig_search")).scalar()
        )
        if postgres:
            conn.execute(
                text(
                    "CREATE TEMPORARY TABLE seeded_facets (id varchar(36) PRIMARY KEY, "
                    "facets text) ON COMMIT DROP"
                )
            )
        for start in range(0, gig_count, chunk):
            rows, packages, search_rows = [], [], []
            for _ in range(min(chunk, gig_count - start)):
                category, sub = rng.choice(tree)
                gig_id = str(uuid.uuid4())
                title = (
                    f"I will {rng.choice(VERBS)} {rng.choice(QUALITIES)} "
                    f"{sub['name'].lower()} for {rng.choice(FOR)}"
                )[:80]
                description = " ".join(
                    [
                        f"{sub['name']} done right.",
                        rng.choice(PITCH).format(n=rng.randint(50, 5000)),
                        rng.choice(PITCH).format(n=rng.randint(50, 5000)),
                    ]
                )
                tags = [w for w in sub["name"].lower().replace("&", "").split() if len(w) > 2][:3]
                seller = rng.choice(sellers)
                price = rng.choice([500, 1000, 1500, 2000, 2500, 4000, 5000, 7500, 10000, 20000])
                days = rng.randint(1, 10)
                rows.append(
                    {
                        "id": gig_id,
                        "seller_id": seller["id"],
                        "title": title,
                        "description": description,
                        "category": category,
                        "subcategory": sub["slug"],
                        "attributes": {
                            a["slug"]: rng.choice(a["values"]) for a in sub["attributes"]
                        },
                        "tags": tags,
                        "ships_physical_item": False,
                        "accepts_remote_work": True,
                        "shows_reviews": True,
                        "status": "active",
                        "created_at": now - timedelta(minutes=rng.randint(0, 60 * 24 * 700)),
                        # what search reads on the row (as Catalog.add_gig copies it)
                        "seller_username": seller["username"],
                        "seller_level": seller["level"],
                        "seller_rating": seller["rating"],
                        "seller_review_count": seller["review_count"],
                        "seller_country": seller["country"],
                        "seller_languages": language_key(seller["languages"]),
                        "seller_last_seen_at": seller["last_seen_at"],
                        "starting_price": price,
                        "highest_price": price * 4,
                        "min_delivery_days": days,
                        "basic_price": price,
                        "basic_days": days,
                        "standard_price": price * 2,
                        "standard_days": days + 2,
                        "premium_price": price * 4,
                        "premium_days": days + 4,
                        "search_rowid": None if postgres else next_rowid,
                    }
                )
                for phrase, words in phrases(title):
                    phrase_counts[(phrase, category, words)] += 1
                for factor, tier, extra_days in (
                    (1, "basic", 0),
                    (2, "standard", 2),
                    (4, "premium", 4),
                ):
                    packages.append(
                        {
                            "gig_id": gig_id,
                            "tier": tier,
                            "price_amount": price * factor,
                            "price_currency": "USD",
                            "delivery_days": days + extra_days,
                            "revisions": factor,
                            "description": "",
                        }
                    )
                search_rows.append(
                    {
                        "rowid": next_rowid,
                        "gig_id": gig_id,
                        "title": title,
                        "description": description,
                        "tags": " ".join(tags),
                        "facets": gig_facets(Facts(rows[-1])),
                    }
                )
                next_rowid += 1
            conn.execute(insert(gigs), rows)
            conn.execute(insert(gig_packages), packages)
            if not postgres:
                conn.execute(
                    text(
                        "INSERT INTO gig_search (rowid, gig_id, title, description, "
                        "tags, facets) VALUES (:rowid, :gig_id, :title, "
                        ":description, :tags, :facets)"
                    ),
                    search_rows,
                )
            else:
                conn.execute(
                    text("INSERT INTO seeded_facets (id, facets) VALUES (:gig_id, :facets)"),
                    search_rows,
                )
            bar.update(len(rows))
        count_phrases(conn, phrase_counts)
        # new gigs and phrases: the answers running catalogs keep are stale
        conn.execute(update(catalog_versions).values(version=catalog_versions.c.version + 1))
        if postgres:  # the same weights as PostgresSearch.index, for every new row at once
            conn.execute(
                text(
                    "UPDATE gigs SET search_vector = "
                    "setweight(to_tsvector('english', title), 'A') || "
                    "setweight(to_tsvector('english', array_to_string("
                    "ARRAY(SELECT json_array_elements_text(tags)), ' ')), 'B') || "
                    "setweight(to_tsvector('english', description), 'C') || "
                    "setweight(to_tsvector('simple', seeded_facets.facets), 'D') "
                    "FROM seeded_facets WHERE seeded_facets.id = gigs.id"
                )
            )
            conn.execute(text("ANALYZE gigs"))
            conn.execute(text("ANALYZE gig_packages"))
            conn.execute(text("ANALYZE users"))
            conn.execute(text("ANALYZE title_phrases"))
        else:
            conn.execute(text("ANALYZE"))
    return {"sellers": seller_count, "gigs": gig_count}


class Facts:
    """A seeded row seen as a gig (attributes by name), for `gig_facets`."""

    def __init__(self, row):
        self.__dict__.update(row)


def count_phrases(conn, counts):
    """Add seeded titles' phrases to autocomplete's table (as Catalog.count_title_phrases)."""
    dialect = postgresql_dialect if conn.dialect.name == "postgresql" else sqlite_dialect
    rows = [
        {"term": term, "category": category, "words": words, "count": count}
        for (term, category, words), count in counts.items()
    ]
    statement = dialect.insert(title_phrases)
    statement = statement.on_conflict_do_update(
        index_elements=[title_phrases.c.term, title_phrases.c.category],
        set_={"count": title_phrases.c.count + statement.excluded.count},
    )
    for start in range(0, len(rows), 5_000):
        conn.execute(statement, rows[start : start + 5_000])
