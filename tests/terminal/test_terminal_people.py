"""The terminal chat is one person's chat (walkthrough findings 1 and 28)."""

from __future__ import annotations

import ast
import io
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.app import App
from bot.terminal.chat import TerminalChat, parse_line
from conversations.common import not_a_choice
from conversations.events import CommandIn, TextIn
from storage.invites import Invites
from storage.people import People
from storage.reminders import Reminders
from tests.exchanges.conftest import FAST
from tests.exchanges.world import exchange
from tests.fakes import Clock, FakeChat


async def join_terminal(app: App, clock: Clock, user: str, role: str, language: str) -> int:
    """Someone who signed up in `wegwijzer chat --user USER`."""
    async with app.db.transaction() as conn:
        code = (await Invites(conn).create(role, 1, clock.now + timedelta(days=7), clock.now)).code
    chat = FakeChat(app, user, display_name=user.title(), platform="terminal")
    await chat.command("start", code)
    await chat.tap(f"lang:{language}")
    await chat.tap("consent:yes")
    await chat.tap("name:platform")
    async with app.db.transaction() as conn:
        identity = await People(conn).find_identity("terminal", user)
    assert identity is not None
    return identity.user_id


def terminal(app: App, user: str, lines: str = "") -> tuple[TerminalChat, io.StringIO]:
    out = io.StringIO()
    return TerminalChat(app, user, io.StringIO(lines), out), out


async def test_a_terminal_prints_only_its_own_persons_notices(app: App, clock: Clock) -> None:
    """Finding 1: a new exchange's notices for Anna and Jan printed in whichever terminal was
    open (the coordinator's), and were marked sent: Anna never saw hers. Now each terminal
    prints only its own --user's rows; the others wait for their own chat."""
    anna = await join_terminal(app, clock, "anna", "switcher", "nl")
    jan = await join_terminal(app, clock, "jan", "learning_coach", "fr")
    katrien = await join_terminal(app, clock, "katrien", "coordinator", "en")
    await app.start_scheduler(wake=False, pacer=FAST)
    _chat, katrien_out = terminal(app, "katrien")
    await exchange(app, clock, anna, jan, katrien, clock.now + timedelta(days=10), place="Gent")
    await app.scheduler.run_due()  # type: ignore[union-attr]
    assert "Gent" not in katrien_out.getvalue()
    async with app.db.read() as conn:
        waiting = [r for r in await Reminders(conn).pending() if r.due_at <= clock.now]
    assert {r.person_id for r in waiting} == {anna, jan}

    _chat, anna_out = terminal(app, "anna")
    await app.scheduler.run_due()  # type: ignore[union-attr]
    assert "Gent" in anna_out.getvalue() and "Ik ben erbij" in anna_out.getvalue()
    assert "Je serai là" not in anna_out.getvalue()  # Jan's (French) notice waits for Jan
    _chat, jan_out = terminal(app, "jan")
    await app.scheduler.run_due()  # type: ignore[union-attr]
    assert "Gent" in jan_out.getvalue()


async def test_the_terminal_speaks_the_persons_language(app: App, clock: Clock) -> None:
    """Finding 28: the first line was always in the default language (Dutch), and hints said
    "tap a button" where there are no buttons."""
    await join_terminal(app, clock, "layla", "switcher", "ar")
    chat, out = terminal(app, "layla", "3\nhello\n")
    await chat.run()
    tz = ZoneInfo(app.settings.timezone)
    arabic = app.translator.render(not_a_choice(TextIn(text="x")), "ar", tz)
    assert "Wegwijzer" in out.getvalue().splitlines()[1]
    assert "terminal" not in out.getvalue().splitlines()[1]  # not the English line
    assert arabic not in out.getvalue()  # the "tap a button" hint is not printed ...
    typed = app.translator.gettext("ar", "Please choose one of the options: type its number.")
    assert typed in out.getvalue()  # ... its terminal wording is, in Arabic


async def test_attach_errors_read_well(app: App, clock: Clock) -> None:
    """Finding 28: `/attach` without a path said "There is no file at .." (the path '.' and
    a full stop)."""
    await join_terminal(app, clock, "bo", "switcher", "en")
    chat, out = terminal(app, "bo", "/attach\n/attach /no/such/file.ogg\n")
    await chat.run()
    text = out.getvalue()
    assert "Send /attach followed by the path of a file" in text
    assert "..\n" not in text and "at ." not in text
    assert "I cannot find the file “/no/such/file.ogg”." in text


def test_a_telegram_style_command_suffix_is_understood() -> None:
    """Finding 28: `/exchanges@bot` was an unknown command."""
    assert parse_line("/exchanges@wegwijzer_bot") == CommandIn(name="exchanges")


def flow_msgids(root: Path) -> set[str]:
    """Every literal passed to `_()` in the flows and the bot, except the terminal's own."""
    found: set[str] = set()
    for path in [*root.glob("conversations/**/*.py"), *root.glob("bot/**/*.py")]:
        if path.name == "wording.py":
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in ("_", "N_")
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                found.add(str(node.args[0].value))
    return found


def test_every_reworded_hint_is_a_sentence_the_flows_really_use() -> None:
    """Finding 28: the terminal swaps "tap" hints by their msgid; a hint reworded in a flow
    would silently stop being swapped, so each must still be used outside the terminal."""
    from bot.i18n import Translator
    from bot.terminal.wording import TYPED

    translator = Translator()
    used = flow_msgids(Path(__file__).parents[2])
    for tap, typed in TYPED.items():
        assert tap in used, tap
        for locale in ("nl", "ar", "uk"):
            assert translator.gettext(locale, typed) != typed, (locale, typed)
            assert translator.gettext(locale, tap) != translator.gettext(locale, typed)
