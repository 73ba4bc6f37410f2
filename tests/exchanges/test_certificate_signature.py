"""Walkthrough 31: the certificate the switcher receives names the sending organisation and
ends in a signature block with the coordinator and the programme (coordinating organisation)
they sign for, the date and a line to sign."""

from __future__ import annotations

from datetime import timedelta

from bot.app import App
from bot.reminders.service import create_exchange
from storage.exchanges import NewExchange
from tests.exchanges.test_certificate import documents, pdf_text
from tests.exchanges.test_reminder_delivery import walk
from tests.exchanges.world import Outbox, join, programme
from tests.fakes import Clock


async def test_the_switchers_certificate_is_signed_for_the_programme(
    app: App, clock: Clock, outbox: Outbox
) -> None:
    """Walkthrough 31: no sending organisation, no signature – now both, from the exchange."""
    gent = await programme(app, clock, "Switching Talent Gent")
    anna, anna_id = await join(app, clock, "3101", "switcher", "Anna Peeters", "nl", gent)
    _jan, jan_id = await join(app, clock, "3102", "learning_coach", "Jan", "nl", gent)
    _kim, kim_id = await join(app, clock, "3103", "coordinator", "Kim Claes", "nl", gent)
    start = clock.now + timedelta(days=2)
    new = NewExchange(anna_id, jan_id, "Gent", ((start, start + timedelta(hours=7)),), kim_id,
                      sending_org="OCMW Aalst", host_org="Bakkerij Janssens",
                      programme_id=gent)  # fmt: skip
    async with app.db.transaction() as conn:
        await create_exchange(conn, app.settings, new, clock.now)
    await walk(app, clock, start + timedelta(days=1))  # done: the certificate comes by itself
    [pdf] = documents(outbox, anna)
    text = pdf_text(pdf.data)
    assert "OCMW Aalst" in text and "leren door te beleven" in text
    assert "Kim Claes, coördinator voor Switching Talent Gent" in text
    assert "Handtekening" in text
