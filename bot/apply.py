"""Carrying out the effects a flow returned, inside the event's transaction.

Core effects (language, consent, name, role, form answers) are applied here; exchange,
follow-up and newcomer effects go to their own modules, which check access again.
"""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncConnection

from bot import newcomer_effects
from bot.exchange_effects import ExchangeEffects
from bot.matching.effects import save_choices, set_place_status
from bot.matching.register import PLACE_FORM, register_place
from bot.media import MediaStore
from bot.media_intake import forget_media, keep_media
from bot.personal_data import erase_person
from bot.settings import Settings
from conversations.effects import (
    ChoosePlaces,
    Effect,
    EraseMe,
    FinishResponse,
    GrantRole,
    KeepMyData,
    RecordConsent,
    SaveAnswer,
    SetLocale,
    SetName,
    SetPlaceStatus,
)
from conversations.newcomer.effects import (
    AnswerOffer,
    LogMeeting,
    MarkStep,
    RateSupport,
    RequestSupport,
    SaveSupporterProfile,
    SnoozeNudges,
    StopNudges,
    TouchPlan,
)
from conversations.newcomer.vocabulary import Vocabulary
from storage.consents import Consents
from storage.invites import Invites
from storage.people import People
from storage.responses import Responses
from storage.retention import Retention

log = logging.getLogger(__name__)
NEWCOMER_EFFECTS = (
    MarkStep, TouchPlan, SnoozeNudges, StopNudges, RequestSupport, AnswerOffer,
    SaveSupporterProfile, LogMeeting, RateSupport,
)  # fmt: skip


class InviteGone(Exception):
    """The invite was used up between reading and redeeming it; run the event again."""


async def apply_effects(
    conn: AsyncConnection,
    settings: Settings,
    media: MediaStore,
    words: Vocabulary,
    user_id: int,
    effects: list[Effect],
    now: datetime,
) -> None:
    people = People(conn)
    exchange_effects = ExchangeEffects(conn, settings, media, user_id)
    for effect in effects:
        if isinstance(effect, SetLocale):
            await people.set_locale(user_id, effect.locale)
        elif isinstance(effect, RecordConsent):
            await Consents(conn).record(user_id, effect.given, effect.version, now)
        elif isinstance(effect, SetName):
            await people.set_name(user_id, effect.name)
        elif isinstance(effect, GrantRole):
            programme_id = None
            if effect.invite_code:
                if not await Invites(conn).redeem(effect.invite_code, now):
                    raise InviteGone(effect.invite_code)
                invite = await Invites(conn).get(effect.invite_code)
                programme_id = invite.programme_id if invite else None
            await people.grant_role(
                user_id, effect.role.value, now, effect.invite_code, programme_id
            )
        elif isinstance(effect, SaveAnswer):
            value = await keep_media(conn, media, user_id, effect.value, now)
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
            await forget_media(conn, media, dropped)
            await Responses(conn).finish(
                user_id, effect.form_id, effect.version, started, effect.scores, now
            )
            if effect.form_id == PLACE_FORM:
                await register_place(conn, user_id, effect.answers, now)
        elif isinstance(effect, EraseMe):
            await erase_person(conn, media, user_id)
            return  # nothing about them is left to change
        elif isinstance(effect, KeepMyData):
            await Retention(conn).keep(user_id, now)
        elif isinstance(effect, ChoosePlaces):
            await save_choices(conn, user_id, effect, now)
        elif isinstance(effect, SetPlaceStatus):
            await set_place_status(conn, user_id, effect, now)
        elif isinstance(effect, NEWCOMER_EFFECTS):
            await newcomer_effects.apply(conn, settings, words, user_id, effect, now)
        else:
            await exchange_effects.apply(effect, now)
