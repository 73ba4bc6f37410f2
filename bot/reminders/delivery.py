"""Delivering one reminder or notice by its id: exactly once, in the recipient's language.

One transaction decides (still useful? quiet hours? whom, where, what) and claims the row
(pending → sending); only then is the message sent, and a second transaction records the
result. A crash in between leaves the row "sending", which start-up marks "interrupted" and
never sends again: a reminder is never delivered twice. Not-yet-sendable rows (no transport
running for the person right now) stay pending for the next round.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncConnection

from bot.exchange_facts import view_of
from bot.feature import Delivering
from bot.features import REMINDERS
from bot.reminders.pacing import Pacer
from bot.render import Renderer
from bot.settings import Settings
from bot.transport import SendFailed, Transport, reaches
from bot.typed_choice import remember_notice
from conversations.exchange_model import Checklists, ExchangeView
from conversations.newcomer.plan_model import PlanContent
from conversations.newcomer.vocabulary import Vocabulary
from conversations.replies import Reply
from storage.database import Database
from storage.exchanges import Exchanges
from storage.people import People
from storage.reminders import Reminder, Reminders

log = logging.getLogger(__name__)

#: A notice (an alert to a coordinator, a cancelled exchange) that could not be sent for a
#: passing reason is tried again this long; a reminder until what it announces starts.
GIVE_UP_AFTER = timedelta(hours=24)


@dataclass(frozen=True)
class Outcome:
    status: str  # sent, skipped, failed, retry, moved, waiting, gone
    note: str | None = None


@dataclass(frozen=True)
class _Ready:
    """Decided and claimed; rendered (a certificate PDF, say) after the claim commits, so no
    document is built while holding the database's single writer."""

    chat_id: str
    platform: str
    replies: list[Reply]
    locale: str
    tz: str
    reminder: Reminder


class Deliverer:
    def __init__(
        self,
        db: Database,
        settings: Settings,
        renderer: Renderer,
        checklists: Checklists,
        transports: Mapping[str, Transport],
        clock: Callable[[], datetime],
        pacer: Pacer | None = None,
        *,
        plan: PlanContent | None = None,
        words: Vocabulary | None = None,
        retry_first: timedelta = timedelta(seconds=5),
        retry_max: timedelta = timedelta(minutes=10),
        worker: str | None = None,
        lease: timedelta | None = None,
    ) -> None:
        self.db, self.settings, self.renderer = db, settings, renderer
        self.checklists, self.transports, self.clock = checklists, transports, clock
        self.pacer = pacer or Pacer()
        self.plan, self.words = plan, words or Vocabulary()
        self.retry_first, self.retry_max = retry_first, retry_max
        #: Several workers (PostgreSQL): never a row another live worker has leased.
        self.worker, self.lease = worker, lease
        #: Deliveries still waiting for a sending slot (nothing claimed yet), and whether the
        #: bot is stopping: those are cancelled then and go out after the restart.
        self._pacing: set[asyncio.Task[object]] = set()
        self.closing = False

    def stop_waiting(self) -> None:
        """A clean stop: deliveries that have not claimed their row yet give up their slot."""
        self.closing = True
        for task in list(self._pacing):
            task.cancel()

    async def deliver(self, reminder_id: int) -> Outcome:
        """Wait for a sending slot first, then decide and claim in one transaction: a row is
        *sending* only for the moment of its send, so a stop in the middle of a burst leaves
        the rest *pending* (sent after the restart), never *interrupted*."""
        async with self.db.read() as conn:
            row = await Reminders(conn).get(reminder_id)
        if row is None or row.status != "pending":
            return Outcome("gone")
        task = asyncio.current_task()
        if task is not None:
            self._pacing.add(task)
        try:
            await self.pacer.wait(f"person:{row.person_id}")  # one chat per person
        finally:
            self._pacing.discard(task)  # type: ignore[arg-type,unused-ignore]
        if self.closing:
            return Outcome("waiting", "stopping")
        async with self.db.transaction() as conn:
            decided = await self._decide(conn, reminder_id)
            if isinstance(decided, Outcome):
                return decided
            claimed = await Reminders(conn).claim(
                reminder_id, self.clock(), worker=self.worker, lease=self.lease
            )
            if not claimed:
                return Outcome("gone", "claimed elsewhere")
        try:
            messages = await self.renderer.render_all(decided.replies, decided.locale, decided.tz)
            keep = REMINDERS[decided.reminder.kind].keep
            if keep is not None:
                await asyncio.to_thread(keep, self.settings.data_dir, decided.reminder, messages)
        except Exception as exc:  # nothing was sent: say why, never leave it "sending"
            return await self._failed(reminder_id, f"could not prepare: {type(exc).__name__}")
        try:
            await self.transports[decided.platform].send(decided.chat_id, messages)
        except SendFailed as exc:
            if exc.retry:
                return await self._retry(reminder_id, exc.reason)
            note = f"{exc.reason} (may have reached the person)" if exc.maybe_sent else exc.reason
            return await self._failed(reminder_id, note)
        except (ConnectionError, TimeoutError) as exc:  # nothing went out: a passing fault
            return await self._retry(reminder_id, f"network: {type(exc).__name__}")
        except Exception as exc:  # unknown: maybe part of it went out, so never again
            return await self._failed(reminder_id, f"send failed: {type(exc).__name__}")
        async with self.db.transaction() as conn:
            await Reminders(conn).finish(reminder_id, "sent", self.clock())
            await remember_notice(conn, decided.reminder.person_id, decided.replies, self.clock())
        return Outcome("sent")

    async def _failed(self, reminder_id: int, note: str) -> Outcome:
        log.warning("reminder %d not delivered: %s", reminder_id, note)
        async with self.db.transaction() as conn:
            await Reminders(conn).finish(reminder_id, "failed", self.clock(), note)
        return Outcome("failed", note)

    async def _retry(self, reminder_id: int, reason: str) -> Outcome:
        """Pending again after a backoff (doubling from `retry_first` up to `retry_max`),
        until it stops being useful: the start of what it announces, or a day for a notice."""
        now = self.clock()
        async with self.db.transaction() as conn:
            row = await Reminders(conn).get(reminder_id)
            if row is None:
                return Outcome("gone")
            useful = [row.event_at] if row.event_at and row.event_at > now else []
            until = row.retry_until or min([now + GIVE_UP_AFTER, *useful])
            wait = min(self.retry_first * 2**row.attempts, self.retry_max)
            if now + wait > until:
                note = f"gave up after {row.attempts + 1} tries: {reason}"
                await Reminders(conn).finish(reminder_id, "failed", now, note)
                log.warning("reminder %d not delivered: %s", reminder_id, note)
                return Outcome("failed", note)
            note = f"try {row.attempts + 1} failed: {reason}"
            await Reminders(conn).retry(reminder_id, now + wait, until, note)
        log.info("reminder %d: %s; again in %.0f s", reminder_id, note, wait.total_seconds())
        return Outcome("retry", note)

    async def _skip(self, conn: AsyncConnection, reminder: Reminder, note: str) -> Outcome:
        await Reminders(conn).finish(reminder.id, "skipped", self.clock(), note)
        log.info("reminder %d skipped: %s", reminder.id, note)
        return Outcome("skipped", note)

    async def _decide(self, conn: AsyncConnection, reminder_id: int) -> _Ready | Outcome:
        reminder = await Reminders(conn).get(reminder_id)
        if reminder is None or reminder.status != "pending":
            return Outcome("gone")
        now = self.clock()
        person = await People(conn).get(reminder.person_id)
        if person is None:
            return await self._skip(conn, reminder, "person erased")
        tz = person.timezone or self.settings.timezone
        declared = REMINDERS.get(reminder.kind)
        if declared is None or declared.timely:
            late = self._too_late(reminder, now) or await self._superseded(conn, reminder, now)
            if late:
                return await self._skip(conn, reminder, late)
            moved = await self._quiet(conn, reminder, now, tz)
            if moved is not None:
                return moved
        replies = await self._replies(conn, reminder, now)
        if isinstance(replies, Outcome):
            return replies
        identities = await People(conn).identities_of(reminder.person_id)
        if not identities:
            return await self._skip(conn, reminder, "no way to reach this person")
        reachable = [
            i
            for i in identities
            if i.platform in self.transports and reaches(self.transports[i.platform], i.chat_id)
        ]
        if not reachable:
            return Outcome("waiting", "no transport running for this person")
        identity = reachable[0]
        locale = person.locale or self.settings.default_locale
        return _Ready(identity.chat_id, identity.platform, replies, locale, tz, reminder)

    @staticmethod
    def _too_late(reminder: Reminder, now: datetime) -> str | None:
        event, declared = reminder.event_at, REMINDERS.get(reminder.kind)
        if event is None or declared is None:
            return None
        if declared.until_start and now >= event:
            return "too late: it had started"
        if declared.useful_for is not None and now > event + declared.useful_for:
            return f"too late for a {reminder.kind.replace('_', ' ')}"
        return None

    @staticmethod
    async def _superseded(conn: AsyncConnection, reminder: Reminder, now: datetime) -> str | None:
        """After downtime several reminders of one kind may be due: only the latest goes out."""
        declared = REMINDERS.get(reminder.kind)
        if declared is None or not declared.latest_only or reminder.exchange_id is None:
            return None
        for other in await Reminders(conn).of_exchange(reminder.exchange_id):
            if (
                other.person_id == reminder.person_id
                and other.kind == reminder.kind
                and other.status == "pending"
                and reminder.due_at < other.due_at <= now
            ):
                return "superseded by a later reminder"
        return None

    async def _quiet(
        self, conn: AsyncConnection, reminder: Reminder, now: datetime, tz: str
    ) -> Outcome | None:
        """Due inside the recipient's quiet hours (e.g. after a restart at night)? Later."""
        quiet = self.settings.quiet
        local = now.astimezone(ZoneInfo(tz))
        if quiet is None or not quiet.contains(local):
            return None
        later = quiet.end_after(local).astimezone(now.tzinfo)
        declared = REMINDERS.get(reminder.kind)
        announces = declared is None or declared.useful_for is None  # not what it follows
        if announces and reminder.event_at and later >= reminder.event_at:
            return await self._skip(conn, reminder, "quiet hours until start")
        await Reminders(conn).move(reminder.id, later, "moved out of quiet hours")
        return Outcome("moved")

    async def _replies(
        self, conn: AsyncConnection, reminder: Reminder, now: datetime
    ) -> list[Reply] | Outcome:
        declared = REMINDERS.get(reminder.kind)  # a feature's kind (bot/features.py)
        if declared is None:
            return await self._skip(conn, reminder, f"unknown kind {reminder.kind}")
        view = None
        if declared.exchange:
            found_view = await self._exchange_view(conn, reminder)
            if isinstance(found_view, Outcome):
                return found_view
            view = found_view
        at = Delivering(conn, self.settings, self.plan, self.words, now, view, self.checklists)
        found = await declared.replies(at, reminder)
        return await self._skip(conn, reminder, found) if isinstance(found, str) else found

    async def _exchange_view(
        self, conn: AsyncConnection, reminder: Reminder
    ) -> ExchangeView | Outcome:
        """The exchange a reminder is about, as its recipient sees it; skipped when it is
        gone, cancelled, or no longer theirs."""
        exchange = await Exchanges(conn).get(reminder.exchange_id or -1)
        if exchange is None:
            return await self._skip(conn, reminder, "exchange gone")
        if exchange.status == "cancelled":
            return await self._skip(conn, reminder, "exchange cancelled")
        view = await view_of(conn, exchange, reminder.person_id)
        if not view.mine:
            return await self._skip(conn, reminder, "no longer part of the exchange")
        return view
