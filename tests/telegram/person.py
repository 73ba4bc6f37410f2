"""A person on Telegram, as the tests play them: send, tap buttons, read what the bot sent."""

from __future__ import annotations

from typing import Any

from bot.outgoing import parse_choice_token
from tests.telegram.botapi_server import BotApiServer


class TelegramPerson:
    def __init__(self, server: BotApiServer, user_id: int, language_code: str | None, name: str):
        self.server, self.user_id = server, user_id
        self.language_code, self.first_name = language_code, name
        self.seen = 0

    def _kw(self) -> dict[str, Any]:
        return {"first_name": self.first_name, "language_code": self.language_code}

    async def settle(self) -> list[dict[str, Any]]:
        """Wait until the bot has answered; return the messages that are new since last time."""
        await self.server.wait_idle()
        messages = self.server.messages(self.user_id)
        new, self.seen = messages[self.seen :], len(messages)
        return new

    async def say(self, text: str) -> list[dict[str, Any]]:
        self.server.push_text(self.user_id, text, **self._kw())
        return await self.settle()

    def question(self) -> dict[str, Any]:
        for message in reversed(self.server.messages(self.user_id)):
            if message.get("reply_markup"):
                return message
        raise AssertionError("no open question with buttons")

    def choice_ids(self) -> list[str]:
        return [
            parse_choice_token(data).choice_id for _, data in self.server.buttons(self.question())
        ]

    async def tap(
        self, choice_id: str, question: dict[str, Any] | None = None
    ) -> list[dict[str, Any]]:
        question = question or self.question()
        for _label, data in self.server.buttons(question):
            if parse_choice_token(data).choice_id == choice_id:
                return await self.tap_data(question["message_id"], data)
        raise AssertionError(f"no button {choice_id!r}; buttons: {self.server.buttons(question)}")

    async def tap_data(
        self, message_id: int, data: str, *, forged: bool = False
    ) -> list[dict[str, Any]]:
        self.server.push_callback(self.user_id, message_id, data, strict=not forged, **self._kw())
        return await self.settle()

    @staticmethod
    def text(messages: list[dict[str, Any]]) -> str:
        return "\n".join(m.get("text") or m.get("caption") or "" for m in messages)
