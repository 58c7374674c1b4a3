"""A realistic catalog for demos and benchmarks: sellers and gigs across the
whole category tree, written in bulk (`microtache seed-catalog`)."""
import random
import uuid
from datetime import timedelta

from sqlalchemy import insert, text
from tqdm import tqdm

from microtache.clock import utcnow

from catalog.adapters.orm import gig_packages, gigs, users
from catalog.adapters.passwords import hash_password
from catalog.domain.categories import category_tree

VERBS = ["design", "create", "build", "write", "edit", "produce", "develop", "craft", "optimize",
         "translate", "animate", "record", "set up", "fix", "review"]
QUALITIES = ["professional", "modern", "minimalist", "creative", "unique", "custom", "premium",
             "fast", "high quality", "responsive", "engaging", "clean", "elegant", "bold"]
FOR = ["your business", "your brand", "your startup", "your website", "your shop",
       "your channel", "your book", "your app", "your podcast", "your company"]
PITCH = ["Over {n} happy clients.", "Unlimited support until you are satisfied.",
         "Delivered on time, every time.", "Fully original work, no templates.",
         "Source files included on request.", "I answer within the hour."]
COUNTRIES = ["US", "GB", "FR", "DE", "IN", "PK", "NG", "BR", "ES", "IT", "CA", "UA", "PH", "EG"]
LANGUAGES = ["en", "fr", "de", "es", "pt", "it", "hi", "ur", "ar", "uk"]
LEVELS = ["new"] * 5 + ["level_one"] * 3 + ["level_two"] * 2 + ["top_rated"]
SEEDED_PASSWORD = "seeded-password"


def seed(engine, gig_count=100_000, seller_count=20_000, rng=None, chunk=5_000):
    """Write `seller_count` sellers and `gig_count` gigs; returns how many of each."""
    rng = rng or random.Random(42)
    tree = [(c["slug"], s) for c in category_tree().as_list() for s in c["subcategories"]]
    now = utcnow()
    password_hash = hash_password(SEEDED_PASSWORD)   # one hash: argon2 is slow by design
    run = uuid.uuid4().hex[:6]
    sellers = [{
        "id": str(uuid.uuid4()), "username": f"s{run}_{n:06d}",
        "email": f"s{run}_{n:06d}@seed.microtache.local", "password_hash": password_hash,
        "role": "user", "country": rng.choice(COUNTRIES),
        "languages": rng.sample(LANGUAGES, rng.randint(1, 3)), "accepts_quotes": True,
        "on_vacation": False, "level": rng.choice(LEVELS),
        "rating": round(rng.uniform(3.5, 5.0), 2), "review_count": rng.randint(0, 900),
        "last_seen_at": now - timedelta(minutes=rng.randint(0, 60 * 24 * 7)),
        "created_at": now - timedelta(days=rng.randint(0, 2000))}
        for n in range(seller_count)]
    postgres = engine.dialect.name == "postgresql"
    with engine.begin() as conn, tqdm(total=seller_count + gig_count, unit="row",
                                      desc="seeding the catalog") as bar:
        for start in range(0, seller_count, chunk):
            conn.execute(insert(users), sellers[start:start + chunk])
            bar.update(len(sellers[start:start + chunk]))
        for start in range(0, gig_count, chunk):
            rows, packages, search_rows = [], [], []
            for _ in range(min(chunk, gig_count - start)):
                category, sub = rng.choice(tree)
                gig_id = str(uuid.uuid4())
                title = (f"I will {rng.choice(VERBS)} {rng.choice(QUALITIES)} "
                         f"{sub['name'].lower()} for {rng.choice(FOR)}")[:80]
                description = " ".join([f"{sub['name']} done right.",
                                        rng.choice(PITCH).format(n=rng.randint(50, 5000)),
                                        rng.choice(PITCH).format(n=rng.randint(50, 5000))])
                tags = [w for w in sub["name"].lower().replace("&", "").split() if len(w) > 2][:3]
                rows.append({
                    "id": gig_id, "seller_id": rng.choice(sellers)["id"], "title": title,
                    "description": description, "category": category, "subcategory": sub["slug"],
                    "attributes": {a["slug"]: rng.choice(a["values"]) for a in sub["attributes"]},
                    "tags": tags, "ships_physical_item": False, "accepts_remote_work": True,
                    "shows_reviews": True, "status": "active",
                    "created_at": now - timedelta(minutes=rng.randint(0, 60 * 24 * 700))})
                price = rng.choice([500, 1000, 1500, 2000, 2500, 4000, 5000, 7500, 10000, 20000])
                days = rng.randint(1, 10)
                for factor, tier, extra_days in ((1, "basic", 0), (2, "standard", 2),
                                                 (4, "premium", 4)):
                    packages.append({"gig_id": gig_id, "tier": tier, "price_amount": price * factor,
                                     "price_currency": "USD", "delivery_days": days + extra_days,
                                     "revisions": factor, "description": ""})
                search_rows.append({"gig_id": gig_id, "title": title, "description": description,
                                    "tags": " ".join(tags)})
            conn.execute(insert(gigs), rows)
            conn.execute(insert(gig_packages), packages)
            if not postgres:
                conn.execute(text("INSERT INTO gig_search (gig_id, title, description, tags) "
                                  "VALUES (:gig_id, :title, :description, :tags)"), search_rows)
            bar.update(len(rows))
        if postgres:   # the same weights as PostgresSearch.index, for every new row at once
            conn.execute(text(
                "UPDATE gigs SET search_vector = "
                "setweight(to_tsvector('english', title), 'A') || "
                "setweight(to_tsvector('english', array_to_string(ARRAY(SELECT json_array_elements_text(tags)), ' ')), 'B') || "
                "setweight(to_tsvector('english', description), 'C') WHERE search_vector IS NULL"))
            conn.execute(text("ANALYZE gigs"))
            conn.execute(text("ANALYZE gig_packages"))
            conn.execute(text("ANALYZE users"))
    return {"sellers": seller_count, "gigs": gig_count}
