"""From a neutral event to rendered replies: lock the person, one transaction, run the flow.

Per event: take the person's lock (a double tap waits its turn and is then seen as stale or
duplicate), load person and conversation, gather the facts the flow may read, run the pure
core, apply its effects, save — all in one transaction — then render the replies in the
person's (possibly just changed) language.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from pydantic import ValidationError
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.exchange_effects import ExchangeEffects
from bot.exchange_facts import EXCHANGE_ROLES, agenda_of, directory, exchanges_of
from bot.follow_up_facts import actions_of, hosted_by, invitations_of
from bot.i18n import Translator, resolve_locale
from bot.media import MediaStore
from bot.media_intake import (
    Fetcher,
    FetchFailed,
    forget_media,
    keep_media,
    prefetch,
    staged_ref,
)
from bot.outgoing import (
    Outgoing,
)
from bot.reflection_replay import expand_replays, reflection_refs
from bot.render import Renderer
from bot.reports import expand_reports
from bot.settings import Settings
from conversations.context import Ctx, InviteStatus, InviteView, PreviousResult, UserView
from conversations.core import Conversation, Journey, Outcome
from conversations.effects import (
    Effect,
    FinishResponse,
    GrantRole,
    Notify,
    RecordConsent,
    SaveAnswer,
    SetLocale,
    SetName,
)
from conversations.events import ChoiceIn, CommandIn, Event, MediaIn, Sender, TextIn
from conversations.replies import Reply, Say
from conversations.roles import Role
from conversations.text import _
from locales import LOCALES
from storage.consents import Consents
from storage.conversations import ConcurrentUpdate, Conversations
from storage.database import Database
from storage.invites import Invites
from storage.people import People
from storage.responses import Responses

log = logging.getLogger(__name__)

PRIVACY_NOTICE_VERSION = "1"
#: Effects that queue rows for the deliverer (besides notices): wake the scheduler after them.
QUEUEING = frozenset(
    {"create_exchange", "cancel_exchange", "issue_certificate", "create_return_session"}
)


class _InviteGone(Exception):
    """The invite was used up between reading and redeeming it; run the event again."""


@dataclass
class Delivery:
    """What to send back to the person who caused the event."""

    locale: str
    messages: list[Outgoing] = field(default_factory=list)
    duplicate: bool = False
    stale: bool = False


@dataclass
class _Loaded:
    user_id: int
    ctx: Ctx
    conv: Conversation
    version: int


def _lists_reflections(conv: Conversation, event: Event | None) -> bool:
    """Only /myreflections needs the list (it can be long): load it just then."""
    if isinstance(event, CommandIn) and event.name == "myreflections":
        return True
    if isinstance(event, ChoiceIn) and event.choice_id == "menu:myreflections":
        return True
    return bool(conv.stack) and conv.stack[-1].flow == "myreflections"


def utcnow() -> datetime:
    return datetime.now(UTC)


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
        self.media = MediaStore(settings.data_dir)
        self.renderer = Renderer(translator, settings.timezone)
        #: platform -> how to download a file by its platform reference (set by transports)
        self.fetchers: dict[str, Fetcher] = {}
        #: Called after a transaction that queued notices or reminders (the scheduler's nudge).
        self.on_new_rows: Callable[[], None] | None = None

    def _lock(self, sender: Sender) -> asyncio.Lock:
        key = f"{sender.platform}:{sender.external_id}"
        lock = self._locks.get(key)
        if lock is None:
            lock = asyncio.Lock()
            self._locks[key] = lock
        return lock

    async def handle(self, sender: Sender, event: Event) -> Delivery:
        """Handle one event; never raises for the person's input, only logs and apologises."""
        async with self._lock(sender):
            if isinstance(event, MediaIn):
                try:
                    event = await prefetch(self.media, self.fetchers.get(sender.platform), event)
                except FetchFailed:
                    return await self._fetch_failed(sender)
            try:
                return await self._handle_with_retries(sender, event)
            finally:
                if isinstance(event, MediaIn) and (ref := staged_ref(event.media)):
                    self.media.discard(ref)  # kept files were moved already

    async def _handle_with_retries(self, sender: Sender, event: Event) -> Delivery:
        for attempt in range(3):
            try:
                return await self._handle_once(sender, event)
            except (_InviteGone, ConcurrentUpdate, IntegrityError):
                log.info("retrying an event after a concurrent change (attempt %d)", attempt + 1)
            except Exception:
                log.exception("failed to handle a %s event", event.kind)
                break
        return await self._apologise(sender)

    async def resume(self, sender: Sender) -> Delivery:
        """The current question again, e.g. when the terminal chat opens."""
        async with self._lock(sender):
            return await self._resume_locked(sender)

    async def _resume_locked(self, sender: Sender) -> Delivery:
        async with self.db.transaction() as conn:
            loaded = await self._load(conn, sender, event=None)
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
        async with self.db.transaction() as conn:
            loaded = await self._load(conn, sender, event)
            event = self._match_typed_choice(loaded, event)
            outcome = self.journey.respond(loaded.conv, loaded.ctx, event)
            if outcome.duplicate:
                return Delivery(
                    locale=loaded.ctx.user.locale or self.settings.default_locale, duplicate=True
                )
            await self._apply(conn, loaded.user_id, outcome.effects)
            await Conversations(conn).save(
                loaded.user_id,
                outcome.conversation.model_dump(mode="json"),
                loaded.version,
                self.clock(),
            )
            person = await People(conn).get(loaded.user_id)
            locale = resolve_locale(
                person.locale if person else None,
                sender.language_code,
                self.settings.default_locale,
            )
            tz = ZoneInfo(loaded.ctx.timezone)
            replies = await expand_reports(
                conn,
                outcome.replies,
                loaded.user_id,
                loaded.ctx.user.roles,
                self.journey.forms,
                lambda msg: self.translator.render(msg, locale, tz),
                loaded.ctx.timezone,
            )
            replies = await expand_replays(conn, self.media, replies, loaded.user_id)
        if self.on_new_rows is not None and any(
            isinstance(e, Notify) or e.kind in QUEUEING for e in outcome.effects
        ):
            self.on_new_rows()
        messages = await self.renderer.render_all(replies, locale)
        return Delivery(locale=locale, messages=messages, stale=outcome.stale)

    async def _load(self, conn: AsyncConnection, sender: Sender, event: Event | None) -> _Loaded:
        people = People(conn)
        now = self.clock()
        identity = await people.find_identity(sender.platform, sender.external_id)
        if identity is None:
            user_id = await people.create(sender.platform, sender.external_id, sender.chat_id, now)
        else:
            user_id = identity.user_id
            if identity.chat_id != sender.chat_id:
                await people.update_chat(sender.platform, sender.external_id, sender.chat_id)
        person = await people.get(user_id)
        assert person is not None
        raw, version = await Conversations(conn).load(user_id)
        conv = self._parse_conversation(raw)
        locale = resolve_locale(person.locale, sender.language_code, self.settings.default_locale)
        user = UserView(
            id=user_id,
            name=person.name,
            locale=locale,
            roles=frozenset(Role(r) for r in person.roles if r in Role.__members__.values()),
            consent=await Consents(conn).current(user_id),
        )
        in_exchanges = bool(person.roles & EXCHANGE_ROLES) and user.registered
        coordinating = "coordinator" in person.roles and user.registered
        ctx = Ctx(
            user=user,
            now=now,
            locales=LOCALES,
            display_name=sender.display_name,
            invite=await self._invite_view(conn, conv, event, now),
            open_role=self.settings.open_role,
            privacy_version=PRIVACY_NOTICE_VERSION,
            timezone=person.timezone or self.settings.timezone,
            previous=await self._previous_result(conn, user_id, conv),
            exchanges=await exchanges_of(conn, user_id) if in_exchanges else (),
            agenda=await agenda_of(conn, user_id) if "switcher" in person.roles else None,
            directory=await directory(conn) if "coordinator" in person.roles else (),
            reflections=await reflection_refs(conn, user_id)
            if _lists_reflections(conv, event)
            else (),
            actions=await actions_of(conn, user_id) if in_exchanges else (),
            invitations=await invitations_of(conn, user_id) if user.registered else (),
            hosted=await hosted_by(conn, user_id) if coordinating else (),
        )
        return _Loaded(user_id, ctx, conv, version)

    @staticmethod
    async def _previous_result(
        conn: AsyncConnection, user_id: int, conv: Conversation
    ) -> PreviousResult | None:
        """The last completed attempt at the form the person is in, if any."""
        frame = conv.stack[-1] if conv.stack else None
        if frame is None or frame.flow != "form":
            return None
        done = [
            r
            for r in await Responses(conn).of_user(user_id, str(frame.data.get("form_id")))
            if r.completed_at is not None and r.scores
        ]
        if not done:
            return None
        last = done[-1]
        assert last.completed_at is not None and last.scores is not None
        return PreviousResult(completed_at=last.completed_at, scores=last.scores)

    @staticmethod
    def _parse_conversation(raw: dict[str, object] | None) -> Conversation:
        if raw is None:
            return Conversation()
        try:
            return Conversation.model_validate(raw)
        except ValidationError:
            log.warning("stored conversation no longer fits the current model; starting afresh")
            return Conversation()

    async def _invite_view(
        self, conn: AsyncConnection, conv: Conversation, event: Event | None, now: datetime
    ) -> InviteView | None:
        """The invite in play: from `/start <code>`, else the one the onboarding is holding."""
        code: str | None = None
        if isinstance(event, CommandIn) and event.name == "start" and event.args:
            code = event.args[0]
        elif conv.stack and conv.stack[-1].flow == "onboarding":
            held = conv.stack[-1].data.get("invite_code")
            code = held if isinstance(held, str) else None
        if not code:
            return None
        invite = await Invites(conn).get(code[:64])
        if invite is None:
            return InviteView(code=code, status=InviteStatus.UNKNOWN)
        return InviteView(
            code=code,
            status=InviteStatus(invite.status(now)),
            role=Role(invite.role),
            form_id=invite.form_id if invite.form_id in self.journey.forms else None,
        )

    def _match_typed_choice(self, loaded: _Loaded, event: Event) -> Event:
        """A typed number or label answers the open question, on every platform."""
        pending = loaded.conv.pending
        if not isinstance(event, TextIn) or pending is None or not pending.choices:
            return event
        typed = event.text.strip().rstrip(".)").casefold()
        if typed.isdigit() and 1 <= int(typed) <= len(pending.choices):
            return ChoiceIn(choice_id=pending.choices[int(typed) - 1].id, seq=loaded.conv.seq)
        tz = ZoneInfo(self.settings.timezone)
        locale = loaded.ctx.user.locale or self.settings.default_locale
        for choice in pending.choices:
            if self.translator.render(choice.label, locale, tz).casefold() == typed:
                return ChoiceIn(choice_id=choice.id, seq=loaded.conv.seq)
        return event

    async def _apply(self, conn: AsyncConnection, user_id: int, effects: list[Effect]) -> None:
        people, now = People(conn), self.clock()
        exchange_effects = ExchangeEffects(conn, self.settings, self.media, user_id)
        for effect in effects:
            if isinstance(effect, SetLocale):
                await people.set_locale(user_id, effect.locale)
            elif isinstance(effect, RecordConsent):
                await Consents(conn).record(user_id, effect.given, effect.version, now)
            elif isinstance(effect, SetName):
                await people.set_name(user_id, effect.name)
            elif isinstance(effect, GrantRole):
                if effect.invite_code and not await Invites(conn).redeem(effect.invite_code, now):
                    raise _InviteGone(effect.invite_code)
                await people.grant_role(user_id, effect.role.value, now, effect.invite_code)
            elif isinstance(effect, SaveAnswer):
                value = await keep_media(conn, self.media, user_id, effect.value, now)
                await Responses(conn).save_answer(
                    user_id,
                    effect.form_id,
                    effect.version,
                    datetime.fromisoformat(effect.started),
                    effect.question_id,
                    value,
                    now,
                )
            elif isinstance(effect, FinishResponse):
                started = datetime.fromisoformat(effect.started)
                dropped = await Responses(conn).drop_answers(
                    user_id, effect.form_id, started, effect.drop
                )
                await forget_media(conn, self.media, dropped)
                await Responses(conn).finish(
                    user_id, effect.form_id, effect.version, started, effect.scores, now
                )
            else:
                await exchange_effects.apply(effect, now)

    async def _render(self, outcome: Outcome, locale: str) -> Delivery:
        messages = await self.renderer.render_all(outcome.replies, locale)
        return Delivery(locale=locale, messages=messages, stale=outcome.stale)

    def render(self, reply: Reply, locale: str) -> Outgoing:
        return self.renderer.render(reply, locale)

    async def _fetch_failed(self, sender: Sender) -> Delivery:
        """The platform would not hand over a file: say so, and ask the question again."""
        delivery = await self._resume_locked(sender)
        sorry = self.render(
            Say(text=_("I could not download that file. Please try to send it again.")),
            delivery.locale,
        )
        delivery.messages.insert(0, sorry)
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
