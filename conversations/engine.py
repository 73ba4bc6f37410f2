"""How a flow is declared and stepped: an explicit state machine over a pydantic data model.

A flow lists its states; each state says what it asks (`ask`), how it reacts to an event
(`handle`) and which states it may go to (`targets`). The declared targets are checked at run
time, so the machine drawn by `diagram()` is the machine that runs.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from pydantic import BaseModel

from conversations.context import Ctx
from conversations.effects import Effect
from conversations.events import Event
from conversations.replies import Reply, Say
from conversations.roles import Role
from conversations.text import Msg

D = TypeVar("D", bound=BaseModel)

#: Pseudo-target for "this flow is done".
FINISH = "(finish)"


@dataclass(frozen=True)
class Step:
    """The outcome of handling one event in one state."""

    goto: str | None = None
    data: BaseModel | None = None
    replies: Sequence[Reply] = ()
    effects: Sequence[Effect] = ()
    reask: bool = False
    finish: bool = False
    then: str | None = None  # flow to start when this one finishes (instead of returning)
    then_data: Mapping[str, Any] | None = None  # initial data for the `then` flow
    push: str | None = None  # sub-flow to run now; afterwards this state asks again
    push_data: Mapping[str, Any] | None = None  # initial data for the pushed sub-flow
    clear: bool = False  # with finish: end every flow, not just this one (nothing is left)

    @classmethod
    def retry(cls, *texts: Msg) -> Step:
        """Input not usable here: explain, then ask the same question again."""
        return cls(replies=[Say(text=t) for t in texts], reask=True)


@dataclass(frozen=True)
class State(Generic[D]):
    name: str
    ask: Callable[[Ctx, D], list[Reply]]
    handle: Callable[[Ctx, D, Event], Step]
    targets: frozenset[str] = frozenset()
    doc: str = ""


class FlowError(RuntimeError):
    """A flow broke its own declaration (a programming error, caught by tests)."""


@dataclass
class Flow(Generic[D]):
    name: str
    data_model: type[D]
    initial: str
    states: dict[str, State[D]] = field(default_factory=dict)
    #: Optional choice of the first state from the facts (e.g. skip what is already known).
    entry: Callable[[Ctx, D], Step] | None = None
    entry_targets: frozenset[str] = frozenset()
    #: Raised whenever a change to the states or the data model would not read a frame saved
    #: by the previous release; `migrate(saved_version, state, data)` turns such a frame into
    #: a current (state, data), or returns None when it cannot (the person then starts this
    #: part again, told why). People's conversations live in the database across releases.
    version: int = 1
    migrate: Callable[[int, str, dict[str, Any]], tuple[str, dict[str, Any]] | None] | None = None
    #: Who may be in this flow (None: anyone). Checked at every event, so a person whose role
    #: was taken away leaves it at their next tap or message.
    roles: frozenset[Role] | None = None

    def __post_init__(self) -> None:
        if self.initial not in self.states:
            raise FlowError(f"{self.name}: initial state {self.initial!r} is not declared")
        for state in self.states.values():
            unknown = state.targets - set(self.states) - {FINISH}
            if unknown:
                raise FlowError(f"{self.name}.{state.name}: unknown targets {sorted(unknown)}")
        if self.entry_targets - set(self.states) - {FINISH}:
            raise FlowError(f"{self.name}: unknown entry targets")

    def load(self, raw: dict[str, Any]) -> D:
        return self.data_model.model_validate(raw)

    def state(self, name: str) -> State[D]:
        try:
            return self.states[name]
        except KeyError:
            raise FlowError(f"{self.name}: no state {name!r}") from None

    def begin(self, ctx: Ctx, data: D) -> Step:
        """The transition out of [*]: the initial state, or what `entry` decides."""
        if self.entry is None:
            return Step(goto=self.initial)
        step = self.entry(ctx, data)
        self._check(None, step, self.entry_targets | {self.initial})
        return step

    def check_step(self, source: str, step: Step) -> None:
        """Refuse transitions that are not in the declaration."""
        self._check(source, step, self.states[source].targets)

    def _check(self, source: str | None, step: Step, allowed: frozenset[str]) -> None:
        where = source or "[*]"
        if step.goto is not None and step.goto not in allowed:
            raise FlowError(f"{self.name}: {where} -> {step.goto} is not declared")
        if step.finish and FINISH not in allowed:
            raise FlowError(f"{self.name}: {where} may not finish the flow")

    def diagram(self) -> str:
        """The flow as a Mermaid state diagram, drawn from the declaration itself."""
        lines = ["stateDiagram-v2"]
        for target in sorted(self.entry_targets | {self.initial}):
            lines.append(f"    [*] --> {'[*]' if target == FINISH else target}")
        for state in self.states.values():
            for target in sorted(state.targets):
                lines.append(f"    {state.name} --> {'[*]' if target == FINISH else target}")
        return "\n".join(lines)


def states(*items: State[D]) -> dict[str, State[D]]:
    """Build the state table of a flow from its states, keyed by name."""
    return {s.name: s for s in items}
