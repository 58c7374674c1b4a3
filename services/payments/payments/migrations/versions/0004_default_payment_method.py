"""the default payment method (T3)

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 10:00:00.000000

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema: the flag, then each owner's first card as their default (the
    first card added is the default), then the index that keeps one per owner."""
    with op.batch_alter_table("payment_methods", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("is_default", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
    methods = sa.table(
        "payment_methods",
        sa.column("id", sa.String),
        sa.column("owner_id", sa.String),
        sa.column("created_at", sa.DateTime),
        sa.column("is_default", sa.Boolean),
    )
    connection = op.get_bind()
    first = {}
    for method_id, owner_id in connection.execute(
        sa.select(methods.c.id, methods.c.owner_id).order_by(methods.c.created_at, methods.c.id)
    ):
        first.setdefault(owner_id, method_id)
    for method_id in first.values():
        connection.execute(
            methods.update().where(methods.c.id == method_id).values(is_default=True)
        )
    with op.batch_alter_table("payment_methods", schema=None) as batch_op:
        batch_op.create_index(
            "uq_payment_methods_one_default",
            ["owner_id"],
            unique=True,
            sqlite_where=sa.text("is_default"),
            postgresql_where=sa.text("is_default"),
        )


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table("payment_methods", schema=None) as batch_op:
        batch_op.drop_index("uq_payment_methods_one_default")
        batch_op.drop_column("is_default")
