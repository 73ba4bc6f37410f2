"""The coordinator's view of what happened after an exchange: reflections, feedback,
evaluations and follow-up actions, as counts (what people wrote stays theirs)."""

from __future__ import annotations

from conversations.exchange_model import PART_LABELS, Part
from conversations.follow_up.model import FollowUpStatus
from conversations.text import Msg, _


def _evaluation(part: str, answered: bool | None) -> Msg:
    label = PART_LABELS[Part(part)]
    if answered is None:
        return _("{part}: not asked yet", part=label)
    if answered:
        return _("{part}: answered", part=label)
    return _("{part}: not answered yet", part=label)


def follow_up_lines(status: FollowUpStatus) -> list[Msg]:
    lines = [
        _(
            "Reflections: switcher {switcher}, learning coach {coach} ({shared} shared with you)",
            switcher=status.reflections.get("switcher", 0),
            coach=status.reflections.get("learning_coach", 0),
            shared=status.shared_with_coordinator,
        ),
        _("Feedback from the learning coach: {count}", count=status.feedback),
    ]
    if status.evaluations:
        parts = tuple(_evaluation(p, a) for p, a in status.evaluations.items())
        lines.append(_("Evaluation: {parts}", parts=parts))
    actions = status.actions
    if actions:
        lines.append(
            _(
                "Follow-up actions: {done} done, {in_progress} in progress, {open} not started, "
                "{dropped} dropped",
                done=actions.get("done", 0),
                in_progress=actions.get("in_progress", 0),
                open=actions.get("open", 0),
                dropped=actions.get("dropped", 0),
            )
        )
    else:
        lines.append(_("Follow-up actions: none named yet"))
    return lines
