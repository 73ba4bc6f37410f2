"""Two coordinating organisations side by side, each in its own programme, for the tests that
check that nothing of one reaches the other (tests/flows/test_role_matrix.py).

Every name, place and text of programme P carries the marker `OrgP` or `SECRET-P`, so a
test can search everything a person received for the other programme's markers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from bot.app import App
from bot.reminders.service import create_exchange
from storage.exchanges import NewExchange
from tests.exchanges.test_reminder_delivery import walk
from tests.exchanges.world import join, programme
from tests.fakes import Clock, FakeChat
from tests.flows import test_coordinator_results as results
from tests.follow_up.test_follow_up import plan_session
from tests.newcomers.test_matching import ask_for_mentor
from tests.newcomers.world import NURSE, take_intake

#: The parts each programme has, in the order they join.
PARTS = ("coordinator", "switcher", "learning_coach", "employer", "newcomer")
FIRST = {
    "coordinator": "Cora",
    "switcher": "Sara",
    "learning_coach": "Kees",
    "employer": "Emma",
    "newcomer": "Nour",
}


@dataclass
class Organisation:
    letter: str
    programme_id: int
    chats: dict[str, FakeChat] = field(default_factory=dict)
    ids: dict[str, int] = field(default_factory=dict)
    exchange_id: int = 0
    respondents: list[int] = field(default_factory=list)

    @property
    def marker(self) -> str:
        return f"Org{self.letter}"

    @property
    def secret(self) -> str:
        return f"SECRET-{self.letter}"

    def name(self, part: str) -> str:
        return f"{FIRST[part]} {self.marker}-{part}"


async def write_agenda(chat: FakeChat, secret: str) -> None:
    """A short agenda whose learning question carries the secret (and a health remark)."""
    await chat.command("agenda")
    await chat.say("trigger")
    await chat.say(f"How do buddies welcome new people in practice, {secret}-QUESTION")
    await chat.tap("keep")
    await chat.say("one two three four five")
    for _step in range(2):
        await chat.tap("skip")
    await chat.tap("more:no")
    for _step in range(6):
        await chat.tap("skip")
    await chat.tap("save")


async def reflect(chat: FakeChat, text: str) -> None:
    """A text reflection shared with both the partner and the coordinator."""
    await chat.command("reflect")
    await chat.say(text)
    await chat.tap("done")
    await chat.tap("vis:both")
    if "keep:yes" in chat.choice_ids():
        await chat.tap("keep:yes")


async def organisation(app: App, clock: Clock, letter: str, first_id: int) -> Organisation:
    org = Organisation(letter, await programme(app, clock, f"Org{letter}"))
    for number, part in enumerate(PARTS):
        chat, person = await join(
            app, clock, str(first_id + number), part, org.name(part), "en", org.programme_id
        )
        org.chats[part], org.ids[part] = chat, person
    await write_agenda(org.chats["switcher"], org.secret)
    start = clock.now + timedelta(days=3)
    new = NewExchange(
        org.ids["switcher"],
        org.ids["learning_coach"],
        f"Place {org.marker}, Gent",
        ((start, start + timedelta(hours=7)),),
        org.ids["coordinator"],
        sending_contact_id=org.ids["employer"],
    )
    async with app.db.transaction() as conn:
        org.exchange_id = await create_exchange(conn, app.settings, new, clock.now)
    # three respondents of the readiness quiz, invited by the coordinator for one organisation
    code = await results.invite(
        app, clock, "participant", org.ids["coordinator"], f"{org.marker} Bakery"
    )
    for number in range(3):
        chat = await results.join(app, str(first_id + 10 + number), code)
        await results.take_quiz(chat, "trust" if letter == "A" else "little")
    return org


async def two_organisations(app: App, clock: Clock) -> tuple[Organisation, Organisation]:
    """Programmes A and B, each with a coordinator, switcher, learning coach, employer and
    newcomer; an exchange with an agenda, a shared reflection, a return session, quiz results
    and a newcomer nobody could help (the coordinator is alerted)."""
    a = await organisation(app, clock, "A", 7000)
    b = await organisation(app, clock, "B", 7100)
    start = clock.now + timedelta(days=3)
    await walk(app, clock, start + timedelta(hours=8))  # both exchanges are over
    for org in (a, b):
        await reflect(org.chats["switcher"], f"{org.secret}-REFLECTION about the buddy board")
        await plan_session(org.chats["coordinator"], "2026-12-20 14:00-16:00", f"RS {org.marker}")
        await org.chats["coordinator"].tap("invite")
        await org.chats["coordinator"].tap("employers:yes")
        await org.chats["coordinator"].tap("send")
        newcomer = org.chats["newcomer"]
        await take_intake(newcomer, NURSE)
        await ask_for_mentor(newcomer, contact=None)  # no mentor at all: coordinators alerted
    await walk(app, clock, clock.now)
    return a, b
