"""seller stats and what they keep of each order, for seller levels (C7)

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 14:12:44.564529

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "seller_orders",
        sa.Column("order_id", sa.String(length=36), nullable=False),
        sa.Column("seller_id", sa.String(length=36), nullable=False),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("delivered_on_time", sa.Boolean(), nullable=True),
        sa.Column("cancelled_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["seller_id"],
            ["users.id"],
        ),
        sa.PrimaryKeyConstraint("order_id"),
    )
    with op.batch_alter_table("seller_orders", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_seller_orders_seller_id"), ["seller_id"], unique=False)

    op.create_table(
        "seller_stats",
        sa.Column("seller_id", sa.String(length=36), nullable=False),
        sa.Column("completed_orders", sa.Integer(), nullable=False),
        sa.Column("on_time_orders", sa.Integer(), nullable=False),
        sa.Column("cancelled_orders", sa.Integer(), nullable=False),
        sa.Column("earnings_amount", sa.Integer(), nullable=False),
        sa.Column("level_review_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("rating_changed_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["seller_id"],
            ["users.id"],
        ),
        sa.PrimaryKeyConstraint("seller_id"),
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_table("seller_stats")
    with op.batch_alter_table("seller_orders", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_seller_orders_seller_id"))

    op.drop_table("seller_orders")
