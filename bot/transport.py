"""What every transport offers the rest of the bot: send rendered replies, fetch media bytes.

Later features (reminders, notifying a coach) reach people through this seam without knowing
which platform they use.
"""

from __future__ import annotations

from typing import Protocol

from bot.outgoing import Outgoing


class SendFailed(Exception):
    """A send the platform did not accept, said in platform-neutral terms.

    `retry`: a passing fault (a 5xx, a dropped connection, a rate limit) — trying again later
    may work and nothing reached the person. `maybe_sent`: we cannot tell whether the person got
    it (a time-out after the request left, or part of the messages went out), so it is not tried
    again: a reminder may be lost then, but is never doubled. Neither: a lasting refusal (the
    person blocked the bot, the chat is gone), recorded with `reason`.
    """

    def __init__(self, reason: str, *, retry: bool = False, maybe_sent: bool = False) -> None:
        super().__init__(reason)
        self.reason, self.retry, self.maybe_sent = reason, retry, maybe_sent


class Transport(Protocol):
    platform: str

    async def send(self, chat_id: str, messages: list[Outgoing]) -> None:
        """Deliver messages to a chat, in order."""

    async def fetch_media(self, ref: str) -> bytes:
        """The bytes behind a `MediaInfo.ref` this transport produced."""


def reaches(transport: Transport, chat_id: str) -> bool:
    """Whether a running transport can deliver to this chat now. A network platform reaches
    every chat; a terminal chat only its own person (`only_chat`), so other people's reminders
    wait for their own chat instead of printing in whichever terminal is open (walkthrough 1)."""
    only = getattr(transport, "only_chat", None)
    return only is None or only == chat_id
