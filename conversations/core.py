"""The conversation core: one event in, new state plus replies and effects out. Pure.

A person's conversation is a stack of flow frames (a sub-flow such as /language sits on top of
the question it interrupted). The core also guards buttons: every question with choices gets a
sequence number, so a stale or forged button is recognised and the current question asked again,
and a double tap on the same button is ignored.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any

from pydantic import BaseModel

from conversations.context import Ctx
from conversations.desk import desk_replies
from conversations.effects import Effect
from conversations.engine import Flow, FlowError, Step
from conversations.events import ChoiceIn, CommandIn, Event
from conversations.forms.schema import Form
from conversations.info import help_replies, privacy_replies
from conversations.my_data import my_data_replies
from conversations.replies import Ask, Choice, Reply, Say
from conversations.text import _
from conversations.versions import UPDATED, upgrade

#: A button or flow the person may no longer use (forged, or their role was removed).
NOT_FOR_YOU = _("This button is not for you, or it is no longer valid.")

MAX_STEPS = 25
#: The same button tapped again within this time is a double tap and gets no answer.
DOUBLE_TAP = timedelta(seconds=10)


class Frame(BaseModel):
    flow: str
    state: str
    data: dict[str, Any] = {}
    version: int = 1  # of the flow that saved it (see conversations/versions.py)


class Conversation(BaseModel):
    """Everything needed to resume a person's conversation after a restart."""

    stack: list[Frame] = []
    seq: int = 0
    pending: Ask | None = None
    last_pick: tuple[int, str] | None = None
    #: When that button was taken: a second tap soon after is a double tap (silence); a
    #: later one means the reply may never have arrived (a crash, an outage), so we re-ask.
    last_pick_at: datetime | None = None
    #: The buttons under a reminder or notice delivered since the last question: the most
    #: recent message with buttons, so a typed number answers it (walkthrough 2).
    notice: tuple[Choice, ...] = ()
    #: A command sent before signing up (/quiz, /agenda…): run once sign-up is done.
    after_signup: str | None = None


@dataclass
class Outcome:
    conversation: Conversation
    replies: list[Reply] = field(default_factory=list)
    effects: list[Effect] = field(default_factory=list)
    duplicate: bool = False  # the same button again: nothing to do, nothing to say
    stale: bool = False  # a button of an older question (or forged): not taken


#: A button under a reminder or notice (`x:<name>:…`, split at ":"): the step it causes, or
#: None when the id is not one its feature knows (the person then hears "not for you").
Button = Callable[[Ctx, list[str]], Step | None]
#: How an effect changes what later steps of the same event see (before it is applied).
Projection = Callable[[Ctx, Effect], Ctx]
BUTTON_PREFIX = "x:"


class _Run:
    """The mutable scratch pad of one `respond` call."""

    def __init__(
        self, conv: Conversation, ctx: Ctx, projections: Sequence[Projection] = ()
    ) -> None:
        self.conv = conv.model_copy(deep=True)
        self.ctx = ctx
        self.projections = projections
        self.replies: list[Reply] = []
        self.effects: list[Effect] = []
        self.steps = 0

    def take(self, step: Step) -> None:
        self.steps += 1
        if self.steps > MAX_STEPS:
            raise FlowError("too many transitions for one event (a loop in a flow?)")
        self.effects.extend(step.effects)
        for effect in step.effects:  # later steps see what this one changed
            for project in self.projections:
                self.ctx = project(self.ctx, effect)
        self.replies.extend(step.replies)


@dataclass(frozen=True)
class Entry:
    """What a command (or menu line) starts: a flow with its initial data."""

    flow: str
    data: Mapping[str, Any] = field(default_factory=dict)
    open_to_all: bool = False  # also for people who consented but are not registered
    also_refused: bool = False  # also for people who refused consent (e.g. to erase that too)


class Journey:
    """All flows of the product, and the rules that hold in every one of them."""

    def __init__(
        self,
        flows: Mapping[str, Flow[Any]],
        commands: Mapping[str, Entry] | None = None,
        forms: Mapping[str, Form] | None = None,
        buttons: Mapping[str, Button] | None = None,
        projections: Sequence[Projection] = (),
    ):
        self.flows = dict(flows)
        self.commands = dict(commands or {})
        self.forms = dict(forms or {})  # what the "form" flow can run
        self.buttons = dict(buttons or {})  # by the name after `x:`
        self.projections = tuple(projections)

    def respond(self, conv: Conversation, ctx: Ctx, event: Event) -> Outcome:
        run = _Run(conv, ctx, self.projections)
        if self._upgraded(run) and not isinstance(event, CommandIn):
            return self._finish(run)  # the event was meant for a question that is gone
        if isinstance(event, CommandIn):
            self._command(run, event)
        elif isinstance(event, ChoiceIn) and event.choice_id.startswith(BUTTON_PREFIX):
            self._action(run, event)
        elif self._lost_role(run.conv, run.ctx):
            run.conv.stack, run.conv.pending = [], None
            run.replies.append(Say(text=NOT_FOR_YOU))
            self._start_default(run)
        elif not run.conv.stack:
            self._start_default(run)
        elif isinstance(event, ChoiceIn) and not self._choice_is_current(run.conv, event):
            if run.conv.last_pick == (event.seq, event.choice_id):
                taken = run.conv.last_pick_at
                if taken is not None and ctx.now - taken < DOUBLE_TAP:
                    return Outcome(conversation=conv, duplicate=True)
                self._reask(run)  # the answer is kept; show where we are now
                return self._finish(run)
            run.replies.append(
                Say(text=_("That button is no longer valid. Here is the current question again."))
            )
            self._reask(run)
            return replace(self._finish(run), stale=True)
        else:
            if isinstance(event, ChoiceIn):
                run.conv.last_pick = (event.seq, event.choice_id)
                run.conv.last_pick_at = ctx.now
            self._handle(run, event)
        return self._finish(run)

    def resume(self, conv: Conversation, ctx: Ctx) -> Outcome:
        """Ask the current question again (a terminal reopened, a transport reconnected)."""
        run = _Run(conv, ctx, self.projections)
        if not self._upgraded(run):
            self._reask(run)
        return self._finish(run)

    def _upgraded(self, run: _Run) -> bool:
        """Frames saved by an older release: migrated, or that part starts again (said)."""
        restart = upgrade(run.conv.stack, self.flows)
        if restart is None:
            return False
        del run.conv.stack[restart.depth :]
        run.conv.pending, run.conv.last_pick = None, None
        run.replies.append(Say(text=UPDATED))
        if restart.flow is not None and restart.data is not None:
            self._start(run, restart.flow, restart.data)
        else:
            self._reask(run)
        return True

    # --- commands ------------------------------------------------------------------------

    def _command(self, run: _Run, cmd: CommandIn) -> None:
        registered = run.ctx.user.registered
        if cmd.name == "start":
            run.conv.stack = []
            if cmd.args or not registered:
                data = {"invite_code": cmd.args[0]} if cmd.args else {}
                self._start(run, "onboarding", data)
            else:
                run.replies.append(Say(text=_("Welcome back!")))
                self._start(run, "menu", {})
        elif cmd.name in ("help", "mydata", "privacy", "desk"):
            info = {"help": help_replies, "privacy": privacy_replies, "desk": desk_replies}
            show = info.get(cmd.name)
            run.replies.extend(show(run.ctx) if show else my_data_replies())
            self._reask(run)
        elif cmd.name == "language":
            self._start(run, "language", {})
        elif cmd.name == "reset":
            run.conv.stack = []
            if registered:
                run.replies.append(
                    Say(text=_("Back to the main menu. Your saved answers are kept."))
                )
            self._start_default(run)
        elif cmd.name == "cancel":
            self._cancel(run)
        elif cmd.name in self.commands and self._may_start(run.ctx, self.commands[cmd.name]):
            entry = self.commands[cmd.name]
            run.conv.stack = [f for f in run.conv.stack if f.flow == "menu"][:1]
            self._start(run, entry.flow, dict(entry.data))
        elif cmd.name in self.commands:
            run.conv.after_signup = cmd.name  # remembered, not lost in the menu
            text = _("I will open /{command} once you have signed up.", command=cmd.name)
            run.replies.append(Say(text=text))
            self._reask(run)
        else:
            run.replies.append(
                Say(
                    text=_(
                        "I don't know the command /{command}. Send /help to see what I can do.",
                        command=cmd.name,
                    )
                )
            )
            self._reask(run)

    def _lost_role(self, conv: Conversation, ctx: Ctx) -> bool:
        """An open flow the person's current roles no longer allow (a role was removed)."""
        for frame in conv.stack:
            roles = self.flows[frame.flow].roles if frame.flow in self.flows else None
            if roles is not None and not roles & ctx.user.roles:
                return True
        return False

    @staticmethod
    def _may_start(ctx: Ctx, entry: Entry) -> bool:
        if entry.also_refused and ctx.user.consent is not None:
            return True
        return ctx.user.registered or (entry.open_to_all and bool(ctx.user.consent))

    def _cancel(self, run: _Run) -> None:
        on_menu = [f.flow for f in run.conv.stack] == ["menu"]
        if run.ctx.user.registered:
            if on_menu:
                run.replies.append(Say(text=_("There is nothing to cancel.")))
                self._reask(run)
                return
            run.conv.stack = []
            run.replies.append(Say(text=_("Cancelled. Back to the main menu.")))
            self._start(run, "menu", {})
            return
        run.conv.stack = []
        run.conv.pending = None
        run.replies.append(Say(text=_("Stopped. Send /start when you want to begin again.")))

    def _action(self, run: _Run, event: ChoiceIn) -> None:
        """A button under a reminder or notice: act, then carry on where the person was."""
        parts = event.choice_id.split(":")
        button = self.buttons.get(parts[1]) if len(parts) > 1 else None
        step = (button(run.ctx, parts) if button else None) or Step(
            replies=[Say(text=NOT_FOR_YOU)]
        )
        run.take(step)
        if step.push is not None and run.ctx.user.registered:
            run.conv.stack = [f for f in run.conv.stack if f.flow == "menu"][:1]
            self._start(run, step.push, dict(step.push_data or {}))
        else:
            self._reask(run)

    # --- stepping ------------------------------------------------------------------------

    def _after_signup(self, run: _Run) -> bool:
        """Sign-up done: run the command they sent before, instead of the menu."""
        entry, run.conv.after_signup = self.commands.get(run.conv.after_signup or ""), None
        if entry is None or not run.ctx.user.registered or not self._may_start(run.ctx, entry):
            return False
        self._start(run, entry.flow, dict(entry.data))
        return True

    def _start_default(self, run: _Run) -> None:
        self._start(run, "menu" if run.ctx.user.registered else "onboarding", {})

    def _start(self, run: _Run, flow_name: str, data: dict[str, Any]) -> None:
        flow = self.flows[flow_name]
        model = flow.load(data)
        run.conv.stack.append(
            Frame(
                flow=flow_name,
                state=flow.initial,
                data=model.model_dump(mode="json"),
                version=flow.version,
            )
        )
        self._apply(run, flow, flow.begin(run.ctx, model))

    def _handle(self, run: _Run, event: Event) -> None:
        frame = run.conv.stack[-1]
        flow = self.flows[frame.flow]
        step = flow.state(frame.state).handle(run.ctx, flow.load(frame.data), event)
        flow.check_step(frame.state, step)
        self._apply(run, flow, step)

    def _apply(self, run: _Run, flow: Flow[Any], step: Step) -> None:
        run.take(step)
        frame = run.conv.stack[-1]
        if step.data is not None:
            frame.data = step.data.model_dump(mode="json")
        if step.push is not None:
            self._start(run, step.push, dict(step.push_data or {}))
        elif step.finish:
            run.conv.stack.pop()
            if step.clear:
                run.conv.stack, run.conv.pending = [], None
            if step.then == "menu" and self._after_signup(run):
                pass  # the remembered command runs instead (and brings its own menu)
            elif step.then is not None:
                self._start(run, step.then, dict(step.then_data or {}))
            elif run.conv.stack:
                self._reask(run)
            elif run.ctx.user.registered:
                self._start(run, "menu", {})
        elif step.goto is not None:
            frame.state = step.goto
            self._ask(run)
        elif step.reask:
            self._ask(run)

    def _reask(self, run: _Run) -> None:
        if run.conv.stack:
            self._ask(run)
        else:
            self._start_default(run)

    def _ask(self, run: _Run) -> None:
        frame = run.conv.stack[-1]
        flow = self.flows[frame.flow]
        run.replies.extend(flow.state(frame.state).ask(run.ctx, flow.load(frame.data)))

    # --- buttons -------------------------------------------------------------------------

    @staticmethod
    def _choice_is_current(conv: Conversation, event: ChoiceIn) -> bool:
        pending = conv.pending
        return (
            pending is not None
            and event.seq == conv.seq
            and any(c.id == event.choice_id for c in pending.choices)
        )

    @staticmethod
    def _finish(run: _Run) -> Outcome:
        """Number the questions just asked; the last one is what buttons and numbers answer."""
        replies: list[Reply] = []
        for reply in run.replies:
            if isinstance(reply, Ask):
                run.conv.notice = ()  # a newer question: numbers answer it
                if reply.choices:
                    run.conv.seq += 1
                    reply = reply.model_copy(update={"seq": run.conv.seq})
                run.conv.pending = reply
            replies.append(reply)
        return Outcome(conversation=run.conv, replies=replies, effects=run.effects)
