"""From a neutral event to rendered replies: lock the person, one transaction, run the flow.

Per event: take the person's lock (a double tap waits, then is stale or duplicate; on PostgreSQL
an advisory lock too), load person, conversation and the facts the flow may read, run the pure
core, apply its effects, save — in one transaction — then render in the person's language.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy.exc import IntegrityError

from bot.apply import InviteGone, apply_effects
from bot.documents import Documents
from bot.durations import parse_duration
from bot.facts import Facts
from bot.features import wakes
from bot.i18n import Translator, resolve_locale
from bot.logs import masked
from bot.media import MediaStore
from bot.media_intake import (
    Fetcher,
    FetchFailed,
    prefetch,
    staged_ref,
)
from bot.media_safety import MediaRefused
from bot.metrics import Metrics
from bot.outgoing import (
    Outgoing,
)
from bot.rate_limit import RateLimiter, Verdict
from bot.refused import Refused
from bot.render import Renderer
from bot.safe_text import clean_event, clean_sender, event_has_nul
from bot.settings import Settings
from bot.typed_choice import match_typed_choice
from bot.workspace import Workspace
from conversations.core import Conversation, Journey, Outcome
from conversations.effects import (
    EraseMe,
)
from conversations.events import CommandIn, Event, MediaIn, Sender, TextIn
from conversations.newcomer.plan_model import PlanContent
from conversations.newcomer.vocabulary import INTAKE, vocabulary
from conversations.replies import Reply, Say
from conversations.text import Msg, _
from storage.conversations import ConcurrentUpdate, Conversations
from storage.database import Contention, Database, pause
from storage.media import MediaFiles
from storage.people import People

log = logging.getLogger(__name__)


def _key(sender: Sender) -> str:  # fair use, the in-process and the advisory lock
    return f"{sender.platform}:{sender.external_id}"


@dataclass
class Delivery:
    """What to send back to the person who caused the event.

    Documents among the messages are files in `workspace`: the transport calls `close()` once
    it has sent them (or given up), which removes them.
    """

    locale: str
    messages: list[Outgoing] = field(default_factory=list)
    duplicate: bool = False
    stale: bool = False
    #: Not handled at all (over the rate limit): a transport leaves buttons as they are.
    dropped: bool = False
    workspace: Workspace | None = None

    def close(self) -> None:
        if self.workspace is not None:
            self.workspace.close()


MB = 1024 * 1024
NUL_REFUSED = _(
    "Your message contains an invisible control character (NUL) that I cannot keep. "
    "Please type it again."
)


#: When the database refuses what a flow tried (no longer yours, forged): nothing was changed.
NOT_POSSIBLE = _(
    "That is not possible (any more): nothing was changed. Here is where you were."
)


def utcnow() -> datetime:
    return datetime.now(UTC)


def summary(event: Event) -> str:
    """An event as a DEBUG line may show it: what kind, never what was typed or chosen."""
    if isinstance(event, TextIn):
        return f"text {masked(event.text)}"
    if isinstance(event, MediaIn):
        return f"{event.media_kind} of {event.media.size or '?'} bytes"
    if isinstance(event, CommandIn):
        return f"/{event.name} with {len(event.args)} argument(s)"
    return event.kind


class Dispatcher:
    def __init__(
        self,
        db: Database,
        journey: Journey,
        translator: Translator,
        settings: Settings,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.db = db
        self.journey = journey
        self.translator = translator
        self.settings = settings
        self.clock = clock
        self._locks: weakref.WeakValueDictionary[str, asyncio.Lock] = weakref.WeakValueDictionary()
        self.limiter = RateLimiter(
            settings.rate_events, parse_duration(settings.rate_window).total_seconds()
        )
        #: The language each person was last answered in, for the "slow down" message.
        self._locales: dict[str, str] = {}
        self.media = MediaStore(settings.data_dir, settings.media_dir)
        self.renderer = Renderer(translator, settings.timezone)
        self.facts = Facts(settings, journey.forms, clock)
        #: The newcomer step plan (set by App.open): step titles in the /mydata summary.
        self.plan: PlanContent | None = None
        self.words = vocabulary(journey.forms.get(INTAKE))
        #: platform -> how to download a file by its platform reference (set by transports)
        self.fetchers: dict[str, Fetcher] = {}
        #: platform -> the largest file it accepts from the bot, in bytes (None or absent: no
        #: limit). Set by transports; a bigger document is split or replaced by a message.
        self.upload_limits: dict[str, int | None] = {}
        self.documents = Documents(db, self.media, journey.forms, translator, clock, settings)
        #: Called after a transaction that queued notices or reminders (the scheduler's nudge).
        self.on_new_rows: Callable[[], None] | None = None
        #: This worker's Prometheus metrics, when the App set them (bot/metrics.py).
        self.metrics: Metrics | None = None

    def _lock(self, sender: Sender) -> asyncio.Lock:
        lock = self._locks.get(key := _key(sender))
        if lock is None:
            lock = asyncio.Lock()
            self._locks[key] = lock
        return lock

    def admit(self, sender: Sender) -> Delivery | None:
        """Fair use, checked before the person's lock and any database work: None to go on,
        else what to answer instead (one "slow down", then nothing)."""
        verdict = self.limiter.check(_key(sender))
        return None if verdict is Verdict.HANDLE else self._slow_down(sender, verdict)

    async def handle(self, sender: Sender, event: Event, *, admitted: bool = False) -> Delivery:
        """Handle one event; never raises for the person's input, only logs and apologises.

        `admitted`: the transport called `admit` already, as the update arrived.
        """
        if self.metrics is None:
            return await self._handle(sender, event, admitted)
        with self.metrics.event(event.kind):
            return await self._handle(sender, event, admitted)

    async def _handle(self, sender: Sender, event: Event, admitted: bool) -> Delivery:
        log.debug("a %s event on %s: %s", event.kind, sender.platform, summary(event))
        if not admitted and (refused := self.admit(sender)) is not None:
            return refused
        async with self._lock(sender):
            if event_has_nul(event):
                return await self._refuse(sender, NUL_REFUSED)
            sender, event = clean_sender(sender), clean_event(event)
            if isinstance(event, MediaIn):
                try:
                    event = await self._take_media(sender, event)
                except FetchFailed:
                    return await self._fetch_failed(sender)
                except MediaRefused as exc:
                    return await self._refuse(sender, exc.reason)
            try:
                delivery = await self._handle_with_retries(sender, event)
            finally:
                if isinstance(event, MediaIn) and (ref := staged_ref(event.media)):
                    self.media.discard(ref)  # kept files were moved already
            self._remember_locale(sender, delivery.locale)
            return delivery

    async def _take_media(self, sender: Sender, event: MediaIn) -> MediaIn:
        """Within the person's quota (checked before and after download), fetched and cleaned."""
        await self._within_quota(sender, event.media.size)
        fetched = await prefetch(self.media, self.fetchers.get(sender.platform), event)
        try:
            await self._within_quota(sender, fetched.media.size)
        except MediaRefused:
            if ref := staged_ref(fetched.media):
                self.media.discard(ref)
            raise
        return fetched

    async def _within_quota(self, sender: Sender, size: int | None) -> None:
        if not size:
            return
        async with self.db.transaction() as conn:
            identity = await People(conn).find_identity(sender.platform, sender.external_id)
            used = await MediaFiles(conn).used_by(identity.user_id) if identity else 0
        allowed = self.settings.media_quota_mb * MB
        if used + size > allowed:
            raise MediaRefused(
                _(
                    "Your files already take {used} MB of the {allowed} MB I can keep for you, "
                    "so I did not keep this one ({size} MB). Please type your answer instead.",
                    used=round(used / MB, 1),
                    allowed=self.settings.media_quota_mb,
                    size=round(size / MB, 1),
                )
            )

    def _slow_down(self, sender: Sender, verdict: Verdict) -> Delivery:
        """One polite message for the first event over the limit; nothing for the rest."""
        locale = self._locales.get(_key(sender)) or resolve_locale(
            None, sender.language_code, self.settings.default_locale
        )
        if verdict is Verdict.DROP:
            return Delivery(locale=locale, dropped=True)
        log.info("slowing down a person who sent too many messages at once")
        slow = Say(
            text=_(
                "You are sending messages faster than I can read them. I skipped the last ones: "
                "please wait a few seconds, then send them again."
            )
        )
        return Delivery(locale=locale, messages=[self.render(slow, locale)], dropped=True)

    def _remember_locale(self, sender: Sender, locale: str) -> None:
        self._locales.pop(key := _key(sender), None)
        self._locales[key] = locale
        if len(self._locales) > RateLimiter.MAX_TRACKED:
            self._locales.pop(next(iter(self._locales)))

    async def _handle_with_retries(self, sender: Sender, event: Event) -> Delivery:
        for attempt in range(3):
            try:
                return await self._handle_once(sender, event)
            except (InviteGone, ConcurrentUpdate, Contention, IntegrityError):
                log.info("retrying an event after a concurrent change (attempt %d)", attempt + 1)
                await pause(attempt)
            except Refused as exc:  # rolled back: nothing of this event was kept
                log.warning("refused a %s event: %s", event.kind, type(exc).__name__)
                return await self._refused(sender)
            except Exception:
                log.exception("failed to handle a %s event", event.kind)
                break
        return await self._apologise(sender)

    async def _refused(self, sender: Sender) -> Delivery:
        """A neutral answer, then the question the person was at (their state is unchanged)."""
        try:
            where = await self._resume_locked(sender)
        except Exception:
            log.exception("failed to re-ask after a refused event")
            return await self._apologise(sender)
        note = self.render(Say(text=NOT_POSSIBLE), where.locale)
        return Delivery(locale=where.locale, messages=[note, *where.messages])

    async def resume(self, sender: Sender) -> Delivery:
        """The current question again, e.g. when the terminal chat opens."""
        async with self._lock(sender):
            return await self._resume_locked(sender)

    async def _resume_locked(self, sender: Sender) -> Delivery:
        async with self.db.transaction(person=_key(sender)) as conn:
            loaded = await self.facts.load(conn, sender, event=None)
            outcome = self.journey.resume(loaded.conv, loaded.ctx)
            await Conversations(conn).save(
                loaded.user_id,
                outcome.conversation.model_dump(mode="json"),
                loaded.version,
                self.clock(),
            )
            return await self._render(
                outcome, loaded.ctx.user.locale or self.settings.default_locale
            )

    async def _handle_once(self, sender: Sender, event: Event) -> Delivery:
        async with self.db.transaction(person=_key(sender)) as conn:
            loaded = await self.facts.load(conn, sender, event, self._match_typed_choice)
            event = loaded.event or event
            outcome = self.journey.respond(loaded.conv, loaded.ctx, event)
            if outcome.duplicate:
                return Delivery(
                    locale=loaded.ctx.user.locale or self.settings.default_locale, duplicate=True
                )
            await apply_effects(
                conn,
                self.settings,
                self.media,
                self.words,
                loaded.user_id,
                outcome.effects,
                self.clock(),
            )
            erased = any(isinstance(e, EraseMe) for e in outcome.effects)
            if not erased:  # an erased person leaves no conversation behind
                await Conversations(conn).save(
                    loaded.user_id,
                    outcome.conversation.model_dump(mode="json"),
                    loaded.version,
                    self.clock(),
                )
            person = await People(conn).get(loaded.user_id)
            locale = resolve_locale(
                person.locale if person else loaded.ctx.user.locale,
                sender.language_code,
                self.settings.default_locale,
            )
            reader = self.documents.reader(
                loaded.user_id, loaded.ctx.user.roles, locale, loaded.ctx.timezone, self.plan
            )
        if erased:  # committed: now squeeze the deleted rows out of the WAL too
            await self.db.checkpoint()
        # Committed. Documents are read and built now, without the writer (see bot.documents).
        if self.on_new_rows is not None and wakes(outcome.effects):  # declared per effect
            self.on_new_rows()
        workspace = Workspace(self.settings.data_dir)
        try:
            limit = self.upload_limits.get(sender.platform)
            messages = await self.documents.messages(
                outcome.replies, locale, reader, self.renderer, workspace, limit
            )
        except BaseException:
            workspace.close()
            raise
        return Delivery(locale, messages, stale=outcome.stale, workspace=workspace)

    def _match_typed_choice(self, conv: Conversation, locale: str, event: Event) -> Event:
        """A typed number or label answers the latest buttons, on every platform."""
        return match_typed_choice(self.translator, self.settings.timezone, conv, locale, event)

    async def _render(self, outcome: Outcome, locale: str) -> Delivery:
        messages = await self.renderer.render_all(outcome.replies, locale)
        return Delivery(locale=locale, messages=messages, stale=outcome.stale)

    def render(self, reply: Reply, locale: str) -> Outgoing:
        return self.renderer.render(reply, locale)

    async def _fetch_failed(self, sender: Sender) -> Delivery:
        """The platform would not hand over a file: say so, and ask the question again."""
        return await self._refuse(
            sender, _("I could not download that file. Please try to send it again.")
        )

    async def _refuse(self, sender: Sender, reason: Msg) -> Delivery:
        """Input that is not taken: say why, and ask the open question again."""
        delivery = await self._resume_locked(sender)
        delivery.messages.insert(0, self.render(Say(text=reason), delivery.locale))
        return delivery

    async def _apologise(self, sender: Sender) -> Delivery:
        stored: str | None = None
        with contextlib.suppress(Exception):  # the database itself may be what failed
            async with self.db.transaction() as conn:
                identity = await People(conn).find_identity(sender.platform, sender.external_id)
                person = await People(conn).get(identity.user_id) if identity else None
                stored = person.locale if person else None
        locale = resolve_locale(stored, sender.language_code, self.settings.default_locale)
        sorry = Say(
            text=_(
                "Sorry, something went wrong on my side. What you answered before is safe. "
                "Please try again, or send /reset to go back to the main menu."
            )
        )
        return Delivery(locale=locale, messages=[self.render(sorry, locale)])
