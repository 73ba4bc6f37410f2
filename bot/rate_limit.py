"""Fair use: one account cannot make everyone else wait by flooding the bot.

A sliding window per person (platform and account): at most `events` events are handled in
any `window` seconds. The first event over the limit gets one polite "slow down"; the rest are
dropped without any database work until the window has room again. Checked before the
person's lock, so a flood never queues behind itself or in front of other people.
"""

from __future__ import annotations

import time
from collections import OrderedDict, deque
from collections.abc import Callable
from enum import Enum


class Verdict(Enum):
    HANDLE = "handle"
    SLOW_DOWN = "slow_down"  # the first event over the limit: say so once
    DROP = "drop"


class RateLimiter:
    #: People remembered at once; the least recently active are forgotten first.
    MAX_TRACKED = 10_000

    def __init__(
        self, events: int, window: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.events, self.window, self.clock = events, window, clock
        self._handled: OrderedDict[str, deque[float]] = OrderedDict()
        self._warned: set[str] = set()

    def check(self, key: str) -> Verdict:
        now = self.clock()
        recent = self._handled.get(key)
        if recent is None:
            recent = self._handled[key] = deque()
            if len(self._handled) > self.MAX_TRACKED:
                forgotten, _ = self._handled.popitem(last=False)
                self._warned.discard(forgotten)
        self._handled.move_to_end(key)
        while recent and recent[0] <= now - self.window:
            recent.popleft()
        if len(recent) < self.events:
            recent.append(now)
            self._warned.discard(key)
            return Verdict.HANDLE
        if key in self._warned:
            return Verdict.DROP
        self._warned.add(key)
        return Verdict.SLOW_DOWN
