"""Full-text search over gigs with the database's own engine, behind one interface.

SQLite: an FTS5 table `gig_search` (bm25 ranking) whose rowid is the gig's
`search_rowid`, so that a match reaches its gig through an integer index.
PostgreSQL: a weighted `tsvector` column on `gigs` with a GIN index (ts_rank
ranking), so that a match is the gig's own row. Both take the searcher's words
as prefixes, all of which must match.

Both also index each gig's *facets*: its status, category, subcategory and
attributes and its seller's level, country and languages, as tokens of their
own (`lvtoprated`, `lafr`). A text search with equality filters then asks the
full-text index for the intersection, instead of reading every gig that has
the words to check its filters: a common word ("website", 13% of gigs) with a
country is a few hundred matches, not thirteen thousand.

`match(...)` adds the text condition to a select over `gigs` and gives back
the query, its rank expression (higher is better) and the tie-breaks of the
relevance order.
"""

import re

from sqlalchemy import bindparam, func, literal_column, select, text

WORD = re.compile(r"\w+", re.UNICODE)
NOT_ALNUM = re.compile(r"[^a-z0-9]")


def words(q):
    return [w.lower() for w in WORD.findall(q or "")][:10]


def token(kind, value):
    return kind + NOT_ALNUM.sub("", str(value).lower())


def gig_facets(gig):
    """The facet tokens of a gig (after `copy_seller`): what equality filters match."""
    tokens = [
        token("st", gig.status),
        token("lv", gig.seller_level),
        token("ca", gig.category),
        token("su", gig.subcategory),
    ]
    if gig.seller_country:
        tokens.append(token("co", gig.seller_country))
    tokens += [token("la", language) for language in gig.seller_languages.split("|") if language]
    tokens += [token("at", f"{name}x{value}") for name, value in sorted(gig.attributes.items())]
    return " ".join(tokens)


def criteria_facets(criteria):
    """The facet tokens a search asks for: one per equality filter."""
    tokens = []
    if criteria.get("seller_level"):
        tokens.append(token("lv", criteria["seller_level"]))
    for kind, name in (
        ("ca", "category"),
        ("su", "subcategory"),
        ("co", "country"),
        ("la", "language"),
    ):
        if criteria.get(name):
            tokens.append(token(kind, criteria[name]))
    tokens += [
        token("at", f"{name}x{value}")
        for name, value in sorted((criteria.get("attributes") or {}).items())
    ]
    return tokens


class SqliteSearch:
    COLUMNS = "gig_id, title, description, tags, facets"
    RANK = "bm25(gig_search, 10.0, 1.0, 5.0, 0.0)"  # title, description, tags; not facets

    def index(self, session, gig):
        values = {
            "id": gig.id,
            "title": gig.title,
            "description": gig.description,
            "tags": " ".join(gig.tags),
            "facets": gig_facets(gig),
        }
        if gig.search_rowid is not None:
            session.execute(
                text("DELETE FROM gig_search WHERE rowid = :rowid"), {"rowid": gig.search_rowid}
            )
            session.execute(
                text(
                    f"INSERT INTO gig_search (rowid, {self.COLUMNS}) "
                    "VALUES (:rowid, :id, :title, :description, :tags, :facets)"
                ),
                {**values, "rowid": gig.search_rowid},
            )
        else:
            inserted = session.execute(
                text(
                    f"INSERT INTO gig_search ({self.COLUMNS}) "
                    "VALUES (:id, :title, :description, :tags, :facets)"
                ),
                values,
            )
            gig.search_rowid = inserted.lastrowid

    def match(self, query, q, gigs, facets, excluded, top=None):
        """Gigs with the words of `q` and every facet, none of `excluded` (a status
        every gig has, as "active", would make the index walk every gig: statuses
        are excluded instead). `top`: only the best `top` matches by rank are
        wanted (no filter but the facets, relevance order): the index ranks them
        alone, and only those gigs are read."""
        expression = "{title description tags} : (" + " ".join(f'"{w}"*' for w in words(q)) + ")"
        if facets:
            expression += " AND facets : (" + " ".join(f'"{f}"' for f in facets) + ")"
        if excluded:
            expression += " NOT facets : (" + " OR ".join(f'"{f}"' for f in excluded) + ")"
        matches = (
            select(literal_column("rowid").label("key"), (-literal_column(self.RANK)).label("rank"))
            .select_from(text("gig_search"))
            .where(text("gig_search MATCH :match").bindparams(match=expression))
        )
        if top is not None:
            matches = matches.order_by(
                literal_column(self.RANK), literal_column("rowid").desc()
            ).limit(top)
        matches = matches.subquery("matches")
        return (
            query.join(matches, matches.c.key == gigs.c.search_rowid),
            matches.c.rank,
            [gigs.c.search_rowid.desc()],
        )


class PostgresSearch:
    def index(self, session, gig):
        session.execute(
            text(
                "UPDATE gigs SET search_vector = "
                "setweight(to_tsvector('english', :title), 'A') || "
                "setweight(to_tsvector('english', :tags), 'B') || "
                "setweight(to_tsvector('english', :description), 'C') || "
                "setweight(to_tsvector('simple', :facets), 'D') WHERE id = :id"
            ),
            {
                "id": gig.id,
                "title": gig.title,
                "description": gig.description,
                "tags": " ".join(gig.tags),
                "facets": gig_facets(gig),
            },
        )

    def match(self, query, q, gigs, facets, excluded, top=None):
        text_part = func.to_tsquery(
            "english", bindparam("tsq", " & ".join(f"{w}:*" for w in words(q)))
        )
        vector = literal_column("gigs.search_vector")
        condition = text_part
        if facets or excluded:
            facet_query = " & ".join([*facets, *(f"!{f}" for f in excluded)])
            condition = text_part.op("&&")(func.to_tsquery("simple", bindparam("tsf", facet_query)))
        return (
            query.where(vector.op("@@")(condition)),
            func.ts_rank(vector, text_part),
            [gigs.c.created_at.desc(), gigs.c.id.desc()],
        )


def search_engine(dialect_name):
    return PostgresSearch() if dialect_name == "postgresql" else SqliteSearch()
