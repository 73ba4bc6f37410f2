"""`wegwijzer run` and `wegwijzer migrate`: the transports side by side under supervision (the
Matrix sync in one worker only), the desk's web server, the reminder scheduler; stopping in
order on SIGINT/SIGTERM. Split from bot/cli.py."""

from __future__ import annotations

import asyncio
import contextlib
import sys

from bot.app import App
from bot.settings import Settings


async def migrate(settings: Settings) -> int:
    """Upgrades with several workers: the migrations first, once, then the workers."""
    from storage.database import Database

    settings.prepare_data_dir()
    db = Database(settings.db_url)
    try:
        await db.migrate()
    finally:
        await db.close()
    print("The database is up to date.")
    return 0


async def run(app: App) -> int:
    from bot.runner import Factory, run_all

    settings = app.settings
    factories: dict[str, Factory] = {}
    if settings.telegram_token is not None:
        from bot.telegram.transport import TelegramTransport

        factories["Telegram"] = lambda: TelegramTransport(app)
    if settings.matrix_homeserver is not None:
        from bot.leader import LeaderOnly
        from bot.matrix.transport import MatrixTransport

        # One worker syncs (several workers on PostgreSQL); on SQLite the only one always leads.
        factories["Matrix"] = lambda: LeaderOnly(
            app.db, "Matrix sync", lambda: MatrixTransport(app)
        )
    if not factories:
        print(
            "No transport is configured: set WEGWIJZER_TELEGRAM_TOKEN to run on Telegram or "
            "WEGWIJZER_MATRIX_HOMESERVER (with _USER and _PASSWORD) to run on Matrix, "
            "or try the bot in your terminal with: wegwijzer chat",
            file=sys.stderr,
        )
        return 2
    from bot import charts

    await charts.start_drawing()  # it loads matplotlib while the transports connect
    from bot.desk.server import DeskServer

    factories["Desk"] = lambda: DeskServer(app)
    await app.start_scheduler()
    try:
        await run_all(factories, stop_in_order(app))
    finally:
        await charts.stop_drawing()
    return 0


def stop_in_order(app: App) -> asyncio.Event:
    """SIGINT/SIGTERM: first let the reminders and notices in flight finish while the
    transports are still up, then stop the transports (`run_all` waits for the event)."""
    import signal

    signalled, stopping = asyncio.Event(), asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, signalled.set)

    async def drain() -> None:
        await signalled.wait()
        if app.scheduler is not None:
            await app.scheduler.stop()
        stopping.set()

    task = loop.create_task(drain())
    _background.add(task)
    task.add_done_callback(_background.discard)
    return stopping


_background: set[asyncio.Task[None]] = set()
