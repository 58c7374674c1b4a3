"""Hardening (issue 15): e-mails unique whatever their case; sign-in failures for
throttling; autocomplete's searched terms counted by distinct searchers, and the
phrases an admin removed.

Revision ID: 0005
Revises: 0004
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    conn = op.get_bind()
    # e-mails: sign-up lower-cased them already, so existing rows collide only if
    # written by hand; then say which, rather than pick an account to change
    clashes = (
        conn.execute(
            sa.text("SELECT lower(email) FROM users GROUP BY lower(email) HAVING count(*) > 1")
        )
        .scalars()
        .all()
    )
    if clashes:
        raise RuntimeError(
            f"catalog 0005: {len(clashes)} e-mail(s) belong to several accounts when case is "
            f"ignored (e.g. {clashes[0]!r}); give each account its own e-mail, then migrate again."
        )
    conn.execute(sa.text("UPDATE users SET email = lower(email) WHERE email <> lower(email)"))
    op.create_index("uq_users_email_lower", "users", [sa.text("lower(email)")], unique=True)

    op.create_table(
        "sign_in_failures",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("failed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_sign_in_failures_key_failed_at", "sign_in_failures", ["key", "failed_at"])
    op.create_index("ix_sign_in_failures_failed_at", "sign_in_failures", ["failed_at"])

    # the terms counted so far came from anyone, anonymously, once or not: not kept
    op.drop_table("search_terms")
    op.create_table(
        "search_terms",
        sa.Column("term", sa.String(length=200), nullable=False),
        sa.Column("searchers", sa.Integer(), nullable=False),
        sa.Column("last_category", sa.String(length=60), nullable=True),
        sa.Column("last_searched_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("term"),
    )
    op.create_index("ix_search_terms_last_searched_at", "search_terms", ["last_searched_at"])
    op.create_table(
        "search_term_searchers",
        sa.Column("term", sa.String(length=200), nullable=False),
        sa.Column("searcher", sa.String(length=64), nullable=False),
        sa.Column("searched_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("term", "searcher"),
    )
    op.create_index(
        "ix_search_term_searchers_searched_at", "search_term_searchers", ["searched_at"]
    )
    op.create_table(
        "blocked_suggestions",
        sa.Column("term", sa.String(length=200), nullable=False),
        sa.Column("blocked_by", sa.String(length=36), nullable=False),
        sa.Column("blocked_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("term"),
    )


def downgrade() -> None:
    op.drop_table("blocked_suggestions")
    op.drop_index("ix_search_term_searchers_searched_at", table_name="search_term_searchers")
    op.drop_table("search_term_searchers")
    op.drop_index("ix_search_terms_last_searched_at", table_name="search_terms")
    op.drop_table("search_terms")
    op.create_table(
        "search_terms",
        sa.Column("term", sa.String(length=200), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("last_category", sa.String(length=60), nullable=True),
        sa.PrimaryKeyConstraint("term"),
    )
    op.drop_index("ix_sign_in_failures_failed_at", table_name="sign_in_failures")
    op.drop_index("ix_sign_in_failures_key_failed_at", table_name="sign_in_failures")
    op.drop_table("sign_in_failures")
    op.drop_index("uq_users_email_lower", table_name="users")
