"""Learning places (draaiboek 5.4), the place an exchange was matched to and a switcher's top 3
of the places offered to them (5.5).

Revision ID: 0020
Revises: 0019
"""

import sqlalchemy as sa
from alembic import op

from storage.types import UTCDateTime

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None

INDEXED = ("programme_id", "status", "coach_id", "host_contact_id", "created_by")


def upgrade() -> None:
    op.create_table(
        "learning_places",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column(
            "programme_id",
            sa.Integer,
            sa.ForeignKey("programmes.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("topic", sa.String(200), nullable=False),
        sa.Column("host_org", sa.String(120), nullable=False),
        sa.Column("sector", sa.String(40), nullable=True),
        sa.Column("site", sa.String(300), nullable=False),
        sa.Column("municipality", sa.String(120), nullable=False),
        sa.Column("region", sa.String(120), nullable=True),
        sa.Column("public_transport", sa.Boolean, nullable=True),
        sa.Column("dates", sa.JSON, nullable=False),
        sa.Column("capacity", sa.Integer, nullable=False),
        sa.Column(
            "coach_id", sa.Integer, sa.ForeignKey("users.id", ondelete="SET NULL"), nullable=True
        ),
        sa.Column(
            "host_contact_id",
            sa.Integer,
            sa.ForeignKey("users.id", ondelete="SET NULL"),
            nullable=True,
        ),
        sa.Column("safety", sa.Text, nullable=True),
        sa.Column("exclusions", sa.Text, nullable=True),
        sa.Column("excluded_orgs", sa.JSON, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column(
            "created_by", sa.Integer, sa.ForeignKey("users.id", ondelete="SET NULL"), nullable=True
        ),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
    )
    for column in INDEXED:
        op.create_index(f"ix_learning_places_{column}", "learning_places", [column])
    op.create_table(
        "place_choices",
        sa.Column(
            "switcher_id",
            sa.Integer,
            sa.ForeignKey("users.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("rank", sa.Integer, primary_key=True),
        sa.Column(
            "place_id",
            sa.Integer,
            sa.ForeignKey("learning_places.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("chosen_at", UTCDateTime(), nullable=False),
    )
    op.create_index("ix_place_choices_place_id", "place_choices", ["place_id"])
    with op.batch_alter_table("exchanges") as batch:
        batch.add_column(sa.Column("learning_place_id", sa.Integer, nullable=True))
        batch.create_foreign_key(
            "fk_exchanges_learning_place_id",
            "learning_places",
            ["learning_place_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch.create_index("ix_exchanges_learning_place_id", ["learning_place_id"])


def downgrade() -> None:
    with op.batch_alter_table("exchanges") as batch:
        batch.drop_index("ix_exchanges_learning_place_id")
        batch.drop_constraint("fk_exchanges_learning_place_id", type_="foreignkey")
        batch.drop_column("learning_place_id")
    op.drop_index("ix_place_choices_place_id", table_name="place_choices")
    op.drop_table("place_choices")
    for column in reversed(INDEXED):
        op.drop_index(f"ix_learning_places_{column}", table_name="learning_places")
    op.drop_table("learning_places")
