"""`/actions`: follow-up actions (draaiboek 5.8). The switcher and the learning coach each
name one to three things they will do with what they learned; weeks later the bot asks how
each went (done, in progress, dropped) and keeps a note. Coordinators see the counts.
"""

from __future__ import annotations

from pydantic import BaseModel

from conversations.common import NOT_YOURS, not_a_choice, too_long
from conversations.context import Ctx
from conversations.engine import FINISH, Flow, State, Step, states
from conversations.events import ChoiceIn, Event, TextIn
from conversations.exchange_model import ExchangeView, Part
from conversations.follow_up.effects import AddAction, PlanCheckIn, UpdateAction
from conversations.follow_up.model import ACTION_STATUS_ICONS, ACTION_STATUS_LABELS, ActionView
from conversations.replies import Ask, Choice, Reply, Say
from conversations.text import Lines, Msg, _

MAX_ACTIONS = 3
MAX_ACTION_TEXT = 300
MAX_NOTE = 1000
WRITERS = (Part.SWITCHER, Part.LEARNING_COACH)
# finishing the list is not the status "done" (walkthrough 30: "Klaar" meant both)
DONE = Choice(id="done", label=_("That's all"))
BACK = Choice(id="back", label=_("Back"))
SKIP = Choice(id="skip", label=_("Skip"))
STATUS_CHOICES = (
    Choice(id="st:done", label=_("Done")),
    Choice(id="st:in_progress", label=_("In progress")),
    Choice(id="st:dropped", label=_("Dropped")),
    Choice(id="st:open", label=_("Not started yet")),
)


class ActionsData(BaseModel):
    exchange_id: int | None = None
    written: int = 0  # actions added in this run of "write"
    base: int = 0  # actions already stored when this run of "write" began
    action_id: int | None = None
    status: str | None = None


def candidates(ctx: Ctx) -> list[ExchangeView]:
    return [x for x in ctx.exchanges if set(x.mine) & set(WRITERS) and x.status != "cancelled"]


def _mine(ctx: Ctx, exchange_id: int | None) -> list[ActionView]:
    return [a for a in ctx.actions if a.exchange_id == exchange_id]


def _short(text: str, limit: int = 60) -> str:
    """Button labels stay readable on a phone; the full text is in the message above."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def action_lines(actions: list[ActionView]) -> Lines:
    lines = []
    for action in actions:
        line = _(
            "{icon} {action} ({status})",
            icon=Msg.plain(ACTION_STATUS_ICONS.get(action.status, "⬜")),
            action=Msg.plain(action.text),
            status=ACTION_STATUS_LABELS.get(action.status, Msg.plain(action.status)),
        )
        if action.note:
            line = _("{line}: {note}", line=line, note=Msg.plain(action.note))
        lines.append(line)
    return Lines(lines=tuple(lines))


def actions_flow() -> Flow[ActionsData]:
    def view_of(ctx: Ctx, data: ActionsData) -> ExchangeView | None:
        return next((x for x in candidates(ctx) if x.id == data.exchange_id), None)

    def start_at(ctx: Ctx, exchange_id: int) -> Step:
        data = ActionsData(exchange_id=exchange_id)
        return Step(goto="review" if _mine(ctx, exchange_id) else "write", data=data)

    def entry(ctx: Ctx, data: ActionsData) -> Step:
        found = candidates(ctx)
        if not found:
            text = _(
                "Follow-up actions are for the switcher and the learning coach of an exchange."
            )
            return Step(replies=[Say(text=text)], finish=True)
        if view_of(ctx, data) is not None:
            assert data.exchange_id is not None
            return start_at(ctx, data.exchange_id)
        if len(found) == 1:
            return start_at(ctx, found[0].id)
        return Step(goto="pick", data=ActionsData())

    def ask_pick(ctx: Ctx, data: ActionsData) -> list[Reply]:
        choices = tuple(
            Choice(
                id=f"ex:{x.id}",
                label=_("{when} – {place}", when=x.first_start, place=Msg.plain(x.place)),
            )
            for x in candidates(ctx)
        )
        return [Ask(text=_("About which exchange?"), choices=(*choices, BACK))]

    def on_pick(ctx: Ctx, data: ActionsData, event: Event) -> Step:
        picked = event.choice_id if isinstance(event, ChoiceIn) else ""
        if picked == "back":
            return Step(finish=True)
        chosen = next((x for x in candidates(ctx) if f"ex:{x.id}" == picked), None)
        if chosen is None:
            return Step.retry(not_a_choice(event))
        return start_at(ctx, chosen.id)

    # --- naming the actions -----------------------------------------------------------------

    def room(ctx: Ctx, data: ActionsData) -> int:
        """What is stored (from the facts) already counts the actions of earlier messages of
        this run; only the one added in this very event is not there yet (walkthrough 6:
        counting both said "that makes three" after two)."""
        stored = len(_mine(ctx, data.exchange_id))
        return MAX_ACTIONS - max(stored, data.base + data.written)

    def ask_write(ctx: Ctx, data: ActionsData) -> list[Reply]:
        if room(ctx, data) <= 0:
            text = _("That makes three actions. Tap “That's all”.")
            return [Ask(text=text, choices=(DONE,))]
        if data.written or _mine(ctx, data.exchange_id):
            text = _("Send another action, or tap “That's all”.")
            return [Ask(text=text, choices=(DONE,))]
        text = _(  # the draaiboek's own follow-up ideas (002:922, 954, 990-992)
            "What will you do with what you learned? Name one to three concrete follow-up "
            "actions, one per message. For example: share the lessons with my team at the next "
            "meeting; become a learning coach myself; encourage a colleague to go switching too; "
            "tell about the exchange at a presentation."
        )
        return [Ask(text=text, choices=(BACK,))]

    def on_write(ctx: Ctx, data: ActionsData, event: Event) -> Step:
        view = view_of(ctx, data)
        if view is None:
            return Step(replies=[Say(text=NOT_YOURS)], finish=True)
        picked = event.choice_id if isinstance(event, ChoiceIn) else None
        has_any = data.written > 0 or bool(_mine(ctx, data.exchange_id))
        if picked == "back" and not has_any:
            return Step(finish=True)
        if picked == "done" and has_any:
            thanks = _(
                "Thank you. In about six weeks I will ask how your actions are going. You can "
                "update them any time with /actions."
            )
            check_in = PlanCheckIn(exchange_id=view.id)
            return Step(replies=[Say(text=thanks)], effects=[check_in], finish=True)
        if not isinstance(event, TextIn):
            return Step.retry(not_a_choice(event) if picked is None else _("First send an action."))
        if room(ctx, data) <= 0:
            return Step.retry(_("You already have three actions. Tap “That's all”."))
        text = event.text.strip()
        if len(text) > MAX_ACTION_TEXT:
            return Step.retry(
                too_long(
                    MAX_ACTION_TEXT,
                    len(text),
                )
            )
        part = next(p for p in view.mine if p in WRITERS)
        effect = AddAction(exchange_id=view.id, part=part, text=text)
        base = data.base if data.written else len(_mine(ctx, data.exchange_id))
        new = data.model_copy(update={"written": data.written + 1, "base": base})
        return Step(data=new, effects=[effect], reask=True)

    # --- how is it going? -------------------------------------------------------------------

    def ask_review(ctx: Ctx, data: ActionsData) -> list[Reply]:
        actions = _mine(ctx, data.exchange_id)
        choices = [
            Choice(
                id=f"a:{a.id}", label=Msg.plain(f"{ACTION_STATUS_ICONS[a.status]} {_short(a.text)}")
            )
            for a in actions
        ]
        if len(actions) < MAX_ACTIONS:
            choices.append(Choice(id="add", label=_("Add an action")))
        text = _(
            "Your follow-up actions:\n{lines}\nTap an action to say how it is going.",
            lines=action_lines(actions),
        )
        return [Ask(text=text, choices=(*choices, DONE))]

    def on_review(ctx: Ctx, data: ActionsData, event: Event) -> Step:
        if view_of(ctx, data) is None:
            return Step(replies=[Say(text=NOT_YOURS)], finish=True)
        picked = event.choice_id if isinstance(event, ChoiceIn) else ""
        if picked == "done":
            return Step(finish=True)
        if picked == "add" and len(_mine(ctx, data.exchange_id)) < MAX_ACTIONS:
            return Step(goto="write", data=data.model_copy(update={"written": 0}))
        action = next((a for a in _mine(ctx, data.exchange_id) if f"a:{a.id}" == picked), None)
        if action is None:
            return Step.retry(not_a_choice(event))
        return Step(goto="status", data=data.model_copy(update={"action_id": action.id}))

    def chosen(ctx: Ctx, data: ActionsData) -> ActionView | None:
        return next((a for a in _mine(ctx, data.exchange_id) if a.id == data.action_id), None)

    def ask_status(ctx: Ctx, data: ActionsData) -> list[Reply]:
        action = chosen(ctx, data)
        assert action is not None
        text = _("How is it going with: {action}?", action=Msg.plain(action.text))
        return [Ask(text=text, choices=(*STATUS_CHOICES, BACK))]

    def on_status(ctx: Ctx, data: ActionsData, event: Event) -> Step:
        if chosen(ctx, data) is None:
            return Step(replies=[Say(text=NOT_YOURS)], finish=True)
        picked = event.choice_id if isinstance(event, ChoiceIn) else ""
        if picked == "back":
            return Step(goto="review")
        if picked not in {c.id for c in STATUS_CHOICES}:
            return Step.retry(not_a_choice(event))
        return Step(goto="note", data=data.model_copy(update={"status": picked[3:]}))

    def ask_note(ctx: Ctx, data: ActionsData) -> list[Reply]:
        text = _(
            "Anything to add? A sentence about what happened helps you and your coordinator. "
            "Or tap Skip."
        )
        return [Ask(text=text, choices=(SKIP,))]

    def on_note(ctx: Ctx, data: ActionsData, event: Event) -> Step:
        action = chosen(ctx, data)
        if action is None or data.status is None:
            return Step(replies=[Say(text=NOT_YOURS)], finish=True)
        note: str | None = None
        if isinstance(event, TextIn):
            note = event.text.strip()
            if len(note) > MAX_NOTE:
                return Step.retry(
                    too_long(
                        MAX_NOTE,
                        len(note),
                    )
                )
        elif not (isinstance(event, ChoiceIn) and event.choice_id == "skip"):
            return Step.retry(not_a_choice(event))
        update = UpdateAction.model_validate(
            {"action_id": action.id, "status": data.status, "note": note}
        )
        saved = Say(text=_("Saved."))
        new = data.model_copy(update={"action_id": None, "status": None})
        return Step(replies=[saved], effects=[update], goto="review", data=new)

    return Flow(
        name="actions",
        data_model=ActionsData,
        initial="pick",
        entry=entry,
        entry_targets=frozenset({"write", "review", FINISH}),
        states=states(
            State("pick", ask_pick, on_pick, frozenset({"write", "review", FINISH})),
            State("write", ask_write, on_write, frozenset({FINISH})),
            State("review", ask_review, on_review, frozenset({"write", "status", FINISH})),
            State("status", ask_status, on_status, frozenset({"review", "note"})),
            State("note", ask_note, on_note, frozenset({"review"})),
        ),
    )
