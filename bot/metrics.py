"""Prometheus metrics of one worker (issue 18 item 4), served at `/metrics` by the workers'
ASGI server (`bot/endpoints.py`), every series labelled with the worker's name.

- events handled and their latency, per kind (text, choice, command, media…);
- SQL statements one event ran, per kind (a histogram: the production-core issue's constant
  cost per event, watched in production);
- messages sent to people and sends that failed, per platform;
- reminder and notice rows by status, the rows due and not sent yet (queue depth) and how long
  the oldest of them has waited (lag), read from the database when scraped.

Nothing personal: labels are kinds, platforms, statuses and the worker's name.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from sqlalchemy import event, func, select

from storage.database import Database
from storage.schema import reminders

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
#: The statements of the event being handled in this task (a list, so a copied context still
#: counts into the same one).
_statements: ContextVar[list[int] | None] = ContextVar("wegwijzer_statements", default=None)
STATUSES = ("pending", "sending", "sent", "failed", "skipped", "cancelled", "interrupted")


class Metrics:
    def __init__(self, worker: str) -> None:
        self.worker = worker
        self.registry = CollectorRegistry()
        r, w = self.registry, ["worker"]
        self.events = Counter(
            "wegwijzer_events", "Events handled, by kind", [*w, "kind"], registry=r
        )
        self.latency = Histogram(
            "wegwijzer_event_seconds", "Time to handle one event, by kind", [*w, "kind"],
            buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10), registry=r,
        )  # fmt: skip
        self.statements = Histogram(
            "wegwijzer_event_sql_statements", "SQL statements one event ran, by kind",
            [*w, "kind"], buckets=(5, 10, 20, 40, 80, 160, 320), registry=r,
        )  # fmt: skip
        self.replies = Counter(
            "wegwijzer_messages", "Messages to people by platform: sent, or failed to send",
            [*w, "platform", "outcome"], registry=r,
        )  # fmt: skip
        self.reminders = Gauge(
            "wegwijzer_reminders", "Reminder and notice rows by status", [*w, "status"], registry=r
        )
        self.depth = Gauge(
            "wegwijzer_reminder_queue_depth", "Reminder and notice rows due and not sent yet", w,
            registry=r,
        )  # fmt: skip
        self.lag = Gauge(
            "wegwijzer_reminder_queue_lag_seconds",
            "How long the oldest due row has waited to be sent (0 when none waits)", w, registry=r,
        )  # fmt: skip

    def watch(self, db: Database) -> None:
        """Count the statements this database runs for the event being handled."""

        def count(*_args: Any) -> None:
            found = _statements.get()
            if found is not None:
                found[0] += 1

        event.listen(db.engine.sync_engine, "before_cursor_execute", count)

    @contextmanager
    def event(self, kind: str) -> Iterator[None]:
        found = [0]
        token = _statements.set(found)
        started = time.perf_counter()
        try:
            yield
        finally:
            _statements.reset(token)
            self.events.labels(self.worker, kind).inc()
            self.latency.labels(self.worker, kind).observe(time.perf_counter() - started)
            self.statements.labels(self.worker, kind).observe(found[0])

    def sent(self, platform: str, count: int = 1) -> None:
        self.replies.labels(self.worker, platform, "sent").inc(count)

    def failed(self, platform: str) -> None:
        self.replies.labels(self.worker, platform, "failed").inc()

    async def scrape(self, db: Database, now: datetime) -> bytes:
        """The text exposition, with the reminder gauges read from the database now."""
        async with db.read() as conn:
            rows = await conn.execute(
                select(reminders.c.status, func.count()).group_by(reminders.c.status)
            )
            counts = {str(status): int(n) for status, n in rows}
            due = select(func.count(), func.min(reminders.c.due_at)).where(
                reminders.c.status == "pending", reminders.c.due_at <= now
            )
            depth, oldest = (await conn.execute(due)).one()
        for status in sorted({*STATUSES, *counts}):
            self.reminders.labels(self.worker, status).set(counts.get(status, 0))
        self.depth.labels(self.worker).set(depth)
        lag = (now - oldest).total_seconds() if oldest is not None else 0.0
        self.lag.labels(self.worker).set(max(lag, 0.0))
        return generate_latest(self.registry)
