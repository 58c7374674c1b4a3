"""The catalog's versions (issue 21): counters that every write which can change a
search's or a suggestion's answer increases, so that the answers each catalog
process keeps are served only while they still hold (catalog.domain.search_cache).

Revision ID: 0007
Revises: 0006
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

VERSIONS = ("listings", "seen", "terms")  # catalog.domain.search_cache.VERSIONS


def upgrade() -> None:
    table = op.create_table(
        "catalog_versions",
        sa.Column("name", sa.String(20), primary_key=True),
        sa.Column("version", sa.BigInteger(), nullable=False),
    )
    op.bulk_insert(table, [{"name": name, "version": 1} for name in VERSIONS])


def downgrade() -> None:
    op.drop_table("catalog_versions")
