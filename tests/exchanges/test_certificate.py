"""The learning certificate: issued by the coordinator (or when the exchange is done), sent to
the switcher once in their language and stored; on request in another language. The PDF text is
checked by extraction in Dutch and Arabic."""

from __future__ import annotations

import io
from datetime import timedelta

from pypdf import PdfReader

from bot.app import App
from bot.outgoing import OutDocument
from conversations.certificate import TITLE
from storage.exchanges import Exchanges
from tests.exchanges.test_reminder_delivery import walk
from tests.exchanges.world import Outbox, exchange, join
from tests.fakes import Clock, FakeChat


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def documents(outbox: Outbox, chat: FakeChat) -> list[OutDocument]:
    return [m for m in outbox.sent[chat.sender.chat_id] if isinstance(m, OutDocument)]


async def agenda(chat: FakeChat, question: str) -> None:
    await chat.command("agenda")
    await chat.say("trigger")
    await chat.say(question)
    await chat.tap("keep")
    await chat.say("Een buddysysteem opzetten voor nieuwe collega's")
    await chat.tap("skip")
    await chat.tap("skip")
    await chat.tap("more:no")
    for _step in range(6):
        await chat.tap("skip")
    await chat.tap("save")


async def test_the_coordinator_issues_it_once_and_the_switcher_gets_it_in_dutch(
    app: App, clock: Clock, outbox: Outbox
) -> None:
    anna, anna_id = await join(app, clock, "601", "switcher", "Anna Peeters", "nl")
    _jan, jan_id = await join(app, clock, "602", "learning_coach", "Jan De Smet", "nl")
    kim, kim_id = await join(app, clock, "603", "coordinator", "Kim Claes", "en")
    question = "Hoe werkt een buddysysteem voor nieuwe collega's in de praktijk bij jullie?"
    await agenda(anna, question)
    start = clock.now + timedelta(days=5)
    ex = await exchange(app, clock, anna_id, jan_id, kim_id, start, hours=7)

    await kim.command("exchanges")
    assert "issue" not in kim.choice_ids()  # walkthrough 4: not before the exchange took place
    await kim.tap_token(kim.token_for("back").replace(":back", ":issue"))  # forged
    assert "issue" not in kim.choice_ids()
    async with app.db.transaction() as conn:
        assert (await Exchanges(conn).get(ex)).certificate_at is None  # type: ignore[union-attr]
    clock.advance(timedelta(days=5, hours=8))  # the day is over
    await kim.command("exchanges")
    await kim.tap("issue")
    await kim.command("exchanges")
    assert "issue" not in kim.choice_ids()  # issued once
    assert app.scheduler is not None
    await app.scheduler.run_due()
    [pdf] = documents(outbox, anna)
    text = pdf_text(pdf.data)
    assert anna.tr(TITLE, "nl") in text and anna.tr(TITLE, "nl") != "Learning certificate"
    for fact in ("Anna Peeters", "Jan De Smet", "Kim Claes", "Een buddysysteem opzetten"):
        assert fact in text
    assert "7" in text and "buddysysteem" in text
    stored = app.settings.data_dir / "certificates" / f"exchange-{ex}.pdf"
    assert stored.read_bytes() == pdf.data

    # the last day ends: the exchange is done, and no second certificate is sent
    await walk(app, clock, start + timedelta(days=1))
    async with app.db.transaction() as conn:
        assert (await Exchanges(conn).get(ex)).status == "done"  # type: ignore[union-attr]
    assert len(documents(outbox, anna)) == 1


async def test_done_exchange_issues_it_automatically_and_arabic_is_searchable(
    app: App, clock: Clock, outbox: Outbox
) -> None:
    sara, sara_id = await join(app, clock, "611", "switcher", "سارة", "ar")
    _coach, coach_id = await join(app, clock, "612", "learning_coach", "Jan", "nl")
    await agenda(sara, "كيف يعمل نظام المرافقة للزملاء الجدد في الممارسة اليومية عندكم؟")
    start = clock.now + timedelta(days=5)
    await exchange(app, clock, sara_id, coach_id, None, start, hours=6)
    await walk(app, clock, start + timedelta(days=1))
    [pdf] = documents(outbox, sara)
    text = pdf_text(pdf.data)
    title = sara.tr(TITLE, "ar")
    assert title != "Learning certificate"
    assert all(word in text for word in title.split())  # Arabic words are searchable
    assert "سارة" in text and "المرافقة" in text

    # on request, a copy in Dutch for an employer
    await sara.command("exchanges")
    await sara.tap("certificate")
    await sara.tap("cert:nl")
    copy = next(m for m in sara.last.messages if isinstance(m, OutDocument))  # type: ignore[union-attr]
    assert sara.tr(TITLE, "nl") in pdf_text(copy.data) and copy.file_name.endswith("-nl.pdf")
