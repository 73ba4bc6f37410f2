"""The composition root: settings → data dir → content → database → catalogs → dispatcher.

Transports receive a ready `App`; tests build one on a temporary data dir the same way the
command line does, so what is tested is the production wiring.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from bot.content import Library, load_library
from bot.dispatcher import Dispatcher, utcnow
from bot.i18n import Translator
from bot.metrics import Metrics
from bot.private_files import private_umask, tighten
from bot.settings import Settings
from bot.workspace import sweep
from conversations.journey import build_journey
from conversations.newcomer.vocabulary import INTAKE, vocabulary
from storage.database import Database

#: The daily retention job first runs this long after start-up, then every day.
RETENTION_FIRST_RUN = timedelta(minutes=5)

if TYPE_CHECKING:
    from bot.reminders.pacing import Pacer
    from bot.reminders.scheduler import ReminderScheduler
    from bot.transport import Transport


@dataclass
class App:
    settings: Settings
    db: Database
    translator: Translator
    dispatcher: Dispatcher
    library: Library
    clock: Callable[[], datetime] = utcnow
    #: Running transports by platform: how reminders and notices reach people.
    transports: dict[str, Transport] = field(default_factory=dict)
    scheduler: ReminderScheduler | None = None
    #: This worker's Prometheus metrics (`/metrics` on the desk's server).
    metrics: Metrics = field(default_factory=lambda: Metrics("unnamed"))

    @classmethod
    async def open(cls, settings: Settings, clock: Callable[[], datetime] = utcnow) -> App:
        private_umask()  # before the first file: database, media and exports are born private
        settings.prepare_data_dir()
        tighten(settings.data_dir)  # an install from before: one log line if anything changed
        sweep(settings.data_dir)  # reply folders a crashed run left behind
        library = load_library(settings.content_dir)  # a broken file stops start-up here
        db = Database(settings.db_url)
        await db.migrate()
        translator = Translator()
        journey = build_journey(library.forms, library.checklists, library.plan)
        dispatcher = Dispatcher(db, journey, translator, settings, clock=clock)
        dispatcher.plan = library.plan
        dispatcher.words = vocabulary(library.forms.get(INTAKE), library.plan)
        metrics = Metrics(settings.worker)
        metrics.watch(db)
        dispatcher.metrics = metrics
        return cls(settings, db, translator, dispatcher, library, clock, metrics=metrics)

    def register_transport(self, transport: Transport) -> None:
        """A transport is up: reminders waiting for it can go now."""
        self.transports[transport.platform] = transport
        if self.scheduler is not None:
            self.scheduler.nudge()

    def unregister_transport(self, transport: Transport) -> None:
        if self.transports.get(transport.platform) is transport:
            del self.transports[transport.platform]

    async def start_scheduler(
        self, *, sync_every: float = 30.0, wake: bool = True, pacer: Pacer | None = None
    ) -> ReminderScheduler:
        """Reminders and notices go out while the bot runs (not for one-off CLI commands).

        `wake=False` leaves delivery to explicit `run_due()` calls (tests that step a clock).
        """
        from bot.reminders.delivery import Deliverer
        from bot.reminders.pacing import Pacer as PacerAt
        from bot.reminders.pacing import SharedPacer
        from bot.reminders.scheduler import ReminderScheduler

        deliverer = Deliverer(
            self.db,
            self.settings,
            self.dispatcher.renderer,
            self.library.checklists,
            self.transports,
            self.clock,
            pacer
            or (
                PacerAt(per_second=self.settings.send_rate)
                if self.db.is_sqlite  # one process: the pace in memory
                else SharedPacer(self.db, per_second=self.settings.send_rate)
            ),
            plan=self.library.plan,
            words=self.dispatcher.words,
            worker=None if self.db.is_sqlite else self.settings.worker,
            lease=timedelta(seconds=self.settings.reminder_lease),
        )
        self.scheduler = ReminderScheduler(
            self.db, deliverer, self.clock, sync_every=sync_every, wake=wake,
            worker=self.settings.worker, lease=timedelta(seconds=self.settings.reminder_lease),
            send_rate=self.settings.send_rate,
        )  # fmt: skip
        await self.scheduler.start()
        self.dispatcher.on_new_rows = self.scheduler.nudge
        if wake and self.scheduler.aps is not None:
            self.scheduler.aps.add_job(
                self.run_retention,
                "interval",
                days=1,
                id="retention",
                next_run_time=datetime.now(UTC) + RETENTION_FIRST_RUN,
                replace_existing=True,
            )
        return self.scheduler

    async def run_retention(self) -> None:
        """The daily job: delete what has been kept long enough, warn who is due (see
        bot/retention.py); new warnings go out through the deliverer at once."""
        from bot.retention.job import run_retention
        from storage.leadership import Leadership

        # Several workers (PostgreSQL): one of them at a time; a worker that finds it running
        # elsewhere leaves it to that one today.
        once = Leadership(self.db, "retention")
        if not await once.try_take():
            return
        try:
            await run_retention(self.db, self.settings, self.dispatcher.media, self.clock())
        finally:
            await once.release()
        if self.scheduler is not None:
            self.scheduler.nudge()

    async def close(self) -> None:
        if self.scheduler is not None:
            self.dispatcher.on_new_rows = None
            await self.scheduler.stop()
            self.scheduler = None
        await self.db.close()
