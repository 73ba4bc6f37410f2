"""Withdrawing an issued learning certificate (coordinator only, after a confirmation): the
switcher is told, the stored copy goes, and it can be issued again (walkthrough 4)."""

from __future__ import annotations

from conversations.common import not_a_choice
from conversations.context import Ctx
from conversations.effects import IssueCertificate, Notify
from conversations.engine import Step
from conversations.events import ChoiceIn, Event
from conversations.exchange_model import ExchangeView, Part
from conversations.replies import Ask, Choice, Reply, Say
from conversations.text import Msg, PersonName, _

WITHDRAW = Choice(id="withdraw", label=_("Withdraw the learning certificate"))


def may_withdraw(view: ExchangeView) -> bool:
    return Part.COORDINATOR in view.mine and view.certificate_at is not None


def ask_withdraw(view: ExchangeView) -> list[Reply]:
    text = _(
        "Withdraw the learning certificate of the exchange at {place}? The switcher is told, "
        "and can no longer ask for it. You can issue it again later.",
        place=Msg.plain(view.place),
    )
    choices = (
        Choice(id="withdraw:yes", label=_("Yes, withdraw it")),
        Choice(id="withdraw:no", label=_("No, keep it")),
    )
    return [Ask(text=text, choices=choices)]


def on_withdraw(ctx: Ctx, view: ExchangeView, event: Event) -> Step:
    """`goto="detail"` either way; the caller checked `may_withdraw`."""
    picked = event.choice_id if isinstance(event, ChoiceIn) else None
    if picked == "withdraw:no":
        return Step(goto="detail")
    if picked != "withdraw:yes":
        return Step.retry(not_a_choice(event))
    effects: list[IssueCertificate | Notify] = [
        IssueCertificate(exchange_id=view.id, withdraw=True)
    ]
    switcher = view.party(Part.SWITCHER)
    if switcher is not None:
        text = _(
            "Your learning certificate for the exchange at {place} has been withdrawn by "
            "{name}. Please ask them if you have questions.",
            place=Msg.plain(view.place),
            name=PersonName(id=ctx.user.id),
        )
        effects.append(Notify(person_id=switcher.person_id, text=text, exchange_id=view.id))
    done = Say(text=_("The learning certificate is withdrawn; the switcher has been told."))
    return Step(replies=[done], effects=effects, goto="detail")
