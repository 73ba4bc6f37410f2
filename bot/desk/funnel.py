"""The programme funnel: how far each switcher has come, and who is stuck and why.

Phases, in order: invited → joined → quiz → agenda saved → matched (an exchange with a coach)
→ exchange planned (attendance confirmed) → done (the last day is over) → evaluated →
follow-up checked. A person counts in every phase up to the furthest one they reached.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from conversations.text import N_
from storage.desk_views import Member, SwitcherFacts
from storage.exchanges import Exchange

PHASES: tuple[tuple[str, str], ...] = (
    ("invited", N_("Invited")),
    ("joined", N_("Joined")),
    ("quiz", N_("Quiz done")),
    ("agenda", N_("Agenda saved")),
    ("matched", N_("Matched")),
    ("planned", N_("Exchange planned")),
    ("done", N_("Exchange done")),
    ("evaluated", N_("Evaluated")),
    ("checked", N_("Follow-up checked")),
)
#: Joined this long ago without a saved agenda: stuck.
NO_AGENDA_AFTER = timedelta(days=14)


@dataclass
class Phase:
    id: str
    label: str
    count: int = 0
    #: People whose furthest phase this is (where they are now).
    here: list[Member] = field(default_factory=list)


@dataclass(frozen=True)
class Stuck:
    person: Member
    reason: str  # "no_agenda", "failed_message", "no_evaluation", "no_mentor"
    exchange_id: int | None = None
    days: int = 0


def is_over(exchange: Exchange, now: datetime) -> bool:
    """Done, or the last day has ended (before the bot marks it done: walkthrough 25)."""
    if exchange.status == "done":
        return True
    return exchange.status != "cancelled" and bool(exchange.days) and exchange.days[-1][1] <= now


def reached(
    person: Member, facts: SwitcherFacts, exchanges: list[Exchange], now: datetime
) -> list[str]:
    """The phases this switcher reached, in order, without gaps after the first missing one."""
    mine = [e for e in exchanges if e.switcher_id == person.id and e.status != "cancelled"]
    over = [e for e in mine if is_over(e, now)]
    last_end = max((e.days[-1][1] for e in over if e.days), default=None)
    evaluated = last_end is not None and any(
        at >= last_end for at in facts.evaluated.get(person.id, [])
    )
    checks = {
        "quiz": person.id in facts.quiz,
        "agenda": person.id in facts.agenda,
        "matched": bool(mine),
        "planned": any(e.status in ("confirmed", "done") for e in mine) or bool(over),
        "done": bool(over),
        "evaluated": evaluated,
        "checked": person.id in facts.checked,
    }
    out = ["invited", "joined"]
    for phase, _label in PHASES[2:]:
        if not checks[phase]:
            break
        out.append(phase)
    return out


def funnel(
    switchers: list[Member],
    facts: SwitcherFacts,
    exchanges: list[Exchange],
    invited: int,
    now: datetime,
) -> list[Phase]:
    phases = {pid: Phase(pid, label) for pid, label in PHASES}
    phases["invited"].count = max(invited, len(switchers))
    for person in switchers:
        got = reached(person, facts, exchanges, now)
        for phase in got[1:]:
            phases[phase].count += 1
        phases[got[-1]].here.append(person)
    return list(phases.values())


def stuck(
    switchers: list[Member],
    facts: SwitcherFacts,
    exchanges: list[Exchange],
    failed: list[tuple[int, int]],
    people: dict[int, Member],
    evaluation_after: timedelta,
    now: datetime,
    waiting: Sequence[tuple[int, datetime]] = (),
) -> list[Stuck]:
    found: list[Stuck] = []
    for person in switchers:
        waited = now - person.joined_at
        if waited >= NO_AGENDA_AFTER and person.id not in facts.agenda:
            found.append(Stuck(person, "no_agenda", days=waited.days))
    for exchange_id, person_id in sorted(set(failed)):
        if person_id in people:
            found.append(Stuck(people[person_id], "failed_message", exchange_id))
    for exchange in exchanges:
        if not is_over(exchange, now) or not exchange.days:
            continue
        asked = exchange.days[-1][1] + evaluation_after
        answers = facts.evaluated.get(exchange.switcher_id, [])
        late = now - asked
        if late > timedelta(days=7) and not any(a >= exchange.days[-1][1] for a in answers):
            who = people.get(exchange.switcher_id)
            if who is not None:
                found.append(Stuck(who, "no_evaluation", exchange.id, late.days))
    for person_id, asked in waiting:
        if person_id in people:
            found.append(Stuck(people[person_id], "no_mentor", days=(now - asked).days))
    return found
