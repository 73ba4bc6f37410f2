"""Carrying out what the exchange and agenda flows decided, with the access checks repeated.

The flows only offer what a person may do; these checks make sure a forged or stale event
cannot do more (defence in depth). A refused effect rolls the whole event back (bot/refused.py).
One function per effect type, declared in bot/exchange_feature.py.
"""

from __future__ import annotations

import logging
from typing import Any

from bot.data_files import remove_certificate_copies
from bot.feature import Applying
from bot.matching.effects import PlaceUnavailable
from bot.matching.service import create_from_place
from bot.media_intake import keep_media
from bot.refused import Refused
from bot.reminders.service import (
    ExchangeError,
    cancel_exchange,
    edit_exchange,
    issue_certificate,
    reschedule_exchange,
    withdraw_certificate,
)
from conversations.agenda_model import AgendaContent, Answer, Note, notes_of
from conversations.effects import (
    AgendaAmend,
    AgendaBegin,
    AgendaDraft,
    AgendaPublish,
    CancelExchange,
    CreateExchange,
    EditExchange,
    IssueCertificate,
    RescheduleExchange,
    SetAttendance,
    SetExchangeStatus,
    SetIntroCall,
    TickItem,
)
from storage.agendas import Agendas
from storage.attendance import Attendance
from storage.checklists import Checklists
from storage.exchanges import ExchangeDetails, Exchanges, NewExchange
from storage.people import People

log = logging.getLogger(__name__)

ANSWER_PARTS = frozenset({"trigger", "question", "see_do", "whom", "curious"})


class RefusedExchange(Refused):
    """Not the person's exchange or agenda (forged or stale)."""


async def _parts(a: Applying, exchange_id: int) -> list[str]:
    exchange = await Exchanges(a.conn).get(exchange_id)
    return await Exchanges(a.conn).parts_of(exchange, a.user_id) if exchange else []


async def _require(a: Applying, exchange_id: int, *allowed: str) -> None:
    if not set(await _parts(a, exchange_id)) & set(allowed):
        raise RefusedExchange(f"not a {'/'.join(allowed)} of exchange {exchange_id}")


async def set_attendance(a: Applying, effect: SetAttendance) -> None:
    await _require(a, effect.exchange_id, "switcher", "learning_coach")
    await Attendance(a.conn).answer(effect.exchange_id, a.user_id, effect.attending, a.now)
    if effect.reason and not effect.attending:
        await Attendance(a.conn).give_reason(effect.exchange_id, a.user_id, effect.reason, a.now)


async def set_status(a: Applying, effect: SetExchangeStatus) -> None:
    await _require(a, effect.exchange_id, "switcher", "learning_coach", "coordinator")
    await Exchanges(a.conn).set_status(effect.exchange_id, effect.status, a.now)


async def tick(a: Applying, effect: TickItem) -> None:
    await _require(a, effect.exchange_id, effect.part.value)
    await Checklists(a.conn).set(effect.exchange_id, a.user_id, effect.item_id, effect.done, a.now)


async def set_intro_call(a: Applying, effect: SetIntroCall) -> None:
    await _require(a, effect.exchange_id, "switcher", "learning_coach")
    await Exchanges(a.conn).set_intro_call(effect.exchange_id, effect.when, a.now)


async def cancel(a: Applying, effect: CancelExchange) -> None:
    await _require(a, effect.exchange_id, "coordinator")
    await cancel_exchange(a.conn, effect.exchange_id, a.now, by=a.user_id)


async def reschedule(a: Applying, effect: RescheduleExchange) -> None:
    await _require(a, effect.exchange_id, "coordinator")
    try:  # the same service as the desk and `wegwijzer exchange reschedule`
        await reschedule_exchange(
            a.conn, a.settings, effect.exchange_id, effect.days, a.now, by=a.user_id
        )
    except ExchangeError as exc:
        raise RefusedExchange(str(exc)) from None


async def edit(a: Applying, effect: EditExchange) -> None:
    await _require(a, effect.exchange_id, "coordinator")
    details = ExchangeDetails(
        place=effect.place,
        sending_org=effect.sending_org,
        host_org=effect.host_org,
        notes=effect.notes,
        sending_contact_id=effect.sending_contact_id,
        host_contact_id=effect.host_contact_id,
    )
    try:  # a contact outside the exchange's programme ends here
        await edit_exchange(a.conn, a.settings, effect.exchange_id, details, a.now, by=a.user_id)
    except ExchangeError as exc:
        raise RefusedExchange(str(exc)) from None


async def certificate(a: Applying, effect: IssueCertificate) -> None:
    await _require(a, effect.exchange_id, "coordinator")
    if effect.withdraw:
        await withdraw_certificate(a.conn, effect.exchange_id, a.now)
        remove_certificate_copies(a.settings.data_dir, [effect.exchange_id])
    else:
        await issue_certificate(a.conn, effect.exchange_id, a.now)


async def create(a: Applying, effect: CreateExchange) -> None:
    person = await People(a.conn).get(a.user_id)
    if person is None or "coordinator" not in person.roles:
        raise RefusedExchange("only coordinators set up exchanges")
    new = NewExchange(
        switcher_id=effect.switcher_id,
        coach_id=effect.coach_id,
        place=effect.place,
        days=effect.days,
        coordinator_id=a.user_id,
        host_org=effect.host_org,
        notes=effect.notes,
        learning_place_id=effect.learning_place_id,
        sending_org=effect.sending_org,
        sending_contact_id=effect.sending_contact_id,
        host_contact_id=effect.host_contact_id,
    )
    try:  # a forged pick of someone outside the coordinator's programmes ends here
        await create_from_place(a.conn, a.settings, a.user_id, new, a.now)
    except (ExchangeError, PlaceUnavailable) as exc:
        raise RefusedExchange(str(exc)) from None


# --- the learning agenda ----------------------------------------------------------------


async def _keep(a: Applying, value: Any) -> Any:
    return await keep_media(a.conn, a.media, a.user_id, value, a.now)


async def agenda_begin(a: Applying, effect: AgendaBegin) -> None:
    agendas = Agendas(a.conn)
    latest = await agendas.latest(a.user_id)
    await agendas.save_draft(a.user_id, latest.content if latest else {}, a.now)


async def agenda_draft(a: Applying, effect: AgendaDraft) -> None:
    agendas = Agendas(a.conn)
    draft = await agendas.draft(a.user_id) or {}
    value = await _keep(a, effect.value)
    if effect.part in ANSWER_PARTS:
        value = Answer.of(value).model_dump(mode="json")
    draft[effect.part] = value
    AgendaContent.model_validate(draft)  # never store what cannot be read back
    await agendas.save_draft(a.user_id, draft, a.now)


async def agenda_publish(a: Applying, effect: AgendaPublish) -> None:
    agendas = Agendas(a.conn)
    found = await agendas.draft(a.user_id)
    if found is None:
        raise RefusedExchange("no draft to save")
    content = AgendaContent.model_validate(found)
    latest = await agendas.latest(a.user_id)
    if latest is not None:  # notes added since the draft began are kept
        notes = AgendaContent.model_validate(latest.content)
        content = content.model_copy(update=notes_of(notes))
    await agendas.add_version(a.user_id, content.model_dump(mode="json"), a.user_id, a.now)
    await agendas.drop_draft(a.user_id)


async def agenda_amend(a: Applying, effect: AgendaAmend) -> None:
    switcher_id = effect.switcher_id
    if switcher_id != a.user_id:
        exchanges = Exchanges(a.conn)
        shared = [x for x in await exchanges.of_person(a.user_id) if x.switcher_id == switcher_id]
        readers = {"learning_coach", "coordinator"}
        parts = [set(await exchanges.parts_of(x, a.user_id)) for x in shared]
        if not any(readers & found for found in parts):
            raise RefusedExchange(f"not a coach or coordinator of switcher {switcher_id}")
    if effect.part == "day2_questions" and switcher_id != a.user_id:
        raise RefusedExchange("only the switcher adds their own questions")
    if effect.part == "programme" and switcher_id == a.user_id:
        raise RefusedExchange("the day programme comes from the learning coach")
    latest = await Agendas(a.conn).latest(switcher_id)
    if latest is None:
        raise RefusedExchange("no agenda to add to")
    note = Note(
        author_id=a.user_id,  # named when read: an erased author leaves no name here
        answer=Answer.of(await _keep(a, effect.value)),
        at=a.now,
    )
    content = AgendaContent.model_validate(latest.content)
    if effect.part == "programme":
        content = content.model_copy(update={"programme": note})
    else:
        current = getattr(content, effect.part)
        content = content.model_copy(update={effect.part: (*current, note)})
    await Agendas(a.conn).add_version(
        switcher_id, content.model_dump(mode="json"), a.user_id, a.now
    )
