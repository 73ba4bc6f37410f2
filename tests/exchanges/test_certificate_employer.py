"""The learning certificate as the draaiboek means it (seeds review, "Certificate"): proof for
the sending employer of the training hours (002:597, 872), so they get it too, under the
draaiboek's tagline "leren door te beleven" (002:7)."""

from __future__ import annotations

from datetime import timedelta

from bot.app import App
from bot.reminders.service import create_exchange
from storage.exchanges import NewExchange
from tests.exchanges.test_certificate import documents, pdf_text
from tests.exchanges.test_reminder_delivery import walk
from tests.exchanges.world import Outbox, join
from tests.fakes import Clock


async def test_the_sending_employer_gets_the_certificate_as_proof_of_training_hours(
    app: App, clock: Clock, outbox: Outbox
) -> None:
    """Seeds review, certificate: it went to the switcher only, and its tagline was "learning
    by exchange" instead of the draaiboek's "leren door te beleven"."""
    anna, anna_id = await join(app, clock, "611", "switcher", "Anna Peeters", "nl")
    _jan, jan_id = await join(app, clock, "612", "learning_coach", "Jan De Smet", "nl")
    els, els_id = await join(app, clock, "613", "employer", "Els Vermeulen", "fr")
    start = clock.now + timedelta(days=5)
    new = NewExchange(anna_id, jan_id, "Gent", ((start, start + timedelta(hours=7)),),
                      sending_contact_id=els_id)  # fmt: skip
    async with app.db.transaction() as conn:
        ex = await create_exchange(conn, app.settings, new, clock.now)
    await walk(app, clock, start + timedelta(days=1))

    [mine] = documents(outbox, anna)
    assert "leren door te beleven" in pdf_text(mine.data)
    [theirs] = documents(outbox, els)
    text = pdf_text(theirs.data)
    assert "Anna Peeters" in text and "7" in text
    said = theirs.caption or ""
    assert "Anna Peeters" in said and "heures de formation" in said  # in Els's French
    stored = app.settings.data_dir / "certificates" / f"exchange-{ex}.pdf"
    assert stored.read_bytes() == mine.data  # the copy kept is the switcher's, as sent
