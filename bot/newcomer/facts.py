"""The newcomer and supporter facts a flow may read, for one person only.

A supporter's view holds their own pending offers (first name, sector, languages, Dutch level,
region) and the newcomers matched to them (with what each agreed to share): nobody else.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from conversations.newcomer.model import (
    Meeting,
    MenteeView,
    NewcomerView,
    OfferView,
    RequestView,
    SupporterProfile,
    SupporterView,
)
from conversations.newcomer.vocabulary import INTAKE
from storage.newcomers import Newcomers
from storage.people import People
from storage.responses import Responses
from storage.supporters import Request, Supporters


async def intake_draft(conn: AsyncConnection, person_id: int) -> dict[str, Any] | None:
    """The newest intake if it is unfinished, as the form flow's data (to pick it up again)."""
    found = await Responses(conn).of_user(person_id, INTAKE)
    if not found or found[-1].completed_at is not None or not found[-1].answers:
        return None
    latest = found[-1]
    return {
        "form_id": INTAKE,
        "version": latest.form_version,
        "started": latest.started_at.isoformat(),
        "answers": latest.answers,
    }


async def intake_answers(conn: AsyncConnection, person_id: int) -> dict[str, Any] | None:
    """The answers of the newest finished intake (a newer one replaces older answers)."""
    done = [r for r in await Responses(conn).of_user(person_id, INTAKE) if r.completed_at]
    if not done:
        return None
    return dict(max(done, key=lambda r: r.completed_at or r.started_at).answers)


def first_name(name: str | None) -> str:
    return (name or "?").split()[0]


async def _supporter_of(conn: AsyncConnection, request: Request) -> tuple[str | None, str | None]:
    for offer in await Supporters(conn).offers_of_request(request.id):
        if offer.status == "accepted":
            person = await People(conn).get(offer.supporter_id)
            profile = await Supporters(conn).get(offer.supporter_id)
            return (person.name if person else None), (profile.contact if profile else None)
    return None, None


async def newcomer_view(conn: AsyncConnection, person_id: int) -> NewcomerView:
    requests = await Supporters(conn).requests_of(person_id)
    view = None
    if requests:
        latest = requests[-1]
        name, contact = (None, None)
        if latest.status == "accepted":
            name, contact = await _supporter_of(conn, latest)
        view = RequestView(
            id=latest.id,
            kind=latest.kind,
            status=latest.status,
            supporter_name=name,
            supporter_contact=contact,
            rating=await Supporters(conn).rating(latest.id),
        )
    return NewcomerView(
        answers=await intake_answers(conn, person_id),
        draft=await intake_draft(conn, person_id),
        progress=await Newcomers(conn).progress(person_id),
        nudges_stopped=await Newcomers(conn).nudges_stopped(person_id),
        request=view,
    )


def _languages(answers: dict[str, Any]) -> tuple[str, ...]:
    given = answers.get("languages")
    return tuple(str(v) for v in given) if isinstance(given, list) else ()


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


async def supporter_view(conn: AsyncConnection, person_id: int) -> SupporterView:
    supporters = Supporters(conn)
    profile = await supporters.get(person_id)
    offers: list[OfferView] = []
    mentees: list[MenteeView] = []
    for offer in await supporters.offers_to(person_id):
        request = await supporters.get_request(offer.request_id)
        if request is None:
            continue
        person = await People(conn).get(request.newcomer_id)
        answers = await intake_answers(conn, request.newcomer_id) or {}
        if offer.status == "pending" and request.status == "proposed":
            offers.append(
                OfferView(
                    id=offer.id,
                    kind=request.kind,
                    first_name=first_name(person.name if person else None),
                    sector=_text(answers.get("sector")),
                    languages=_languages(answers),
                    dutch_level=_text(answers.get("dutch_level")),
                    region=_text(answers.get("region")),
                )
            )
        elif offer.status == "accepted" and request.status == "accepted":
            meetings = await supporters.meetings(request.id)
            mentees.append(
                MenteeView(
                    request_id=request.id,
                    name=(person.name if person else None) or "?",
                    kind=request.kind,
                    sector=_text(answers.get("sector")),
                    languages=_languages(answers),
                    dutch_level=_text(answers.get("dutch_level")),
                    aim=_text(answers.get("aim")),
                    contact=request.contact,
                    meetings=tuple(Meeting(met_on=m.met_on, note=m.note) for m in meetings),
                    rating=await supporters.rating(request.id),
                )
            )
    return SupporterView(
        profile=SupporterProfile(
            kinds=profile.kinds,
            sectors=profile.sectors,
            languages=profile.languages,
            region=profile.region,
            capacity=profile.capacity,
            contact=profile.contact,
        )
        if profile
        else None,
        offers=tuple(offers),
        mentees=tuple(mentees),
    )
