"""Exchange contacts (sending and host employer), attendance answers, checklist ticks, the
learning agenda with its versions and a draft, and a payload for notices sent as reminder rows.

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

from storage.types import UTCDateTime

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def _user_fk(name: str, *, nullable: bool = False, ondelete: str = "CASCADE") -> sa.Column[int]:
    return sa.Column(
        name, sa.Integer, sa.ForeignKey("users.id", ondelete=ondelete), nullable=nullable
    )


def upgrade() -> None:
    with op.batch_alter_table("exchanges") as batch:
        batch.add_column(sa.Column("sending_contact_id", sa.Integer, nullable=True))
        batch.add_column(sa.Column("host_contact_id", sa.Integer, nullable=True))
        batch.add_column(sa.Column("intro_call_at", UTCDateTime(), nullable=True))
        batch.create_foreign_key(
            "fk_exchanges_sending_contact_id_users",
            "users",
            ["sending_contact_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch.create_foreign_key(
            "fk_exchanges_host_contact_id_users",
            "users",
            ["host_contact_id"],
            ["id"],
            ondelete="SET NULL",
        )
    with op.batch_alter_table("reminders") as batch:
        batch.add_column(sa.Column("payload", sa.JSON, nullable=True))
    op.create_table(
        "attendance",
        sa.Column(
            "exchange_id",
            sa.Integer,
            sa.ForeignKey("exchanges.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column(
            "person_id",
            sa.Integer,
            sa.ForeignKey("users.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("attending", sa.Boolean, nullable=False),
        sa.Column("answered_at", UTCDateTime(), nullable=False),
    )
    op.create_table(
        "checklist_ticks",
        sa.Column(
            "exchange_id",
            sa.Integer,
            sa.ForeignKey("exchanges.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column(
            "person_id",
            sa.Integer,
            sa.ForeignKey("users.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("item_id", sa.String(40), primary_key=True),
        sa.Column("done_at", UTCDateTime(), nullable=False),
    )
    op.create_table(
        "agenda_versions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        _user_fk("switcher_id"),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("content", sa.JSON, nullable=False),
        _user_fk("author_id", nullable=True, ondelete="SET NULL"),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.UniqueConstraint("switcher_id", "version", name="uq_agenda_versions_switcher_id"),
    )
    op.create_table(
        "agenda_drafts",
        sa.Column(
            "switcher_id",
            sa.Integer,
            sa.ForeignKey("users.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("content", sa.JSON, nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("agenda_drafts")
    op.drop_table("agenda_versions")
    op.drop_table("checklist_ticks")
    op.drop_table("attendance")
    with op.batch_alter_table("reminders") as batch:
        batch.drop_column("payload")
    with op.batch_alter_table("exchanges") as batch:
        batch.drop_constraint("fk_exchanges_host_contact_id_users", type_="foreignkey")
        batch.drop_constraint("fk_exchanges_sending_contact_id_users", type_="foreignkey")
        batch.drop_column("intro_call_at")
        batch.drop_column("host_contact_id")
        batch.drop_column("sending_contact_id")
