"""Form responses and their answers, saved one answer at a time.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

from storage.types import UTCDateTime

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "responses",
        sa.Column("id", sa.Integer, autoincrement=True),
        sa.Column("user_id", sa.Integer, nullable=False),
        sa.Column("form_id", sa.String(32), nullable=False),
        sa.Column("form_version", sa.Integer, nullable=False),
        sa.Column("started_at", UTCDateTime(), nullable=False),
        sa.Column("completed_at", UTCDateTime(), nullable=True),
        sa.Column("scores", sa.JSON, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_responses"),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], ondelete="CASCADE", name="fk_responses_user_id_users"
        ),
        sa.UniqueConstraint("user_id", "form_id", "started_at", name="uq_responses_user_id"),
    )
    op.create_index("ix_responses_user_id", "responses", ["user_id"])
    op.create_table(
        "answers",
        sa.Column("response_id", sa.Integer, nullable=False),
        sa.Column("question_id", sa.String(32), nullable=False),
        sa.Column("value", sa.JSON, nullable=True),
        sa.Column("answered_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("response_id", "question_id", name="pk_answers"),
        sa.ForeignKeyConstraint(
            ["response_id"],
            ["responses.id"],
            ondelete="CASCADE",
            name="fk_answers_response_id_responses",
        ),
    )


def downgrade() -> None:
    op.drop_table("answers")
    op.drop_table("responses")
