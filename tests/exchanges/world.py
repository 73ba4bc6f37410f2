"""A small world for exchange tests: registered people chatting through the real dispatcher,
exchanges made by the same service the command line uses, and an outbox transport that
collects what reminders and notices deliver."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta

from bot.app import App
from bot.outgoing import OutChoices, Outgoing, OutText, parse_choice_token
from bot.reminders.service import create_exchange
from conversations.events import Sender
from storage.exchanges import NewExchange
from storage.invites import Invites
from storage.people import People
from storage.programmes import Programmes
from tests.fakes import Clock, FakeChat


class Outbox:
    """The "fake" platform's transport: what was sent to which chat, in order."""

    platform = "fake"

    def __init__(self) -> None:
        self.sent: dict[str, list[Outgoing]] = defaultdict(list)

    async def send(self, chat_id: str, messages: list[Outgoing]) -> None:
        self.sent[chat_id].extend(messages)

    async def fetch_media(self, ref: str) -> bytes:
        raise LookupError(ref)

    def texts(self, chat: FakeChat) -> list[str]:
        return [
            m.text for m in self.sent[chat.sender.chat_id] if isinstance(m, OutText | OutChoices)
        ]

    def last_question(self, chat: FakeChat) -> OutChoices:
        found = [m for m in self.sent[chat.sender.chat_id] if isinstance(m, OutChoices)]
        assert found, f"nothing with buttons was delivered to {chat.sender.chat_id}"
        return found[-1]


async def programme(app: App, clock: Clock, name: str) -> int:
    """A programme (a coordinating organisation), as `wegwijzer programme create` makes it."""
    async with app.db.transaction() as conn:
        await Programmes(conn).ensure_default(clock.now)
        return await Programmes(conn).create(name, clock.now)


async def join(
    app: App,
    clock: Clock,
    user: str,
    role: str,
    name: str,
    language: str = "en",
    programme: int | None = None,
) -> tuple[FakeChat, int]:
    """Someone invited with `role` (into `programme`, else the default one) who completes the
    onboarding in `language`."""
    async with app.db.transaction() as conn:
        made = await Invites(conn).create(
            role, 1, clock.now + timedelta(days=7), clock.now, programme_id=programme
        )
        code = made.code
    chat = FakeChat(app, user, display_name=name)
    await chat.command("start", code)
    await chat.tap(f"lang:{language}")
    await chat.tap("consent:yes")
    await chat.tap("name:platform")
    async with app.db.transaction() as conn:
        identity = await People(conn).find_identity("fake", user)
    assert identity is not None
    return chat, identity.user_id


async def set_timezone(app: App, person_id: int, tz: str) -> None:
    async with app.db.transaction() as conn:
        await People(conn).set_timezone(person_id, tz)


async def exchange(
    app: App,
    clock: Clock,
    switcher: int,
    coach: int,
    coordinator: int | None,
    start: datetime,
    *,
    hours: int = 7,
    place: str = "Bakkerij Janssens, Gent",
    notes: str | None = None,
) -> int:
    new = NewExchange(
        switcher, coach, place, ((start, start + timedelta(hours=hours)),), coordinator, notes=notes
    )
    async with app.db.transaction() as conn:
        return await create_exchange(conn, app.settings, new, clock.now)


async def tap_delivered(chat: FakeChat, question: OutChoices, choice_id: str) -> None:
    """Tap a button under a delivered reminder or notice (not the open question)."""
    for option in question.options:
        if parse_choice_token(option.token).choice_id == choice_id:
            await chat.tap_token(option.token)
            return
    ids = [parse_choice_token(o.token).choice_id for o in question.options]
    raise AssertionError(f"no button {choice_id!r} under the delivered message; buttons: {ids}")


def sender_of(chat: FakeChat) -> Sender:
    return chat.sender
