"""Buttons that live outside the conversation: the ones under a reminder or a notice.

They can be tapped at any time, whatever question is open, so their ids name what they act on
(`x:att:yes:12`: "I'll be there" for exchange 12). Every id is checked against the person's
own exchanges: a forged or foreign id only gets a polite "not for you".
"""

from __future__ import annotations

from collections.abc import Callable

from conversations.common import NOT_YOURS
from conversations.context import Ctx
from conversations.effects import Effect, Notify, SetAttendance, SetExchangeStatus
from conversations.engine import Step
from conversations.exchange_model import AGENDA_READERS, ATTENDEES, PART_LABELS, ExchangeView, Part
from conversations.exchange_texts import EVALUATION_FORMS, agenda_text
from conversations.replies import Say
from conversations.text import Msg, PersonName, _

Button = Callable[[Ctx, list[str]], Step | None]

def _exchange(ctx: Ctx, raw: str) -> ExchangeView | None:
    return ctx.exchange(int(raw)) if raw.isdigit() and len(raw) < 10 else None


def _attendance(ctx: Ctx, parts: list[str]) -> Step | None:
    """`x:att:yes|no:<exchange>`"""
    if len(parts) == 4 and parts[2] in ("yes", "no"):
        view = _exchange(ctx, parts[3])
        if view is not None:
            return attendance(ctx, view, parts[2] == "yes")
    return None


def _agenda(ctx: Ctx, parts: list[str]) -> Step | None:
    view = _exchange(ctx, parts[2]) if len(parts) == 3 else None
    if view is not None and set(view.mine) & AGENDA_READERS:
        return Step(replies=[Say(text=agenda_text(view))])
    return None


def _evaluation(ctx: Ctx, parts: list[str]) -> Step | None:
    view = _exchange(ctx, parts[2]) if len(parts) == 3 else None
    form_id = (
        next((EVALUATION_FORMS[p] for p in view.mine if p in EVALUATION_FORMS), None)
        if view
        else None
    )
    return Step(push="form", push_data={"form_id": form_id}) if form_id is not None else None


def _checklist(ctx: Ctx, parts: list[str]) -> Step | None:
    view = _exchange(ctx, parts[2]) if len(parts) == 3 else None
    if view is not None:
        return Step(push="exchanges", push_data={"exchange_id": view.id, "start": "checklist"})
    return None


#: The exchange buttons, by the name after `x:` (declared in conversations/exchange_feature.py).
BUTTONS: dict[str, Button] = {
    "att": _attendance,
    "agenda": _agenda,
    "eval": _evaluation,
    "open": _checklist,
}


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
