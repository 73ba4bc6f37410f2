"""Issue 16: `/desk` in the chat answers a coordinator with a one-time link and anyone else with
"for coordinators only"; `wegwijzer desk link --person ID` prints the same kind of link;
`wegwijzer audit list` shows who downloaded what. Only the hash of a link is stored."""

from __future__ import annotations

import asyncio
import re
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select

from bot.app import App
from bot.settings import load_settings
from storage.desk import AuditLog, DeskLinks, token_hash
from storage.people import People
from storage.schema_desk import desk_links
from tests.flows.test_bad_input_and_commands import registered
from tests.test_cli import wegwijzer


async def test_desk_in_chat_gives_a_coordinator_a_link_and_nobody_else(app: App) -> None:
    coordinator, newcomer = await registered(app, "501"), await registered(app, "502")
    async with app.db.transaction() as conn:
        identity = await People(conn).find_identity("fake", "501")
        assert identity is not None
        await People(conn).grant_role(identity.user_id, "coordinator", app.clock())
    said = coordinator.all_text(await coordinator.command("desk"))
    refused = newcomer.all_text(await newcomer.command("desk"))
    link = re.search(r"/desk/login\?token=(\S+)", said)
    assert link is not None, said
    assert "/desk/login" not in refused and "coordinators only" in refused
    async with app.db.read() as conn:
        stored = [r.token_hash for r in await conn.execute(select(desk_links))]
    assert stored == [token_hash(link.group(1))]  # the hash, never the link itself


def test_desk_link_and_audit_list_on_the_command_line(tmp_path: Path) -> None:
    async def setup() -> tuple[int, int]:
        app = await App.open(load_settings(data_dir=tmp_path / "data"))
        now = datetime.now(UTC)
        async with app.db.transaction() as conn:
            kim = await People(conn).create("terminal", "kim", "kim", now)
            await People(conn).set_name(kim, "Kim")
            await People(conn).grant_role(kim, "coordinator", now)
            anna = await People(conn).create("terminal", "anna", "anna", now)
            await People(conn).grant_role(anna, "switcher", now)
            await AuditLog(conn).add(kim, "download", "programme-1-exchanges.xlsx", now)
        await app.close()
        return kim, anna

    kim, anna = asyncio.run(setup())
    made = wegwijzer(tmp_path, "desk", "link", "--person", str(kim),
                     WEGWIJZER_WEB_URL="https://desk.example.org")  # fmt: skip
    assert made.returncode == 0, made.stderr
    assert re.match(r"https://desk\.example\.org/desk/login\?token=\S{40,}\n", made.stdout)
    refused = wegwijzer(tmp_path, "desk", "link", "--person", str(anna))
    assert refused.returncode == 2 and "is not a coordinator" in refused.stderr
    listed = wegwijzer(tmp_path, "audit", "list")
    assert listed.returncode == 0, listed.stderr
    assert f"{kim} Kim  download  programme-1-exchanges.xlsx" in listed.stdout

    async def redeem() -> int | None:
        app = await App.open(load_settings(data_dir=tmp_path / "data"))
        token = made.stdout.split("token=")[1].split()[0]
        async with app.db.transaction() as conn:
            found = await DeskLinks(conn).redeem(token, datetime.now(UTC), LINK_AGE)
        await app.close()
        return found

    from bot.desk.links import LINK_AGE

    assert asyncio.run(redeem()) == kim


def test_exchange_edit_on_the_command_line_uses_the_same_service(tmp_path: Path) -> None:
    """`wegwijzer exchange edit` changes only what is given, through `edit_exchange`."""
    from datetime import timedelta

    from bot.reminders.service import create_exchange
    from storage.exchanges import Exchanges, NewExchange

    async def setup() -> tuple[int, int]:
        app = await App.open(load_settings(data_dir=tmp_path / "data"))
        now = datetime.now(UTC)
        async with app.db.transaction() as conn:
            people = People(conn)
            ids = []
            for name, role in (("kim", "coordinator"), ("anna", "switcher"),
                               ("luc", "learning_coach"), ("koen", "employer")):  # fmt: skip
                person = await people.create("terminal", name, name, now)
                await people.grant_role(person, role, now)
                ids.append(person)
            start = now + timedelta(days=20)
            new = NewExchange(ids[1], ids[2], "Gent", ((start, start + timedelta(hours=6)),),
                              ids[0], host_contact_id=ids[3])  # fmt: skip
            exchange = await create_exchange(conn, app.settings, new, now)
        await app.close()
        return exchange, ids[3]

    async def stored(exchange: int):  # type: ignore[no-untyped-def]
        app = await App.open(load_settings(data_dir=tmp_path / "data"))
        async with app.db.read() as conn:
            found = await Exchanges(conn).get(exchange)
        await app.close()
        return found

    exchange, _koen = asyncio.run(setup())
    done = wegwijzer(tmp_path, "exchange", "edit", str(exchange), "--notes", "Bring boots",
                     "--host-contact", "0")  # fmt: skip
    assert done.returncode == 0, done.stderr
    found = asyncio.run(stored(exchange))
    assert (found.place, found.notes, found.host_contact_id) == ("Gent", "Bring boots", None)
    wrong = wegwijzer(tmp_path, "exchange", "edit", str(exchange), "--sending-contact", "2")
    assert wrong.returncode == 2 and "employer contact" in wrong.stderr
