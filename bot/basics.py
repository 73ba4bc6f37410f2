"""Carrying out what every person's flows decide (language, consent, name, role, form
answers, erasing oneself, telling someone else) and delivering notices; declared as the
"basics" feature."""

from __future__ import annotations

from datetime import datetime

from bot.employers.register import INTAKE_FORM, save_intake
from bot.feature import Applier, Applying, BotFeature, Delivering, ReminderKind
from bot.matching.coach import COACH_FORM, coach_answered, invite_coach
from bot.matching.register import PLACE_FORM, register_place
from bot.media_intake import forget_media, keep_media
from bot.notices import add_notice, notice_replies
from bot.personal_data import erase_person
from conversations.effects import (
    EraseMe,
    FinishResponse,
    GrantRole,
    Notify,
    RecordConsent,
    SaveAnswer,
    SetLocale,
    SetName,
)
from conversations.exchange_texts import NOTICE
from conversations.replies import Reply
from storage.consents import Consents
from storage.invites import Invites
from storage.people import People
from storage.reminders import Reminder
from storage.responses import Responses


class InviteGone(Exception):
    """The invite was used up between reading and redeeming it; run the event again."""


async def set_locale(a: Applying, effect: SetLocale) -> None:
    await People(a.conn).set_locale(a.user_id, effect.locale)


async def record_consent(a: Applying, effect: RecordConsent) -> None:
    await Consents(a.conn).record(a.user_id, effect.given, effect.version, a.now)


async def set_name(a: Applying, effect: SetName) -> None:
    await People(a.conn).set_name(a.user_id, effect.name)


async def grant_role(a: Applying, effect: GrantRole) -> None:
    programme_id = None
    if effect.invite_code:
        if not await Invites(a.conn).redeem(effect.invite_code, a.now):
            raise InviteGone(effect.invite_code)
        invite = await Invites(a.conn).get(effect.invite_code)
        programme_id = invite.programme_id if invite else None
    await People(a.conn).grant_role(
        a.user_id, effect.role.value, a.now, effect.invite_code, programme_id
    )


async def save_answer(a: Applying, effect: SaveAnswer) -> None:
    value = await keep_media(a.conn, a.media, a.user_id, effect.value, a.now)
    await Responses(a.conn).save_answer(
        a.user_id,
        effect.form_id,
        effect.version,
        datetime.fromisoformat(effect.started),
        effect.question_id,
        value,
        a.now,
    )


async def finish_response(a: Applying, effect: FinishResponse) -> None:
    started = datetime.fromisoformat(effect.started)
    responses = Responses(a.conn)
    dropped = await responses.drop_answers(a.user_id, effect.form_id, started, effect.drop)
    await forget_media(a.conn, a.media, dropped)
    await responses.finish(a.user_id, effect.form_id, effect.version, started, effect.scores, a.now)
    if effect.form_id == PLACE_FORM:  # "Offer a learning place": the place is registered
        place_id = await register_place(a.conn, a.user_id, effect.answers, a.now)
        if place_id is not None:  # a new learning coach named: their invitation
            await invite_coach(a.conn, a.settings, a.user_id, place_id, effect.answers, a.now)
    if effect.form_id == COACH_FORM:  # a new coach's conditions: the place's coach if all yes
        await coach_answered(a.conn, a.user_id, effect.answers, a.now)
    if effect.form_id == INTAKE_FORM:  # an employer's intake: kept for their organisation
        await save_intake(a.conn, a.user_id, effect.answers, a.now)


async def erase_me(a: Applying, effect: EraseMe) -> None:
    await erase_person(a.conn, a.media, a.user_id)


async def notify(a: Applying, effect: Notify) -> None:
    await add_notice(
        a.conn,
        effect.person_id,
        effect.text,
        a.now,
        exchange_id=effect.exchange_id,
        choices=effect.choices,
    )


async def _notice(at: Delivering, reminder: Reminder) -> list[Reply] | str:
    return await notice_replies(at.conn, reminder.payload or {})


BASICS = BotFeature(
    name="basics",
    appliers=(
        Applier(SetLocale, set_locale),
        Applier(RecordConsent, record_consent),
        Applier(SetName, set_name),
        Applier(GrantRole, grant_role),
        Applier(SaveAnswer, save_answer),
        Applier(FinishResponse, finish_response, wakes=True),  # a coach invite, an intake notice
        Applier(EraseMe, erase_me, ends=True),  # nothing about them is left to change
        Applier(Notify, notify, wakes=True),
    ),
    reminders=(ReminderKind(NOTICE, _notice, timely=False),),
)
