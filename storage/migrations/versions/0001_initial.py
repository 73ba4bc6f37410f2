"""Initial schema: people, identities, roles, invites, conversation state, consent, meta.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

from storage.types import UTCDateTime

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(120), nullable=True),
        sa.Column("locale", sa.String(16), nullable=True),
        sa.Column("timezone", sa.String(64), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_users"),
    )
    op.create_table(
        "identities",
        sa.Column("id", sa.Integer, autoincrement=True),
        sa.Column("user_id", sa.Integer, nullable=False),
        sa.Column("platform", sa.String(16), nullable=False),
        sa.Column("external_id", sa.String(255), nullable=False),
        sa.Column("chat_id", sa.String(255), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_identities"),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], ondelete="CASCADE", name="fk_identities_user_id_users"
        ),
        sa.UniqueConstraint("platform", "external_id", name="uq_identities_platform_external_id"),
    )
    op.create_index("ix_identities_user_id", "identities", ["user_id"])
    op.create_table(
        "user_roles",
        sa.Column("user_id", sa.Integer, nullable=False),
        sa.Column("role", sa.String(32), nullable=False),
        sa.Column("granted_at", UTCDateTime(), nullable=False),
        sa.Column("invite_code", sa.String(64), nullable=True),
        sa.PrimaryKeyConstraint("user_id", "role", name="pk_user_roles"),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], ondelete="CASCADE", name="fk_user_roles_user_id_users"
        ),
    )
    op.create_table(
        "invites",
        sa.Column("code", sa.String(64), nullable=False),
        sa.Column("role", sa.String(32), nullable=False),
        sa.Column("max_uses", sa.Integer, nullable=False),
        sa.Column("uses", sa.Integer, nullable=False),
        sa.Column("expires_at", UTCDateTime(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("code", name="pk_invites"),
    )
    op.create_table(
        "conversations",
        sa.Column("user_id", sa.Integer, nullable=False),
        sa.Column("state", sa.JSON, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("user_id", name="pk_conversations"),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], ondelete="CASCADE", name="fk_conversations_user_id_users"
        ),
    )
    op.create_table(
        "consents",
        sa.Column("id", sa.Integer, autoincrement=True),
        sa.Column("user_id", sa.Integer, nullable=False),
        sa.Column("purpose", sa.String(32), nullable=False),
        sa.Column("given", sa.Boolean, nullable=False),
        sa.Column("notice_version", sa.String(16), nullable=False),
        sa.Column("recorded_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_consents"),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], ondelete="CASCADE", name="fk_consents_user_id_users"
        ),
    )
    op.create_index("ix_consents_user_id", "consents", ["user_id"])
    op.create_table(
        "meta",
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("value", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("key", name="pk_meta"),
    )


def downgrade() -> None:
    for table in (
        "meta",
        "consents",
        "conversations",
        "invites",
        "user_roles",
        "identities",
        "users",
    ):
        op.drop_table(table)
