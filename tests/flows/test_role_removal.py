"""Roles can be removed, and a removed role loses access at once: menus, buttons already on
screen (checked at the tap), an open flow, exchange coordinator access and exports. Also the
programme command line itself."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest

from bot.app import App
from bot.cli import main
from conversations.events import ChoiceIn
from conversations.text import _
from tests.exchanges.world import Outbox
from tests.fakes import Clock, FakeChat
from tests.flows.programme_world import Organisation, organisation

NOT_FOR_YOU = _("This button is not for you, or it is no longer valid.")
COORDINATOR_ENTRIES = ("menu:new_exchange", "menu:cohort", "menu:return_sessions")


Cli = Callable[..., Awaitable[tuple[int, str, str]]]


@pytest.fixture
def cli(app: App, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Cli:
    """`wegwijzer …` on the test's data folder, while the bot keeps running."""
    monkeypatch.setenv("WEGWIJZER_DATA_DIR", str(app.settings.data_dir))

    async def run(*argv: str) -> tuple[int, str, str]:
        code = await asyncio.to_thread(main, list(argv))
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return run


async def test_a_removed_coordinator_loses_menus_buttons_flows_exchanges_and_exports(
    app: App,
    clock: Clock,
    outbox: Outbox,
    cli: Cli,
    tmp_path: Path,
) -> None:
    org: Organisation = await organisation(app, clock, "A", 7200)
    cora: FakeChat = org.chats["coordinator"]
    cora_id = str(org.ids["coordinator"])
    await cora.command("reset")
    menu = cora.question()  # the coordinator's menu stays on screen
    assert set(COORDINATOR_ENTRIES) <= set(cora.choice_ids())
    code, _out, _err = await cli("export", "cohort", "--out", str(tmp_path / "before.xlsx"),
                                 "--coordinator", cora_id)  # fmt: skip
    assert code == 0

    ex = org.exchange_id
    await org.chats["learning_coach"].send(ChoiceIn(choice_id=f"x:att:no:{ex}", seq=0))
    assert app.scheduler is not None
    await app.scheduler.run_due()
    alerted = [t for t in outbox.texts(cora) if "cannot make it" in t]
    assert len(alerted) == 1  # while she coordinates, she is alerted

    code, out, _err = await cli("people", "role", cora_id, "--remove", "coordinator")
    assert code == 0 and "no longer has the role coordinator" in out

    # No more alerts about the exchange (nor her name shown as its coordinator).
    sara = org.chats["switcher"]
    await sara.send(ChoiceIn(choice_id=f"x:att:no:{ex}", seq=0))
    assert "There is no coordinator linked to this exchange" in sara.all_text()
    await app.scheduler.run_due()
    assert [t for t in outbox.texts(cora) if "cannot make it" in t] == alerted

    # The button on screen is checked at the tap: "not for you", and nothing is shown.
    await cora.tap_token(cora.token_for("menu:cohort", menu))
    assert cora.tr(NOT_FOR_YOU, "en") in cora.all_text()
    assert "Report on your exchanges" not in cora.all_text()
    assert not set(COORDINATOR_ENTRIES) & set(cora.choice_ids())  # the menu asked again
    await cora.tap_token(cora.token_for("report:readiness_quiz", menu))
    assert f"{org.marker} Bakery" not in cora.all_text()
    # The exchange she coordinated is no longer hers, nor its agenda.
    await cora.command("exchanges")
    assert org.name("switcher") not in cora.all_text()
    await cora.send(ChoiceIn(choice_id=f"x:agenda:{org.exchange_id}", seq=0))
    assert f"{org.secret}-QUESTION" not in cora.all_text()
    assert cora.tr(NOT_FOR_YOU, "en") in cora.all_text()
    # Exports on her behalf are refused.
    code, _out, err = await cli("export", "cohort", "--out", str(tmp_path / "after.xlsx"),
                                "--coordinator", cora_id)  # fmt: skip
    assert code == 2 and f"person {cora_id} is not a coordinator" in err
    code, _out, err = await cli("people", "list", "--coordinator", cora_id)
    assert code == 2 and "not a coordinator" in err

    # Given back in her programme, she has it all again.
    code, out, _err = await cli(
        "people", "role", cora_id, "--add", "coordinator", "--programme", str(org.programme_id)
    )
    assert code == 0
    await cora.command("reset")
    assert set(COORDINATOR_ENTRIES) <= set(cora.choice_ids())
    await cora.command("exchanges")
    assert org.name("switcher") in cora.all_text()


async def test_a_flow_left_open_ends_at_the_next_tap_after_the_role_is_removed(
    app: App,
    clock: Clock,
    outbox: Outbox,
    cli: Cli,
) -> None:
    org = await organisation(app, clock, "A", 7300)
    cora = org.chats["coordinator"]
    await cora.command("reset")
    await cora.tap("menu:new_exchange")
    pick = cora.token_for(f"p:{org.ids['switcher']}")
    await cli("people", "role", str(org.ids["coordinator"]), "--remove", "coordinator")
    await cora.tap_token(pick)
    assert cora.tr(NOT_FOR_YOU, "en") in cora.all_text()
    assert "learning coach" not in cora.all_text()  # the set-up did not go on
    assert "menu:new_exchange" not in cora.choice_ids()


async def test_people_role_errors_are_one_clear_line(app: App, clock: Clock, cli: Cli) -> None:
    code, _out, err = await cli("people", "role", "999", "--remove", "coordinator")
    assert code == 2 and "no person with id 999" in err
    from tests.exchanges.world import join

    _chat, anna = await join(app, clock, "7401", "switcher", "Anna")
    code, _out, err = await cli("people", "role", str(anna), "--remove", "coordinator")
    assert code == 2 and "does not have the role coordinator" in err
    code, _out, err = await cli("people", "role", str(anna), "--add", "mentor", "--programme", "42")
    assert code == 2 and "no programme 42" in err


async def test_programmes_from_the_command_line(app: App, clock: Clock, cli: Cli) -> None:
    code, out, _err = await cli("programme", "create", "Stad Gent")
    assert code == 0
    gent = int(out.strip())
    assert gent != 1  # 1 is the default programme
    code, out, _err = await cli("invite", "--role", "coordinator", "--programme", str(gent))
    assert code == 0 and f"Programme: {gent}" in out
    invite = next(line.split()[-1] for line in out.splitlines() if line.startswith("Invite code"))
    chat = FakeChat(app, "7500", display_name="Cora")
    await chat.command("start", invite)
    await chat.tap("lang:en")
    await chat.tap("consent:yes")
    await chat.tap("name:platform")
    from storage.people import People

    async with app.db.transaction() as conn:
        identity = await People(conn).find_identity("fake", "7500")
    assert identity is not None
    cora = identity.user_id
    # an invite made on her behalf takes her (only) programme
    code, out, _err = await cli("invite", "--role", "switcher", "--by", str(cora))
    assert code == 0 and f"Programme: {gent}" in out
    code, out, _err = await cli("programme", "list")
    rows = {line.split("  ")[0]: line for line in out.splitlines()[1:]}
    assert "Stad Gent" in rows[str(gent)] and rows[str(gent)].endswith(str(cora))
    code, _out, err = await cli("invite", "--role", "switcher", "--programme", "77")
    assert code == 2 and "no programme 77" in err
    # coordinating two programmes, an invite on her behalf must say which one
    code, out, _err = await cli("programme", "create", "Stad Brugge")
    brugge = out.strip()
    await cli("people", "role", str(cora), "--add", "coordinator", "--programme", brugge)
    code, _out, err = await cli("invite", "--role", "switcher", "--by", str(cora))
    assert code == 2 and f"coordinates {gent}, {brugge}; name one" in err
    code, out, _err = await cli(
        "invite", "--role", "switcher", "--by", str(cora), "--programme", brugge
    )
    assert code == 0 and f"Programme: {brugge}" in out
    # a newcomer without an invite joins the default programme
    newcomer = FakeChat(app, "7501", display_name="Nour")
    await newcomer.command("start")
    await newcomer.tap("lang:en")
    await newcomer.tap("consent:yes")
    await newcomer.tap("name:platform")
    from storage.programmes import Programmes

    async with app.db.transaction() as conn:
        found = await People(conn).find_identity("fake", "7501")
        assert found is not None
        assert await Programmes(conn).of_person(found.user_id) == [1]
        assert await Programmes(conn).of_person(cora) == [gent, int(brugge)]
