"""Finished notices keep no text: rows that were sent, skipped, cancelled or interrupted before
notices named people by id still hold the message with names and quoted words in `payload`.
They are never sent again, so only the ids their buttons need are kept (as
`storage.reminders.scrubbed` does for every row finished from now on). No schema change.

Revision ID: 0014
Revises: 0013
"""

import json
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

DONE = ("sent", "skipped", "cancelled", "interrupted")
KEPT = ("offer_id", "session_id")


def _scrubbed(payload: dict[str, Any]) -> dict[str, Any]:
    kept: dict[str, Any] = {k: payload[k] for k in KEPT if k in payload}
    choices = payload.get("choices")
    if isinstance(choices, list) and choices:
        kept["choices"] = [{"id": c["id"]} for c in choices if isinstance(c, dict) and "id" in c]
    return kept


def upgrade() -> None:
    conn = op.get_bind()
    placeholders = ", ".join(f":s{i}" for i in range(len(DONE)))
    rows = conn.execute(
        sa.text(
            f"SELECT id, payload FROM reminders WHERE payload IS NOT NULL "
            f"AND status IN ({placeholders})"
        ),
        {f"s{i}": status for i, status in enumerate(DONE)},
    ).all()
    for row_id, raw in rows:
        payload = json.loads(raw) if isinstance(raw, str) else raw
        if not isinstance(payload, dict):
            continue
        kept = _scrubbed(payload)
        if kept != payload:
            conn.execute(
                sa.text("UPDATE reminders SET payload = :p WHERE id = :id"),
                {"p": json.dumps(kept), "id": row_id},
            )


def downgrade() -> None:
    """The text that was dropped cannot come back; nothing to undo."""
