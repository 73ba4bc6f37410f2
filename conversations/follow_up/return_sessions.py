"""Return sessions (terugkommoment, draaiboek 5.8) for coordinators: see who is coming to the
ones planned, and invite the switchers and coaches of chosen exchanges to a new one (date and
hours, place) and, if the coordinator chooses so, their employer contacts (002:954). Invitees
answer with buttons; a reminder comes the day before.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel

from conversations.common import not_a_choice
from conversations.context import Ctx
from conversations.engine import FINISH, Flow, State, Step, states
from conversations.events import ChoiceIn, Event, TextIn
from conversations.exchange_model import ExchangeView, Part
from conversations.exchange_texts import name_of
from conversations.follow_up.effects import CreateReturnSession
from conversations.follow_up.model import HostedSessionView
from conversations.follow_up.texts import where
from conversations.moments import DayProblem, example_day, read_day
from conversations.replies import Ask, Choice, Reply, Say
from conversations.roles import Role
from conversations.text import Lines, Msg, Period, _, _n

BACK = Choice(id="back", label=_("Back"))
MAX_PLACE = 300
EMPLOYERS = frozenset({Part.SENDING_EMPLOYER, Part.HOST_EMPLOYER})


class ReturnSessionData(BaseModel):
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    place: str | None = None
    exchange_ids: list[int] = []
    employers: bool = False  # the coordinator chose to invite the employer contacts too


def coordinated(ctx: Ctx) -> list[ExchangeView]:
    return [x for x in ctx.exchanges if Part.COORDINATOR in x.mine and x.status != "cancelled"]


def invitees(ctx: Ctx, exchange_ids: list[int], employers: bool = False) -> list[str]:
    """The switchers and coaches of the ticked exchanges; their employer contacts only when the
    coordinator chose to invite them (seeds review, follow-up: "may invite the employers")."""
    names: dict[int, str] = {}
    for view in coordinated(ctx):
        if view.id in exchange_ids:
            for party in view.parties:
                if party.part == Part.COORDINATOR or (party.part in EMPLOYERS and not employers):
                    continue
                names[party.person_id] = party.name or "?"
    return list(names.values())


def has_employers(ctx: Ctx, exchange_ids: list[int]) -> bool:
    return any(
        party.part in EMPLOYERS
        for view in coordinated(ctx)
        if view.id in exchange_ids
        for party in view.parties
    )


def session_summary(session: HostedSessionView) -> Msg:
    def names(found: tuple[str, ...]) -> Msg:
        return Msg.plain(", ".join(found)) if found else Msg.plain("–")

    return _(
        "{when} – {place}\nComing: {coming}\nNot coming: {not_coming}\nNot answered yet: "
        "{unanswered}",
        when=Period(start=session.starts_at, end=session.ends_at),
        place=Msg.plain(session.place),
        coming=names(session.coming),
        not_coming=names(session.not_coming),
        unanswered=names(session.unanswered),
    )


def return_session_flow() -> Flow[ReturnSessionData]:
    def entry(ctx: Ctx, data: ReturnSessionData) -> Step:
        if Role.COORDINATOR not in ctx.user.roles:
            text = _("Only coordinators can plan return sessions.")
            return Step(replies=[Say(text=text)], finish=True)
        return Step(goto="overview")

    def ask_overview(ctx: Ctx, data: ReturnSessionData) -> list[Reply]:
        replies: list[Reply] = []
        if ctx.hosted:
            lines = Lines(lines=tuple(session_summary(s) for s in ctx.hosted))
            replies.append(Say(text=_("Your return sessions:\n{lines}", lines=lines)))
        else:
            replies.append(Say(text=_("You have not planned a return session yet.")))
        choices = (Choice(id="new", label=_("Plan a return session")), BACK)
        replies.append(Ask(text=_("What would you like to do?"), choices=choices))
        return replies

    def on_overview(ctx: Ctx, data: ReturnSessionData, event: Event) -> Step:
        picked = event.choice_id if isinstance(event, ChoiceIn) else ""
        if picked == "back":
            return Step(finish=True)
        if picked != "new":
            return Step.retry(not_a_choice(event))
        if not coordinated(ctx):
            text = _("You coordinate no exchanges yet, so there is nobody to invite.")
            return Step.retry(text)
        preselected = [x.id for x in coordinated(ctx) if x.status == "done"]
        return Step(goto="when", data=ReturnSessionData(exchange_ids=preselected))

    def ask_when(ctx: Ctx, data: ReturnSessionData) -> list[Reply]:
        text = _(
            "When is the return session? Send the date with the start and end time, for "
            "example {example}.",
            example=Msg.plain(example_day(ctx.now, ctx.timezone)),
        )
        return [Ask(text=text, choices=(BACK,))]

    def on_when(ctx: Ctx, data: ReturnSessionData, event: Event) -> Step:
        if isinstance(event, ChoiceIn) and event.choice_id == "back":
            return Step(goto="overview")
        typed = event.text if isinstance(event, TextIn) else ""
        day = read_day(typed, ctx.timezone, ctx.today())
        if day == DayProblem.END_BEFORE_START:  # walkthrough 14: said as such
            return Step.retry(_("The end must come after the start."))
        if isinstance(day, DayProblem):
            return Step.retry(_("Please send a date with start and end time, like the example."))
        if day[0] <= ctx.now:
            return Step.retry(_("That moment has passed. Please send a date in the future."))
        return Step(
            goto="place", data=data.model_copy(update={"starts_at": day[0], "ends_at": day[1]})
        )

    def ask_place(ctx: Ctx, data: ReturnSessionData) -> list[Reply]:
        text = _("Where does it take place? Send the address, or the link of an online meeting.")
        return [Ask(text=text, choices=(BACK,))]

    def on_place(ctx: Ctx, data: ReturnSessionData, event: Event) -> Step:
        if isinstance(event, ChoiceIn) and event.choice_id == "back":
            return Step(goto="when")
        text = event.text.strip() if isinstance(event, TextIn) else ""
        if not text or len(text) > MAX_PLACE:
            return Step.retry(
                _("Please send the place as text, at most {max} characters.", max=MAX_PLACE)
            )
        return Step(goto="who", data=data.model_copy(update={"place": text}))

    def ask_who(ctx: Ctx, data: ReturnSessionData) -> list[Reply]:
        choices = []
        for view in coordinated(ctx):
            switcher = view.party(Part.SWITCHER)
            label = _(
                "{mark} {name}, {when}",
                mark=Msg.plain("✅" if view.id in data.exchange_ids else "⬜"),
                name=name_of(switcher.name if switcher else None),
                when=view.first_start,
            )
            choices.append(Choice(id=f"ex:{view.id}", label=label))
        choices.append(Choice(id="invite", label=_("Invite them")))
        text = _(
            "Whom do you invite? The switcher and the learning coach of every ticked exchange "
            "are invited. Tap an exchange to tick or untick it."
        )
        return [Ask(text=text, choices=(*choices, BACK))]

    def on_who(ctx: Ctx, data: ReturnSessionData, event: Event) -> Step:
        picked = event.choice_id if isinstance(event, ChoiceIn) else ""
        if picked == "back":
            return Step(goto="place")
        if picked == "invite":
            if not invitees(ctx, data.exchange_ids):
                return Step.retry(_("Tick at least one exchange first."))
            if has_employers(ctx, data.exchange_ids):
                return Step(goto="employers")
            return Step(goto="confirm", data=data.model_copy(update={"employers": False}))
        view = next((x for x in coordinated(ctx) if f"ex:{x.id}" == picked), None)
        if view is None:
            return Step.retry(not_a_choice(event))
        ids = [i for i in data.exchange_ids if i != view.id]
        if view.id not in data.exchange_ids:
            ids.append(view.id)
        return Step(data=data.model_copy(update={"exchange_ids": ids}), reask=True)

    def ask_employers(ctx: Ctx, data: ReturnSessionData) -> list[Reply]:
        text = _(
            "Invite the employers too? Their contact persons of the ticked exchanges then get "
            "an invitation as well."
        )
        choices = (
            Choice(id="employers:yes", label=_("Yes, invite the employers")),
            Choice(id="employers:no", label=_("No, only switchers and coaches")),
            BACK,
        )
        return [Ask(text=text, choices=choices)]

    def on_employers(ctx: Ctx, data: ReturnSessionData, event: Event) -> Step:
        picked = event.choice_id if isinstance(event, ChoiceIn) else ""
        if picked == "back":
            return Step(goto="who")
        if picked not in ("employers:yes", "employers:no"):
            return Step.retry(not_a_choice(event))
        new = data.model_copy(update={"employers": picked == "employers:yes"})
        return Step(goto="confirm", data=new)

    def ask_confirm(ctx: Ctx, data: ReturnSessionData) -> list[Reply]:
        names = invitees(ctx, data.exchange_ids, data.employers)
        assert data.starts_at is not None and data.ends_at is not None
        text = _n(
            "Return session on {when}, {where}. {count} person is invited: {names}. Send the "
            "invitation?",
            "Return session on {when}, {where}. {count} people are invited: {names}. Send the "
            "invitations?",
            len(names),
            when=Period(start=data.starts_at, end=data.ends_at),
            where=where(data.place or ""),
            names=tuple(Msg.plain(n) for n in names),
        )
        choices = (Choice(id="send", label=_("Send")), BACK)
        return [Ask(text=text, choices=choices)]

    def on_confirm(ctx: Ctx, data: ReturnSessionData, event: Event) -> Step:
        picked = event.choice_id if isinstance(event, ChoiceIn) else ""
        if picked == "back":
            return Step(goto="who")
        if picked != "send":
            return Step.retry(not_a_choice(event))
        assert data.starts_at and data.ends_at and data.place
        ids = tuple(x.id for x in coordinated(ctx) if x.id in data.exchange_ids)
        effect = CreateReturnSession(
            starts_at=data.starts_at,
            ends_at=data.ends_at,
            place=data.place,
            exchange_ids=ids,
            employers=data.employers,
        )
        text = _(
            "The invitations are on their way. You see who is coming here, under Return sessions."
        )
        return Step(replies=[Say(text=text)], effects=[effect], finish=True)

    return Flow(
        name="return_sessions",
        roles=frozenset({Role.COORDINATOR}),
        data_model=ReturnSessionData,
        initial="overview",
        entry=entry,
        entry_targets=frozenset({"overview", FINISH}),
        states=states(
            State("overview", ask_overview, on_overview, frozenset({"when", FINISH})),
            State("when", ask_when, on_when, frozenset({"overview", "place"})),
            State("place", ask_place, on_place, frozenset({"when", "who"})),
            State("who", ask_who, on_who, frozenset({"place", "employers", "confirm"})),
            State("employers", ask_employers, on_employers, frozenset({"who", "confirm"})),
            State("confirm", ask_confirm, on_confirm, frozenset({"who", FINISH})),
        ),
    )
