"""Walkthrough 26: notices that did not fit their reader — employers were sent to a learning
agenda they cannot see, the coordinator was asked "Will you be there?" after a reschedule that
named only the new start of day 1, and a cancelled exchange was listed without a mark."""

from __future__ import annotations

from datetime import timedelta

from bot.app import App
from bot.reminders.service import cancel_exchange, create_exchange, reschedule_exchange
from storage.exchanges import NewExchange
from tests.exchanges.world import Outbox, join
from tests.fakes import Clock


async def test_each_reader_gets_a_notice_that_fits(app: App, clock: Clock, outbox: Outbox) -> None:
    anna, anna_id = await join(app, clock, "2601", "switcher", "Anna", "en")
    _jan, jan_id = await join(app, clock, "2602", "learning_coach", "Jan", "en")
    kim, kim_id = await join(app, clock, "2603", "coordinator", "Kim", "en")
    eva, eva_id = await join(app, clock, "2604", "employer", "Eva", "en")
    start = clock.now + timedelta(days=10)
    new = NewExchange(anna_id, jan_id, "Gent", ((start, start + timedelta(hours=6)),), kim_id,
                      host_contact_id=eva_id)  # fmt: skip
    async with app.db.transaction() as conn:
        ex = await create_exchange(conn, app.settings, new, clock.now)
    assert app.scheduler is not None
    await app.scheduler.run_due()
    assert "learning agenda" in outbox.texts(anna)[-1]
    assert "learning agenda" not in outbox.texts(eva)[-1]  # employers do not see it

    day1, day2 = start + timedelta(days=7), start + timedelta(days=8)
    days = ((day1, day1 + timedelta(hours=6)), (day2, day2 + timedelta(hours=6)))
    async with app.db.transaction() as conn:
        await reschedule_exchange(conn, app.settings, ex, days, clock.now, by=None)
    await app.scheduler.run_due()
    told_anna = outbox.texts(anna)[-1]
    assert "Will you be there?" in told_anna and told_anna.count("–") == 2  # both days
    assert told_anna.count("2026") == 2  # each day's date said once (walkthrough 14)
    assert "Will you be there?" not in outbox.texts(kim)[-1]

    async with app.db.transaction() as conn:
        await cancel_exchange(conn, ex, clock.now, by=kim_id)
    await anna.command("exchanges")
    assert "cancelled" in anna.all_text()
