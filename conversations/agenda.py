"""`/agenda`: the interview that turns a vague wish into a usable learning agenda.

trigger → learning question (asked again, with examples, while it is vague) → one to three
goals, each checked the SMART way by asking what is missing (how will you notice it? by when?)
→ what to see or do, whom to meet, what you are curious about → practical limits → summary.
Each answer goes to a draft at once (a restart loses nothing); "save" makes it the next
version and tells the learning coach. Later runs start at the summary to change one part.
"""

from __future__ import annotations

from conversations.agenda_goals import (
    EDITING,
    ask_goals,
    differs,
    on_goals,
    resume_at,
    welcome_back,
)
from conversations.agenda_model import (
    TRAVEL,
    TRAVEL_LABELS,
    Answer,
    agenda_lines,
    has_voice,
)
from conversations.agenda_steps import (
    MAX_FOLLOWUPS,
    ORDER,
    PARTS,
    SKIP,
    AgendaData,
    answered,
    ask_goal,
    ask_more,
    ask_observable,
    ask_when,
    long_question,
    next_in_order,
    next_state,
    on_goal,
    on_more,
    on_observable,
    on_when,
    short_text,
)
from conversations.agenda_view import LISTEN, heading_of, long_answer, own_exchange
from conversations.common import not_a_choice
from conversations.context import Ctx
from conversations.effects import AgendaBegin, AgendaDraft, AgendaPublish, Effect, Notify
from conversations.engine import FINISH, Flow, State, Step, states
from conversations.events import ChoiceIn, Event
from conversations.exchange_model import Part
from conversations.exchange_texts import name_of
from conversations.replies import AgendaDocument, Ask, Choice, ReplayAgenda, Reply, Say
from conversations.roles import Role
from conversations.text import Msg, PersonName, _

#: Be open about what can be promised (draaiboek 002:678): needs are collected before the
#: learning places are known.
NO_GUARANTEE = _(
    "Good to know: your learning question helps to find a learning place that fits. Your "
    "coordinator does their very best, but a learning place is not guaranteed."
)


def agenda_flow() -> Flow[AgendaData]:
    def entry(ctx: Ctx, data: AgendaData) -> Step:
        if Role.SWITCHER not in ctx.user.roles:
            text = _(
                "The learning agenda is for switchers. A learning coach finds the agenda of "
                "their switcher under /exchanges."
            )
            return Step(replies=[Say(text=text)], finish=True)
        saved = ctx.agenda.content if ctx.agenda else None
        if ctx.agenda_draft is not None and differs(ctx.agenda_draft, saved):  # kept: go on
            kept = AgendaData(shadow=ctx.agenda_draft, changed=True)
            if saved is not None:
                return Step(goto="summary", data=kept)  # "not saved yet", with Save
            at = resume_at(ctx.agenda_draft)
            return Step(replies=[welcome_back(ctx.agenda_draft)], goto=at, data=kept)
        if ctx.agenda is not None:
            begun = AgendaData(shadow=ctx.agenda.content)
            return Step(goto="summary", data=begun, effects=[AgendaBegin()])
        intro = _(
            "Let's make your learning agenda: why you want to learn, what exactly, and how you "
            "will know it worked. Long answers may be voice messages. You can stop at any time; "
            "your answers are kept."
        )
        return Step(
            replies=[Say(text=intro), Say(text=NO_GUARANTEE)],
            goto="trigger",
            effects=[AgendaBegin()],
        )

    # --- learning question, with follow-ups while it is vague ------------------------------

    def ask_question(ctx: Ctx, data: AgendaData) -> list[Reply]:
        if data.followups == 0:
            text = _(  # the draaiboek's own example learning questions (002:649, 651, 653)
                "What is your learning question? What do you want to find out, or learn to "
                'do?\nExamples: "As HR officer, how can I get a better view of the training '
                'needs of our clients?", "How can we approach Dutch on the work floor '
                'differently? Which approaches could we use too?", "How can I learn to make '
                'financial analyses that fit our own needs?"'
            )
            return [Ask(text=text)]
        text = _(  # vague and clear questions as the draaiboek contrasts them (002:657)
            "Can you make it more concrete? In which situation do you want to do what, "
            'differently than now? For example, "getting better at welcoming newcomers on '
            'the work floor" is still vague; "learning to work better with software package '
            'X" is clear.'
        )
        return [Ask(text=text, choices=(Choice(id="keep", label=_("Keep it like this")),))]

    def on_question(ctx: Ctx, data: AgendaData, event: Event) -> Step:
        if isinstance(event, ChoiceIn) and event.choice_id == "keep" and data.followups:
            return Step(
                goto=next_state("question", data), data=data.model_copy(update={"followups": 0})
            )
        value, problem = long_answer(event)
        if problem is not None:
            return Step.retry(problem)
        new = answered(data, "question", value, Answer.of(value))
        saved = [AgendaDraft(part="question", value=value)]
        # Ask once more about the content, in every language alike (walkthrough 12: a word
        # count called a real Tigrinya question vague); "Keep it like this" ends it.
        if data.followups < MAX_FOLLOWUPS:
            new = new.model_copy(update={"followups": data.followups + 1})
            return Step(data=new, effects=saved, reask=True)
        new = new.model_copy(update={"followups": 0})
        return Step(goto=next_state("question", new), data=new, effects=saved)

    # --- practical limits -----------------------------------------------------------------

    def _short(state: str, question: Msg) -> State[AgendaData]:
        def ask(ctx: Ctx, data: AgendaData) -> list[Reply]:
            return [Ask(text=question, choices=(SKIP,))]

        def handle(ctx: Ctx, data: AgendaData, event: Event) -> Step:
            if isinstance(event, ChoiceIn) and event.choice_id == "skip":
                return Step(goto=next_state(state, data))
            text, problem = short_text(event)
            if problem is not None:
                return Step.retry(problem)
            new = answered(data, state, text, text)
            return Step(
                goto=next_state(state, new), data=new, effects=[AgendaDraft(part=state, value=text)]
            )

        return State(state, ask, handle, frozenset({next_in_order(state), "summary"}))

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
        new = answered(data, "travel", travel, travel)
        return Step(goto="dates", data=new, effects=[AgendaDraft(part="travel", value=travel)])

    # --- summary ----------------------------------------------------------------------------

    def summary_choices(ctx: Ctx, data: AgendaData) -> tuple[Choice, ...]:
        choices = [Choice(id="change", label=_("Change a part"))]
        if data.changed:
            choices.insert(0, Choice(id="save", label=_("Save")))
        elif ctx.agenda is not None:
            choices.append(Choice(id="pdf", label=_("Send it as a PDF")))
        if has_voice(data.shadow):  # walkthrough 7: recordings can be heard again
            choices.append(LISTEN)
        choices.append(Choice(id="close", label=_("Close")))
        return tuple(choices)

    def ask_summary(ctx: Ctx, data: AgendaData) -> list[Reply]:
        authors = ctx.agenda.authors if ctx.agenda else {}
        if data.changed or ctx.agenda is None:
            head = _(
                "Your learning agenda (not saved yet):\n{lines}",
                lines=agenda_lines(data.shadow, authors),
            )
        else:
            head = _(
                "Your learning agenda, version {version} of {when}:\n{lines}",
                version=ctx.agenda.version,
                when=ctx.agenda.created_at,
                lines=agenda_lines(data.shadow, authors),
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
            heading = heading_of(own_exchange(ctx))
            document = AgendaDocument(agenda=ctx.agenda, exchange=heading)
            return Step(replies=[document], reask=True)
        if picked == "listen":  # what is on screen: the draft while it holds changes
            replay = ReplayAgenda(switcher_id=ctx.user.id, draft=data.changed)
            return Step(replies=[replay], reask=True)
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
                    name=PersonName(id=ctx.user.id),
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
        if first == "goal":  # one goal at a time, from the list of goals
            new = data.model_copy(update={"editing": EDITING, "goal_index": None})
            return Step(goto="goals" if data.shadow.goals else "goal", data=new)
        new = data.model_copy(update={"editing": last, "followups": 0})
        return Step(goto=first, data=new)

    return Flow(
        name="agenda",
        roles=frozenset({Role.SWITCHER}),
        data_model=AgendaData,
        initial="trigger",
        entry=entry,
        entry_targets=frozenset(set(ORDER) | {FINISH}),
        states=states(
            long_question(
                "trigger",
                _(
                    "Why do you want to learn something new now? What made you think of it? "
                    "(text or a voice message)"
                ),
                skippable=False,
            ),
            State("question", ask_question, on_question, frozenset({"goal", "summary"})),
            State("goal", ask_goal, on_goal, frozenset({"goal_observable", "goals"})),
            State("goal_observable", ask_observable, on_observable, frozenset({"goal_when"})),
            State(
                "goal_when",
                ask_when,
                on_when,
                frozenset({"goal_more", "see_do", "summary", "goals"}),
            ),
            State("goals", ask_goals, on_goals, frozenset({"goal", "summary"})),
            State("goal_more", ask_more, on_more, frozenset({"goal", "see_do", "summary"})),
            long_question(
                "see_do",
                _("What do you want to see or do at the host? (text or voice)"),
                skippable=True,
            ),
            long_question(
                "whom",
                _("With whom do you want to talk there: which roles or teams? (text or voice)"),
                skippable=True,
            ),
            long_question(
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
                frozenset({"summary", "goals", *{p[1] for p in PARTS.values()}}),
            ),
        ),
    )
