"""Nothing personal in the logs at any level (review MED-5): a whole journey on Telegram (real
python-telegram-bot against the Bot API on 127.0.0.1) at DEBUG — onboarding with a distinctive
name, the intake with a distinctive typed answer, a reflection — plus a crash whose exception
message quotes what was typed. Every line of every logger is captured and searched."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Awaitable, Callable, Iterator
from datetime import timedelta
from typing import Any

import pytest

from bot.logs import configure
from bot.reminders.service import create_exchange
from storage.exchanges import NewExchange
from tests.newcomers.world import NURSE
from tests.telegram.botapi_server import BotApiServer
from tests.telegram.conftest import RunningBot
from tests.telegram.person import TelegramPerson
from tests.telegram.test_exchange_telegram import onboard

StartBot = Callable[[], Awaitable[RunningBot]]
NAME = "Zephyrine"
TYPED_NAME = "Quillonia Vantersloot"
AIM = "Harbourpilot of the Brugge Zeebrugge lighthouse"
REFLECTION = "Marmalade boardroom ritual every Tuesday"
CRASH = "Crashword Vortexia"


@pytest.fixture(params=["text", "json"])
def debug_log(botapi: BotApiServer, request: pytest.FixtureRequest) -> Iterator[io.StringIO]:
    """`WEGWIJZER_LOG_LEVEL=DEBUG` as `wegwijzer run` configures it, written to a buffer; in
    text lines and in JSON lines (`WEGWIJZER_LOG_FORMAT=json`, issue 18 item 4)."""
    root = logging.getLogger()
    libraries = [name for name in logging.root.manager.loggerDict if "." not in name]
    saved = root.handlers[:], root.level, {n: logging.getLogger(n).level for n in libraries}
    buffer = io.StringIO()
    configure("DEBUG", [botapi.token], fmt=request.param, worker="worker-a")
    [handler] = root.handlers
    assert isinstance(handler, logging.StreamHandler)
    handler.setStream(buffer)
    try:
        yield buffer
    finally:
        root.handlers[:] = saved[0]
        root.setLevel(saved[1])
        for name, level in saved[2].items():
            logging.getLogger(name).setLevel(level)


async def test_a_journey_at_debug_leaves_no_name_answer_or_text_in_the_log(
    botapi: BotApiServer,
    telegram_bot: StartBot,
    debug_log: io.StringIO,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    bot = await telegram_bot()
    app = bot.app
    assert app is not None
    # Onboarding with a name typed in, then the newcomer intake with a typed answer.
    amal = TelegramPerson(botapi, 8801, "en", NAME)
    await amal.say("/start")
    await amal.tap("lang:en")
    await amal.tap("consent:yes")
    await amal.say(TYPED_NAME)
    await amal.say("/plan")
    form = app.library.forms["newcomer_intake"]
    answers: dict[str, Any] = {**NURSE, "languages": ["en"]}
    for question in form.questions:
        if question.show_if and answers.get(question.show_if.question) not in (
            question.show_if.any_of
        ):
            continue
        value = answers.get(question.id)
        if question.id == "aim":
            await amal.say(AIM)
        elif value is None:
            await amal.tap("nav:skip")
        elif question.type == "multi":
            for option in value:
                await amal.tap(f"opt:{option}")
            await amal.tap("nav:done")
        else:
            await amal.tap(f"opt:{value}")

    # A reflection by a switcher.
    anna, anna_id = await onboard(bot, botapi, 8802, "switcher", "en", NAME + "-Switcher")
    _jan, jan_id = await onboard(bot, botapi, 8803, "learning_coach", "en", "Jan")
    start = bot.clock.now + timedelta(days=2)
    new = NewExchange(anna_id, jan_id, "Bakkerij", ((start, start + timedelta(hours=6)),))
    async with app.db.transaction() as conn:
        await create_exchange(conn, bot.settings, new, bot.clock.now)
    await anna.say("/reflect")
    await anna.say(REFLECTION)
    await anna.tap("done")
    await anna.tap("vis:me")

    # A crash whose message quotes the person's text (as openpyxl's IllegalCharacterError does).
    from bot.documents import Documents

    async def crash(*_args: object, **_kw: object) -> object:
        raise ValueError(f"{CRASH!r} cannot be used in a worksheet")

    monkeypatch.setattr(Documents, "build", crash)  # the reply's documents, built per event
    await anna.say(CRASH)
    assert "Sorry, something went wrong" in anna.text(botapi.messages(8802)[-1:])

    log = debug_log.getvalue()
    assert " DEBUG " in log or '"level": "DEBUG"' in log  # the level really was DEBUG
    if '"level"' in log:  # JSON lines: every line one object, each naming the worker
        entries = [json.loads(line) for line in log.splitlines()]
        assert all(e["worker"] == "worker-a" for e in entries)
        assert any("Traceback" in e.get("traceback", "") for e in entries)
    assert "failed to handle a text event" in log and "Traceback" in log
    assert "ValueError" in log  # the type and the frames are kept for the operator
    for private in (NAME, TYPED_NAME, AIM, REFLECTION, CRASH, "Vortexia", "Marmalade"):
        assert private not in log, f"{private!r} is in the log"
    assert botapi.token not in log


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_exception_messages_stay_out_of_every_kind_of_log_line(fmt: str) -> None:
    """Arguments, `log.exception`, chained causes and asyncio's "never retrieved" report; in
    JSON lines too (issue 18 item 4)."""
    import asyncio
    import gc

    from bot.logs import PrivateFormatter

    root = logging.getLogger()
    saved = root.handlers[:], root.level
    buffer = io.StringIO()
    configure("DEBUG", [], fmt=fmt)
    [handler] = root.handlers
    assert isinstance(handler, logging.StreamHandler)
    handler.setStream(buffer)
    assert isinstance(handler.formatter, PrivateFormatter)
    try:
        log = logging.getLogger("bot.test")
        error = ValueError(f"{CRASH} in a cell")
        log.warning("refused an effect: %s", error)
        log.error(error)
        try:
            try:
                raise KeyError(CRASH)
            except KeyError as inner:
                raise RuntimeError(f"while storing {CRASH}") from inner
        except RuntimeError:
            log.exception("failed")

        async def fails() -> None:
            raise ValueError(CRASH)

        async def forget() -> None:
            asyncio.get_running_loop().create_task(fails())
            await asyncio.sleep(0.01)

        asyncio.run(forget())
        gc.collect()
        log.warning("a network problem: %s", ConnectionResetError(104, "Connection reset by peer"))
    finally:
        root.handlers[:] = saved[0]
        root.setLevel(saved[1])
    text = buffer.getvalue()
    if fmt == "json":
        entries = [json.loads(line) for line in text.splitlines()]
        assert {e["level"] for e in entries} >= {"WARNING", "ERROR"}
        assert all(e["logger"] and e["time"] for e in entries)
    assert CRASH not in text and "Vortexia" not in text
    assert "ValueError (message withheld" in text and "KeyError (message withheld" in text
    assert "RuntimeError (message withheld" in text and "Traceback" in text
    assert "Connection reset by peer" in text  # what an operator needs, and not personal
    assert "Task exception was never retrieved" in text
