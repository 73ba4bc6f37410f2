"""A coordinator sets up an exchange in chat; everyone ticks their own checklist and the
coordinator sees the progress; an employer contact sees the exchange but not the agenda."""

from __future__ import annotations

from datetime import timedelta
from itertools import pairwise

import pytest

from bot.app import App
from bot.reminders.pacing import Pacer
from conversations.exchange_model import Part
from conversations.text import _
from storage.exchanges import Exchanges, NewExchange
from tests.exchanges.world import Outbox, join
from tests.fakes import Clock


async def test_a_coordinator_sets_up_an_exchange_in_chat(
    app: App, clock: Clock, outbox: Outbox
) -> None:
    kim, kim_id = await join(app, clock, "401", "coordinator", "Kim", "fr")
    anna, anna_id = await join(app, clock, "402", "switcher", "Anna", "nl")
    jan, jan_id = await join(app, clock, "403", "learning_coach", "Jan", "en")
    await kim.tap("menu:new_exchange")
    assert kim.choice_ids() == [f"p:{anna_id}"]  # only switchers are offered here
    await kim.say("abc")  # neither a button nor a number
    await kim.tap(f"p:{anna_id}")
    assert kim.choice_ids() == [f"p:{jan_id}", "back"]
    await kim.say("1")  # typing its position in the list works too
    await kim.say("morgen om negen")
    assert "11/2026 09:00-17:00" in kim.all_text()  # the example, again
    await kim.say("2026-10-01 09:00-17:00")  # in the past
    await kim.say("2026-11-20 09:00-16:30")
    await kim.say("2026-11-19 09:00-16:30")  # day 2 before day 1
    assert kim.tr(_("The second day must come after the first."), "fr") in kim.all_text()
    await kim.say("27/11/2026 9u00-16u00")
    await kim.say("Stadhuis, Botermarkt 1, Gent")
    await kim.say("Stad Gent")
    await kim.tap("skip")  # sending organisation
    await kim.tap("skip")  # no employer contacts registered
    await kim.tap("skip")
    await kim.tap("skip")  # notes
    await kim.tap("create")
    async with app.db.transaction() as conn:
        [made] = await Exchanges(conn).all()
    assert (made.switcher_id, made.coach_id, made.coordinator_id) == (anna_id, jan_id, kim_id)
    assert len(made.days) == 2
    assert made.host_org == "Stad Gent" and made.days[1][0].day == 27
    assert app.scheduler is not None
    await app.scheduler.run_due()
    assert any("/exchanges" in t for t in outbox.texts(anna))
    assert any("/exchanges" in t for t in outbox.texts(jan))
    assert not outbox.texts(kim)


async def test_checklists_per_part_and_progress_for_the_coordinator(
    app: App, clock: Clock, outbox: Outbox
) -> None:
    kim, kim_id = await join(app, clock, "411", "coordinator", "Kim", "en")
    _anna, anna_id = await join(app, clock, "412", "switcher", "Anna", "en")
    jan, jan_id = await join(app, clock, "413", "learning_coach", "Jan", "en")
    eva, eva_id = await join(app, clock, "414", "employer", "Eva", "en")
    start = clock.now + timedelta(days=10)
    from bot.reminders.service import create_exchange

    new = NewExchange(
        anna_id, jan_id, "Gent", ((start, start + timedelta(hours=6)),), kim_id,
        host_contact_id=eva_id,
    )  # fmt: skip
    async with app.db.transaction() as conn:
        await create_exchange(conn, app.settings, new, clock.now)

    await jan.command("exchanges")
    await jan.tap("checklist")
    assert len([c for c in jan.choice_ids() if c.startswith("item:")]) == 5
    await jan.tap("item:read_agenda")
    await jan.tap("item:day_plan")
    await jan.tap("item:day_plan")  # tapped again: not done after all
    assert "✅" in jan.question().options[0].label and "⬜" in jan.question().options[1].label
    await jan.tap("done")
    await jan.tap("back")  # their only exchange: back to the main menu
    assert "menu:exchanges" in jan.choice_ids()

    await eva.command("exchanges")
    assert "agenda" not in eva.choice_ids()  # employers do not read the learning agenda
    await eva.tap("checklist")
    assert "item:welcome" in eva.choice_ids()  # the host employer's own list
    await eva.tap("item:welcome")

    await kim.command("exchanges")
    progress = kim.all_text()
    coach_line = _("Preparation of the {part}: {done} of {total} done",
                   part=_("learning coach"), done=1, total=5)  # fmt: skip
    host_line = _("Preparation of the {part}: {done} of {total} done",
                  part=_("host employer"), done=1, total=4)  # fmt: skip
    switcher_line = _("Preparation of the {part}: {done} of {total} done",
                      part=_("switcher"), done=0, total=6)  # fmt: skip
    for line in (coach_line, host_line, switcher_line):
        assert kim.tr(line, "en") in progress
    assert "checklist" not in kim.choice_ids() and "cancel" in kim.choice_ids()
    assert Part.HOST_EMPLOYER.value == "host_employer"


def test_pacing_keeps_one_message_a_second_per_chat_and_a_cap_overall() -> None:
    now = [0.0]
    pacer = Pacer(per_second=25, per_chat_interval=1.0, clock=lambda: now[0])
    same_chat = [pacer.reserve("a") for _ in range(3)]
    assert same_chat == [0.0, 1.0, 2.0]
    many = [pacer.reserve(f"chat{i}") for i in range(50)]
    assert many[0] >= 0.04 and all(b - a >= 0.04 - 1e-9 for a, b in pairwise(many))
    assert many[-1] - many[0] == pytest.approx(49 / 25)  # 25 a second overall, none dropped
