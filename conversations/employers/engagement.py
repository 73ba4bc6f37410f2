"""The engagement, for an employer contact (issue 17 item 1; draaiboek 5.2, 576 and 595-601):
the questions employers ask answered in chat, then the engagement declaration confirmed with
their name and today's date. The coordinator sees who confirmed (the "Employers" overview).

The draaiboek lists the questions ("be ready for questions", 595-599) without one answer for
every programme: each answer says what the draaiboek does say and what to agree with the
coordinator."""

from __future__ import annotations

from pydantic import BaseModel

from conversations.common import not_a_choice
from conversations.context import Ctx
from conversations.employers.effects import SignEngagement
from conversations.engine import FINISH, Flow, State, Step, states
from conversations.events import ChoiceIn, Event, TextIn
from conversations.replies import Ask, Choice, Reply, Say
from conversations.roles import Role
from conversations.text import Lines, Msg, _

#: Question id → (the question as a button, the answer). Sources: draaiboek 002, lines.
FAQ: dict[str, tuple[Msg, Msg]] = {
    "faq:external": (
        _("What about external staff?"),
        _(
            "Freelancers, temporary workers, seconded or outsourced staff (draaiboek 596): "
            "whether they can take part depends on their contract and on the insurance. Agree "
            "it with your coordinator before such a person is chosen as a switcher or a "
            "learning coach."
        ),
    ),
    "faq:hours": (
        _("Does it count as training hours?"),
        _(
            "It can: an exchange can stand on its own or be part of the training plan "
            "(draaiboek 239), and the switcher's learning goals can go into that plan (663). "
            "Afterwards the switcher gets a learning certificate (5.7). How it counts in your "
            "training hours follows your own rules: agree it with your HR or training officer."
        ),
    ),
    "faq:time": (
        _("How much time and money does it take?"),
        _(
            "An exchange lasts one or two days (draaiboek 703). It asks more effort than "
            "signing someone up for a course (377): choosing employees and learning questions, "
            "preparing with the learning coach and following up. Your coordinator estimates "
            "the time with you (576); ask them about any costs in your programme."
        ),
    ),
    "faq:insurance": (
        _("What about insurance?"),
        _(
            "Check with your coordinator whether anything specific must be arranged for "
            "insurance (draaiboek 576 and 871), and put the agreements about the exchange in "
            "writing (870)."
        ),
    ),
}
SIGN = Choice(id="sign", label=_("Confirm the engagement declaration"))
CLOSE = Choice(id="close", label=_("Close"))
CONFIRM = Choice(id="confirm", label=_("I confirm"))
BACK = Choice(id="back", label=_("Back"))
DECLARATION = _(
    "Engagement declaration (draaiboek 600-601): our organisation takes part in Switching "
    "Talent. We switch with the other participating organisations: we send employees to learn "
    "elsewhere, host switchers, or both. We give the people involved the time to prepare, take "
    "part and evaluate, and we agree the number of exchanges with the coordinator."
)
MAX_NAME = 120


class EngagementData(BaseModel):
    name: str | None = None


def _signed(ctx: Ctx) -> Lines | None:
    mine = ctx.employers.mine if ctx.employers is not None else ()
    if not mine:
        return None
    lines = tuple(_("Confirmed by {name} on {day}", name=Msg.plain(s.name), day=s.on) for s in mine)
    return Lines(lines=lines)


def engagement_flow() -> Flow[EngagementData]:
    def ask_faq(ctx: Ctx, data: EngagementData) -> list[Reply]:
        signed = _signed(ctx)
        text = _("The engagement: questions employers often ask, and the engagement declaration.")
        if signed is not None:
            text = _("{text}\n{signed}", text=text, signed=signed)
        choices = tuple(Choice(id=key, label=label) for key, (label, _a) in FAQ.items())
        return [Ask(text=text, choices=(*choices, SIGN, CLOSE))]

    def on_faq(ctx: Ctx, data: EngagementData, event: Event) -> Step:
        picked = event.choice_id if isinstance(event, ChoiceIn) else None
        if picked in FAQ:
            return Step.retry(FAQ[picked][1])
        if picked == "sign":
            return Step(goto="name")
        if picked == "close":
            return Step(finish=True)
        return Step.retry(not_a_choice(event))

    def ask_name(ctx: Ctx, data: EngagementData) -> list[Reply]:
        text = _("{declaration}\n\nTo confirm it, type your full name.", declaration=DECLARATION)
        return [Ask(text=text, choices=(BACK,))]

    def on_name(ctx: Ctx, data: EngagementData, event: Event) -> Step:
        if isinstance(event, ChoiceIn) and event.choice_id == "back":
            return Step(goto="faq", data=EngagementData())
        name = " ".join(event.text.split()) if isinstance(event, TextIn) else ""
        if not 2 <= len(name) <= MAX_NAME:
            return Step.retry(_("Type your full name (2 to {most} characters).", most=MAX_NAME))
        return Step(goto="confirm", data=EngagementData(name=name))

    def ask_confirm(ctx: Ctx, data: EngagementData) -> list[Reply]:
        text = _(
            "I, {name}, confirm the engagement declaration on {day}.",
            name=Msg.plain(data.name or ""),
            day=ctx.today(),
        )
        return [Ask(text=text, choices=(CONFIRM, BACK))]

    def on_confirm(ctx: Ctx, data: EngagementData, event: Event) -> Step:
        picked = event.choice_id if isinstance(event, ChoiceIn) else None
        if picked == "back":
            return Step(goto="name", data=EngagementData())
        if picked != "confirm" or not data.name:
            return Step.retry(not_a_choice(event))
        text = _(
            "Thank you, {name}. Your coordinator sees that you confirmed the engagement "
            "declaration on {day}.",
            name=Msg.plain(data.name),
            day=ctx.today(),
        )
        return Step(
            replies=[Say(text=text)],
            effects=[SignEngagement(name=data.name, on=ctx.today())],
            finish=True,
        )

    return Flow(
        name="engagement",
        roles=frozenset({Role.EMPLOYER}),
        data_model=EngagementData,
        initial="faq",
        states=states(
            State("faq", ask_faq, on_faq, frozenset({"name", FINISH})),
            State("name", ask_name, on_name, frozenset({"faq", "confirm"})),
            State("confirm", ask_confirm, on_confirm, frozenset({"name", FINISH})),
        ),
    )
