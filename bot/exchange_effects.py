"""Carrying out what the exchange and agenda flows decided, with the access checks repeated.

The flows only offer what a person may do; these checks make sure a forged or stale event
cannot do more (defence in depth). A refused effect rolls the whole event back (bot/refused.py).
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from bot import follow_up_effects, reflection_effects
from bot.data_files import remove_certificate_copies
from bot.media import MediaStore
from bot.media_intake import keep_media
from bot.notices import add_notice
from bot.refused import Refused
from bot.reminders.service import (
    ExchangeError,
    cancel_exchange,
    create_exchange,
    issue_certificate,
    withdraw_certificate,
)
from bot.settings import Settings
from conversations.agenda_model import AgendaContent, Answer, Note, notes_of
from conversations.effects import (
    AddAction,
    AddReflectionItem,
    AgendaAmend,
    AgendaBegin,
    AgendaDraft,
    AgendaPublish,
    AnswerReturnSession,
    CancelExchange,
    CreateExchange,
    CreateReturnSession,
    IssueCertificate,
    Notify,
    PlanCheckIn,
    SetAttendance,
    SetExchangeStatus,
    SetIntroCall,
    ShareReflection,
    TickItem,
    UpdateAction,
)
from storage.agendas import Agendas
from storage.attendance import Attendance
from storage.checklists import Checklists
from storage.exchanges import Exchanges, NewExchange
from storage.people import People

log = logging.getLogger(__name__)

ExchangeEffect = (
    Notify
    | SetAttendance
    | SetExchangeStatus
    | TickItem
    | SetIntroCall
    | CancelExchange
    | CreateExchange
    | IssueCertificate
    | AddReflectionItem
    | ShareReflection
    | AgendaBegin
    | AgendaDraft
    | AgendaPublish
    | AgendaAmend
    | follow_up_effects.FollowUpEffect
)
ANSWER_PARTS = frozenset({"trigger", "question", "see_do", "whom", "curious"})


class RefusedExchange(Refused):
    """Not the person's exchange or agenda (forged or stale)."""


class ExchangeEffects:
    def __init__(
        self, conn: AsyncConnection, settings: Settings, media: MediaStore, user_id: int
    ) -> None:
        self.conn, self.settings, self.media, self.user_id = conn, settings, media, user_id

    async def apply(self, effect: ExchangeEffect, now: datetime) -> None:
        """Raises `Refused` (the event is rolled back) for what the person may not do."""
        await self._apply(effect, now)

    async def _parts(self, exchange_id: int) -> list[str]:
        exchange = await Exchanges(self.conn).get(exchange_id)
        return await Exchanges(self.conn).parts_of(exchange, self.user_id) if exchange else []

    async def _require(self, exchange_id: int, *allowed: str) -> None:
        if not set(await self._parts(exchange_id)) & set(allowed):
            raise RefusedExchange(f"not a {'/'.join(allowed)} of exchange {exchange_id}")

    async def _apply(self, effect: ExchangeEffect, now: datetime) -> None:
        if isinstance(effect, Notify):
            await add_notice(
                self.conn,
                effect.person_id,
                effect.text,
                now,
                exchange_id=effect.exchange_id,
                choices=effect.choices,
            )
        elif isinstance(effect, SetAttendance):
            await self._require(effect.exchange_id, "switcher", "learning_coach")
            await Attendance(self.conn).answer(
                effect.exchange_id, self.user_id, effect.attending, now
            )
        elif isinstance(effect, SetExchangeStatus):
            await self._require(effect.exchange_id, "switcher", "learning_coach", "coordinator")
            await Exchanges(self.conn).set_status(effect.exchange_id, effect.status, now)
        elif isinstance(effect, TickItem):
            await self._require(effect.exchange_id, effect.part.value)
            await Checklists(self.conn).set(
                effect.exchange_id, self.user_id, effect.item_id, effect.done, now
            )
        elif isinstance(effect, SetIntroCall):
            await self._require(effect.exchange_id, "switcher", "learning_coach")
            await Exchanges(self.conn).set_intro_call(effect.exchange_id, effect.when, now)
        elif isinstance(effect, CancelExchange):
            await self._require(effect.exchange_id, "coordinator")
            await cancel_exchange(self.conn, effect.exchange_id, now, by=self.user_id)
        elif isinstance(effect, CreateExchange):
            await self._create(effect, now)
        elif isinstance(effect, AddReflectionItem):
            await reflection_effects.add_item(self.conn, self.media, self.user_id, effect, now)
        elif isinstance(effect, ShareReflection):
            await reflection_effects.share(self.conn, self.media, self.user_id, effect, now)
        elif isinstance(
            effect,
            AddAction | UpdateAction | PlanCheckIn | CreateReturnSession | AnswerReturnSession,
        ):
            await follow_up_effects.apply(self.conn, self.settings, self.user_id, effect, now)
        elif isinstance(effect, IssueCertificate) and effect.withdraw:
            await self._require(effect.exchange_id, "coordinator")
            await withdraw_certificate(self.conn, effect.exchange_id, now)
            remove_certificate_copies(self.settings.data_dir, [effect.exchange_id])
        elif isinstance(effect, IssueCertificate):
            await self._require(effect.exchange_id, "coordinator")
            await issue_certificate(self.conn, effect.exchange_id, now)
        else:
            await self._agenda(effect, now)

    async def _create(self, effect: CreateExchange, now: datetime) -> None:
        person = await People(self.conn).get(self.user_id)
        if person is None or "coordinator" not in person.roles:
            raise RefusedExchange("only coordinators set up exchanges")
        new = NewExchange(
            switcher_id=effect.switcher_id,
            coach_id=effect.coach_id,
            place=effect.place,
            days=effect.days,
            coordinator_id=self.user_id,
            host_org=effect.host_org,
            notes=effect.notes,
        )
        try:  # a forged pick of someone outside the coordinator's programmes ends here
            await create_exchange(self.conn, self.settings, new, now)
        except ExchangeError as exc:
            raise RefusedExchange(str(exc)) from None

    # --- the learning agenda ----------------------------------------------------------------

    async def _keep(self, value: Any, now: datetime) -> Any:
        return await keep_media(self.conn, self.media, self.user_id, value, now)

    async def _agenda(
        self, effect: AgendaBegin | AgendaDraft | AgendaPublish | AgendaAmend, now: datetime
    ) -> None:
        agendas = Agendas(self.conn)
        if isinstance(effect, AgendaBegin):
            latest = await agendas.latest(self.user_id)
            await agendas.save_draft(self.user_id, latest.content if latest else {}, now)
        elif isinstance(effect, AgendaDraft):
            draft = await agendas.draft(self.user_id) or {}
            value = await self._keep(effect.value, now)
            if effect.part in ANSWER_PARTS:
                value = Answer.of(value).model_dump(mode="json")
            draft[effect.part] = value
            AgendaContent.model_validate(draft)  # never store what cannot be read back
            await agendas.save_draft(self.user_id, draft, now)
        elif isinstance(effect, AgendaPublish):
            found = await agendas.draft(self.user_id)
            if found is None:
                raise RefusedExchange("no draft to save")
            content = AgendaContent.model_validate(found)
            latest = await agendas.latest(self.user_id)
            if latest is not None:  # notes added since the draft began are kept
                notes = AgendaContent.model_validate(latest.content)
                content = content.model_copy(update=notes_of(notes))
            await agendas.add_version(
                self.user_id, content.model_dump(mode="json"), self.user_id, now
            )
            await agendas.drop_draft(self.user_id)
        else:
            await self._amend(effect, now)

    async def _amend(self, effect: AgendaAmend, now: datetime) -> None:
        switcher_id = effect.switcher_id
        if switcher_id != self.user_id:
            exchanges = Exchanges(self.conn)
            shared = [
                x for x in await exchanges.of_person(self.user_id) if x.switcher_id == switcher_id
            ]
            readers = {"learning_coach", "coordinator"}
            parts = [set(await exchanges.parts_of(x, self.user_id)) for x in shared]
            if not any(readers & found for found in parts):
                raise RefusedExchange(f"not a coach or coordinator of switcher {switcher_id}")
        if effect.part == "day2_questions" and switcher_id != self.user_id:
            raise RefusedExchange("only the switcher adds their own questions")
        if effect.part == "programme" and switcher_id == self.user_id:
            raise RefusedExchange("the day programme comes from the learning coach")
        latest = await Agendas(self.conn).latest(switcher_id)
        if latest is None:
            raise RefusedExchange("no agenda to add to")
        note = Note(
            author_id=self.user_id,  # named when read: an erased author leaves no name here
            answer=Answer.of(await self._keep(effect.value, now)),
            at=now,
        )
        content = AgendaContent.model_validate(latest.content)
        if effect.part == "programme":
            content = content.model_copy(update={"programme": note})
        else:
            current = getattr(content, effect.part)
            content = content.model_copy(update={effect.part: (*current, note)})
        await Agendas(self.conn).add_version(
            switcher_id, content.model_dump(mode="json"), self.user_id, now
        )
