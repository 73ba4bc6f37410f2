"""The project's own fake Bot API (tests/telegram/botapi_server.py) on 127.0.0.1, with what a
benchmark needs on top: a per-chat feed of what the bot sent or edited (with the arrival time at
the API, so latency is measured where Telegram would see it) and a count of messages per chat
(so a burst can be checked for lost and doubled messages). Plus the few /proc readings the
benchmarks take of the bot process (CPU seconds, resident memory) without psutil.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Self

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.telegram.botapi_server import BotApiServer  # noqa: E402


@dataclass(frozen=True)
class Seen:
    """One bot message as it arrived (a send) or changed (an edit) at the API."""

    at: float  # time.monotonic() at the API
    kind: str  # "send" or "edit"
    message: dict[str, Any]

    @property
    def buttons(self) -> list[str]:
        markup = self.message.get("reply_markup") or {}
        return [
            str(b.get("callback_data"))
            for row in markup.get("inline_keyboard", [])
            for b in row
            if b.get("callback_data")
        ]

    @property
    def is_photo(self) -> bool:
        return "photo" in self.message


class LoopbackBotApi(BotApiServer):
    """`BotApiServer` that also feeds every send and edit to whoever waits on that chat.

    It keeps `calls` short (only the last few thousand) so a long run does not grow without
    bound; the benchmarks count from `sent_per_chat` and the feeds instead."""

    KEEP_CALLS = 5_000

    def __init__(self) -> None:
        super().__init__()
        self.sent_per_chat: Counter[int] = Counter()
        self.requests: Counter[str] = Counter()  # Bot API method -> calls
        self.feeds: dict[int, list[Seen]] = defaultdict(list)
        self._waiters: dict[int, asyncio.Event] = {}
        self.first_send_at: float | None = None
        self.last_send_at: float | None = None

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    def watch(self, chat_id: int) -> asyncio.Event:
        return self._waiters.setdefault(chat_id, asyncio.Event())

    def _seen(self, chat_id: int, kind: str, message: dict[str, Any]) -> None:
        self.feeds[chat_id].append(Seen(time.monotonic(), kind, message))
        waiter = self._waiters.get(chat_id)
        if waiter is not None:
            waiter.set()
        if len(self.calls) > 2 * self.KEEP_CALLS:
            del self.calls[: -self.KEEP_CALLS]

    def _answered(self, method: str, params: Any) -> None:
        self.requests[method] += 1
        super()._answered(method, params)

    def _store_bot_message(self, chat_id: int, params: Any, **content: Any) -> dict[str, Any]:
        result = super()._store_bot_message(chat_id, params, **content)
        now = time.monotonic()
        self.first_send_at = self.first_send_at or now
        self.last_send_at = now
        self.sent_per_chat[chat_id] += 1
        self._seen(chat_id, "send", result)
        return result

    def _apply_edit(self, msg: Any, params: Any, text_key: str | None) -> dict[str, Any]:
        result = super()._apply_edit(msg, params, text_key)
        self._seen(int(msg["chat"]["id"]), "edit", result)
        return result


# ---------------------------------------------------------------------- the bot process
_TICK = os.sysconf("SC_CLK_TCK")


def _stat(pid: int) -> list[str]:
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()


def _children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        with contextlib.suppress(OSError):
            found += [int(c) for c in (task / "children").read_text().split()]
    return found


def cpu_seconds(pid: int) -> float:
    """User + system CPU time so far (fields 14 and 15 of /proc/<pid>/stat) of a process and
    every process it started (a helper process's CPU counts as the bot's, as it should)."""
    total, todo = 0.0, [pid]
    while todo:
        current = todo.pop()
        with contextlib.suppress(OSError):
            fields = _stat(current)
            total += (int(fields[11]) + int(fields[12])) / _TICK
            todo += _children(current)
    return total


def memory_mb(pid: int, field: str = "VmHWM") -> float:
    """VmHWM is the peak resident set size, VmRSS the current one (kB in /proc/<pid>/status),
    summed over the process and every process it started."""
    total, todo, found = 0.0, [pid], False
    while todo:
        current = todo.pop()
        with contextlib.suppress(OSError):
            for line in Path(f"/proc/{current}/status").read_text().splitlines():
                if line.startswith(f"{field}:"):
                    total += int(line.split()[1]) / 1024
                    found = True
            todo += _children(current)
    if not found:
        raise LookupError(field)
    return total


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def bot_env(data_dir: Path, server: BotApiServer) -> dict[str, str]:
    """The environment of a `wegwijzer run` against the loopback API: nothing inherited that
    could point it elsewhere."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("WEGWIJZER_")}
    env.update(
        WEGWIJZER_DATA_DIR=str(data_dir),
        WEGWIJZER_TELEGRAM_TOKEN=server.token,
        WEGWIJZER_TELEGRAM_API_URL=server.url,
        PYTHONUNBUFFERED="1",
    )
    return env


async def spawn(args: list[str], env: dict[str, str], log_path: Path) -> asyncio.subprocess.Process:
    """Start a bot process; its output goes to a file (a full pipe would stall it)."""
    with log_path.open("ab") as log:
        return await asyncio.create_subprocess_exec(
            sys.executable, *args, env=env, cwd=ROOT, stdout=log, stderr=log,
            stdin=asyncio.subprocess.DEVNULL,
        )  # fmt: skip


async def wait_polling(
    server: BotApiServer,
    since: float,
    proc: asyncio.subprocess.Process,
    log_path: Path,
    timeout: float = 120.0,  # noqa: ASYNC109
) -> float:
    """Until the bot's first getUpdates after `since`; returns its arrival time."""
    deadline = time.monotonic() + timeout
    while True:
        found = [c.at for c in server.calls_of("getUpdates") if c.at >= since]
        if found:
            return found[0]
        if proc.returncode is not None or time.monotonic() > deadline:
            tail = log_path.read_text(errors="replace")[-3000:]  # noqa: ASYNC240
            raise RuntimeError(f"the bot did not start polling (exit {proc.returncode}):\n{tail}")
        await asyncio.sleep(0.005)


async def stop(proc: asyncio.subprocess.Process, timeout: float = 60.0) -> int:  # noqa: ASYNC109
    """SIGTERM, as a service manager would stop it; the bot finishes what is in flight."""
    if proc.returncode is None:
        proc.terminate()
    try:
        return await asyncio.wait_for(proc.wait(), timeout)
    except TimeoutError:
        proc.kill()
        return await proc.wait()
