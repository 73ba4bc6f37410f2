"""Putting a newcomer in touch with a mentor or career coach, one supporter at a time.

The best-ranked supporter gets an offer with Accept / Decline buttons and a timeout row. A
decline or a timeout passes the request to the next candidate; when nobody is left, the
newcomer is told and the coordinator who invited them (else every coordinator) is alerted.
On acceptance both get an introduction with only what each agreed to share. Every message is a
notice row, so it goes out exactly once, in the reader's language, also across restarts.
"""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncConnection

from bot.newcomer.facts import first_name, intake_answers
from bot.notices import add_notice
from bot.settings import Settings
from conversations.newcomer.matching import Candidate, Wish, rank
from conversations.newcomer.model import OFFER_TIMEOUT, OfferView
from conversations.newcomer.support_texts import (
    intro_for_newcomer,
    intro_for_supporter,
    nobody_for_coordinator,
    nobody_for_newcomer,
    offer_choices,
    offer_text,
)
from conversations.newcomer.vocabulary import Vocabulary
from conversations.text import PersonName
from storage.people import People
from storage.programmes import Programmes
from storage.reminders import Reminders
from storage.supporters import Offer, Request, Supporters

log = logging.getLogger(__name__)


async def _offer_view(conn: AsyncConnection, request: Request, offer_id: int) -> OfferView:
    person = await People(conn).get(request.newcomer_id)
    answers = await intake_answers(conn, request.newcomer_id) or {}
    languages = answers.get("languages")

    def text(key: str) -> str | None:
        value = answers.get(key)
        return value if isinstance(value, str) else None

    return OfferView(
        id=offer_id,
        kind=request.kind,
        first_name=first_name(person.name if person else None),
        sector=text("sector"),
        languages=tuple(str(v) for v in languages) if isinstance(languages, list) else (),
        dutch_level=text("dutch_level"),
        region=text("region"),
        step_id=request.step_id,
    )


async def candidates(conn: AsyncConnection) -> list[Candidate]:
    """Supporters who still hold the mentor role, with their current load."""
    found = []
    for profile in await Supporters(conn).all():
        person = await People(conn).get(profile.person_id)
        if person is None or "mentor" not in person.roles:
            continue
        found.append(
            Candidate(
                person_id=profile.person_id,
                kinds=profile.kinds,
                sectors=profile.sectors,
                languages=profile.languages,
                region=profile.region,
                capacity=profile.capacity,
                load=await Supporters(conn).load(profile.person_id),
            )
        )
    return found


async def propose(
    conn: AsyncConnection, settings: Settings, words: Vocabulary, request_id: int, now: datetime
) -> int | None:
    """Offer the request to the best supporter not asked yet; None when nobody is left."""
    supporters = Supporters(conn)
    request = await supporters.get_request(request_id)
    if request is None or request.status not in ("searching", "proposed"):
        return None
    asked = {o.supporter_id for o in await supporters.offers_of_request(request_id)}
    view = await _offer_view(conn, request, 0)
    wish = Wish(request.kind, view.sector, view.languages, view.region, view.dutch_level)
    ranked = rank(await candidates(conn), wish, asked | {request.newcomer_id})
    best = await _first_with_room(supporters, [c.person_id for c in ranked])
    if best is None:
        await _nobody(conn, request, view, words, now)
        return None
    return await _offer(conn, settings, words, request, view, best, now)


async def offer_by_hand(
    conn: AsyncConnection,
    settings: Settings,
    words: Vocabulary,
    request_id: int,
    supporter_id: int,
    now: datetime,
) -> int | None:
    """A coordinator offers an open request to a supporter they chose (the coordinator's desk):
    the same offer, buttons and timeout as the automatic one. None when the request is taken or
    waits for another supporter's answer, the person is no mentor now, or was asked already."""
    supporters = Supporters(conn)
    request = await supporters.get_request(request_id)
    if request is None or request.status not in ("searching", "unavailable"):
        return None
    if supporter_id not in {c.person_id for c in await candidates(conn)}:
        return None
    offers = await supporters.offers_of_request(request_id)
    if any(o.status == "pending" for o in offers):
        return None
    if supporter_id in {o.supporter_id for o in offers} or supporter_id == request.newcomer_id:
        return None
    view = await _offer_view(conn, request, 0)
    return await _offer(conn, settings, words, request, view, supporter_id, now)


async def _offer(
    conn: AsyncConnection,
    settings: Settings,
    words: Vocabulary,
    request: Request,
    view: OfferView,
    best: int,
    now: datetime,
) -> int:
    supporters = Supporters(conn)
    request_id = request.id
    offer_id = await supporters.offer(request_id, best, now)
    await supporters.set_request(request_id, "proposed", now)
    offer = view.model_copy(update={"id": offer_id})
    who = PersonName(id=request.newcomer_id, first_only=True)
    await add_notice(
        conn,
        best,
        offer_text(offer, words, who),
        now,
        choices=offer_choices(offer_id),
        quoting=(request.newcomer_id,),
    )
    await Reminders(conn).add(
        best, OFFER_TIMEOUT, now + settings.match_delay, payload={"offer_id": offer_id}
    )
    log.info("request %d offered to supporter %d (offer %d)", request_id, best, offer_id)
    return offer_id


async def _first_with_room(supporters: Supporters, ranked: list[int]) -> int | None:
    """The best candidate whose capacity still holds once their row is locked (issue 18: a
    concurrent accept in another process may have filled it since the ranking read it)."""
    for person_id in ranked:
        profile = await supporters.lock(person_id)
        if profile is not None and await supporters.load(person_id) < profile.capacity:
            return person_id
    return None


async def retry_waiting(
    conn: AsyncConnection, settings: Settings, words: Vocabulary, supporter_id: int, now: datetime
) -> int:
    """A supporter registered or made room: requests nobody could take are tried again, if this
    supporter could take them. How many were offered again."""
    mine = [c for c in await candidates(conn) if c.person_id == supporter_id]
    retried = 0
    for request in await Supporters(conn).requests_with_status("unavailable"):
        offers = await Supporters(conn).offers_of_request(request.id)
        if any(o.supporter_id == supporter_id for o in offers):
            continue  # they were asked before
        view = await _offer_view(conn, request, 0)
        wish = Wish(request.kind, view.sector, view.languages, view.region, view.dutch_level)
        if rank(mine, wish, {request.newcomer_id}):
            await Supporters(conn).set_request(request.id, "searching", now)
            await propose(conn, settings, words, request.id, now)
            retried += 1
    return retried


async def _nobody(
    conn: AsyncConnection, request: Request, view: OfferView, words: Vocabulary, now: datetime
) -> None:
    await Supporters(conn).set_request(request.id, "unavailable", now)
    await add_notice(conn, request.newcomer_id, nobody_for_newcomer(request.kind), now)
    # only the coordinators of the newcomer's own programmes (the default one without invite)
    coordinators = await Programmes(conn).coordinators_of(request.newcomer_id)
    alert = nobody_for_coordinator(view, PersonName(id=request.newcomer_id), words)
    for coordinator in coordinators:
        await add_notice(conn, coordinator, alert, now, quoting=(request.newcomer_id,))
    log.info("request %d: nobody available, %d coordinator(s) told", request.id, len(coordinators))


async def answer(
    conn: AsyncConnection,
    settings: Settings,
    words: Vocabulary,
    supporter_id: int,
    offer_id: int,
    accept: bool,
    now: datetime,
) -> bool:
    """The supporter's own pending offer only; False for anyone else's or an answered one."""
    supporters = Supporters(conn)
    offer = await supporters.get_offer(offer_id)
    if offer is None or offer.supporter_id != supporter_id:
        return False
    if not await supporters.answer_offer(offer_id, "accepted" if accept else "declined", now):
        return False
    request = await supporters.get_request(offer.request_id)
    assert request is not None
    if accept:
        await _introduce(conn, words, request, offer, now)
    else:
        await propose(conn, settings, words, request.id, now)
    return True


async def expire(
    conn: AsyncConnection, settings: Settings, words: Vocabulary, offer_id: int, now: datetime
) -> Offer | None:
    """An unanswered offer times out: the next candidate is asked. None if it was answered."""
    supporters = Supporters(conn)
    offer = await supporters.get_offer(offer_id)
    if offer is None or not await supporters.answer_offer(offer_id, "expired", now):
        return None
    await propose(conn, settings, words, offer.request_id, now)
    return offer


async def _introduce(
    conn: AsyncConnection, words: Vocabulary, request: Request, offer: Offer, now: datetime
) -> None:
    await Supporters(conn).set_request(request.id, "accepted", now)
    profile = await Supporters(conn).get(offer.supporter_id)
    view = await _offer_view(conn, request, offer.id)
    answers = await intake_answers(conn, request.newcomer_id) or {}
    aim = answers.get("aim") if isinstance(answers.get("aim"), str) else None
    # names are looked up when sent; contact details and aim are their own words, so erasing
    # the person they belong to deletes the introduction if it is still waiting
    to_newcomer = intro_for_newcomer(
        request.kind,
        PersonName(id=offer.supporter_id),
        profile.contact if profile else None,
    )
    to_supporter = intro_for_supporter(
        view, PersonName(id=request.newcomer_id), aim, request.contact, words
    )
    await add_notice(conn, request.newcomer_id, to_newcomer, now, quoting=(offer.supporter_id,))
    await add_notice(conn, offer.supporter_id, to_supporter, now, quoting=(request.newcomer_id,))
