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

from bot.data_files import certificate_copy
from bot.exchange_facts import view_of
from bot.follow_up_delivery import check_in_replies, return_session_replies
from bot.newcomer_delivery import nudge_replies, offer_timeout_replies
from bot.notices import notice_replies
from bot.outgoing import OutDocument, Outgoing
from bot.reminders.pacing import Pacer
from bot.reminders.service import issue_certificate
from bot.render import Renderer
from bot.retention_delivery import warning_replies
from bot.settings import Settings
from bot.transport import SendFailed, Transport
from conversations.certificate import (
    CERTIFICATE,
    CERTIFICATE_FOR_EMPLOYER,
    certificate_of,
    employer_copy_text,
)
from conversations.exchange_model import Checklists, ExchangeView, Part
from conversations.exchange_texts import (
    BEFORE_EXCHANGE,
    CHECKLIST_NUDGE,
    EVALUATION,
    EVALUATION_FORMS,
    NOTICE,
    REFLECTION_PROMPT,
    before_exchange,
    checklist_nudge,
    evaluation_request,
    reflection_prompt,
)
from conversations.follow_up_model import ACTIONS_CHECKIN, RETURN_SESSION
from conversations.newcomer.model import OFFER_TIMEOUT, PLAN_NUDGE
from conversations.newcomer.plan_model import PlanContent
from conversations.newcomer.vocabulary import Vocabulary
from conversations.replies import CertificateDocument, Reply, Say
from conversations.retention import RETENTION_WARNING
from conversations.text import Msg, _
from storage.database import Database
from storage.exchanges import Exchanges
from storage.people import People
from storage.reminders import Reminder, Reminders
from storage.responses import Responses

log = logging.getLogger(__name__)

#: A reflection prompt later than this after the day is no longer useful.
REFLECTION_USEFUL_FOR = timedelta(days=2)
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
    ) -> None:
        self.db, self.settings, self.renderer = db, settings, renderer
        self.checklists, self.transports, self.clock = checklists, transports, clock
        self.pacer = pacer or Pacer()
        self.plan, self.words = plan, words or Vocabulary()
        self.retry_first, self.retry_max = retry_first, retry_max
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
            if not await Reminders(conn).claim(reminder_id, self.clock()):
                return Outcome("gone", "claimed elsewhere")
        try:
            messages = await self.renderer.render_all(decided.replies, decided.locale, decided.tz)
            if decided.reminder.kind == CERTIFICATE:
                await asyncio.to_thread(self._keep_copy, decided.reminder, messages)
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
        if reminder.kind not in (NOTICE, OFFER_TIMEOUT):
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
        reachable = [i for i in identities if i.platform in self.transports]
        if not reachable:
            return Outcome("waiting", "no transport running for this person")
        identity = reachable[0]
        locale = person.locale or self.settings.default_locale
        return _Ready(identity.chat_id, identity.platform, replies, locale, tz, reminder)

    def _keep_copy(self, reminder: Reminder, messages: list[Outgoing]) -> None:
        """The issued certificate is stored with the data, as it was sent (erasing anyone it
        names deletes this copy: `bot.personal_data.erase_person`)."""
        path = certificate_copy(self.settings.data_dir, reminder.exchange_id or -1)
        path.parent.mkdir(parents=True, exist_ok=True)
        for message in messages:
            if isinstance(message, OutDocument):
                path.write_bytes(message.data)

    @staticmethod
    def _too_late(reminder: Reminder, now: datetime) -> str | None:
        event = reminder.event_at
        if event is None:
            return None
        if reminder.kind in (BEFORE_EXCHANGE, CHECKLIST_NUDGE, RETURN_SESSION) and now >= event:
            return "too late: it had started"
        if reminder.kind == REFLECTION_PROMPT and now > event + REFLECTION_USEFUL_FOR:
            return "too late for a reflection prompt"
        return None

    @staticmethod
    async def _superseded(conn: AsyncConnection, reminder: Reminder, now: datetime) -> str | None:
        """After downtime several reminders of one kind may be due: only the latest goes out."""
        if reminder.kind not in (BEFORE_EXCHANGE, EVALUATION) or reminder.exchange_id is None:
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
        if reminder.kind != REFLECTION_PROMPT and reminder.event_at and later >= reminder.event_at:
            return await self._skip(conn, reminder, "quiet hours until start")
        await Reminders(conn).move(reminder.id, later, "moved out of quiet hours")
        return Outcome("moved")

    async def _replies(
        self, conn: AsyncConnection, reminder: Reminder, now: datetime
    ) -> list[Reply] | Outcome:
        if reminder.kind == NOTICE:
            return await notice_replies(conn, reminder.payload or {})
        found: list[Reply] | str
        if reminder.kind == RETURN_SESSION:
            found = await return_session_replies(conn, reminder)
        elif reminder.kind == PLAN_NUDGE:
            found = await nudge_replies(conn, self.settings, self.plan, reminder, now)
        elif reminder.kind == OFFER_TIMEOUT:
            found = await offer_timeout_replies(conn, self.settings, self.words, reminder, now)
        elif reminder.kind == RETENTION_WARNING:
            found = await warning_replies(conn, self.settings, reminder)
        else:
            return await self._exchange_replies(conn, reminder, now)
        return await self._skip(conn, reminder, found) if isinstance(found, str) else found

    async def _exchange_replies(
        self, conn: AsyncConnection, reminder: Reminder, now: datetime
    ) -> list[Reply] | Outcome:
        exchange = await Exchanges(conn).get(reminder.exchange_id or -1)
        if exchange is None:
            return await self._skip(conn, reminder, "exchange gone")
        if exchange.status == "cancelled":
            return await self._skip(conn, reminder, "exchange cancelled")
        view = await view_of(conn, exchange, reminder.person_id)
        if not view.mine:
            return await self._skip(conn, reminder, "no longer part of the exchange")
        if reminder.kind == BEFORE_EXCHANGE:
            return before_exchange(view, now)
        if reminder.kind == CHECKLIST_NUDGE:
            open_items = self._open_items(view, reminder.person_id)
            if not open_items:
                return await self._skip(conn, reminder, "checklist complete")
            return checklist_nudge(view, open_items)
        if reminder.kind == REFLECTION_PROMPT:
            assert reminder.event_at is not None
            if reminder.event_at == max(d.ends_at for d in view.days) and view.active:
                await Exchanges(conn).set_status(exchange.id, "done", now)
                await issue_certificate(conn, exchange.id, now)  # once, also if issued before
            return reflection_prompt(view, reminder.event_at, view.mine[0])
        if reminder.kind == EVALUATION:
            return await self._evaluation(conn, reminder, view)
        if reminder.kind == ACTIONS_CHECKIN:
            found = await check_in_replies(conn, reminder, view)
            return await self._skip(conn, reminder, found) if isinstance(found, str) else found
        if reminder.kind == CERTIFICATE:
            text = _("Congratulations on your exchange! Here is your learning certificate.")
            return [Say(text=text), CertificateDocument(certificate=certificate_of(view, now))]
        if reminder.kind == CERTIFICATE_FOR_EMPLOYER:
            cert = certificate_of(view, now)
            return [CertificateDocument(certificate=cert, caption=employer_copy_text(cert))]
        return await self._skip(conn, reminder, f"unknown kind {reminder.kind}")

    async def _evaluation(
        self, conn: AsyncConnection, reminder: Reminder, view: ExchangeView
    ) -> list[Reply] | Outcome:
        form_id = next((EVALUATION_FORMS[p] for p in view.mine if p in EVALUATION_FORMS), None)
        if form_id is None:
            return await self._skip(conn, reminder, "no evaluation for this part")
        since = reminder.event_at or reminder.due_at
        done = [
            r
            for r in await Responses(conn).of_user(reminder.person_id, form_id)
            if r.completed_at is not None and r.completed_at >= since
        ]
        if done:
            return await self._skip(conn, reminder, "already answered")
        earlier = [
            r
            for r in await Reminders(conn).of_exchange(view.id)
            if r.person_id == reminder.person_id and r.kind == EVALUATION and r.status == "sent"
        ]
        return evaluation_request(view, again=bool(earlier))

    def _open_items(self, view: ExchangeView, person_id: int) -> list[Msg]:
        found: list[Msg] = []
        for part in view.mine:
            if part == Part.COORDINATOR:
                continue
            me = view.me(person_id, part)
            ticked = me.ticked if me else frozenset()
            found += [
                Msg(msgid=i.label) for i in self.checklists.for_part(part) if i.id not in ticked
            ]
        return found
