"""Seeds review, "Follow-up" (002:954: "alle deelnemers komen samen"): return sessions invited
only switchers and learning coaches; the employer contacts of the exchange are invited too."""

from __future__ import annotations

from datetime import timedelta

from bot.app import App
from bot.reminders.service import create_exchange
from storage.exchanges import NewExchange
from tests.exchanges.test_reminder_delivery import walk
from tests.exchanges.world import Outbox, join
from tests.fakes import Clock
from tests.follow_up.test_follow_up import plan_session


async def test_the_employers_of_the_exchange_are_invited_too(
    app: App, clock: Clock, outbox: Outbox
) -> None:
    _anna, anna_id = await join(app, clock, "2701", "switcher", "Anna", "en")
    _jan, jan_id = await join(app, clock, "2702", "learning_coach", "Jan", "en")
    kim, kim_id = await join(app, clock, "2703", "coordinator", "Kim", "en")
    eva, eva_id = await join(app, clock, "2704", "employer", "Eva", "en")
    start = clock.now + timedelta(days=3)
    new = NewExchange(anna_id, jan_id, "Gent", ((start, start + timedelta(hours=6)),), kim_id,
                      sending_contact_id=eva_id)  # fmt: skip
    async with app.db.transaction() as conn:
        await create_exchange(conn, app.settings, new, clock.now)
    await walk(app, clock, start + timedelta(days=2))
    await plan_session(kim, "2026-12-20 14:00-16:00", "VBJK, Gent")
    await kim.tap("invite")
    assert "3 people are invited" in kim.all_text() and "Eva" in kim.all_text()
    await kim.tap("send")
    await walk(app, clock, clock.now)
    assert "Kim invites you to a return session" in outbox.last_question(eva).text
