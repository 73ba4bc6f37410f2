"""Test doubles: a person chatting through the real dispatcher, and a clock tests control."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.app import App
from bot.dispatcher import Delivery
from bot.outgoing import OutChoices, Outgoing, OutText, parse_choice_token
from conversations.events import (
    ChoiceIn,
    CommandIn,
    Event,
    MediaIn,
    MediaInfo,
    OtherIn,
    Sender,
    TextIn,
)
from conversations.text import Msg


@dataclass
class Clock:
    now: datetime = field(default_factory=lambda: datetime(2026, 11, 2, 9, 0, tzinfo=UTC))

    def __call__(self) -> datetime:
        return self.now

    def advance(self, delta: timedelta) -> None:
        self.now += delta


class FakeChat:
    """One person talking to the bot through the real dispatcher, as any transport would."""

    def __init__(
        self,
        app: App,
        user: str = "1001",
        *,
        language_code: str | None = None,
        display_name: str | None = "Anna Peeters",
        platform: str = "fake",
    ) -> None:
        self.app = app
        self.sender = Sender(
            platform=platform,
            external_id=user,
            chat_id=user,
            display_name=display_name,
            language_code=language_code,
        )
        self.received: list[Outgoing] = []
        self.last: Delivery | None = None

    async def send(self, event: Event) -> Delivery:
        self.last = await self.app.dispatcher.handle(self.sender, event)
        self.received.extend(self.last.messages)
        return self.last

    async def say(self, text: str) -> Delivery:
        return await self.send(TextIn(text=text))

    async def command(self, name: str, *args: str) -> Delivery:
        return await self.send(CommandIn(name=name, args=args))

    async def sticker(self) -> Delivery:
        return await self.send(OtherIn(what="sticker"))

    async def photo(self) -> Delivery:
        return await self.send(MediaIn(media_kind="photo", media=MediaInfo(ref="x", size=10)))

    def question(self) -> OutChoices:
        """The last question with options the person received."""
        for message in reversed(self.received):
            if isinstance(message, OutChoices):
                return message
        raise AssertionError("no question with options was received")

    def token_for(self, choice_id: str, question: OutChoices | None = None) -> str:
        question = question or self.question()
        for option in question.options:
            if parse_choice_token(option.token).choice_id == choice_id:
                return option.token
        ids = [parse_choice_token(o.token).choice_id for o in question.options]
        raise AssertionError(f"no option {choice_id!r} in the last question; options: {ids}")

    async def tap(self, choice_id: str) -> Delivery:
        return await self.send(parse_choice_token(self.token_for(choice_id)))

    async def tap_token(self, token: str) -> Delivery:
        return await self.send(parse_choice_token(token))

    def choice_ids(self, question: OutChoices | None = None) -> list[str]:
        question = question or self.question()
        return [parse_choice_token(o.token).choice_id for o in question.options]

    def texts(self, delivery: Delivery | None = None) -> list[str]:
        messages = (delivery or self.last).messages if (delivery or self.last) else []
        return [m.text for m in messages if isinstance(m, OutText | OutChoices)]

    def all_text(self, delivery: Delivery | None = None) -> str:
        return "\n".join(self.texts(delivery))

    def tr(self, msg: Msg, locale: str) -> str:
        """How `msg` reads in `locale`: tests compare with catalogs, not hard-coded translations."""
        return self.app.translator.render(msg, locale, ZoneInfo(self.app.settings.timezone))


def stale(choice: ChoiceIn) -> ChoiceIn:
    return ChoiceIn(choice_id=choice.choice_id, seq=choice.seq - 1)
