"""Gathering, for one event, everything the person's flows may read (the `Ctx`).

Flows are pure, so all they need is looked up here first: the person, their conversation,
and only the facts their roles allow (their own exchanges, their own plan, the newcomers
matched to them). What a flow was never given, it cannot show.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.feature import Loading
from bot.features import FACTS
from bot.i18n import resolve_locale
from bot.settings import Settings
from conversations.context import Ctx, InviteStatus, InviteView, PreviousResult, UserView
from conversations.core import Conversation
from conversations.events import CommandIn, Event, Sender
from conversations.forms.schema import Form
from conversations.roles import Role
from locales import LOCALES
from storage.consents import Consents
from storage.conversations import Conversations
from storage.invites import Invites
from storage.people import People
from storage.responses import Responses

log = logging.getLogger(__name__)

PRIVACY_NOTICE_VERSION = "1"


@dataclass
class Loaded:
    user_id: int
    ctx: Ctx
    conv: Conversation
    version: int
    #: The event as the flow sees it (a typed "2" becomes the second option's choice).
    event: Event | None = None


#: Turns typed text into the choice it names (number or label), in the person's language.
TypedChoice = Callable[[Conversation, str, Event], Event]


def parse_conversation(raw: dict[str, object] | None) -> Conversation:
    if raw is None:
        return Conversation()
    try:
        return Conversation.model_validate(raw)
    except ValidationError:
        pass
    try:  # the open question's shape changed: keep the frames, ask again
        return Conversation.model_validate({**raw, "pending": None, "last_pick": None})
    except ValidationError:
        log.warning("stored conversation no longer fits the current model; starting afresh")
        return Conversation()


class Facts:
    def __init__(
        self, settings: Settings, forms: dict[str, Form], clock: Callable[[], datetime]
    ) -> None:
        self.settings, self.forms, self.clock = settings, forms, clock

    async def load(
        self,
        conn: AsyncConnection,
        sender: Sender,
        event: Event | None,
        typed: TypedChoice | None = None,
    ) -> Loaded:
        """The facts for this event. A typed answer is first read as the choice it names, so
        a "2" that opens a flow loads what that flow reads, like a tap on its button would."""
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
        conv = parse_conversation(raw)
        locale = resolve_locale(person.locale, sender.language_code, self.settings.default_locale)
        if typed is not None and event is not None:
            event = typed(conv, locale, event)
        user = UserView(
            id=user_id,
            name=person.name,
            locale=locale,
            locale_known=resolve_locale(person.locale, sender.language_code, "") != "",
            roles=frozenset(Role(r) for r in person.roles if r in Role.__members__.values()),
            consent=await Consents(conn).current(user_id),
        )
        at = Loading(conn, user_id, conv, event)
        features: dict[str, Any] = {}
        for fact in FACTS:  # each feature's facts, only when its flows or this event read them
            loader = fact.loader
            roles = person.roles if user.registered or not loader.registered else frozenset()
            allowed = (
                bool(roles & loader.roles)
                if loader.roles is not None
                else (user.registered or not loader.registered)
            )
            if allowed and (fact.need is None or fact.need(conv, event)):
                features[loader.field] = await loader.load(at)
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
            **features,
        )
        return Loaded(user_id, ctx, conv, version, event)

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
            form_id=invite.form_id if invite.form_id in self.forms else None,
        )
