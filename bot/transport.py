"""What every transport offers the rest of the bot: send rendered replies, fetch media bytes.

Later features (reminders, notifying a coach) reach people through this seam without knowing
which platform they use.
"""

from __future__ import annotations

from typing import Protocol

from bot.outgoing import Outgoing


class Transport(Protocol):
    platform: str

    async def send(self, chat_id: str, messages: list[Outgoing]) -> None:
        """Deliver messages to a chat, in order."""

    async def fetch_media(self, ref: str) -> bytes:
        """The bytes behind a `MediaInfo.ref` this transport produced."""
