"""The cast of the fuzz test: one person of every role, set up once through the real
dispatcher (invites, onboarding, intake, supporter profile, two exchanges), then copied for
every example so each starts from the same world in milliseconds.

Every person has a secret marker that only their own free texts contain; the fuzz test checks
that a marker reaches only people the content was shared with.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from bot.app import App
from bot.settings import load_settings
from storage.agendas import Agendas
from storage.exchanges import NewExchange
from storage.invites import Invites
from tests.exchanges.world import join, set_timezone
from tests.fakes import Clock, FakeChat
from tests.newcomers.world import NURSE, supporter, take_intake


@dataclass(frozen=True)
class Person:
    key: str
    user: str  # external id on the "fake" platform
    name: str
    role: str | None  # None: not signed up yet (starts from /start)
    language: str

    @property
    def marker(self) -> str:
        return f"QX{self.key.upper()}Z"


CAST: tuple[Person, ...] = (
    Person("kim", "901", "Kim", "coordinator", "fr"),
    Person("anna", "902", "Anna", "switcher", "nl"),
    Person("jan", "903", "Jan", "learning_coach", "en"),
    Person("eva", "904", "Eva", "employer", "en"),
    Person("bo", "905", "Bo", "switcher", "ar"),
    Person("lies", "906", "Lies", "learning_coach", "uk"),
    Person("nour", "907", "Nour", "newcomer", "ar"),
    Person("marc", "908", "Marc", "mentor", "nl"),
    Person("pia", "909", "Pia", "participant", "fa"),
    Person("zed", "910", "Zed", None, "tr"),
)
BY_USER = {p.user: p for p in CAST}
BY_KEY = {p.key: p for p in CAST}

VOICE = b"OggS" + bytes(range(200)) * 5
PHOTO = b"\xff\xd8\xff\xe0" + b"jpeg" * 300
PDF = b"%PDF-1.4\n" + b"0" * 400
FILES = {"voice": VOICE, "photo": PHOTO, "pdf": PDF}


async def fetch(ref: str) -> bytes:
    """The fake platform's downloads; an unknown reference fails like a lost file."""
    return FILES[ref]


async def build(data_dir: Path) -> None:
    """Everyone signs up as a person would; two exchanges in different groups."""
    clock = Clock()
    app = await App.open(load_settings(data_dir=data_dir), clock=clock)
    try:
        ids: dict[str, int] = {}
        for person in CAST:
            if person.role is None:
                continue
            if person.role == "newcomer":
                chat, ids[person.key] = await join(
                    app, clock, person.user, person.role, person.name, person.language
                )
                await take_intake(chat, NURSE, aim=f"Nurse {person.marker}")
            elif person.role == "mentor":
                _chat, ids[person.key] = await supporter(
                    app, clock, person.user, person.name, sectors=("healthcare",),
                    languages=("ar", "nl"), language=person.language,
                )  # fmt: skip
            else:
                _chat, ids[person.key] = await join(
                    app, clock, person.user, person.role, person.name, person.language
                )
        await set_timezone(app, ids["bo"], "Asia/Kabul")
        start = clock.now + timedelta(days=3)
        from bot.reminders.service import create_exchange

        for new in (
            NewExchange(
                ids["anna"], ids["jan"], "Bakkerij Janssens, Gent",
                ((start, start + timedelta(hours=7)),), ids["kim"], sending_contact_id=ids["eva"],
                notes=f"Bring boots {CAST[0].marker}",
            ),
            NewExchange(
                ids["bo"], ids["lies"], "Stad Antwerpen",
                ((start + timedelta(days=1), start + timedelta(days=1, hours=6)),), None,
                notes=f"Ask for Lies {BY_KEY['lies'].marker}",
            ),
        ):  # fmt: skip
            async with app.db.transaction() as conn:
                await create_exchange(conn, app.settings, new, clock.now)
        await _shared_content(app, clock, ids)
        async with app.db.transaction() as conn:  # a consultation link for the fresh person
            await Invites(conn).create(
                "participant", 5, clock.now + timedelta(days=30), clock.now, form_id="desk_reset"
            )
    finally:
        await app.close()


async def _shared_content(app: App, clock: Clock, ids: dict[str, int]) -> None:
    """Content with markers that the others in the same exchange may read: Anna's agenda and
    reflection (shared with both), Jan's feedback (with Anna), Bo's reflection (with Lies)."""
    agenda = {"question": {"text": f"How do they plan? {BY_KEY['anna'].marker}"},
              "goals": [{"text": f"Learn planning {BY_KEY['anna'].marker}"}]}  # fmt: skip
    async with app.db.transaction() as conn:
        await Agendas(conn).add_version(ids["anna"], agenda, ids["anna"], clock.now)
    for key, command, visibility in (
        ("anna", "reflect", "both"), ("jan", "feedback", "partner"), ("bo", "reflect", "partner")
    ):  # fmt: skip
        person = BY_KEY[key]
        chat = FakeChat(app, person.user, display_name=person.name)
        await chat.command(command)
        await chat.say(f"What I saw {person.marker}")
        await chat.tap("done")
        await chat.tap(f"vis:{visibility}")
        await chat.command("reset")


def copy_world(template: Path, target: Path) -> Path:
    shutil.copytree(template, target)
    return target
