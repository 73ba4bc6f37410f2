"""The learning certificate can be withdrawn by the coordinator and names the sending
organisation (walkthrough finding 4: one tap issued it and nothing could undo it; the PDF did
not say who sent the switcher)."""

from __future__ import annotations

from datetime import timedelta

from bot.app import App
from bot.reminders.service import create_exchange
from conversations.text import _
from storage.exchanges import Exchanges, NewExchange
from tests.exchanges.test_certificate import documents, pdf_text
from tests.exchanges.world import Outbox, join
from tests.fakes import Clock


async def test_the_coordinator_withdraws_an_issued_certificate(
    app: App, clock: Clock, outbox: Outbox
) -> None:
    anna, anna_id = await join(app, clock, "651", "switcher", "Anna Peeters", "nl")
    _jan, jan_id = await join(app, clock, "652", "learning_coach", "Jan De Smet", "nl")
    kim, kim_id = await join(app, clock, "653", "coordinator", "Kim Claes", "en")
    start = clock.now + timedelta(days=1)
    new = NewExchange(anna_id, jan_id, "Gent", ((start, start + timedelta(hours=7)),), kim_id,
                      sending_org="Stad Gent", host_org="Bakkerij Janssens")  # fmt: skip
    async with app.db.transaction() as conn:
        ex = await create_exchange(conn, app.settings, new, clock.now)
    clock.advance(timedelta(days=2))
    await kim.command("exchanges")
    await kim.tap("issue")
    assert app.scheduler is not None
    await app.scheduler.run_due()
    [pdf] = documents(outbox, anna)
    assert "Stad Gent" in pdf_text(pdf.data)  # the sending organisation is named
    stored = app.settings.data_dir / "certificates" / f"exchange-{ex}.pdf"
    assert stored.exists()

    await kim.command("exchanges")
    await kim.tap("withdraw")
    assert kim.tr(_("No, keep it"), "en") in [o.label for o in kim.question().options]
    await kim.tap("withdraw:yes")
    async with app.db.read() as conn:
        assert (await Exchanges(conn).get(ex)).certificate_at is None  # type: ignore[union-attr]
    assert not stored.exists()
    await app.scheduler.run_due()
    told = outbox.texts(anna)
    assert any("Gent" in t and "ingetrokken" in t for t in told), told
    await anna.command("exchanges")
    assert "certificate" not in anna.choice_ids()
    await kim.command("exchanges")
    assert "issue" in kim.choice_ids() and "withdraw" not in kim.choice_ids()  # issue again


async def test_a_withdrawal_can_be_called_off(app: App, clock: Clock, outbox: Outbox) -> None:
    _anna, anna_id = await join(app, clock, "661", "switcher", "Anna", "en")
    _jan, jan_id = await join(app, clock, "662", "learning_coach", "Jan", "en")
    kim, kim_id = await join(app, clock, "663", "coordinator", "Kim", "en")
    start = clock.now + timedelta(days=1)
    new = NewExchange(anna_id, jan_id, "Gent", ((start, start + timedelta(hours=7)),), kim_id)
    async with app.db.transaction() as conn:
        ex = await create_exchange(conn, app.settings, new, clock.now)
    clock.advance(timedelta(days=2))
    await kim.command("exchanges")
    await kim.tap("issue")
    await kim.command("exchanges")
    await kim.tap("withdraw")
    await kim.tap("withdraw:no")
    async with app.db.read() as conn:
        assert (await Exchanges(conn).get(ex)).certificate_at is not None  # type: ignore[union-attr]
