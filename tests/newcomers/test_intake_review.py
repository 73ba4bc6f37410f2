"""`/intake` shows the current answers and changes one of them (walkthrough finding 19): it
started all thirteen questions again, showed nothing of the earlier answers, and "Done" on the
languages question without ticking them again lost them."""

from __future__ import annotations

from typing import Any

from bot.app import App
from conversations.text import Msg
from storage.responses import Responses
from tests.exchanges.world import join
from tests.fakes import Clock, FakeChat
from tests.newcomers.world import NURSE, take_intake


async def latest_answers(app: App, person: int) -> dict[str, Any]:
    async with app.db.read() as conn:
        done = [r for r in await Responses(conn).of_user(person, "newcomer_intake")
                if r.completed_at]  # fmt: skip
    return dict(max(done, key=lambda r: r.completed_at).answers)  # type: ignore[arg-type,return-value]


def label(chat: FakeChat, msgid: str, locale: str) -> str:
    return chat.tr(Msg(msgid=msgid), locale)


async def test_intake_shows_the_answers_and_changes_only_the_dutch_level(
    app: App, clock: Clock
) -> None:
    layla, person = await join(app, clock, "791", "newcomer", "Layla", "ar")
    await take_intake(layla, {**NURSE, "experience": 4}, aim="ممرضة")
    before = await latest_answers(app, person)
    await layla.command("intake")
    shown = layla.all_text()
    assert label(layla, "Recognised refugee", "ar") in shown  # the current answers are shown
    assert label(layla, "A little (A1)", "ar") in shown and "ممرضة" in shown
    assert "edit:dutch_level" in layla.choice_ids()
    await layla.tap("edit:dutch_level")
    assert label(layla, "How well do you speak Dutch?", "ar") in layla.question().text
    await layla.tap("opt:b1")
    after = await latest_answers(app, person)
    assert after == {**before, "dutch_level": "b1"}  # one answer changed, nothing lost


async def test_a_multi_choice_answer_is_ticked_already(app: App, clock: Clock) -> None:
    omar, person = await join(app, clock, "792", "newcomer", "Omar", "en")
    await take_intake(omar, {**NURSE, "languages": ["ar", "en"]})
    await omar.command("intake")
    await omar.tap("edit:languages")
    labels = [o.label for o in omar.question().options]
    assert "✓ Arabic" in labels and "✓ English" in labels  # what was chosen before
    await omar.tap("nav:done")
    assert (await latest_answers(app, person))["languages"] == ["ar", "en"]


async def test_all_questions_can_still_be_answered_again(app: App, clock: Clock) -> None:
    tesfay, _person = await join(app, clock, "793", "newcomer", "Tesfay", "en")
    await take_intake(tesfay, NURSE)
    await tesfay.command("intake")
    await tesfay.tap("nav:again")
    assert "What is your residence situation in Belgium?" in tesfay.question().text
