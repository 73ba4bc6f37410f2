"""`/agenda`: the interview that turns a vague wish into a usable learning agenda.

trigger → learning question (asked again, with examples, while it is vague) → one to three
goals, each checked the SMART way by asking what is missing (how will you notice it? by when?)
→ what to see or do, whom to meet, what you are curious about → practical limits → summary.
Each answer goes to a draft at once (a restart loses nothing); "save" makes it the next
version and tells the learning coach. Later runs start at the summary to change one part.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from conversations.agenda_model import (
    TRAVEL,
    TRAVEL_LABELS,
    AgendaContent,
    Answer,
    Goal,
    agenda_lines,
)
from conversations.agenda_view import long_answer
from conversations.common import not_a_choice
from conversations.context import Ctx
from conversations.effects import AgendaBegin, AgendaDraft, AgendaPublish, Effect, Notify
from conversations.engine import FINISH, Flow, State, Step, states
from conversations.events import ChoiceIn, Event, TextIn
from conversations.exchange_model import Part
from conversations.exchange_texts import name_of
from conversations.replies import AgendaDocument, Ask, Choice, Reply, Say
from conversations.roles import Role
from conversations.text import Msg, _

MAX_GOALS = 3
VAGUE_WORDS = 7  # a learning question shorter than this gets a follow-up
MAX_FOLLOWUPS = 2
SHORT = 200
SKIP = Choice(id="skip", label=_("Skip"))
ORDER = (
    "trigger", "question", "goal", "goal_observable", "goal_when", "goal_more",
    "see_do", "whom", "curious", "region", "travel", "dates", "summary",
)  # fmt: skip
#: Where "change a part" leads, and which states belong to that part.
PARTS: dict[str, tuple[Msg, str, str]] = {
    "trigger": (_("Why now"), "trigger", "trigger"),
    "question": (_("Learning question"), "question", "question"),
    "goals": (_("Learning goals"), "goal", "goal_more"),
    "see_do": (_("What I want to see or do"), "see_do", "see_do"),
    "whom": (_("Whom I want to talk to"), "whom", "whom"),
    "curious": (_("What I am curious about"), "curious", "curious"),
    "limits": (_("Practical limits"), "region", "dates"),
}


class AgendaData(BaseModel):
    shadow: AgendaContent = AgendaContent()
    changed: bool = False
    editing: str | None = None  # the last state of the part being changed
    followups: int = 0
    goal: Goal | None = None


def _next(state: str, data: AgendaData) -> str:
    if data.editing == state:
        return "summary"
    return ORDER[ORDER.index(state) + 1]


def _answered(data: AgendaData, part: str, value: Any, shadow_value: Any) -> AgendaData:
    shadow = data.shadow.model_copy(update={part: shadow_value})
    return data.model_copy(update={"shadow": shadow, "changed": True})


def _long(state: str, question: Msg, *, skippable: bool) -> State[AgendaData]:
    """A question answered by text or a voice message, saved to the draft straight away."""

    def ask(ctx: Ctx, data: AgendaData) -> list[Reply]:
        return [Ask(text=question, choices=(SKIP,) if skippable else ())]

    def handle(ctx: Ctx, data: AgendaData, event: Event) -> Step:
        if skippable and isinstance(event, ChoiceIn) and event.choice_id == "skip":
            return Step(goto=_next(state, data))
        value, problem = long_answer(event)
        if problem is not None:
            return Step.retry(problem)
        new = _answered(data, state, value, Answer.of(value))
        return Step(
            goto=_next(state, new), data=new, effects=[AgendaDraft(part=state, value=value)]
        )

    return State(state, ask, handle, frozenset({_next_any(state), "summary"}))


def _next_any(state: str) -> str:
    return ORDER[ORDER.index(state) + 1]


def _short_text(event: Event) -> tuple[str | None, Msg | None]:
    if not isinstance(event, TextIn) or not event.text.strip():
        return None, _("Please answer in a text message.")
    text = event.text.strip()
    if len(text) > SHORT:
        return None, _(
            "That is too long: at most {max} characters, please. Yours had {length}.",
            max=SHORT,
            length=len(text),
        )
    return text, None


def agenda_flow() -> Flow[AgendaData]:
    def entry(ctx: Ctx, data: AgendaData) -> Step:
        if Role.SWITCHER not in ctx.user.roles:
            text = _(
                "The learning agenda is for switchers. A learning coach finds the agenda of "
                "their switcher under /exchanges."
            )
            return Step(replies=[Say(text=text)], finish=True)
        if ctx.agenda is not None:
            begun = AgendaData(shadow=ctx.agenda.content)
            return Step(goto="summary", data=begun, effects=[AgendaBegin()])
        intro = _(
            "Let's make your learning agenda: why you want to learn, what exactly, and how you "
            "will know it worked. Long answers may be voice messages. You can stop at any time; "
            "your answers are kept."
        )
        return Step(replies=[Say(text=intro)], goto="trigger", effects=[AgendaBegin()])

    # --- learning question, with follow-ups while it is vague ------------------------------

    def ask_question(ctx: Ctx, data: AgendaData) -> list[Reply]:
        if data.followups == 0:
            text = _(
                "What is your learning question? What do you want to find out, or learn to "
                'do?\nExamples: "I want to learn to plan my work with the software package '
                'our host uses", "How do other organisations welcome newcomers on the work '
                'floor, and what can we copy?"'
            )
            return [Ask(text=text)]
        text = _(
            "Can you make it more concrete? In which situation do you want to do what, "
            'differently than now? For example: not "better onboarding" but "how does a '
            'buddy system for new colleagues work in practice?"'
        )
        return [Ask(text=text, choices=(Choice(id="keep", label=_("Keep it like this")),))]

    def on_question(ctx: Ctx, data: AgendaData, event: Event) -> Step:
        if isinstance(event, ChoiceIn) and event.choice_id == "keep" and data.followups:
            return Step(goto=_next("question", data), data=data.model_copy(update={"followups": 0}))
        value, problem = long_answer(event)
        if problem is not None:
            return Step.retry(problem)
        new = _answered(data, "question", value, Answer.of(value))
        saved = [AgendaDraft(part="question", value=value)]
        vague = isinstance(value, str) and len(value.split()) < VAGUE_WORDS
        if vague and data.followups < MAX_FOLLOWUPS:
            new = new.model_copy(update={"followups": data.followups + 1})
            return Step(data=new, effects=saved, reask=True)
        new = new.model_copy(update={"followups": 0})
        return Step(goto=_next("question", new), data=new, effects=saved)

    # --- goals: each checked for "observable" and "by when" --------------------------------

    def ask_goal(ctx: Ctx, data: AgendaData) -> list[Reply]:
        number = len(data.shadow.goals) + 1
        text = _(
            "Learning goal {number}: what do you want to be able to do after the exchange? "
            'Make it specific, e.g. "set up a weekly planning board with my team".',
            number=number,
        )
        return [Ask(text=text)]

    def on_goal(ctx: Ctx, data: AgendaData, event: Event) -> Step:
        text, problem = _short_text(event)
        if problem is not None or text is None:
            return Step.retry(problem or not_a_choice(event))
        if len(text.split()) < 4:
            return Step.retry(
                _("That is still quite general. Which action, with what result? Try again.")
            )
        return Step(goto="goal_observable", data=data.model_copy(update={"goal": Goal(text=text)}))

    def ask_observable(ctx: Ctx, data: AgendaData) -> list[Reply]:
        text = _(
            "How will you (or your coach) notice that you reached this goal? What will you "
            "show, make or do?"
        )
        return [Ask(text=text, choices=(Choice(id="skip", label=_("I don't know yet")),))]

    def on_observable(ctx: Ctx, data: AgendaData, event: Event) -> Step:
        assert data.goal is not None
        if isinstance(event, ChoiceIn) and event.choice_id == "skip":
            return Step(goto="goal_when")
        text, problem = _short_text(event)
        if problem is not None:
            return Step.retry(problem)
        goal = data.goal.model_copy(update={"observable": text})
        return Step(goto="goal_when", data=data.model_copy(update={"goal": goal}))

    def ask_when(ctx: Ctx, data: AgendaData) -> list[Reply]:
        text = _("By when? For example: at the end of day 2, or within three months.")
        return [Ask(text=text, choices=(Choice(id="skip", label=_("I don't know yet")),))]

    def on_when(ctx: Ctx, data: AgendaData, event: Event) -> Step:
        assert data.goal is not None
        by_when = None
        if not (isinstance(event, ChoiceIn) and event.choice_id == "skip"):
            by_when, problem = _short_text(event)
            if problem is not None:
                return Step.retry(problem)
        goal = data.goal.model_copy(update={"by_when": by_when})
        goals = (*data.shadow.goals, goal)
        new = _answered(data, "goals", None, goals).model_copy(update={"goal": None})
        draft = AgendaDraft(part="goals", value=[g.model_dump() for g in goals])
        replies: list[Reply] = []
        if goal.observable is None or goal.by_when is None:
            replies.append(
                Say(
                    text=_(
                        "Noted. A goal is easier to reach when you can see it and it has a "
                        "date; you can add that later with /agenda."
                    )
                )
            )
        target = "goal_more" if len(goals) < MAX_GOALS else _next("goal_more", new)
        return Step(goto=target, data=new, effects=[draft], replies=replies)

    def ask_more(ctx: Ctx, data: AgendaData) -> list[Reply]:
        choices = (
            Choice(id="more:yes", label=_("Add another goal")),
            Choice(id="more:no", label=_("That's it")),
        )
        return [Ask(text=_("Do you want to add another goal (at most three)?"), choices=choices)]

    def on_more(ctx: Ctx, data: AgendaData, event: Event) -> Step:
        picked = event.choice_id if isinstance(event, ChoiceIn) else None
        if picked == "more:yes":
            return Step(goto="goal")
        if picked == "more:no":
            return Step(goto=_next("goal_more", data))
        return Step.retry(not_a_choice(event))

    # --- practical limits -----------------------------------------------------------------

    def _short(state: str, question: Msg) -> State[AgendaData]:
        def ask(ctx: Ctx, data: AgendaData) -> list[Reply]:
            return [Ask(text=question, choices=(SKIP,))]

        def handle(ctx: Ctx, data: AgendaData, event: Event) -> Step:
            if isinstance(event, ChoiceIn) and event.choice_id == "skip":
                return Step(goto=_next(state, data))
            text, problem = _short_text(event)
            if problem is not None:
                return Step.retry(problem)
            new = _answered(data, state, text, text)
            return Step(
                goto=_next(state, new), data=new, effects=[AgendaDraft(part=state, value=text)]
            )

        return State(state, ask, handle, frozenset({_next_any(state), "summary"}))

    def ask_travel(ctx: Ctx, data: AgendaData) -> list[Reply]:
        choices = tuple(Choice(id=f"travel:{t}", label=TRAVEL_LABELS[t]) for t in TRAVEL)
        return [Ask(text=_("How far can you travel for the exchange?"), choices=(*choices, SKIP))]

    def on_travel(ctx: Ctx, data: AgendaData, event: Event) -> Step:
        picked = event.choice_id if isinstance(event, ChoiceIn) else ""
        if picked == "skip":
            return Step(goto="dates")
        travel = picked.removeprefix("travel:")
        if travel not in TRAVEL:
            return Step.retry(not_a_choice(event))
        new = _answered(data, "travel", travel, travel)
        return Step(goto="dates", data=new, effects=[AgendaDraft(part="travel", value=travel)])

    # --- summary ----------------------------------------------------------------------------

    def summary_choices(ctx: Ctx, data: AgendaData) -> tuple[Choice, ...]:
        choices = [Choice(id="change", label=_("Change a part"))]
        if data.changed:
            choices.insert(0, Choice(id="save", label=_("Save")))
        elif ctx.agenda is not None:
            choices.append(Choice(id="pdf", label=_("Send it as a PDF")))
        choices.append(Choice(id="close", label=_("Close")))
        return tuple(choices)

    def ask_summary(ctx: Ctx, data: AgendaData) -> list[Reply]:
        if data.changed or ctx.agenda is None:
            head = _(
                "Your learning agenda (not saved yet):\n{lines}", lines=agenda_lines(data.shadow)
            )
        else:
            head = _(
                "Your learning agenda, version {version} of {when}:\n{lines}",
                version=ctx.agenda.version,
                when=ctx.agenda.created_at,
                lines=agenda_lines(data.shadow),
            )
        return [
            Say(text=head),
            Ask(text=_("What would you like to do?"), choices=summary_choices(ctx, data)),
        ]

    def on_summary(ctx: Ctx, data: AgendaData, event: Event) -> Step:
        picked = event.choice_id if isinstance(event, ChoiceIn) else None
        if picked not in {c.id for c in summary_choices(ctx, data)}:
            return Step.retry(not_a_choice(event))
        if picked == "change":
            return Step(goto="pick_part")
        if picked == "pdf" and ctx.agenda is not None:
            return Step(replies=[AgendaDocument(agenda=ctx.agenda)], reask=True)
        if picked == "close":
            text = (
                _("Closed. Your changes are kept as a draft; save them with /agenda.")
                if data.changed
                else _("Closed.")
            )
            return Step(replies=[Say(text=text)], finish=True)
        effects: list[Effect] = [AgendaPublish()]
        coaches: list[Msg] = []
        for view in ctx.exchanges:
            coach = view.party(Part.LEARNING_COACH)
            if Part.SWITCHER in view.mine and view.active and coach is not None:
                text = _(
                    "{name} updated their learning agenda for your exchange at {place}. Open "
                    "it from /exchanges.",
                    name=name_of(ctx.user.name),
                    place=Msg.plain(view.place),
                )
                effects.append(Notify(person_id=coach.person_id, text=text, exchange_id=view.id))
                coaches.append(name_of(coach.name))
        if coaches:
            text = _("Saved. Your learning coach {names} has been told.", names=tuple(coaches))
        else:
            text = _("Saved. Once you have an exchange, your learning coach will see it.")
        return Step(replies=[Say(text=text)], effects=effects, finish=True)

    def ask_pick(ctx: Ctx, data: AgendaData) -> list[Reply]:
        choices = tuple(Choice(id=f"part:{k}", label=v[0]) for k, v in PARTS.items())
        return [
            Ask(
                text=_("Which part do you want to change?"),
                choices=(*choices, Choice(id="back", label=_("Back"))),
            )
        ]

    def on_pick(ctx: Ctx, data: AgendaData, event: Event) -> Step:
        picked = event.choice_id if isinstance(event, ChoiceIn) else ""
        if picked == "back":
            return Step(goto="summary")
        part = PARTS.get(picked.removeprefix("part:"))
        if part is None:
            return Step.retry(not_a_choice(event))
        _label, first, last = part
        new = data.model_copy(update={"editing": last, "followups": 0})
        if first == "goal":  # goals are written again from the first
            new = _answered(new, "goals", None, ())
        return Step(goto=first, data=new)

    return Flow(
        name="agenda",
        data_model=AgendaData,
        initial="trigger",
        entry=entry,
        entry_targets=frozenset({"trigger", "summary", FINISH}),
        states=states(
            _long(
                "trigger",
                _(
                    "Why do you want to learn something new now? What made you think of it? "
                    "(text or a voice message)"
                ),
                skippable=False,
            ),
            State("question", ask_question, on_question, frozenset({"goal", "summary"})),
            State("goal", ask_goal, on_goal, frozenset({"goal_observable"})),
            State("goal_observable", ask_observable, on_observable, frozenset({"goal_when"})),
            State("goal_when", ask_when, on_when, frozenset({"goal_more", "see_do", "summary"})),
            State("goal_more", ask_more, on_more, frozenset({"goal", "see_do", "summary"})),
            _long(
                "see_do",
                _("What do you want to see or do at the host? (text or voice)"),
                skippable=True,
            ),
            _long(
                "whom",
                _("With whom do you want to talk there: which roles or teams? (text or voice)"),
                skippable=True,
            ),
            _long(
                "curious",
                _("What are you curious about at the host organisation? (text or voice)"),
                skippable=True,
            ),
            _short(
                "region",
                _("Practical limits: in which region or city can the exchange take place?"),
            ),
            State("travel", ask_travel, on_travel, frozenset({"dates"})),
            _short("dates", _("Which dates or weekdays are you available?")),
            State("summary", ask_summary, on_summary, frozenset({"pick_part", FINISH})),
            State(
                "pick_part",
                ask_pick,
                on_pick,
                frozenset({"summary", *{p[1] for p in PARTS.values()}}),
            ),
        ),
    )
