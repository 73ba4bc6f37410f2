"""Which reminders an exchange needs, and when: pure, so every rule is easy to test.

Times are planned in each recipient's own time zone: quiet hours (e.g. 21:00–08:00 local) move
a reminder to the end of the quiet window if that is still before what it reminds of;
otherwise it is kept as a skipped row with the reason, so nobody wonders where it went.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.durations import parse_duration
from conversations.exchange_texts import (
    BEFORE_EXCHANGE,
    CHECKLIST_NUDGE,
    EVALUATION,
    REFLECTION_PROMPT,
)

__all__ = ["BEFORE_EXCHANGE", "CHECKLIST_NUDGE", "EVALUATION", "REFLECTION_PROMPT", "plan_nudges"]
#: After the first evaluation request, at most two reminders, a week apart.
EVALUATION_REPEATS = (timedelta(0), timedelta(days=7), timedelta(days=14))
#: How long before the first day the checklist nudge comes (only if items are still open).
NUDGE_BEFORE = timedelta(days=3)
#: How long after the end of an exchange day the reflection prompt comes.
REFLECTION_DELAY = timedelta(minutes=30)


@dataclass(frozen=True)
class QuietHours:
    start: time
    end: time

    @classmethod
    def parse(cls, text: str) -> QuietHours | None:
        """``21:00-08:00``; empty means no quiet hours."""
        if not text.strip():
            return None
        match = re.fullmatch(r"\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*", text)
        if not match:
            raise ValueError(f"not a time range: {text!r} (example: 21:00-08:00)")
        h1, m1, h2, m2 = (int(g) for g in match.groups())
        if h1 > 23 or h2 > 23 or m1 > 59 or m2 > 59 or (h1, m1) == (h2, m2):
            raise ValueError(f"not a time range: {text!r} (example: 21:00-08:00)")
        return cls(time(h1, m1), time(h2, m2))

    def contains(self, local: datetime) -> bool:
        now = local.time()
        if self.start < self.end:
            return self.start <= now < self.end
        return now >= self.start or now < self.end  # the window crosses midnight

    def end_after(self, local: datetime) -> datetime:
        """The first allowed moment at or after `local` (which lies in the window)."""
        day = local.date() if local.time() < self.end else local.date() + timedelta(days=1)
        naive = datetime.combine(day, self.end)
        return naive.replace(tzinfo=local.tzinfo)


def parse_offsets(text: str) -> tuple[timedelta, ...]:
    """``7d,1d,2h`` (also ``10m,90s`` to try the schedule out), largest first."""
    parts = [p for p in text.split(",") if p.strip()]
    if not parts:
        raise ValueError("give at least one offset, e.g. 7d,1d,2h")
    return tuple(sorted({parse_duration(p) for p in parts}, reverse=True))


@dataclass(frozen=True)
class Recipient:
    person_id: int
    timezone: str


@dataclass(frozen=True)
class Planned:
    person_id: int
    kind: str
    due_at: datetime  # UTC
    event_at: datetime
    status: str = "pending"  # or "skipped"
    note: str | None = None


def place_one(
    person: Recipient,
    kind: str,
    due: datetime,
    event_at: datetime,
    quiet: QuietHours | None,
    now: datetime,
    *,
    must_precede_event: bool,
) -> Planned:
    """One reminder: moved out of the recipient's quiet hours, kept as skipped (with the
    reason) when that puts it after what it reminds of or it is already past."""
    note = None
    if quiet is not None:
        local = due.astimezone(ZoneInfo(person.timezone))
        if quiet.contains(local):
            due = quiet.end_after(local).astimezone(due.tzinfo)
            note = "moved out of quiet hours"
    if must_precede_event and due >= event_at:
        return Planned(person.person_id, kind, due, event_at, "skipped", "quiet hours until start")
    if due < now:
        return Planned(person.person_id, kind, due, event_at, "skipped", "already past")
    return Planned(person.person_id, kind, due, event_at, "pending", note)


def plan_exchange(
    days: list[tuple[datetime, datetime]],
    people: list[Recipient],
    offsets: tuple[timedelta, ...],
    quiet: QuietHours | None,
    now: datetime,
) -> list[Planned]:
    """Reminders before the first day for everyone, and a reflection prompt after each day."""
    first_start = min(start for start, _ in days)
    planned: list[Planned] = []
    for person in people:
        for offset in offsets:
            planned.append(
                place_one(
                    person,
                    BEFORE_EXCHANGE,
                    first_start - offset,
                    first_start,
                    quiet,
                    now,
                    must_precede_event=True,
                )
            )
        for _start, end in sorted(days):
            planned.append(
                place_one(
                    person,
                    REFLECTION_PROMPT,
                    end + REFLECTION_DELAY,
                    end,
                    quiet,
                    now,
                    must_precede_event=False,
                )
            )
    return sorted(planned, key=lambda p: (p.due_at, p.person_id, p.kind))


def plan_nudges(
    days: list[tuple[datetime, datetime]],
    people: list[Recipient],
    quiet: QuietHours | None,
    now: datetime,
) -> list[Planned]:
    """One checklist nudge per person a few days before; sent only if items are still open."""
    first_start = min(start for start, _ in days)
    return [
        place_one(
            person,
            CHECKLIST_NUDGE,
            first_start - NUDGE_BEFORE,
            first_start,
            quiet,
            now,
            must_precede_event=True,
        )
        for person in people
    ]


def plan_evaluations(
    days: list[tuple[datetime, datetime]],
    people: list[Recipient],
    after: timedelta,
    quiet: QuietHours | None,
    now: datetime,
) -> list[Planned]:
    """Some weeks after the last day: the evaluation, then at most two reminders (each is
    skipped at delivery once the person has answered)."""
    last_end = max(end for _, end in days)
    return [
        place_one(
            person, EVALUATION, last_end + after + again, last_end, quiet, now,
            must_precede_event=False,
        )
        for person in people
        for again in EVALUATION_REPEATS
    ]  # fmt: skip
