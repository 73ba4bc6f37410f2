"""Invites remember the coordinator who created them (their view covers those people only)
and a label, such as the organisation the invite was made for.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("invites") as batch:
        batch.add_column(sa.Column("created_by", sa.Integer, nullable=True))
        batch.add_column(sa.Column("label", sa.String(120), nullable=True))
        batch.create_foreign_key(
            "fk_invites_created_by_users", "users", ["created_by"], ["id"], ondelete="SET NULL"
        )


def downgrade() -> None:
    with op.batch_alter_table("invites") as batch:
        batch.drop_constraint("fk_invites_created_by_users", type_="foreignkey")
        batch.drop_column("label")
        batch.drop_column("created_by")
