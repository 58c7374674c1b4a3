"""Full-text search over gigs with the database's own engine, behind one interface.

SQLite: an FTS5 table `gig_search` (bm25 ranking). PostgreSQL: a weighted
`tsvector` column on `gigs` with a GIN index (ts_rank ranking). Both take the
searcher's words as prefixes, all of which must match.
"""
import re

from sqlalchemy import column, func, literal_column, select, table, text, bindparam

WORD = re.compile(r"\w+", re.UNICODE)


def words(q):
    return [w.lower() for w in WORD.findall(q or "")][:10]


class SqliteSearch:
    fts = table("gig_search", column("gig_id"), column("title"), column("description"),
                column("tags"))

    def index(self, session, gig):
        session.execute(text("DELETE FROM gig_search WHERE gig_id = :id"), {"id": gig.id})
        session.execute(text("INSERT INTO gig_search (gig_id, title, description, tags) "
                             "VALUES (:id, :title, :description, :tags)"),
                        {"id": gig.id, "title": gig.title, "description": gig.description,
                         "tags": " ".join(gig.tags)})

    def matches(self, q):
        """A selectable of (gig_id, rank) for the words of q; higher rank is better."""
        expression = " ".join(f'"{w}"*' for w in words(q))
        return (select(literal_column("gig_id").label("gig_id"),
                       (-literal_column("bm25(gig_search, 10.0, 1.0, 5.0)")).label("rank"))
                .select_from(text("gig_search"))
                .where(text("gig_search MATCH :match").bindparams(match=expression))
                .subquery("matches"))


class PostgresSearch:
    def index(self, session, gig):
        session.execute(text(
            "UPDATE gigs SET search_vector = "
            "setweight(to_tsvector('english', :title), 'A') || "
            "setweight(to_tsvector('english', :tags), 'B') || "
            "setweight(to_tsvector('english', :description), 'C') WHERE id = :id"),
            {"id": gig.id, "title": gig.title, "description": gig.description,
             "tags": " ".join(gig.tags)})

    def matches(self, q):
        query = " & ".join(f"{w}:*" for w in words(q))
        tsquery = func.to_tsquery("english", bindparam("tsq", query))
        vector = literal_column("gigs.search_vector")
        return (select(literal_column("gigs.id").label("gig_id"),
                       func.ts_rank(vector, tsquery).label("rank"))
                .select_from(text("gigs"))
                .where(vector.op("@@")(tsquery))
                .subquery("matches"))


def search_engine(dialect_name):
    return PostgresSearch() if dialect_name == "postgresql" else SqliteSearch()
