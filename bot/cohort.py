"""A cohort of exchanges as a coordinator may see it: the exchanges, the latest agendas, the
evaluations per role, the follow-up actions, the return sessions, and only those reflections
their authors shared with the coordinator. The chat report and the XLSX export both read this.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from bot.follow_up.facts import evaluation_answered
from conversations.exchange_texts import EVALUATION_FORMS
from storage.actions import Action, Actions
from storage.agendas import Agendas, AgendaVersion
from storage.exchanges import Exchange, Exchanges
from storage.media import MediaFiles
from storage.people import People
from storage.reflections import Reflections
from storage.responses import Response, Responses
from storage.return_sessions import ReturnSession, ReturnSessions

#: The parts that evaluate, each with its own questionnaire (draaiboek 5.8).
EVALUATING = tuple(part.value for part in EVALUATION_FORMS)


@dataclass(frozen=True)
class Evaluation:
    exchange_id: int
    part: str
    person_id: int
    form_id: str
    asked: bool
    response: Response | None  # the completed response after this exchange, if any


@dataclass(frozen=True)
class SharedItem:
    """One item of a reflection its author shared with the coordinator."""

    reflection_id: int
    exchange_id: int
    author_id: int
    part: str
    kind: str  # reflection, feedback
    visibility: str
    created_at: datetime
    item_kind: str  # text, voice, photo, …
    text: str | None
    media_path: str | None
    media_name: str | None = None  # the name a document was sent with (walkthrough 20)


@dataclass
class Cohort:
    exchanges: list[Exchange] = field(default_factory=list)
    names: dict[int, str | None] = field(default_factory=dict)
    agendas: dict[int, AgendaVersion] = field(default_factory=dict)  # by switcher
    evaluations: list[Evaluation] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    shared: list[SharedItem] = field(default_factory=list)
    reflections: dict[str, int] = field(default_factory=dict)  # part → finished reflections
    feedback: int = 0
    sessions: list[ReturnSession] = field(default_factory=list)
    #: Averages are shown only over at least this many answers (WEGWIJZER_MIN_GROUP).
    min_group: int = 3

    def name(self, person_id: int | None) -> str:
        if person_id is None:
            return ""
        return self.names.get(person_id) or f"#{person_id}"


def seats(exchange: Exchange) -> list[tuple[str, int]]:
    found = [
        ("switcher", exchange.switcher_id),
        ("learning_coach", exchange.coach_id),
        ("sending_employer", exchange.sending_contact_id),
        ("host_employer", exchange.host_contact_id),
        ("coordinator", exchange.coordinator_id),
    ]
    return [(part, who) for part, who in found if who is not None]


async def load_cohort(
    conn: AsyncConnection, coordinator_id: int | None = None, min_group: int = 3
) -> Cohort:
    """Every exchange (the operator's view) or those one coordinator coordinates now, in the
    programmes they coordinate (filtered in SQL)."""
    cohort = Cohort(min_group=min_group)
    exchanges = Exchanges(conn)
    if coordinator_id is None:
        cohort.exchanges = await exchanges.all()
    else:
        cohort.exchanges = await exchanges.coordinated_by(coordinator_id)
    for exchange in cohort.exchanges:
        for _part, who in seats(exchange):
            if who not in cohort.names:
                person = await People(conn).get(who)
                cohort.names[who] = person.name if person else None
        latest = await Agendas(conn).latest(exchange.switcher_id)
        if latest is not None:
            cohort.agendas[exchange.switcher_id] = latest
        await _evaluations(conn, cohort, exchange)
        cohort.actions += await Actions(conn).of_exchange(exchange.id)
        await _reflections(conn, cohort, exchange)
    if coordinator_id is not None:
        cohort.sessions = await ReturnSessions(conn).organised_by(coordinator_id)
    return cohort


async def _evaluations(conn: AsyncConnection, cohort: Cohort, exchange: Exchange) -> None:
    if not exchange.days or exchange.status == "cancelled":
        return
    last_end = max(end for _start, end in exchange.days)
    for part, who in seats(exchange):
        if part not in EVALUATING:
            continue
        form_id = next(f for p, f in EVALUATION_FORMS.items() if p.value == part)
        answered = await evaluation_answered(conn, exchange, who, part)
        done = [
            r
            for r in await Responses(conn).of_user(who, form_id)
            if r.completed_at is not None and r.completed_at >= last_end
        ]
        cohort.evaluations.append(
            Evaluation(
                exchange.id,
                part,
                who,
                form_id,
                asked=answered is not None,
                response=done[0] if done else None,
            )
        )


async def _reflections(conn: AsyncConnection, cohort: Cohort, exchange: Exchange) -> None:
    for found in await Reflections(conn).of_exchange(exchange.id):
        if found.visibility is None:
            continue  # a draft
        if found.kind == "feedback":
            cohort.feedback += 1
        else:
            cohort.reflections[found.part] = cohort.reflections.get(found.part, 0) + 1
        if "coordinator" not in found.visibility:
            continue  # the author did not share it with the coordinator
        if found.author_id not in cohort.names:
            person = await People(conn).get(found.author_id)
            cohort.names[found.author_id] = person.name if person else None
        for item in found.items:
            row = await MediaFiles(conn).get(item.media_id) if item.media_id else None
            cohort.shared.append(
                SharedItem(
                    found.id,
                    exchange.id,
                    found.author_id,
                    found.part,
                    found.kind,
                    found.visibility,
                    found.created_at,
                    item.kind,
                    item.text,
                    row.path if row else None,
                    row.file_name if row else None,
                )
            )


def numeric(value: Any) -> float | None:
    """A scale answer as a number (answers are stored as given)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            return None
    return None
