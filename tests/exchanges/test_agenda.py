"""The learning agenda: the interview (SMART follow-ups, voice answers), versions with their
author, the coach's additions, the PDF, and who may see it."""

from __future__ import annotations

import io
from datetime import UTC, datetime

from pypdf import PdfReader

from bot.app import App
from bot.outgoing import OutDocument
from conversations.common import NOT_YOURS
from conversations.events import ChoiceIn, MediaIn, MediaInfo
from conversations.text import _
from storage.agendas import Agendas
from storage.media import MediaFiles
from tests.exchanges.world import Outbox, exchange, join
from tests.fakes import Clock

START = datetime(2026, 11, 16, 8, 0, tzinfo=UTC)
QUESTION = "Hoe werkt een buddysysteem voor nieuwe collega's in de praktijk bij jullie?"
FOLLOW_UP = _(
    "Can you make it more concrete? In which situation do you want to do what, "
    'differently than now? For example, "getting better at welcoming newcomers on '
    'the work floor" is still vague; "learning to work better with software package '
    'X" is clear.'
)


async def test_the_interview_in_dutch_asks_follow_ups_and_saves_a_version(
    app: App, clock: Clock, outbox: Outbox
) -> None:
    anna, anna_id = await join(app, clock, "301", "switcher", "Anna Peeters", "nl")

    async def fetch(ref: str) -> bytes:
        return b"OggS" + b"\0" * 3996

    app.dispatcher.fetchers["fake"] = fetch
    await anna.command("agenda")
    await anna.send(MediaIn(media_kind="voice", media=MediaInfo(ref="v1", size=4000, duration=12)))
    await anna.say("beter onthalen")
    assert anna.tr(FOLLOW_UP, "nl") in anna.all_text()
    await anna.say(QUESTION)  # more concrete: asked once, in every language alike
    await anna.say("Een buddysysteem opzetten voor nieuwe collega's in mijn team")
    await anna.say("Er is een buddyplan dat mijn team gebruikt")
    await anna.say("tegen maart")
    await anna.tap("more:yes")
    await anna.say("Drie vragen klaar hebben voor het gesprek met HR")
    await anna.tap("skip")  # observable: the bot says it helps to add it later
    await anna.tap("skip")
    assert "/agenda" in anna.all_text()
    await anna.tap("more:no")
    await anna.tap("skip")
    await anna.say("De HR-verantwoordelijke")
    await anna.tap("skip")
    await anna.say("Gent")
    await anna.tap("travel:30")
    await anna.say("dinsdag en donderdag")
    summary = anna.all_text()
    assert QUESTION in summary and "tegen maart" in summary
    await anna.tap("save")

    async with app.db.transaction() as conn:
        versions = await Agendas(conn).versions(anna_id)
        content = versions[0].content
        media = await MediaFiles(conn).get(content["trigger"]["media"]["media_id"])
    assert [v.version for v in versions] == [1] and versions[0].author_id == anna_id
    assert content["question"]["text"] == QUESTION
    assert content["trigger"]["media"]["media"] == "voice"  # kept as a voice note
    assert [g["by_when"] for g in content["goals"]] == ["tegen maart", None]
    assert content["travel"] == "30" and content["dates"] == "dinsdag en donderdag"
    assert media is not None and media.size == 4000

    # a second run starts at the summary; changing one part makes version 2
    await anna.command("agenda")
    await anna.tap("change")
    await anna.tap("part:curious")
    await anna.say("Hoe ze het eerste weekje plannen")
    await anna.tap("save")
    async with app.db.transaction() as conn:
        versions = await Agendas(conn).versions(anna_id)
    assert [v.version for v in versions] == [1, 2]
    assert versions[1].content["curious"]["text"] == "Hoe ze het eerste weekje plannen"
    assert versions[1].content["question"]["text"] == QUESTION  # the rest is kept


async def test_in_arabic_the_coach_adds_a_programme_and_both_get_the_pdf(
    app: App, clock: Clock, outbox: Outbox
) -> None:
    sara, sara_id = await join(app, clock, "311", "switcher", "سارة", "ar")
    coach, coach_id = await join(app, clock, "312", "learning_coach", "Jan De Smet", "nl")
    await sara.command("agenda")
    await sara.say("فريقنا ينمو بسرعة")
    await sara.say("كيف يعمل نظام المرافقة للزملاء الجدد في الممارسة اليومية عندكم؟")
    await sara.tap("keep")
    await sara.say("إعداد نظام مرافقة للزملاء الجدد في فريقي")
    await sara.say("خطة مكتوبة يستخدمها الفريق")
    await sara.say("قبل شهر مارس")
    await sara.tap("more:no")
    for _step in range(3):
        await sara.tap("skip")
    await sara.say("غنت")
    await sara.tap("travel:60")
    await sara.tap("skip")
    await sara.tap("save")
    ex = await exchange(app, clock, sara_id, coach_id, None, START)

    await coach.command("exchanges")
    await coach.tap("agenda")
    assert "كيف يعمل نظام المرافقة" in coach.all_text()
    await coach.tap("add:programme")
    await coach.say("09:00 onthaal, 10:00 meelopen met een buddy, 14:00 gesprek met HR")
    assert app.scheduler is not None
    await app.scheduler.run_due()
    told = _("{name} added to the learning agenda for your exchange at {place}. Open it from "
             "/exchanges.", name="Jan De Smet", place="Bakkerij Janssens, Gent")  # fmt: skip
    assert sara.tr(told, "ar") in outbox.texts(sara)

    async with app.db.transaction() as conn:
        versions = await Agendas(conn).versions(sara_id)
    assert [(v.version, v.author_id) for v in versions] == [(1, sara_id), (2, coach_id)]

    await sara.command("agenda")
    await sara.tap("pdf")
    pdf = next(m for m in sara.last.messages if isinstance(m, OutDocument))  # type: ignore[union-attr]
    text = PdfReader(io.BytesIO(pdf.data)).pages[0].extract_text()
    title = sara.tr(_("Learning agenda"), "ar")
    assert title != "Learning agenda"
    # Arabic words are searchable (pypdf gives right-to-left lines in visual word order)
    assert all(word in text for word in title.split())
    assert "meelopen met een buddy" in text  # the coach's programme
    assert "سارة" in text and pdf.mime_type == "application/pdf"

    await coach.command("exchanges")
    await coach.tap("agenda")
    await coach.tap("pdf")
    coach_pdf = next(m for m in coach.last.messages if isinstance(m, OutDocument))  # type: ignore[union-attr]
    coach_text = PdfReader(io.BytesIO(coach_pdf.data)).pages[0].extract_text()
    assert coach.tr(_("Learning agenda"), "nl") in coach_text  # the coach reads Dutch
    assert ex
    # walkthrough 31: which exchange it is, and the programme one item per line
    assert "Leeruitwisseling bij Bakkerij Janssens, Gent" in coach_text
    lines = [line.strip() for line in coach_text.splitlines()]
    assert "• 10:00 meelopen met een buddy" in lines and "• 14:00 gesprek met HR" in lines
    assert "Bakkerij Janssens, Gent" in text  # the switcher's own copy says it too


async def test_nobody_sees_an_agenda_outside_their_own_exchange(
    app: App, clock: Clock, outbox: Outbox
) -> None:
    anna, anna_id = await join(app, clock, "321", "switcher", "Anna", "en")
    bert, bert_id = await join(app, clock, "322", "switcher", "Bert", "en")
    coach_a, ca_id = await join(app, clock, "323", "learning_coach", "Coach A", "en")
    _coach_b, cb_id = await join(app, clock, "324", "learning_coach", "Coach B", "en")
    secrets = (
        (anna, "Anna's secret learning question about how buddies welcome new people"),
        (bert, "Bert's secret learning question about how teams plan their weekly work"),
    )
    for chat, secret in secrets:
        await chat.command("agenda")
        await chat.say("trigger")
        await chat.say(secret)
        await chat.tap("keep")
        await chat.say("one two three four five")
        for _step in range(2):
            await chat.tap("skip")
        await chat.tap("more:no")
        for _step in range(3):
            await chat.tap("skip")
        await chat.tap("skip")
        await chat.tap("skip")
        await chat.tap("skip")
        await chat.tap("save")
    ex_a = await exchange(app, clock, anna_id, ca_id, None, START)
    ex_b = await exchange(app, clock, bert_id, cb_id, None, START)

    await coach_a.command("exchanges")
    assert "Bert" not in coach_a.all_text()
    for forged in (f"x:agenda:{ex_b}", f"ex:{ex_b}", f"x:open:{ex_b}"):
        await coach_a.send(ChoiceIn(choice_id=forged, seq=0))
        assert "Bert's secret" not in coach_a.all_text()
    await coach_a.send(ChoiceIn(choice_id=f"x:agenda:{ex_b}", seq=0))
    assert coach_a.tr(NOT_YOURS, "en") in coach_a.all_text()
    await coach_a.send(ChoiceIn(choice_id=f"x:agenda:{ex_a}", seq=0))
    assert "Anna's secret" in coach_a.all_text()  # their own switcher's agenda: yes

    await bert.send(ChoiceIn(choice_id=f"x:agenda:{ex_a}", seq=0))
    assert "Anna's secret" not in bert.all_text()
    assert bert.tr(NOT_YOURS, "en") in bert.all_text()
    await bert.command("exchanges")
    current = bert.question()
    await bert.send(ChoiceIn(choice_id="agenda", seq=int(current.options[0].token.split(":")[0])))
    assert "Anna's secret" not in bert.all_text() and "Bert's secret" in bert.all_text()
