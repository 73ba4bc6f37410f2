"""One bot per data folder (security review MED-3, production-core issue item 7): a second
`wegwijzer run` on the same data folder stops at once with one clear line instead of splitting
the updates with the first (which duplicated messages and left people stuck); the command line
still works beside a running bot; SIGTERM stops the bot cleanly, without a traceback."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import sys
import time
from pathlib import Path

import pytest

from tests.telegram.botapi_server import BotApiServer


def _env(data_dir: Path, botapi: BotApiServer) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("WEGWIJZER_")}
    env.update(
        WEGWIJZER_DATA_DIR=str(data_dir),
        WEGWIJZER_TELEGRAM_TOKEN=botapi.token,
        WEGWIJZER_TELEGRAM_API_URL=botapi.url,
    )
    return env


async def _spawn(env: dict[str, str], cwd: Path, *args: str) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", *args, env=env, cwd=cwd,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip


async def test_a_second_run_on_the_same_data_folder_is_refused_and_sigterm_stops_cleanly(
    botapi: BotApiServer, data_dir: Path, tmp_path: Path
) -> None:
    env = _env(data_dir, botapi)
    first = await _spawn(env, tmp_path, "run")
    try:
        await botapi.wait_for_call("getUpdates", timeout=60)

        second = await _spawn(env, tmp_path, "run")
        _out, err = await asyncio.wait_for(second.communicate(), 60)
        assert second.returncode == 2
        lines = err.decode().strip().splitlines()
        assert len(lines) == 1, lines
        assert "already running" in lines[0]
        assert str(first.pid) in lines[0]

        listing = await _spawn(env, tmp_path, "people", "list")
        _, list_err = await asyncio.wait_for(listing.communicate(), 60)
        assert listing.returncode == 0, list_err.decode()

        botapi.push_text(4242, "/start", first_name="Ana")
        await botapi.wait_for_messages(4242, 1, timeout=30)
        assert len(botapi.messages(4242)) >= 1  # the first bot still serves people
    finally:
        if first.returncode is None:
            first.send_signal(signal.SIGTERM)
        _, first_err = await asyncio.wait_for(first.communicate(), 60)
    assert first.returncode == 0, first_err.decode()
    assert "Traceback" not in first_err.decode()

    started = time.monotonic()
    again = await _spawn(env, tmp_path, "run")  # the lock went with the process
    try:
        await botapi.wait_for_call(
            "getUpdates", predicate=lambda call: call.at > started, timeout=60
        )
        assert again.returncode is None
    finally:
        again.send_signal(signal.SIGTERM)
        await asyncio.wait_for(again.communicate(), 60)
    assert again.returncode == 0


async def test_a_409_conflict_from_telegram_gets_one_clear_line(
    botapi: BotApiServer, telegram_bot: object, caplog: pytest.LogCaptureFixture
) -> None:
    """Two bots with one token on different machines: Telegram answers getUpdates with 409."""
    from typing import Any

    start: Any = telegram_bot
    await start()
    botapi.fail_next(
        "getUpdates", error_code=409,
        description="Conflict: terminated by other getUpdates request; make sure that only "
        "one bot instance is running",
    )  # fmt: skip
    caplog.set_level(logging.WARNING)
    deadline = time.monotonic() + 30
    while not any("409 Conflict" in r.getMessage() for r in caplog.records):
        assert time.monotonic() < deadline, [r.getMessage() for r in caplog.records]
        await asyncio.sleep(0.05)
    line = next(r.getMessage() for r in caplog.records if "409 Conflict" in r.getMessage())
    assert "another program is polling with this bot token" in line
    botapi.push_text(4343, "/start", first_name="Bo")
    await botapi.wait_for_messages(4343, 1, timeout=30)  # polling resumed by itself
