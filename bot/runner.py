"""Run every configured transport side by side; one failing transport does not stop another.

Each transport is started, watched and, when it fails, restarted with exponential backoff
(1 s doubling to 5 minutes). A configuration error stops only that transport, unless it is the
only one. SIGINT/SIGTERM stop everything cleanly.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import Callable
from typing import Protocol

from bot.settings import ConfigError

log = logging.getLogger(__name__)


class Runnable(Protocol):
    async def start(self) -> None: ...
    async def wait(self) -> None: ...
    async def stop(self) -> None: ...


Factory = Callable[[], Runnable]


async def supervise(
    name: str,
    make: Factory,
    stopping: asyncio.Event,
    *,
    first_delay: float = 1.0,
    max_delay: float = 300.0,
) -> None:
    delay = first_delay
    while not stopping.is_set():
        transport = make()
        try:
            await transport.start()
            delay = first_delay
            waiting = asyncio.create_task(transport.wait())
            stop_wait = asyncio.create_task(stopping.wait())
            done, _ = await asyncio.wait({waiting, stop_wait}, return_when=asyncio.FIRST_COMPLETED)
            stop_wait.cancel()
            if waiting in done:
                waiting.result()  # raises what made it end
                log.warning("%s transport ended by itself; restarting", name)
            else:
                waiting.cancel()
        except ConfigError:
            raise
        except Exception as exc:
            log.error("%s transport failed: %s; retrying in %.1f s", name, exc, delay)
        finally:
            with contextlib.suppress(Exception):
                await transport.stop()
        if not stopping.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stopping.wait(), delay)
            delay = min(delay * 2, max_delay)


async def run_all(
    factories: dict[str, Factory],
    stopping: asyncio.Event | None = None,
    *,
    first_delay: float = 1.0,
) -> None:
    """Until a signal (or `stopping`); a ConfigError ends everything only if nothing else runs."""
    if stopping is None:
        stopping = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError, RuntimeError):
                loop.add_signal_handler(sig, stopping.set)
    running = {
        name: asyncio.create_task(supervise(name, make, stopping, first_delay=first_delay))
        for name, make in factories.items()
    }
    while running:
        done, _ = await asyncio.wait(running.values(), return_when=asyncio.FIRST_COMPLETED)
        for name in [n for n, t in running.items() if t in done]:
            task = running.pop(name)
            error = task.exception()
            if isinstance(error, ConfigError):
                if not running:
                    raise error
                log.error("%s transport stopped: %s", name, error)
            elif error is not None:
                raise error
