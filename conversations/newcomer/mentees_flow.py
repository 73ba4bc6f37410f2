"""`/mentees`: a supporter's matched newcomers (never anyone else), what each agreed to share,
and a log of meetings with a short note."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel

from conversations.common import NOT_YOURS, not_a_choice, too_long
from conversations.context import Ctx
from conversations.engine import FINISH, Flow, State, Step, states
from conversations.events import ChoiceIn, Event, TextIn
from conversations.forms.answers import parse_date
from conversations.forms.schema import Question
from conversations.newcomer.actions import newcomer_act
from conversations.newcomer.effects import LogMeeting
from conversations.newcomer.model import MenteeView, OfferView
from conversations.newcomer.support_texts import offer_text
from conversations.newcomer.vocabulary import KIND_LABELS, Vocabulary
from conversations.replies import Ask, Choice, Reply, Say
from conversations.roles import Role
from conversations.text import Lines, Msg, _

BACK = Choice(id="back", label=_("Back"))
SKIP = Choice(id="skip", label=_("Skip"))
MAX_NOTE = 2000
_DATE = Question(id="met_on", type="date", text="-")


class MenteesData(BaseModel):
    request_id: int | None = None
    offer_id: int | None = None  # an open request shown again (walkthrough 2)
    met_on: date | None = None


def mentee_text(mentee: MenteeView, words: Vocabulary) -> Msg:
    meetings = Lines(
        lines=tuple(
            _("{when}: {note}", when=m.met_on, note=Msg.plain(m.note or "–"))
            for m in mentee.meetings
        )
        or (_("no meetings logged yet"),)
    )
    return _(
        "{name} ({kind})\nSector: {sector}\nLanguages: {languages}\nDutch: {dutch}\nWork they "
        "want: {aim}\nContact: {contact}\nMeetings:\n{meetings}",
        name=Msg.plain(mentee.name),
        kind=KIND_LABELS.get(mentee.kind, Msg.plain(mentee.kind)),
        sector=words.label(words.sectors, mentee.sector),
        languages=words.labels(words.languages, mentee.languages),
        dutch=words.label(words.dutch_levels, mentee.dutch_level),
        aim=Msg.plain(mentee.aim or "–"),
        contact=Msg.plain(mentee.contact) if mentee.contact else _("they will contact you"),
        meetings=meetings,
    )


def mentees_flow(words: Vocabulary) -> Flow[MenteesData]:
    def mentees(ctx: Ctx) -> tuple[MenteeView, ...]:
        return ctx.supporter.mentees if ctx.supporter else ()

    def entry(ctx: Ctx, data: MenteesData) -> Step:
        if Role.MENTOR not in ctx.user.roles:
            return Step(replies=[Say(text=_("This is for mentors and career coaches."))],
                        finish=True)  # fmt: skip
        if not mentees(ctx) and not offers(ctx):
            text = _("No newcomer is matched to you yet. You get a message when someone asks.")
            return Step(replies=[Say(text=text)], finish=True)
        return Step(goto="list", data=MenteesData())

    def offers(ctx: Ctx) -> tuple[OfferView, ...]:
        return ctx.supporter.offers if ctx.supporter else ()

    def ask_list(ctx: Ctx, data: MenteesData) -> list[Reply]:
        requests = tuple(
            Choice(id=f"o:{o.id}", label=_("Open request: {name}", name=Msg.plain(o.first_name)))
            for o in offers(ctx)
        )
        choices = tuple(Choice(id=f"m:{m.request_id}", label=Msg.plain(m.name))
                        for m in mentees(ctx))  # fmt: skip
        text = _("Your newcomers: whom do you want to see?")
        return [Ask(text=text, choices=(*requests, *choices, BACK))]

    def on_list(ctx: Ctx, data: MenteesData, event: Event) -> Step:
        picked = event.choice_id if isinstance(event, ChoiceIn) else ""
        if picked == "back":
            return Step(finish=True)
        offer = next((o for o in offers(ctx) if f"o:{o.id}" == picked), None)
        if offer is not None:
            return Step(goto="offer", data=MenteesData(offer_id=offer.id))
        found = next((m for m in mentees(ctx) if f"m:{m.request_id}" == picked), None)
        if found is None:
            mine = picked.startswith(("m:", "o:"))
            return Step.retry(NOT_YOURS if mine else not_a_choice(event))
        return Step(goto="detail", data=MenteesData(request_id=found.request_id))

    def current(ctx: Ctx, data: MenteesData) -> MenteeView | None:
        return ctx.supporter.mentee(data.request_id) if ctx.supporter else None

    def ask_detail(ctx: Ctx, data: MenteesData) -> list[Reply]:
        mentee = current(ctx, data)
        assert mentee is not None
        choices = (Choice(id="log", label=_("Log a meeting")), BACK)
        return [Say(text=mentee_text(mentee, words)),
                Ask(text=_("What would you like to do?"), choices=choices)]  # fmt: skip

    def on_detail(ctx: Ctx, data: MenteesData, event: Event) -> Step:
        if current(ctx, data) is None:
            return Step(replies=[Say(text=NOT_YOURS)], finish=True)
        picked = event.choice_id if isinstance(event, ChoiceIn) else ""
        if picked == "back":
            return Step(goto="list", data=MenteesData())
        if picked == "log":
            return Step(goto="when")
        return Step.retry(not_a_choice(event))

    def ask_offer(ctx: Ctx, data: MenteesData) -> list[Reply]:
        offer = ctx.supporter.offer(data.offer_id or -1) if ctx.supporter else None
        if offer is None:  # answered or timed out while this question was open
            return [Ask(text=NOT_YOURS, choices=(BACK,))]
        answers = (Choice(id="yes", label=_("Yes, I will help")),
                   Choice(id="no", label=_("Not this time")), BACK)  # fmt: skip
        return [Ask(text=offer_text(offer, words), choices=answers)]

    def on_offer(ctx: Ctx, data: MenteesData, event: Event) -> Step:
        picked = event.choice_id if isinstance(event, ChoiceIn) else ""
        if picked == "back":
            return Step(goto="list", data=MenteesData())
        if picked not in ("yes", "no"):
            return Step.retry(not_a_choice(event))
        step = newcomer_act(ctx, ["x", "match", picked, str(data.offer_id)])
        assert step is not None  # a match answer; "not yours" if it was answered meanwhile
        return Step(replies=step.replies, effects=step.effects, finish=True)

    def ask_when(ctx: Ctx, data: MenteesData) -> list[Reply]:
        text = _("When did you meet? Tap Today or send a date, for example {example}.",
                 example=Msg.plain(ctx.today().strftime("%d/%m/%Y")))  # fmt: skip
        return [Ask(text=text, choices=(Choice(id="today", label=_("Today")), BACK))]

    def on_when(ctx: Ctx, data: MenteesData, event: Event) -> Step:
        picked = event.choice_id if isinstance(event, ChoiceIn) else None
        if picked == "back":
            return Step(goto="detail")
        if picked == "today":
            return Step(goto="note", data=data.model_copy(update={"met_on": ctx.today()}))
        if not isinstance(event, TextIn):
            return Step.retry(not_a_choice(event))
        value, problem = parse_date(_DATE, event, ctx)
        if problem is not None or not isinstance(value, str):
            return Step.retry(problem or not_a_choice(event))
        met_on = date.fromisoformat(value)
        if met_on > ctx.today():
            return Step.retry(_("That date is still to come. When did you meet?"))
        return Step(goto="note", data=data.model_copy(update={"met_on": met_on}))

    def ask_note(ctx: Ctx, data: MenteesData) -> list[Reply]:
        text = _("A short note about the meeting, for yourself and your coordinator? Or tap Skip.")
        return [Ask(text=text, choices=(SKIP,))]

    def on_note(ctx: Ctx, data: MenteesData, event: Event) -> Step:
        mentee = current(ctx, data)
        if mentee is None or data.met_on is None:
            return Step(replies=[Say(text=NOT_YOURS)], finish=True)
        note = None
        if isinstance(event, TextIn):
            note = event.text.strip()
            if len(note) > MAX_NOTE:
                return Step.retry(too_long(MAX_NOTE, len(note)))
        elif not (isinstance(event, ChoiceIn) and event.choice_id == "skip"):
            return Step.retry(not_a_choice(event))
        effect = LogMeeting(request_id=mentee.request_id, met_on=data.met_on, note=note)
        saved = _("Meeting of {when} saved.", when=data.met_on)
        return Step(replies=[Say(text=saved)], effects=[effect], goto="detail",
                    data=MenteesData(request_id=mentee.request_id))  # fmt: skip

    return Flow(
        name="mentees",
        roles=frozenset({Role.MENTOR}),
        data_model=MenteesData,
        initial="list",
        entry=entry,
        entry_targets=frozenset({"list", FINISH}),
        states=states(
            State("list", ask_list, on_list, frozenset({"detail", "offer", FINISH})),
            State("offer", ask_offer, on_offer, frozenset({"list", FINISH})),
            State("detail", ask_detail, on_detail, frozenset({"list", "when", FINISH})),
            State("when", ask_when, on_when, frozenset({"detail", "note"})),
            State("note", ask_note, on_note, frozenset({"detail", FINISH})),
        ),
    )
