"""Prometheus metrics (issue 18 item 4): after a few events, `/metrics` on the desk's server
shows them per kind with their latency and SQL statements, the reminder rows by status, the
queue of due rows and its lag, every series labelled with the worker's name."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import aiohttp
from prometheus_client.parser import text_string_to_metric_families

from bot.app import App
from bot.desk.server import DeskServer
from bot.notices import add_notice
from bot.settings import load_settings
from conversations.text import Msg
from tests.fakes import Clock, FakeChat


def samples(text: str) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    return {
        (s.name, frozenset(s.labels.items())): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }


async def test_metrics_show_events_statements_reminders_and_queue_per_worker(
    data_dir: Path, clock: Clock
) -> None:
    settings = load_settings(data_dir=data_dir, worker_name="worker-a", web_port=8470)
    app = await App.open(settings, clock=clock)
    desk = DeskServer(app, port=0)
    try:
        await desk.start()
        chat = FakeChat(app, "41")
        await chat.command("start")
        await chat.command("help")
        await chat.command("help")
        async with app.db.transaction() as conn:
            await add_notice(conn, 1, Msg(msgid="Waiting notice"), clock() - timedelta(minutes=2))
        async with aiohttp.ClientSession() as http:
            async with http.get(f"http://127.0.0.1:{desk.port}/metrics") as resp:
                assert resp.status == 200
                assert resp.headers["Content-Type"].startswith("text/plain")
                found = samples(await resp.text())
    finally:
        await desk.stop()
        await app.close()

    def value(name: str, **labels: str) -> float:
        return found[(name, frozenset({"worker": "worker-a", **labels}.items()))]

    assert value("wegwijzer_events_total", kind="command") == 3
    assert value("wegwijzer_event_seconds_count", kind="command") == 3
    assert value("wegwijzer_event_seconds_sum", kind="command") > 0
    statements = value("wegwijzer_event_sql_statements_sum", kind="command")
    assert 3 <= statements < 3 * 200  # counted per event, and bounded
    assert value("wegwijzer_reminders", status="pending") == 1
    assert value("wegwijzer_reminders", status="sent") == 0
    assert value("wegwijzer_reminder_queue_depth") == 1
    assert 100 <= value("wegwijzer_reminder_queue_lag_seconds") <= 200
    assert all(("worker", "worker-a") in labels for (_n, labels) in found)
