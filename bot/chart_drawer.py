"""The drawing process: charts drawn beside the bot, talked to over two pipes.

A chart costs CPU the event loop must not give up: drawn in the bot's threads, charts took the
GIL from everyone's replies. A `ProcessPoolExecutor` moved the drawing out but brought two
helper threads into the bot (a queue feeder and a result reader) that each wait for the GIL at
every chart — with 50 people finishing the quiz together that queueing, not the drawing, made
the last ones wait over a second. Here the bot's event loop writes requests to the child's stdin
and reads answers from its stdout itself: no thread in between. Requests are one JSON line
each; answers are a 4-byte length and the image. Answers come back in the order asked.

    python -m bot.chart_child       (started by `Drawer`, never by hand)
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import sys
from collections import deque

from bot.chart_child import LENGTH

log = logging.getLogger(__name__)


class Drawer:
    """One child process; `draw` may be called by many people at once."""

    def __init__(self) -> None:
        self._proc: asyncio.subprocess.Process | None = None
        self._waiting: deque[asyncio.Future[bytes]] = deque()
        self._reader: asyncio.Task[None] | None = None
        self._starting = asyncio.Lock()

    async def start(self) -> None:
        async with self._starting:
            if self._proc is not None and self._proc.returncode is None:
                return
            self._proc = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "bot.chart_child",
                stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
            )  # fmt: skip
            self._reader = asyncio.get_running_loop().create_task(self._read(self._proc))

    async def draw(self, title: str, bars: list[tuple[str, float]], rtl: bool) -> bytes:
        await self.start()
        proc = self._proc
        assert proc is not None and proc.stdin is not None
        answer: asyncio.Future[bytes] = asyncio.get_running_loop().create_future()
        self._waiting.append(answer)
        line = json.dumps({"title": title, "bars": bars, "rtl": rtl}, ensure_ascii=True)
        proc.stdin.write(line.encode() + b"\n")
        await proc.stdin.drain()
        return await answer

    async def _read(self, proc: asyncio.subprocess.Process) -> None:
        assert proc.stdout is not None
        try:
            while True:
                size = LENGTH.unpack(await proc.stdout.readexactly(LENGTH.size))[0]
                data = await proc.stdout.readexactly(size)
                if self._waiting:
                    answer = self._waiting.popleft()
                    if not answer.done():
                        answer.set_result(data)
        except (asyncio.IncompleteReadError, ConnectionError) as exc:
            log.warning("the drawing process stopped (%s)", type(exc).__name__)
        finally:  # whoever still waits gets an error: the caller draws in a thread instead
            while self._waiting:
                answer = self._waiting.popleft()
                if not answer.done():
                    answer.set_exception(RuntimeError("the drawing process stopped"))

    async def stop(self) -> None:
        proc, self._proc = self._proc, None
        if proc is None or proc.returncode is not None:
            return
        if proc.stdin is not None:
            proc.stdin.close()
        try:
            await asyncio.wait_for(proc.wait(), 5)
        except TimeoutError:
            proc.kill()
        if self._reader is not None:
            self._reader.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._reader
