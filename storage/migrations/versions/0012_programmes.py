"""Programmes keep coordinating organisations apart: programmes, their members (per role),
and the programme of each invite and exchange. Existing installations put everyone, every
invite and every exchange in the default programme (id 1), so an upgrade keeps working.

Revision ID: 0012
Revises: 0011
"""

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

from storage.types import UTCDateTime

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "programmes",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
    )
    op.create_table(
        "programme_members",
        sa.Column(
            "programme_id",
            sa.Integer,
            sa.ForeignKey("programmes.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column(
            "user_id",
            sa.Integer,
            sa.ForeignKey("users.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("role", sa.String(32), primary_key=True),
        sa.Column("joined_at", UTCDateTime(), nullable=False),
    )
    op.create_index("ix_programme_members_user_id", "programme_members", ["user_id"])
    with op.batch_alter_table("invites") as batch:
        batch.add_column(sa.Column("programme_id", sa.Integer, nullable=True))
        batch.create_foreign_key(
            "fk_invites_programme_id_programmes",
            "programmes",
            ["programme_id"],
            ["id"],
            ondelete="SET NULL",
        )
    with op.batch_alter_table("exchanges") as batch:
        batch.add_column(sa.Column("programme_id", sa.Integer, nullable=True))
        batch.create_foreign_key(
            "fk_exchanges_programme_id_programmes",
            "programmes",
            ["programme_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch.create_index("ix_exchanges_programme_id", ["programme_id"])
    programmes = sa.table(
        "programmes",
        sa.column("id", sa.Integer),
        sa.column("name", sa.String),
        sa.column("created_at", UTCDateTime()),
    )
    op.bulk_insert(programmes, [{"id": 1, "name": "default", "created_at": datetime.now(UTC)}])
    if op.get_bind().dialect.name == "postgresql":  # the next generated id must not be 1 again
        op.execute("SELECT setval(pg_get_serial_sequence('programmes', 'id'), 1)")
    op.execute(
        "INSERT INTO programme_members (programme_id, user_id, role, joined_at) "
        "SELECT 1, user_id, role, granted_at FROM user_roles"
    )
    op.execute("UPDATE invites SET programme_id = 1")
    op.execute("UPDATE exchanges SET programme_id = 1")


def downgrade() -> None:
    with op.batch_alter_table("exchanges") as batch:
        batch.drop_index("ix_exchanges_programme_id")
        batch.drop_constraint("fk_exchanges_programme_id_programmes", type_="foreignkey")
        batch.drop_column("programme_id")
    with op.batch_alter_table("invites") as batch:
        batch.drop_constraint("fk_invites_programme_id_programmes", type_="foreignkey")
        batch.drop_column("programme_id")
    op.drop_index("ix_programme_members_user_id", "programme_members")
    op.drop_table("programme_members")
    op.drop_table("programmes")
