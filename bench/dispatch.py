"""Benchmark: events per second through the dispatcher on the embedded SQLite database.

Each simulated person runs the whole onboarding (7 events: /start, language, consent "more",
consent "yes", a name, /help, /reset) through the real dispatcher and catalogs, as a transport
would. Target: ≥ 200 events/s for a burst of 50 people at once on 2 cores, p95 < 250 ms
(latency includes waiting for the single SQLite writer).

    .venv/bin/python bench/dispatch.py [--people 50]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.app import App
from bot.outgoing import OutChoices, parse_choice_token
from bot.settings import load_settings
from conversations.events import ChoiceIn, CommandIn, Event, Sender, TextIn


async def person(app: App, n: int, latencies: list[float]) -> None:
    sender = Sender(platform="bench", external_id=str(n), chat_id=str(n), language_code="nl")
    last: OutChoices | None = None

    async def send(event: Event) -> None:
        nonlocal last
        start = time.perf_counter()
        delivery = await app.dispatcher.handle(sender, event)
        latencies.append(time.perf_counter() - start)
        for message in delivery.messages:
            if isinstance(message, OutChoices):
                last = message

    def pick(choice_id: str) -> ChoiceIn:
        assert last is not None
        token = next(o.token for o in last.options if o.token.endswith(choice_id))
        return parse_choice_token(token)

    await send(CommandIn(name="start"))
    await send(pick("lang:nl"))
    await send(pick("consent:more"))
    await send(pick("consent:yes"))
    await send(TextIn(text=f"Person {n}"))
    await send(CommandIn(name="help"))
    await send(CommandIn(name="reset"))


async def main(people: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        app = await App.open(load_settings(data_dir=Path(tmp)))
        latencies: list[float] = []
        start = time.perf_counter()
        await asyncio.gather(*(person(app, n, latencies) for n in range(people)))
        elapsed = time.perf_counter() - start
        await app.close()
    latencies.sort()
    p95 = latencies[int(len(latencies) * 0.95) - 1]
    print(f"people={people} events={len(latencies)} elapsed={elapsed:.2f}s")
    print(f"throughput={len(latencies) / elapsed:.0f} events/s")
    print(f"latency p50={statistics.median(latencies) * 1000:.1f} ms p95={p95 * 1000:.1f} ms")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=50)
    asyncio.run(main(parser.parse_args().people))
