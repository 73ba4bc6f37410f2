"""Walkthrough 8 / issue 17 item 4 on the loopback Telegram (real PTB, Bot API on 127.0.0.1):
a coordinator sets up an exchange in chat with both employer contacts and a natural date; the
employer contacts are told, each in their own language, and can open their checklist."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.settings import Settings
from conversations.holidays import unusual_day
from storage.exchanges import Exchanges
from tests.fakes import Clock
from tests.telegram.botapi_server import BotApiServer
from tests.telegram.conftest import RunningBot
from tests.telegram.test_exchange_telegram import onboard

StartBot = Callable[[], Awaitable[RunningBot]]
TZ = ZoneInfo("Europe/Brussels")


async def test_chat_set_up_attaches_both_employers_on_telegram(
    botapi: BotApiServer, telegram_bot: StartBot, tg_settings: Settings, clock: Clock
) -> None:
    clock.now = datetime.now(UTC).replace(microsecond=0)
    bot = await telegram_bot()
    kim, _k = await onboard(bot, botapi, 8101, "coordinator", "nl", "Kim")
    _anna, anna_id = await onboard(bot, botapi, 8102, "switcher", "nl", "Anna")
    _luc, luc_id = await onboard(bot, botapi, 8103, "learning_coach", "fr", "Luc")
    els, els_id = await onboard(bot, botapi, 8104, "employer", "nl", "Els")
    tom, tom_id = await onboard(bot, botapi, 8105, "employer", "ar", "Tom")
    day = (clock.now.astimezone(TZ) + timedelta(days=10)).date()
    while unusual_day(day) is not None:  # a working day, so no "are you sure?"
        day += timedelta(days=1)

    await kim.say("/start")
    await kim.tap("menu:new_exchange")
    await kim.tap(f"p:{anna_id}")
    await kim.tap(f"p:{luc_id}")
    await kim.say(f"{day:%d/%m} 9u-16u30")
    await kim.tap("one_day")
    await kim.say("Stadhuis Gent")
    await kim.say("Stad Gent")
    await kim.say("Bakkerij Janssens")
    await kim.tap(f"p:{els_id}")
    await kim.tap(f"p:{tom_id}")
    summary = kim.text(await kim.tap("skip"))
    assert "Els" in summary and "Tom" in summary and "Bakkerij Janssens" in summary
    assert "09:00–16:30" in summary
    await kim.tap("create")

    assert bot.app is not None and bot.app.scheduler is not None
    async with bot.app.db.transaction() as conn:
        [made] = await Exchanges(conn).all()
    assert (made.sending_contact_id, made.host_contact_id) == (els_id, tom_id)
    await bot.app.scheduler.sync()
    told_els = await botapi.wait_for_messages(8104, els.seen + 1)
    told_tom = await botapi.wait_for_messages(8105, tom.seen + 1)
    assert "Stadhuis Gent" in told_els[-1]["text"] and "/exchanges" in told_els[-1]["text"]
    assert "Stadhuis Gent" in told_tom[-1]["text"] and told_tom[-1]["text"] != told_els[-1]["text"]
    await els.settle()
    await els.say("/exchanges")
    assert "checklist" in els.choice_ids()
