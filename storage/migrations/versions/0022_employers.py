"""Employers in the programme (issue 17 items 1-2): an organisation's intake, the engagement
declarations, and a new learning coach named for a learning place (name and invite code).

Revision ID: 0022
Revises: 0021
"""

import sqlalchemy as sa
from alembic import op

from storage.types import UTCDateTime

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None


def _fk(name: str, table: str, nullable: bool = False) -> sa.Column:  # type: ignore[type-arg]
    return sa.Column(
        name, sa.Integer, sa.ForeignKey(f"{table}.id", ondelete="CASCADE"), nullable=nullable
    )


def upgrade() -> None:
    op.create_table(
        "organisation_intakes",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        _fk("programme_id", "programmes"),
        sa.Column("organisation", sa.String(120), nullable=False),
        _fk("filled_by", "users"),
        sa.Column("answers", sa.JSON, nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.UniqueConstraint("programme_id", "organisation", name="uq_organisation_intakes_org"),
    )
    op.create_index("ix_organisation_intakes_filled_by", "organisation_intakes", ["filled_by"])
    op.create_table(
        "engagements",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        _fk("programme_id", "programmes"),
        sa.Column("organisation", sa.String(120), nullable=True),
        _fk("signer_id", "users"),
        sa.Column("signed_name", sa.String(120), nullable=False),
        sa.Column("signed_on", sa.Date, nullable=False),
        sa.Column("signed_at", UTCDateTime(), nullable=False),
    )
    op.create_index("ix_engagements_programme_id", "engagements", ["programme_id"])
    op.create_index("ix_engagements_signer_id", "engagements", ["signer_id"])
    with op.batch_alter_table("learning_places") as batch:
        batch.add_column(sa.Column("coach_name", sa.String(120), nullable=True))
        batch.add_column(sa.Column("coach_invite", sa.String(64), nullable=True))
        batch.create_index("ix_learning_places_coach_invite", ["coach_invite"])


def downgrade() -> None:
    with op.batch_alter_table("learning_places") as batch:
        batch.drop_index("ix_learning_places_coach_invite")
        batch.drop_column("coach_invite")
        batch.drop_column("coach_name")
    op.drop_index("ix_engagements_signer_id", table_name="engagements")
    op.drop_index("ix_engagements_programme_id", table_name="engagements")
    op.drop_table("engagements")
    op.drop_index("ix_organisation_intakes_filled_by", table_name="organisation_intakes")
    op.drop_table("organisation_intakes")
