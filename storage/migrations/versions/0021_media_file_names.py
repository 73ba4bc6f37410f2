"""The name a file was sent with (walkthrough 20): a document comes back, in playback and in
exports, as the `offerte 2026.docx` its sender chose instead of a generated uuid. Sanitised and
at most 120 characters; it is personal data (`storage/ownership.py`: content of `media`).
And the reason someone gave for not coming to an exchange (`attendance.reason`), so the
coordinator's desk can show it beside the "no" (issue 16: attendance with reasons).

Revision ID: 0021
Revises: 0020
"""

import sqlalchemy as sa
from alembic import op

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("media") as batch:
        batch.add_column(sa.Column("file_name", sa.String(120), nullable=True))
    with op.batch_alter_table("attendance") as batch:
        batch.add_column(sa.Column("reason", sa.String(500), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("attendance") as batch:
        batch.drop_column("reason")
    with op.batch_alter_table("media") as batch:
        batch.drop_column("file_name")
