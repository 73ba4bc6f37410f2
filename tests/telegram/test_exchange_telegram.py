"""An exchange end to end on Telegram (real PTB, Bot API on 127.0.0.1): a coordinator creates
it with the command line, switcher and coach get their notices and reminders, confirm or call
off, the coordinator is alerted; and a bot process killed mid-send never sends twice."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.settings import Settings
from conversations.text import _
from storage.invites import Invites
from storage.people import People
from storage.reminders import Reminders
from tests.fakes import Clock
from tests.telegram.botapi_server import BotApiServer
from tests.telegram.conftest import RunningBot
from tests.telegram.person import TelegramPerson
from tests.test_cli import wegwijzer

StartBot = Callable[[], Awaitable[RunningBot]]
TZ = ZoneInfo("Europe/Brussels")


async def onboard(bot: RunningBot, botapi: BotApiServer, uid: int, role: str, lang: str,
                  name: str) -> tuple[TelegramPerson, int]:  # fmt: skip
    assert bot.app is not None
    async with bot.app.db.transaction() as conn:
        code = (await Invites(conn).create(role, 1, bot.clock.now + timedelta(days=9),
                                           bot.clock.now)).code  # fmt: skip
    person = TelegramPerson(botapi, uid, lang, name)
    await person.say(f"/start {code}")
    await person.tap(f"lang:{lang}")
    await person.tap("consent:yes")
    await person.tap("name:platform")
    async with bot.app.db.transaction() as conn:
        identity = await People(conn).find_identity("telegram", str(uid))
    assert identity is not None
    return person, identity.user_id


async def reminder(botapi: BotApiServer, chat: int) -> dict:  # type: ignore[type-arg]
    """The "your exchange starts in …" message, which carries the attendance buttons."""
    for _attempt in range(100):
        found = [
            m for m in botapi.messages(chat)
            if any(
                d.split(":", 1)[1].startswith("x:att:") for _l, d in botapi.buttons(m))
            and "Stadhuis Gent" in m.get("text", "") and "/exchanges" not in m.get("text", "")
        ]  # fmt: skip
        if found:
            return found[-1]
        await asyncio.sleep(0.1)
    raise AssertionError(f"no reminder in chat {chat}: {botapi.messages(chat)}")


def buttons_of(botapi: BotApiServer, message: dict) -> list[str]:  # type: ignore[type-arg]
    return [data.split(":", 1)[1] for _label, data in botapi.buttons(message)]


async def test_cli_exchange_reminders_confirmation_and_alert(
    botapi: BotApiServer, telegram_bot: StartBot, tg_settings: Settings, clock: Clock,
    tmp_path: Path,
) -> None:  # fmt: skip
    clock.now = datetime.now(UTC).replace(microsecond=0)
    bot = await telegram_bot()
    coordinator, k_id = await onboard(bot, botapi, 8001, "coordinator", "en", "Kim")
    switcher, s_id = await onboard(bot, botapi, 8002, "switcher", "nl", "Anna")
    coach, c_id = await onboard(bot, botapi, 8003, "learning_coach", "fr", "Luc")

    day = (clock.now.astimezone(TZ) + timedelta(days=3)).date()
    created = await asyncio.to_thread(
        wegwijzer, tmp_path, "exchange", "create", "--switcher", str(s_id), "--coach", str(c_id),
        "--coordinator", str(k_id), "--start", f"{day}T09:00", "--end", f"{day}T16:00",
        "--place", "Stadhuis Gent", WEGWIJZER_DATA_DIR=str(tg_settings.data_dir),
    )  # fmt: skip
    assert created.returncode == 0, created.stderr
    assert bot.app is not None and bot.app.scheduler is not None
    await bot.app.scheduler.sync()  # the periodic sync, without waiting 30 s for it
    await botapi.wait_for_messages(8002, switcher.seen + 1)
    await botapi.wait_for_messages(8003, coach.seen + 1)
    notice = botapi.last_message(8002)
    assert "Stadhuis Gent" in notice["text"] and "/exchanges" in notice["text"]
    assert buttons_of(botapi, notice)[0].startswith("x:att:yes:")
    await switcher.settle()
    await coach.settle()

    start = datetime.combine(day, datetime.min.time().replace(hour=9), TZ).astimezone(UTC)
    clock.now = start - timedelta(days=1)  # T-1 day
    await bot.app.scheduler.sync()
    reminder_nl, reminder_fr = await reminder(botapi, 8002), await reminder(botapi, 8003)
    assert "09:00" in reminder_nl["text"] and "Stadhuis Gent" in reminder_fr["text"]
    await switcher.settle()
    await coach.settle()

    exchange_id = buttons_of(botapi, reminder_nl)[0].rsplit(":", 1)[1]
    thanks = await switcher.tap(f"x:att:yes:{exchange_id}", reminder_nl)
    assert "09:00" in switcher.text(thanks)  # "thank you, see you on …" in Dutch
    await coach.tap(f"x:att:no:{exchange_id}", reminder_fr)
    messages = await botapi.wait_for_messages(8001, coordinator.seen + 1)
    alert = messages[-1]["text"]
    assert "Luc" in alert and "cannot make it" in alert and "Stadhuis Gent" in alert
    async with bot.app.db.transaction() as conn:
        rows = await Reminders(conn).of_exchange(int(exchange_id))
    assert not [r for r in rows if r.status == "sending"]


def _spawn(settings: Settings, botapi: BotApiServer, log: Path) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("WEGWIJZER_")}
    env.update(
        WEGWIJZER_DATA_DIR=str(settings.data_dir),
        WEGWIJZER_TELEGRAM_TOKEN=botapi.token,
        WEGWIJZER_TELEGRAM_API_URL=botapi.url,
        WEGWIJZER_QUIET_HOURS="",
    )
    with log.open("ab") as out:
        return subprocess.Popen([sys.executable, "-m", "bot", "run"], env=env, stdout=out,
                                stderr=subprocess.STDOUT, cwd=settings.data_dir.parent)  # fmt: skip


async def test_a_bot_killed_while_sending_never_sends_twice(
    botapi: BotApiServer, tg_settings: Settings, tmp_path: Path
) -> None:
    from bot.app import App
    from bot.reminders.service import create_exchange
    from storage.exchanges import NewExchange

    settings = tg_settings.model_copy(update={"reminder_offsets": "86392s", "quiet_hours": ""})
    app = await App.open(settings)
    now = datetime.now(UTC)
    async with app.db.transaction() as conn:
        people = People(conn)
        ids = []
        for uid, role in ((9001, "switcher"), (9002, "learning_coach")):
            pid = await people.create("telegram", str(uid), str(uid), now)
            await people.grant_role(pid, role, now)
            await people.set_name(pid, f"Person {uid}")
            ids.append(pid)
        start = now + timedelta(days=1)  # the reminder falls due 8 s from now
        new = NewExchange(ids[0], ids[1], "Stadhuis Gent", ((start, start + timedelta(hours=6)),))
        exchange_id = await create_exchange(conn, settings, new, now)
    await app.close()

    release = botapi.hold("sendMessage")  # Telegram takes the message, the answer never comes
    log = tmp_path / "bot.log"
    first = _spawn(tg_settings, botapi, log)
    try:
        await botapi.wait_for_call("sendMessage", timeout=30)
        await asyncio.sleep(0.3)
        first.send_signal(signal.SIGKILL)
        await asyncio.to_thread(first.wait, 10)
    finally:
        if first.poll() is None:
            first.kill()
    release.set()
    held = {call.params["chat_id"] for call in botapi.calls_of("sendMessage")}
    assert held, log.read_text()
    del botapi.held["sendmessage"]
    await asyncio.sleep(max(0.0, (now + timedelta(seconds=9) - datetime.now(UTC)).total_seconds()))

    second = _spawn(tg_settings, botapi, log)  # the reminder fell due while it was down
    try:
        for chat in (9001, 9002):
            await reminder(botapi, chat)
        await asyncio.sleep(1.5)  # time for any (wrong) second attempt to show up
    finally:
        second.send_signal(signal.SIGTERM)
        await asyncio.to_thread(second.wait, 20)

    app = await App.open(settings)
    try:
        async with app.db.transaction() as conn:
            rows = await Reminders(conn).of_exchange(exchange_id)
            chat_of = {pid: (await People(conn).identities_of(pid))[0].chat_id for pid in ids}
    finally:
        await app.close()
    for pid in ids:
        texts = [m["text"] for m in botapi.messages(int(chat_of[pid]))]
        assert len(texts) == len(set(texts)), texts  # nothing twice
        assert len([t for t in texts if "/exchanges" not in t]) == 1  # the reminder, once
        notice = next(r for r in rows if r.kind == "notice" and r.person_id == pid)
        if chat_of[pid] in held:  # Telegram had it before the kill: never sent again
            assert notice.status == "interrupted" and len(texts) == 2
        else:  # claimed or still waiting when killed: interrupted (lost) or sent once
            assert notice.status in ("interrupted", "sent")
    assert [r.status for r in rows if r.kind == "before_exchange"] == ["sent", "sent"]


async def test_telegram_flood_control_delays_a_reminder_but_never_drops_or_doubles_it(
    botapi: BotApiServer, telegram_bot: StartBot, clock: Clock
) -> None:
    clock.now = datetime.now(UTC).replace(microsecond=0)
    bot = await telegram_bot()
    _switcher, s_id = await onboard(bot, botapi, 8101, "switcher", "en", "Anna")
    assert bot.app is not None and bot.app.scheduler is not None
    from bot.notices import add_notice

    async with bot.app.db.transaction() as conn:
        rid = await add_notice(conn, s_id, _("Noted: introduction call on {when}.",
                                             when=clock.now), clock.now)  # fmt: skip
    before = len(botapi.messages(8101))
    botapi.fail_next("sendMessage", error_code=429, retry_after=1)  # "Too Many Requests"
    await bot.app.scheduler.sync()
    messages = await botapi.wait_for_messages(8101, before + 1, timeout=15)
    await asyncio.sleep(1.0)
    assert len(botapi.messages(8101)) == before + 1 and "introduction call" in messages[-1]["text"]
    assert [c.error for c in botapi.calls_of("sendMessage") if c.error]  # it was refused once
    async with bot.app.db.transaction() as conn:
        row = await Reminders(conn).get(rid)
    assert row is not None and row.status == "sent"
