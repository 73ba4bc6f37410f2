"""Buttons that live outside the conversation: the ones under a reminder or a notice.

They can be tapped at any time, whatever question is open, so their ids name what they act on
(`x:att:yes:12`: "I'll be there" for exchange 12). Every id is checked against the person's
own exchanges: a forged or foreign id only gets a polite "not for you".
"""

from __future__ import annotations

from conversations.context import Ctx
from conversations.effects import (
    AnswerReturnSession,
    Effect,
    Notify,
    SetAttendance,
    SetExchangeStatus,
)
from conversations.engine import Step
from conversations.exchange_model import AGENDA_READERS, ATTENDEES, PART_LABELS, ExchangeView, Part
from conversations.exchange_texts import EVALUATION_FORMS, agenda_text
from conversations.newcomer.actions import newcomer_act
from conversations.replies import Say
from conversations.retention import retention_act
from conversations.text import Msg, PersonName, _

PREFIX = "x:"
#: Who may start a flow from a button under a reminder: reflect, feedback, follow-up actions.
WRITERS = {
    "reflect": frozenset({Part.SWITCHER, Part.LEARNING_COACH}),
    "feedback": frozenset({Part.LEARNING_COACH}),
    "actions": frozenset({Part.SWITCHER, Part.LEARNING_COACH}),
}
NOT_YOURS = _("This button is not for you, or it is no longer valid.")


def is_action(choice_id: str) -> bool:
    return choice_id.startswith(PREFIX)


def _exchange(ctx: Ctx, raw: str) -> ExchangeView | None:
    return ctx.exchange(int(raw)) if raw.isdigit() and len(raw) < 10 else None


def act(ctx: Ctx, choice_id: str) -> Step:
    """Carry out an out-of-band button; the caller asks the open question again afterwards."""
    parts = choice_id.split(":")
    found = newcomer_act(ctx, parts) or retention_act(ctx, parts)
    if found is not None:
        return found
    if len(parts) == 4 and parts[1] == "att" and parts[2] in ("yes", "no"):
        view = _exchange(ctx, parts[3])
        if view is not None:
            return attendance(ctx, view, parts[2] == "yes")
    elif len(parts) == 3 and parts[1] == "agenda":
        view = _exchange(ctx, parts[2])
        if view is not None and set(view.mine) & AGENDA_READERS:
            return Step(replies=[Say(text=agenda_text(view))])
    elif len(parts) == 3 and parts[1] == "eval":
        view = _exchange(ctx, parts[2])
        form_id = (
            next((EVALUATION_FORMS[p] for p in view.mine if p in EVALUATION_FORMS), None)
            if view
            else None
        )
        if form_id is not None:
            return Step(push="form", push_data={"form_id": form_id})
    elif len(parts) == 3 and parts[1] in ("reflect", "feedback", "actions"):
        view = _exchange(ctx, parts[2])
        if view is not None and set(view.mine) & WRITERS[parts[1]]:
            return Step(push=parts[1], push_data={"exchange_id": view.id})
    elif len(parts) == 4 and parts[1] == "rs" and parts[2] in ("yes", "no"):
        return rsvp(ctx, parts[3], parts[2] == "yes")
    elif len(parts) == 3 and parts[1] == "open":
        view = _exchange(ctx, parts[2])
        if view is not None:
            return Step(push="exchanges", push_data={"exchange_id": view.id, "start": "checklist"})
    return Step(replies=[Say(text=NOT_YOURS)])


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
            "Thank you! See you on {when} at {place}.",
            when=invitation.starts_at,
            place=Msg.plain(invitation.place),
        )
    else:
        text = _("Noted: you will not come. Thank you for letting us know.")
    return Step(replies=[Say(text=text)], effects=[effect])


def attendance(ctx: Ctx, view: ExchangeView, attending: bool) -> Step:
    """ "I'll be there" / "I can't make it": recorded; the coordinator hears of a no at once, and
    of a yes that follows a no (walkthrough 9)."""
    part = next((p for p in view.mine if p in ATTENDEES), None)
    me = view.me(ctx.user.id, part) if part else None
    if part is None or me is None:
        return Step(replies=[Say(text=NOT_YOURS)])
    if not view.active:
        return Step(
            replies=[Say(text=_("This exchange is no longer planned; nothing to confirm."))]
        )
    if me.attending is attending:
        return Step(replies=[Say(text=_("Thank you, I had already noted that."))])
    effects: list[Effect] = [SetAttendance(exchange_id=view.id, attending=attending)]
    coordinator = view.party(Part.COORDINATOR)
    if attending:
        others = [p for p in view.parties if p.part in ATTENDEES and p.person_id != ctx.user.id]
        if all(p.attending for p in others):
            effects.append(SetExchangeStatus(exchange_id=view.id, status="confirmed"))
        text = _("Thank you! See you on {when}.", when=view.first_start)
        if me.attending is False and coordinator is not None:  # they had said no: tell again
            back = _(
                "✅ {name} ({part}) can come to the exchange at {place} on {when} after all.",
                name=PersonName(id=ctx.user.id),
                part=PART_LABELS[part],
                place=Msg.plain(view.place),
                when=view.first_start,
            )
            effects.append(Notify(person_id=coordinator.person_id, text=back, exchange_id=view.id))
        return Step(replies=[Say(text=text)], effects=effects)
    if view.status == "confirmed":
        effects.append(SetExchangeStatus(exchange_id=view.id, status="planned"))
    if coordinator is None:
        text = _(
            "Noted. There is no coordinator linked to this exchange: please tell the others "
            "yourself."
        )
        return Step(replies=[Say(text=text)], effects=effects)
    alert = _(
        "⚠️ {name} ({part}) cannot make it to the exchange at {place} on {when}.",
        name=PersonName(id=ctx.user.id),
        part=PART_LABELS[part],
        place=Msg.plain(view.place),
        when=view.first_start,
    )
    effects.append(Notify(person_id=coordinator.person_id, text=alert, exchange_id=view.id))
    text = _("Thank you for letting us know. Your coordinator has been told and will contact you.")
    reason = {"exchange_id": view.id}  # then an optional reason for them (conversations/absence)
    return Step(replies=[Say(text=text)], effects=effects, push="absence", push_data=reason)
