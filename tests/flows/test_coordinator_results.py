"""Coordinators see readiness-quiz results of the organisations they invited, and only those."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from bot.app import App
from bot.outgoing import OutImage
from bot.settings import Settings, load_settings
from storage.invites import Invites
from tests.fakes import Clock, FakeChat
from tests.flows.test_onboarding import person_of

REPORT = "report:readiness_quiz"


@pytest.fixture
def settings(data_dir: Path) -> Settings:
    """These tests are about grouping and averaging, so one answer is a group here; the
    minimum group size has its own tests (tests/flows/test_role_matrix.py)."""
    return load_settings(data_dir=data_dir, min_group=1)


async def join(app: App, user: str, code: str | None, language: str = "en") -> FakeChat:
    chat = FakeChat(app, user, display_name=f"Person {user}")
    await (chat.command("start", code) if code else chat.command("start"))
    await chat.tap(f"lang:{language}")
    await chat.tap("consent:yes")
    await chat.tap("name:platform")
    return chat


async def invite(
    app: App, clock: Clock, role: str, by: int | None = None, label: str | None = None
) -> str:
    async with app.db.transaction() as conn:
        made = await Invites(conn).create(
            role, 10, clock.now + timedelta(days=7), clock.now, created_by=by, label=label
        )
    return made.code


async def take_quiz(chat: FakeChat, bond: str) -> None:
    """`bond` decides trust (little = 1, trust = 3); the rest is the same for everyone."""
    await chat.command("quiz")
    await chat.tap(f"opt:{bond}")
    for answer in ["opt:far", "opt:few", "opt:easy", "opt:easy", "opt:very", "opt:many"]:
        await chat.tap(answer)
    await chat.tap("nav:skip")
    for _ in range(3):
        await chat.tap("opt:yes")


async def coordinator(
    app: App, clock: Clock, user: str, language: str = "en"
) -> tuple[FakeChat, int]:
    chat = await join(app, user, await invite(app, clock, "coordinator"), language)
    return chat, (await person_of(app, chat)).id


async def test_a_coordinator_sees_each_invited_organisation_and_the_average(
    app: App, clock: Clock
) -> None:
    coord, coord_id = await coordinator(app, clock, "5000")
    other, other_id = await coordinator(app, clock, "5001")
    bakery = await invite(app, clock, "participant", coord_id, "Bakkerij Janssens")
    care = await invite(app, clock, "participant", coord_id, "Zorg Oost")
    elsewhere = await invite(app, clock, "participant", other_id, "Elders NV")
    await take_quiz(await join(app, "5101", bakery), "little")
    await take_quiz(await join(app, "5102", bakery), "trust")
    await take_quiz(await join(app, "5103", care), "trust")
    await take_quiz(await join(app, "5104", elsewhere), "little")
    await take_quiz(await join(app, "5105", None), "little")  # no invite at all
    unfinished = await join(app, "5106", care)
    await unfinished.command("quiz")
    await unfinished.tap("opt:little")

    await coord.command("menu")
    await coord.tap(REPORT)
    text = coord.all_text()
    assert any(isinstance(m, OutImage) for m in coord.last.messages)  # type: ignore[union-attr]
    assert "3 people you invited have completed the quiz" in text
    # (1 + 3) / 2: "they know each other and meet" is not yet trust (seeds review §2b)
    bakery_line = "Bakkerij Janssens (2 answers)\nBond and trust: not yet a bond of trust (2 of 3)"
    assert bakery_line in text
    assert "Zorg Oost (1 answer)\nBond and trust: a bond of trust (3 of 3)" in text
    # average over the two organisations: (2 + 3) / 2
    assert "Average level per point:\nBond and trust: a bond of trust (2.5 of 3)" in text
    assert "Elders NV" not in text and "(1 of 3)" not in text
    assert REPORT in coord.choice_ids()  # the menu comes back

    await other.command("menu")
    await other.tap(REPORT)
    elders = "Elders NV (1 answer)\nBond and trust: not yet a bond of trust (1 of 3)"
    assert elders in other.all_text()
    assert "Bakkerij" not in other.all_text()


async def test_a_retake_replaces_the_earlier_result_in_the_view(app: App, clock: Clock) -> None:
    coord, coord_id = await coordinator(app, clock, "5200")
    chat = await join(app, "5201", await invite(app, clock, "participant", coord_id, "Atelier"))
    await take_quiz(chat, "little")
    clock.advance(timedelta(days=20))
    await take_quiz(chat, "trust")
    await coord.command("menu")
    await coord.tap(REPORT)
    assert "Atelier (1 answer)\nBond and trust: a bond of trust (3 of 3)" in coord.all_text()


async def test_before_anyone_finished_the_coordinator_is_told_so_in_their_language(
    app: App, clock: Clock
) -> None:
    from conversations.text import Msg, _

    coord, _id = await coordinator(app, clock, "5300", language="nl")
    await coord.command("menu")
    await coord.tap(REPORT)
    expected = _(
        "Nobody you invited has completed “{title}” yet. Results appear here as "
        "soon as someone finishes it.",
        title=Msg(msgid="Ready to start switching?"),
    )
    assert coord.tr(expected, "nl") in coord.all_text()
    assert coord.tr(expected, "nl") != coord.tr(expected, "en")


async def test_participants_have_no_results_entry_and_a_forged_tap_shows_nothing(
    app: App, clock: Clock
) -> None:
    _coord, coord_id = await coordinator(app, clock, "5400")
    code = await invite(app, clock, "participant", coord_id, "Atelier")
    await take_quiz(await join(app, "5401", code), "trust")
    nosy = await join(app, "5402", code)
    await nosy.command("menu")
    assert REPORT not in nosy.choice_ids()
    token = nosy.question().options[0].token.replace("menu:help", REPORT)
    from bot.outgoing import parse_choice_token

    forged = parse_choice_token(token)
    await nosy.send(forged)
    assert "Atelier" not in nosy.all_text()
    assert "score" not in nosy.all_text()
