"""What one feature brings to the bot layer (its I/O), next to its pure declaration
(conversations/feature.py): how its effects are carried out, how the facts it reads are
loaded, how its reminder kinds are delivered. `bot/features.py` collects them.

An effect that queues a notice or reminder row says so (`wakes`): the scheduler then looks
at once instead of at its next poll. tests/test_features.py checks each flag against what the
applier's code can reach, so a new effect cannot forget it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Generic, TypeVar

from sqlalchemy.ext.asyncio import AsyncConnection

from bot.media import MediaStore
from bot.outgoing import Outgoing
from bot.settings import Settings
from conversations.core import Conversation
from conversations.effects import Effect
from conversations.events import Event
from conversations.exchange_model import Checklists, ExchangeView
from conversations.newcomer.plan_model import PlanContent
from conversations.newcomer.vocabulary import Vocabulary
from conversations.replies import Reply
from storage.reminders import Reminder

E = TypeVar("E", bound=Effect)


@dataclass(frozen=True)
class Applying:
    """What an applier works with: the event's transaction, and who caused the event."""

    conn: AsyncConnection
    settings: Settings
    media: MediaStore
    words: Vocabulary
    user_id: int
    now: datetime


@dataclass(frozen=True)
class Applier(Generic[E]):
    """The one way an effect type is carried out; raises `Refused` (bot/refused.py) for what
    the person may not do, which rolls the whole event back."""

    effect: type[E]
    apply: Callable[[Applying, E], Awaitable[None]]
    #: Queues notice or reminder rows: wake the scheduler once the event has committed.
    wakes: bool = False
    #: Nothing after it is applied (the person is gone).
    ends: bool = False

    async def __call__(self, applying: Applying, effect: Effect) -> None:
        assert isinstance(effect, self.effect)
        await self.apply(applying, effect)


@dataclass(frozen=True)
class Loading:
    """What a fact loader works with."""

    conn: AsyncConnection
    user_id: int
    conv: Conversation
    event: Event | None


@dataclass(frozen=True)
class FactLoader:
    """One `Ctx` field, loaded only when a feature's `Need` for it says so (see
    conversations/feature.py) and for the roles given (None: anyone registered)."""

    field: str
    load: Callable[[Loading], Awaitable[Any]]
    roles: frozenset[str] | None = None
    #: False: the person's roles count before onboarding is complete (their own agenda).
    registered: bool = True


@dataclass(frozen=True)
class Delivering:
    """What a reminder's replies are worked out with (`view`: its exchange, for those kinds)."""

    conn: AsyncConnection
    settings: Settings
    plan: PlanContent | None
    words: Vocabulary
    now: datetime
    view: ExchangeView | None = None
    checklists: Checklists = field(default_factory=Checklists)


@dataclass(frozen=True)
class ReminderKind:
    """How rows of one kind are delivered: the replies, or why the row is no longer useful."""

    kind: str
    replies: Callable[[Delivering, Reminder], Awaitable[list[Reply] | str]]
    #: About an exchange: skipped once it is gone or cancelled, given its view.
    exchange: bool = False
    #: Skipped once what it announces (`event_at`) has started, also when quiet hours last
    #: until then.
    until_start: bool = False
    #: `event_at` is what it follows, not what it announces: useful this long after it.
    useful_for: timedelta | None = None
    #: After downtime several rows of this kind may be due: only the latest goes out.
    latest_only: bool = False
    #: Moved out of quiet hours and skipped when late; False for what must go now (an offer
    #: that timed out, like a notice).
    timely: bool = True
    #: Keeps a copy of what was sent in the data folder (run off the event loop, after render).
    keep: Callable[[Path, Reminder, list[Outgoing]], None] | None = None


@dataclass(frozen=True)
class BotFeature:
    name: str
    appliers: tuple[Applier[Any], ...] = ()
    facts: tuple[FactLoader, ...] = ()
    reminders: tuple[ReminderKind, ...] = ()
