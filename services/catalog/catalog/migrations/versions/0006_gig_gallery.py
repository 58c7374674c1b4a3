"""Gig galleries (C1, issue 17): each gig's images and document, kept as the files
catalog took from uploads, with each image's thumbnail; and on each gig the upload id
of the cover thumbnail search results show.

Revision ID: 0006
Revises: 0005
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "gig_gallery",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column(
            "gig_id",
            sa.String(36),
            sa.ForeignKey("gigs.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("upload_id", sa.String(64), nullable=False),
        sa.Column("key", sa.String(200), nullable=False),
        sa.Column("name", sa.String(255), nullable=False),
        sa.Column("content_type", sa.String(100), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("sha256", sa.String(64)),
        sa.Column("thumbnail_key", sa.String(200)),
        sa.UniqueConstraint("upload_id"),
    )
    op.create_index("ix_gig_gallery_gig_id", "gig_gallery", ["gig_id"])
    op.add_column("gigs", sa.Column("cover_thumbnail_id", sa.String(64)))


def downgrade() -> None:
    op.drop_column("gigs", "cover_thumbnail_id")
    op.drop_index("ix_gig_gallery_gig_id", table_name="gig_gallery")
    op.drop_table("gig_gallery")
