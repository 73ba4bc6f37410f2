"""The reflection buttons under the prompt after an exchange day: `x:reflect:<exchange>` and
`x:feedback:<exchange>` open the flow, only for one's own part in that exchange."""

from __future__ import annotations

from conversations.context import Ctx
from conversations.engine import Step
from conversations.exchange_model import Part

#: Who may start each flow from a button under a reminder.
WRITERS = {
    "reflect": frozenset({Part.SWITCHER, Part.LEARNING_COACH}),
    "feedback": frozenset({Part.LEARNING_COACH}),
}


def write_button(ctx: Ctx, parts: list[str]) -> Step | None:
    raw = parts[2] if len(parts) == 3 else ""
    view = ctx.exchange(int(raw)) if raw.isdigit() and len(raw) < 10 else None
    if view is not None and set(view.mine) & WRITERS[parts[1]]:
        return Step(push=parts[1], push_data={"exchange_id": view.id})
    return None
