"""Benchmark: what a coordinator's event costs in a large installation with many programmes.

Fills the database with `--others` people in other programmes and 30 in the coordinator's
own, then times, through the real dispatcher, (a) an ordinary menu event of the coordinator
and (b) opening "Set up an exchange" (which reads the directory). Programme filtering is done
in SQL on the indexed membership table, so both stay flat as `--others` grows.

    .venv/bin/python bench/coordinator.py [--others 10000]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import insert

from bot.app import App
from bot.settings import load_settings
from conversations.events import ChoiceIn, CommandIn, Sender
from storage.programmes import Programmes
from storage.schema import user_roles, users
from storage.schema_programmes import programme_members

ROLES = ("switcher", "learning_coach", "employer")


async def fill(app: App, others: int) -> int:
    now = datetime.now(UTC)
    async with app.db.transaction() as conn:
        mine = await Programmes(conn).create("mine", now)
        theirs = await Programmes(conn).create("theirs", now)
        rows = [{"id": i, "name": f"P{i}", "created_at": now} for i in range(10, others + 40)]
        await conn.execute(insert(users), rows)
        roles, members = [], []
        for i in range(10, others + 40):
            role = ROLES[i % 3]
            programme = mine if i < 40 else theirs
            roles.append({"user_id": i, "role": role, "granted_at": now})
            members.append(
                {"programme_id": programme, "user_id": i, "role": role, "joined_at": now}
            )
        await conn.execute(insert(user_roles), roles)
        await conn.execute(insert(programme_members), members)
    return mine


async def main(others: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        app = await App.open(load_settings(data_dir=Path(tmp)))
        mine = await fill(app, others)
        sender = Sender(platform="bench", external_id="c", chat_id="c", language_code="en")
        await app.dispatcher.handle(sender, CommandIn(name="start"))
        async with app.db.transaction() as conn:
            from storage.people import People

            identity = await People(conn).find_identity("bench", "c")
            assert identity is not None
            await People(conn).set_name(identity.user_id, "Coordinator")
            await People(conn).grant_role(identity.user_id, "coordinator", datetime.now(UTC),
                                          programme_id=mine)  # fmt: skip
            from storage.consents import Consents

            await Consents(conn).record(identity.user_id, True, "1", datetime.now(UTC))
        plain, directory = [], []
        for _round in range(20):
            delivery = await app.dispatcher.handle(sender, CommandIn(name="reset"))
            seq = int(delivery.messages[-1].options[0].token.split(":")[0])  # type: ignore[union-attr]
            start = time.perf_counter()
            await app.dispatcher.handle(sender, CommandIn(name="help"))
            plain.append(time.perf_counter() - start)
            start = time.perf_counter()
            delivery = await app.dispatcher.handle(
                sender, ChoiceIn(choice_id="menu:new_exchange", seq=seq + 1)
            )
            directory.append(time.perf_counter() - start)
        listed = len(delivery.messages[-1].options)  # type: ignore[union-attr]
        await app.close()
    print(f"others={others}: menu event median {statistics.median(plain) * 1000:.1f} ms; "
          f"'Set up an exchange' median {statistics.median(directory) * 1000:.1f} ms "
          f"({listed} switchers offered)")  # fmt: skip


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--others", type=int, default=10_000)
    asyncio.run(main(parser.parse_args().others))
