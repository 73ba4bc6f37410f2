"""The warning before programme data is deleted after a long silence, and its two buttons:
keep (the period starts again) and download a copy first (the same zip as /mydata).

The buttons work whatever question is open, like every button under a reminder."""

from __future__ import annotations

from datetime import date

from conversations.context import Ctx
from conversations.engine import Step
from conversations.my_data import my_data_replies
from conversations.replies import Ask, Choice, Reply, Say
from conversations.retention.effects import KeepMyData
from conversations.text import _

#: The reminder kind of the warning.
RETENTION_WARNING = "retention_warning"
KEEP = "x:keep"
EXPORT = "x:mydata"
NOT_YOURS = _("This button is not for you, or it is no longer valid.")


def warning(deletes_on: date) -> list[Reply]:
    """Two weeks before: what goes, what stays, and the choice."""
    text = _(
        "You have not taken part in the programme for a long time. On {date} Wegwijzer will "
        "delete what you wrote, answered and sent in it: your reflections, form answers, "
        "learning agenda, follow-up actions, step plan and the files you sent. Your account "
        "stays. Do you want to keep it all? You can also download a copy first.",
        date=deletes_on,
    )
    choices = (
        Choice(id=KEEP, label=_("Keep my data")),
        Choice(id=EXPORT, label=_("Download a copy")),
    )
    return [Ask(text=text, choices=choices, seq=0)]


def retention_act(ctx: Ctx, parts: list[str]) -> Step | None:
    """`x:keep` and `x:mydata`; None: not one of these."""
    if parts[1:] == ["keep"]:
        if not ctx.user.registered:
            return Step(replies=[Say(text=NOT_YOURS)])
        text = _(
            "Thank you. Your data stays. If you again do not take part for a long time, "
            "I will ask you before anything is deleted."
        )
        return Step(replies=[Say(text=text)], effects=[KeepMyData()])
    if parts[1:] == ["mydata"]:
        return Step(replies=my_data_replies())
    return None
