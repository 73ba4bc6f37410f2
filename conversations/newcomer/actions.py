"""Buttons under the newcomer's nudge and under a supporter's offer, valid whatever question
is open. Offers are checked against the supporter's own pending offers: a forged or stale id
gets only "not for you"."""

from __future__ import annotations

from conversations.context import Ctx
from conversations.engine import Step
from conversations.newcomer.effects import AnswerOffer, SnoozeNudges, StopNudges
from conversations.replies import Say
from conversations.roles import Role
from conversations.text import _

NOT_YOURS = _("This button is not for you, or it is no longer valid.")


def newcomer_act(ctx: Ctx, parts: list[str]) -> Step | None:
    """`x:plan`, `x:nudge:later|stop`, `x:match:yes|no:<offer>`; None: not one of these."""
    if parts[1:] == ["plan"]:
        if Role.NEWCOMER in ctx.user.roles:
            return Step(push="plan")
        return Step(replies=[Say(text=NOT_YOURS)])
    if len(parts) == 3 and parts[1] == "nudge" and parts[2] in ("later", "stop"):
        if Role.NEWCOMER not in ctx.user.roles:
            return Step(replies=[Say(text=NOT_YOURS)])
        if parts[2] == "later":
            text = _("Fine. I will check in with you again later. Your plan waits for you: /plan")
            return Step(replies=[Say(text=text)], effects=[SnoozeNudges()])
        text = _("Understood: no more reminders about your plan. Send /plan whenever you want.")
        return Step(replies=[Say(text=text)], effects=[StopNudges()])
    if len(parts) == 4 and parts[1] == "match" and parts[2] in ("yes", "no"):
        raw = parts[3]
        offer = (
            ctx.supporter.offer(int(raw))
            if ctx.supporter and raw.isdigit() and len(raw) < 10
            else None
        )
        if offer is None:
            return Step(replies=[Say(text=NOT_YOURS)])
        accept = parts[2] == "yes"
        text = (
            _("Thank you! You will get the introduction in a moment.")
            if accept
            else _("Thank you for letting me know. I will ask someone else.")
        )
        return Step(
            replies=[Say(text=text)], effects=[AnswerOffer(offer_id=offer.id, accept=accept)]
        )
    return None
