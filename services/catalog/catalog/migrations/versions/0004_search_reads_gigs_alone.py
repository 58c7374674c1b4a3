"""search reads gigs alone: the seller's facts and the packages' bounds on each gig,
the indexes of the sorts, the gig's row in SQLite's full-text index, facets in the
full-text index, and the title phrases of autocomplete (C4, C5)

Existing rows are filled in: sellers' facts from users, bounds from packages,
phrases from active gigs' titles; the full-text index is built again with facets
(SQLite: `gig_search` gains a `facets` column and its rowid becomes the gig's
`search_rowid`; PostgreSQL: `search_vector` gains the facets at weight D).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 15:05:00

"""

import json
import re
from collections import Counter
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BOUND_COLUMNS = ("starting_price", "highest_price", "min_delivery_days")
TIERS = ("basic", "standard", "premium")
WORD = re.compile(r"\w+", re.UNICODE)


def phrases(title):
    """As catalog.domain.suggestions.phrases was at this revision (frozen here)."""
    title_words = [w.lower() for w in WORD.findall(title)]
    found = {}
    for n in range(1, 4):
        for i in range(len(title_words) - n + 1):
            found.setdefault(" ".join(title_words[i : i + n])[:200], n)
    return found.items()


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "title_phrases",
        sa.Column("term", sa.String(length=200), nullable=False),
        sa.Column("category", sa.String(length=60), nullable=False),
        sa.Column("words", sa.Integer(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("term", "category"),
    )
    with op.batch_alter_table("title_phrases", schema=None) as batch_op:
        batch_op.create_index("ix_title_phrases_words_term", ["words", "term"], unique=False)

    # NOT NULL columns come with a default for the rows there (SQLite adds a column in
    # place only so; rebuilding `gigs` would cascade-delete its packages), then filled in
    with op.batch_alter_table("gigs", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("seller_username", sa.String(length=30), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("seller_level", sa.String(length=20), nullable=False, server_default="new")
        )
        batch_op.add_column(
            sa.Column("seller_rating", sa.Float(), nullable=False, server_default="0")
        )
        batch_op.add_column(
            sa.Column("seller_review_count", sa.Integer(), nullable=False, server_default="0")
        )
        batch_op.add_column(sa.Column("seller_country", sa.String(length=2), nullable=True))
        batch_op.add_column(
            sa.Column("seller_languages", sa.String(length=64), nullable=False, server_default="||")
        )
        batch_op.add_column(
            sa.Column("seller_last_seen_at", sa.DateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(
            sa.Column("starting_price", sa.Integer(), nullable=False, server_default="0")
        )
        batch_op.add_column(
            sa.Column("highest_price", sa.Integer(), nullable=False, server_default="0")
        )
        batch_op.add_column(
            sa.Column("min_delivery_days", sa.Integer(), nullable=False, server_default="0")
        )
        batch_op.add_column(sa.Column("search_rowid", sa.Integer(), nullable=True))
        for tier in TIERS:
            batch_op.add_column(sa.Column(f"{tier}_price", sa.Integer(), nullable=True))
            batch_op.add_column(sa.Column(f"{tier}_days", sa.Integer(), nullable=True))

    fill_existing_rows(op.get_bind())
    rebuild_search_index(op.get_bind(), with_facets=True)

    with op.batch_alter_table("gigs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_gigs_category"))
        batch_op.drop_index(batch_op.f("ix_gigs_status"))
        batch_op.drop_index(batch_op.f("ix_gigs_subcategory"))
        batch_op.create_index(
            "ix_gigs_category_status_created_at",
            ["category", "status", "created_at", "id"],
            unique=False,
        )
        batch_op.create_index(
            "ix_gigs_status_created_at", ["status", "created_at", "id"], unique=False
        )
        batch_op.create_index(
            "ix_gigs_status_price", ["status", "starting_price", "created_at", "id"], unique=False
        )
        batch_op.create_index(
            "ix_gigs_status_rating",
            ["status", "seller_rating", "seller_review_count", "created_at", "id"],
            unique=False,
        )
        batch_op.create_index(
            "ix_gigs_status_reviews",
            ["status", "seller_review_count", "created_at", "id"],
            unique=False,
        )
        batch_op.create_index(
            "ix_gigs_subcategory_status_created_at",
            ["subcategory", "status", "created_at", "id"],
            unique=False,
        )
        batch_op.create_index("uq_gigs_search_rowid", ["search_rowid"], unique=True)


def fill_existing_rows(conn):
    sellers = conn.execute(
        sa.text(
            "SELECT id, username, level, rating, review_count, country, languages, last_seen_at "
            "FROM users WHERE id IN (SELECT DISTINCT seller_id FROM gigs)"
        )
    ).all()
    if sellers:
        conn.execute(
            sa.text(
                "UPDATE gigs SET seller_username = :username, seller_level = :level, "
                "seller_rating = :rating, seller_review_count = :review_count, "
                "seller_country = :country, seller_languages = :languages, "
                "seller_last_seen_at = :last_seen_at WHERE seller_id = :id"
            ),
            [
                {
                    "id": s.id,
                    "username": s.username,
                    "level": s.level,
                    "rating": s.rating or 0.0,
                    "review_count": s.review_count,
                    "country": s.country,
                    "languages": "|"
                    + "|".join(
                        sorted(
                            {
                                lang.lower()
                                for lang in (
                                    json.loads(s.languages)
                                    if isinstance(s.languages, str)
                                    else s.languages or []
                                )
                            }
                        )
                    )
                    + "|",
                    "last_seen_at": s.last_seen_at,
                }
                for s in sellers
            ],
        )
    conn.execute(
        sa.text(
            "UPDATE gigs SET "
            "starting_price = (SELECT min(p.price_amount) FROM gig_packages p WHERE p.gig_id = gigs.id), "
            "highest_price = (SELECT max(p.price_amount) FROM gig_packages p WHERE p.gig_id = gigs.id), "
            "min_delivery_days = (SELECT min(p.delivery_days) FROM gig_packages p WHERE p.gig_id = gigs.id)"
        )
    )
    for tier in TIERS:
        conn.execute(
            sa.text(
                f"UPDATE gigs SET "
                f"{tier}_price = (SELECT min(p.price_amount) FROM gig_packages p "
                f"WHERE p.gig_id = gigs.id AND p.tier = '{tier}'), "
                f"{tier}_days = (SELECT min(p.delivery_days) FROM gig_packages p "
                f"WHERE p.gig_id = gigs.id AND p.tier = '{tier}')"
            )
        )
    counts = Counter()
    for title, category in conn.execute(
        sa.text("SELECT title, category FROM gigs WHERE status = 'active'")
    ):
        for phrase, n in phrases(title):
            counts[(phrase, category, n)] += 1
    if counts:
        conn.execute(
            sa.text(
                "INSERT INTO title_phrases (term, category, words, count) "
                "VALUES (:term, :category, :words, :count)"
            ),
            [{"term": t, "category": c, "words": n, "count": k} for (t, c, n), k in counts.items()],
        )


def token(kind, value):
    return kind + re.sub(r"[^a-z0-9]", "", str(value).lower())


def facets(row):
    """As catalog.adapters.search.gig_facets was at this revision (frozen here)."""
    attributes = json.loads(row.attributes) if isinstance(row.attributes, str) else row.attributes
    tokens = [
        token("st", row.status),
        token("lv", row.seller_level),
        token("ca", row.category),
        token("su", row.subcategory),
    ]
    if row.seller_country:
        tokens.append(token("co", row.seller_country))
    tokens += [token("la", lang) for lang in row.seller_languages.split("|") if lang]
    tokens += [token("at", f"{name}x{value}") for name, value in sorted((attributes or {}).items())]
    return " ".join(tokens)


def rebuild_search_index(conn, with_facets):
    rows = conn.execute(
        sa.text(
            "SELECT id, title, description, tags, status, category, subcategory, attributes"
            + (", seller_level, seller_country, seller_languages" if with_facets else "")
            + " FROM gigs ORDER BY created_at, id"
        )
    ).all()
    tags = [" ".join(json.loads(r.tags) if isinstance(r.tags, str) else r.tags) for r in rows]
    if conn.dialect.name == "postgresql":
        facet_vector = " || setweight(to_tsvector('simple', :facets), 'D')" if with_facets else ""
        if rows:
            conn.execute(
                sa.text(
                    "UPDATE gigs SET search_vector = "
                    "setweight(to_tsvector('english', :title), 'A') || "
                    "setweight(to_tsvector('english', :tags), 'B') || "
                    "setweight(to_tsvector('english', :description), 'C')"
                    + facet_vector
                    + " WHERE id = :id"
                ),
                [
                    {
                        "id": r.id,
                        "title": r.title,
                        "description": r.description,
                        "tags": t,
                        **({"facets": facets(r)} if with_facets else {}),
                    }
                    for r, t in zip(rows, tags, strict=True)
                ],
            )
        return
    op.execute("DROP TABLE gig_search")
    if with_facets:
        op.execute(
            "CREATE VIRTUAL TABLE gig_search USING fts5("
            "gig_id UNINDEXED, title, description, tags, facets, "
            "tokenize='porter unicode61')"
        )
        if rows:
            conn.execute(
                sa.text(
                    "INSERT INTO gig_search (rowid, gig_id, title, description, tags, facets) "
                    "VALUES (:rowid, :id, :title, :description, :tags, :facets)"
                ),
                [
                    {
                        "rowid": n,
                        "id": r.id,
                        "title": r.title,
                        "description": r.description,
                        "tags": t,
                        "facets": facets(r),
                    }
                    for n, (r, t) in enumerate(zip(rows, tags, strict=True), 1)
                ],
            )
            conn.execute(
                sa.text("UPDATE gigs SET search_rowid = :rowid WHERE id = :id"),
                [{"rowid": n, "id": r.id} for n, r in enumerate(rows, 1)],
            )
    else:
        op.execute(
            "CREATE VIRTUAL TABLE gig_search USING fts5("
            "gig_id UNINDEXED, title, description, tags, tokenize='porter unicode61')"
        )
        if rows:
            conn.execute(
                sa.text(
                    "INSERT INTO gig_search (gig_id, title, description, tags) "
                    "VALUES (:id, :title, :description, :tags)"
                ),
                [
                    {"id": r.id, "title": r.title, "description": r.description, "tags": t}
                    for r, t in zip(rows, tags, strict=True)
                ],
            )


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table("gigs", schema=None) as batch_op:
        batch_op.drop_index("uq_gigs_search_rowid")
        batch_op.drop_index("ix_gigs_subcategory_status_created_at")
        batch_op.drop_index("ix_gigs_status_reviews")
        batch_op.drop_index("ix_gigs_status_rating")
        batch_op.drop_index("ix_gigs_status_price")
        batch_op.drop_index("ix_gigs_status_created_at")
        batch_op.drop_index("ix_gigs_category_status_created_at")
        batch_op.create_index(batch_op.f("ix_gigs_subcategory"), ["subcategory"], unique=False)
        batch_op.create_index(batch_op.f("ix_gigs_status"), ["status"], unique=False)
        batch_op.create_index(batch_op.f("ix_gigs_category"), ["category"], unique=False)
    rebuild_search_index(op.get_bind(), with_facets=False)
    # ALTER TABLE ... DROP COLUMN (SQLite 3.35+): a batch rebuild of `gigs` would
    # cascade-delete its packages
    for name in (
        tuple(f"{tier}_{what}" for tier in TIERS for what in ("price", "days"))
        + ("search_rowid",)
        + BOUND_COLUMNS
        + (
            "seller_last_seen_at",
            "seller_languages",
            "seller_country",
            "seller_review_count",
            "seller_rating",
            "seller_level",
            "seller_username",
        )
    ):
        op.drop_column("gigs", name)

    with op.batch_alter_table("title_phrases", schema=None) as batch_op:
        batch_op.drop_index("ix_title_phrases_words_term")

    op.drop_table("title_phrases")
