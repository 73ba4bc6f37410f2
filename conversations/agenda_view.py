"""Reading a learning agenda from an exchange, and adding to it: the coach's day programme,
comments, the switcher's new questions between day 1 and day 2. Every addition is a new
version, and the other side is told."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from conversations.agenda_model import has_voice
from conversations.common import NOT_YOURS, not_a_choice, too_long
from conversations.context import Ctx
from conversations.effects import AgendaAmend, Effect, Notify
from conversations.engine import FINISH, Flow, State, Step, states
from conversations.events import ChoiceIn, Event, MediaIn, TextIn
from conversations.exchange_model import AGENDA_READERS, ExchangeView, Part
from conversations.exchange_texts import agenda_text, name_of
from conversations.replies import (
    AgendaDocument,
    Ask,
    Choice,
    ExchangeHeading,
    ReplayAgenda,
    Reply,
    Say,
)
from conversations.text import Msg, PersonName, _

MAX_TEXT = 2000
BACK = Choice(id="back", label=_("Back"))
VOICE_OR_TEXT = _("Please send a text or a voice message.")
LISTEN = Choice(id="listen", label=_("Listen to the voice messages"))


class AgendaViewData(BaseModel):
    exchange_id: int
    adding: str | None = None  # programme, comments, day2_questions


def heading_of(view: ExchangeView | None) -> ExchangeHeading | None:
    """What the printed agenda says about its exchange (walkthrough 31)."""
    if view is None:
        return None
    return ExchangeHeading(host_org=view.host_org, place=view.place, days=view.days)


def own_exchange(ctx: Ctx) -> ExchangeView | None:
    """The switcher's exchange the agenda is for: the next one not cancelled, else the last."""
    mine = sorted(
        (x for x in ctx.exchanges if Part.SWITCHER in x.mine and x.status != "cancelled"),
        key=lambda x: x.first_start,
    )
    coming = [x for x in mine if max(d.ends_at for d in x.days) >= ctx.now]
    if coming:
        return coming[0]
    return mine[-1] if mine else None


def long_answer(event: Event) -> tuple[Any, Msg | None]:
    """A long answer: text (up to MAX_TEXT characters) or a voice note (kept as media)."""
    if isinstance(event, MediaIn) and event.media_kind in ("voice", "audio"):
        if (event.media.size or 0) > 20 * 1024 * 1024:
            return None, _("That file is too big: at most {max} MB, please.", max=20)
        return {"media": event.media_kind, **event.media.model_dump(exclude_none=True)}, None
    if isinstance(event, TextIn) and event.text.strip():
        text = event.text.strip()
        if len(text) > MAX_TEXT:
            return None, too_long(
                MAX_TEXT,
                len(text),
            )
        return text, None
    return None, VOICE_OR_TEXT


def _choices(view: ExchangeView) -> tuple[Choice, ...]:
    choices: list[Choice] = []
    if view.agenda is not None:
        choices.append(Choice(id="pdf", label=_("Send it as a PDF")))
        if has_voice(view.agenda.content):
            choices.append(LISTEN)
        if Part.LEARNING_COACH in view.mine:
            choices.append(Choice(id="add:programme", label=_("Add the day programme")))
        if Part.SWITCHER in view.mine:
            choices.append(Choice(id="add:day2_questions", label=_("Add a question for day 2")))
        if set(view.mine) & {Part.LEARNING_COACH, Part.SWITCHER, Part.COORDINATOR}:
            choices.append(Choice(id="add:comments", label=_("Add a comment")))
    return (*choices, BACK)


def agenda_view_flow() -> Flow[AgendaViewData]:
    def visible(ctx: Ctx, data: AgendaViewData) -> ExchangeView | None:
        view = ctx.exchange(data.exchange_id)
        return view if view is not None and set(view.mine) & AGENDA_READERS else None

    def entry(ctx: Ctx, data: AgendaViewData) -> Step:
        if visible(ctx, data) is None:
            return Step(replies=[Say(text=NOT_YOURS)], finish=True)
        return Step(goto="show")

    def ask_show(ctx: Ctx, data: AgendaViewData) -> list[Reply]:
        view = visible(ctx, data)
        assert view is not None
        return [
            Say(text=agenda_text(view)),
            Ask(text=_("What would you like to do?"), choices=_choices(view)),
        ]

    def on_show(ctx: Ctx, data: AgendaViewData, event: Event) -> Step:
        view = visible(ctx, data)
        if view is None:
            return Step(replies=[Say(text=NOT_YOURS)], finish=True)
        picked = event.choice_id if isinstance(event, ChoiceIn) else None
        if picked not in {c.id for c in _choices(view)}:
            return Step.retry(not_a_choice(event))
        if picked == "back":
            return Step(finish=True)
        if picked == "pdf" and view.agenda is not None:
            document = AgendaDocument(agenda=view.agenda, exchange=heading_of(view))
            return Step(replies=[document], reask=True)
        if picked == "listen" and view.agenda is not None:
            replay = ReplayAgenda(switcher_id=view.agenda.switcher_id)
            return Step(replies=[replay], reask=True)
        assert picked is not None
        adding = picked.removeprefix("add:")
        return Step(goto="add", data=data.model_copy(update={"adding": adding}))

    def ask_add(ctx: Ctx, data: AgendaViewData) -> list[Reply]:
        text = {
            "programme": _(
                "Send the day programme: what you will show, do and discuss, and with whom. "
                "A voice message is fine too."
            ),
            "day2_questions": _(
                "Which new question do you want to explore on the next day? Text or voice."
            ),
        }.get(data.adding or "", _("Send your comment, as text or a voice message."))
        return [Ask(text=text, choices=(BACK,))]

    def on_add(ctx: Ctx, data: AgendaViewData, event: Event) -> Step:
        view = visible(ctx, data)
        if view is None or view.agenda is None:
            return Step(replies=[Say(text=NOT_YOURS)], finish=True)
        if isinstance(event, ChoiceIn) and event.choice_id == "back":
            return Step(goto="show")
        value, problem = long_answer(event)
        if problem is not None:
            return Step.retry(problem)
        part = data.adding
        assert part in ("programme", "comments", "day2_questions")
        effects: list[Effect] = [
            AgendaAmend(switcher_id=view.agenda.switcher_id, part=part, value=value)
        ]
        told: list[Msg] = []
        for party in view.parties:
            if (
                party.part in (Part.SWITCHER, Part.LEARNING_COACH)
                and party.person_id != ctx.user.id
            ):
                text = _(
                    "{name} added to the learning agenda for your exchange at {place}. "
                    "Open it from /exchanges.",
                    name=PersonName(id=ctx.user.id),
                    place=Msg.plain(view.place),
                )
                effects.append(Notify(person_id=party.person_id, text=text, exchange_id=view.id))
                told.append(name_of(party.name))
        if told:
            done = _("Added to the learning agenda. {names} can see it now.", names=tuple(told))
        else:
            done = _("Added to the learning agenda.")
        return Step(replies=[Say(text=done)], effects=effects, finish=True)

    return Flow(
        name="agenda_view",
        data_model=AgendaViewData,
        initial="show",
        entry=entry,
        entry_targets=frozenset({"show", FINISH}),
        states=states(
            State("show", ask_show, on_show, frozenset({"add", FINISH})),
            State("add", ask_add, on_add, frozenset({"show", FINISH})),
        ),
    )
