"""Transports side by side: one that keeps failing is retried and never takes the other down."""

from __future__ import annotations

import asyncio
from typing import ClassVar

import pytest

from bot.runner import run_all
from bot.settings import ConfigError


class Flaky:
    """Fails to start `failures` times, then runs until stopped; counts what happened."""

    log: ClassVar[list[str]] = []

    def __init__(self, name: str, failures: int, crash_after: float | None = None) -> None:
        self.name, self.failures, self.crash_after = name, failures, crash_after

    async def start(self) -> None:
        if Flaky.log.count(f"{self.name} start") < self.failures:
            Flaky.log.append(f"{self.name} start")
            raise OSError("homeserver unreachable")
        Flaky.log.append(f"{self.name} start")
        Flaky.log.append(f"{self.name} up")

    async def wait(self) -> None:
        if self.crash_after is not None:
            await asyncio.sleep(self.crash_after)
            raise RuntimeError("connection lost")
        await asyncio.Event().wait()

    async def stop(self) -> None:
        Flaky.log.append(f"{self.name} stop")


async def test_a_failing_transport_is_retried_while_the_other_keeps_running() -> None:
    Flaky.log = []
    stopping = asyncio.Event()
    run = asyncio.create_task(
        run_all(
            {"Telegram": lambda: Flaky("tg", 0), "Matrix": lambda: Flaky("mx", 3)},
            stopping,
            first_delay=0.01,
        )
    )
    for _ in range(200):
        if "mx up" in Flaky.log:
            break
        await asyncio.sleep(0.01)
    assert Flaky.log.count("mx start") == 4 and "mx up" in Flaky.log
    assert Flaky.log.count("tg start") == 1 and "tg stop" not in Flaky.log
    stopping.set()
    await asyncio.wait_for(run, 5)
    assert "tg stop" in Flaky.log and Flaky.log.count("mx stop") >= 1


async def test_a_transport_that_drops_out_is_started_again() -> None:
    Flaky.log = []
    stopping = asyncio.Event()
    run = asyncio.create_task(
        run_all({"Matrix": lambda: Flaky("mx", 0, crash_after=0.02)}, stopping, first_delay=0.01)
    )
    for _ in range(300):
        if Flaky.log.count("mx up") >= 3:
            break
        await asyncio.sleep(0.01)
    stopping.set()
    await asyncio.wait_for(run, 5)
    assert Flaky.log.count("mx up") >= 3


async def test_a_configuration_error_stops_only_that_transport_unless_it_is_alone() -> None:
    class Misconfigured(Flaky):
        async def start(self) -> None:
            raise ConfigError("WEGWIJZER_MATRIX_PASSWORD: the homeserver refused the login")

    Flaky.log = []
    with pytest.raises(ConfigError, match="MATRIX_PASSWORD"):
        await asyncio.wait_for(run_all({"Matrix": lambda: Misconfigured("mx", 0)}), 5)
    stopping = asyncio.Event()
    run = asyncio.create_task(
        run_all({"Telegram": lambda: Flaky("tg", 0), "Matrix": lambda: Misconfigured("mx", 0)},
                stopping, first_delay=0.01)
    )  # fmt: skip
    await asyncio.sleep(0.1)
    assert not run.done() and "tg up" in Flaky.log
    stopping.set()
    await asyncio.wait_for(run, 5)
