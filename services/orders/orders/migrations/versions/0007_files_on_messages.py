"""files on the order page's messages (O14, API.md "Files")

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 13:20:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("order_messages") as batch:
        batch.add_column(sa.Column("files", sa.JSON(), nullable=False, server_default="[]"))


def downgrade() -> None:
    with op.batch_alter_table("order_messages") as batch:
        batch.drop_column("files")
