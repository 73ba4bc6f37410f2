"""The follow-up's buttons under reminders and notices: `x:rs:yes|no:<session>` answers a
return session invitation, `x:actions:<exchange>` opens one's actions. Only one's own."""

from __future__ import annotations

from conversations.common import NOT_YOURS
from conversations.context import Ctx
from conversations.engine import Step
from conversations.exchange_model import Part
from conversations.follow_up import texts
from conversations.follow_up.effects import AnswerReturnSession
from conversations.replies import Say
from conversations.text import _

WRITERS = frozenset({Part.SWITCHER, Part.LEARNING_COACH})


def rsvp_button(ctx: Ctx, parts: list[str]) -> Step | None:
    if len(parts) == 4 and parts[2] in ("yes", "no"):
        return rsvp(ctx, parts[3], parts[2] == "yes")
    return None


def actions_button(ctx: Ctx, parts: list[str]) -> Step | None:
    raw = parts[2] if len(parts) == 3 else ""
    view = ctx.exchange(int(raw)) if raw.isdigit() and len(raw) < 10 else None
    if view is not None and set(view.mine) & WRITERS:
        return Step(push="actions", push_data={"exchange_id": view.id})
    return None


def rsvp(ctx: Ctx, raw: str, coming: bool) -> Step:
    """An answer to a return session invitation: only one's own, only before it starts."""
    invitation = ctx.invitation(int(raw)) if raw.isdigit() and len(raw) < 10 else None
    if invitation is None:
        return Step(replies=[Say(text=NOT_YOURS)])
    if invitation.starts_at <= ctx.now:
        return Step(replies=[Say(text=_("This return session has already taken place."))])
    if invitation.coming is coming:
        return Step(replies=[Say(text=_("Thank you, I had already noted that."))])
    effect = AnswerReturnSession(session_id=invitation.session_id, coming=coming)
    if coming:
        text = _(
            "Thank you! See you on {when}, {where}.",
            when=texts.when(invitation),
            where=texts.where(invitation.place),
        )
    else:
        text = _("Noted: you will not come. Thank you for letting us know.")
    return Step(replies=[Say(text=text)], effects=[effect])
