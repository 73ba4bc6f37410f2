"""Seeds review, "Follow-up" (002:954: "alle deelnemers komen samen"): return sessions *may*
invite the employers. The coordinator chooses when planning one: with "yes" the employer
contacts of the ticked exchanges are invited too, with "no" only switchers and coaches."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.app import App
from bot.reminders.service import create_exchange
from storage.exchanges import NewExchange
from tests.exchanges.test_reminder_delivery import walk
from tests.exchanges.world import Outbox, join
from tests.fakes import Clock
from tests.follow_up.test_follow_up import plan_session


@pytest.mark.parametrize("invite_them", [True, False])
async def test_the_coordinator_chooses_whether_the_employers_are_invited(
    app: App, clock: Clock, outbox: Outbox, invite_them: bool
) -> None:
    """Seeds review follow-up item: the employers are invited only when the coordinator says
    yes to "Invite the employers too?"."""
    _anna, anna_id = await join(app, clock, "2701", "switcher", "Anna", "en")
    _jan, jan_id = await join(app, clock, "2702", "learning_coach", "Jan", "en")
    kim, kim_id = await join(app, clock, "2703", "coordinator", "Kim", "en")
    eva, eva_id = await join(app, clock, "2704", "employer", "Eva", "en")
    hugo, hugo_id = await join(app, clock, "2705", "employer", "Hugo", "en")
    start = clock.now + timedelta(days=3)
    new = NewExchange(anna_id, jan_id, "Gent", ((start, start + timedelta(hours=6)),), kim_id,
                      sending_contact_id=eva_id, host_contact_id=hugo_id)  # fmt: skip
    async with app.db.transaction() as conn:
        await create_exchange(conn, app.settings, new, clock.now)
    await walk(app, clock, start + timedelta(days=2))
    await plan_session(kim, "2026-12-20 14:00-16:00", "VBJK, Gent")
    await kim.tap("invite")
    assert "Invite the employers too?" in kim.all_text()
    await kim.tap("employers:yes" if invite_them else "employers:no")
    confirm = kim.all_text()
    if invite_them:
        assert "4 people are invited" in confirm and "Eva" in confirm and "Hugo" in confirm
    else:
        assert "2 people are invited" in confirm and "Eva" not in confirm
    await kim.tap("send")
    await walk(app, clock, clock.now)
    for employer in (eva, hugo):
        got = [t for t in outbox.texts(employer) if "invites you to a return session" in t]
        assert bool(got) is invite_them


async def test_no_employer_question_without_employer_contacts(
    app: App, clock: Clock, outbox: Outbox
) -> None:
    """Seeds review follow-up item: exchanges without employer contacts ask nothing extra."""
    _anna, anna_id = await join(app, clock, "2711", "switcher", "Anna", "en")
    _jan, jan_id = await join(app, clock, "2712", "learning_coach", "Jan", "en")
    kim, kim_id = await join(app, clock, "2713", "coordinator", "Kim", "en")
    start = clock.now + timedelta(days=3)
    new = NewExchange(anna_id, jan_id, "Gent", ((start, start + timedelta(hours=6)),), kim_id)
    async with app.db.transaction() as conn:
        await create_exchange(conn, app.settings, new, clock.now)
    await walk(app, clock, start + timedelta(days=2))
    await plan_session(kim, "2026-12-20 14:00-16:00", "VBJK, Gent")
    await kim.tap("invite")
    assert "2 people are invited" in kim.all_text()
