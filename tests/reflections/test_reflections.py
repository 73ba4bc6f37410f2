"""Reflections: several items of every kind, stored as they arrive; the author decides who
sees them (checked for every role pair, also with forged buttons); recordings kept only with
consent; /myreflections plays them back as they were made."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.app import App
from bot.outgoing import OutDocument, parse_choice_token
from conversations.events import ChoiceIn, MediaIn, MediaInfo
from storage.media import MediaFiles
from storage.reflections import Reflections
from tests.exchanges.world import Outbox, exchange, join
from tests.fakes import Clock, FakeChat
from tests.flows.test_media import png

VOICE = b"OggS" + bytes(range(200)) * 5
PHOTO = png(90, 60)  # a picture that decodes: undecodable ones are refused


async def people(app: App, clock: Clock) -> dict[str, tuple[FakeChat, int]]:
    found = {
        "switcher": await join(app, clock, "701", "switcher", "Anna", "en"),
        "coach": await join(app, clock, "702", "learning_coach", "Jan", "en"),
        "coordinator": await join(app, clock, "703", "coordinator", "Kim", "en"),
        "other_switcher": await join(app, clock, "704", "switcher", "Bert", "en"),
        "other_coach": await join(app, clock, "705", "learning_coach", "Lies", "en"),
    }
    start = clock.now + timedelta(days=3)
    await exchange(app, clock, found["switcher"][1], found["coach"][1], found["coordinator"][1],
                   start)  # fmt: skip
    await exchange(app, clock, found["other_switcher"][1], found["other_coach"][1], None, start)
    files = {"voice-1": VOICE, "photo-1": PHOTO}

    async def fetch(ref: str) -> bytes:
        return files[ref]

    app.dispatcher.fetchers["fake"] = fetch
    return found


async def reflect(chat: FakeChat, visibility: str, keep: bool | None = None) -> None:
    await chat.command("reflect")
    await chat.say("I saw how they plan their week on one board.")
    await chat.send(MediaIn(media_kind="voice", media=MediaInfo(ref="voice-1", size=len(VOICE),
                                                                 duration=4)))  # fmt: skip
    await chat.send(MediaIn(media_kind="photo", media=MediaInfo(ref="photo-1", size=len(PHOTO))))
    await chat.tap("done")
    await chat.tap(f"vis:{visibility}")
    if keep is not None:
        await chat.tap("keep:yes" if keep else "keep:no")


@pytest.mark.parametrize(
    ("visibility", "readers"),
    [
        ("me", {"switcher"}),
        ("partner", {"switcher", "coach"}),
        ("coordinator", {"switcher", "coordinator"}),
        ("both", {"switcher", "coach", "coordinator"}),
    ],
)
async def test_who_sees_a_reflection_is_what_its_author_chose(
    app: App, clock: Clock, outbox: Outbox, visibility: str, readers: set[str]
) -> None:
    found = await people(app, clock)
    await reflect(found["switcher"][0], visibility, keep=True)
    async with app.db.transaction() as conn:
        [made] = await Reflections(conn).of_exchange(1)
    assert [i.kind for i in made.items] == ["text", "voice", "photo"]
    for role, (chat, _pid) in found.items():
        await chat.command("myreflections")
        sees = f"ref:{made.id}" in chat.choice_ids()
        assert sees == (role in readers), role
        current = parse_choice_token(chat.question().options[0].token).seq
        await chat.send(ChoiceIn(choice_id=f"ref:{made.id}", seq=current))
        # a forged pick never plays it for someone who may not see it
        played = any(isinstance(m, OutDocument) for m in chat.last.messages)  # type: ignore[union-attr]
        assert not played or role in readers


async def test_replay_gives_back_the_original_voice_note_and_photo(
    app: App, clock: Clock, outbox: Outbox
) -> None:
    found = await people(app, clock)
    anna, _a = found["switcher"]
    jan, _j = found["coach"]
    await reflect(anna, "partner", keep=True)
    assert app.scheduler is not None
    await app.scheduler.run_due()
    assert any("/myreflections" in t for t in outbox.texts(jan))  # the coach is told
    await jan.command("myreflections")
    await jan.tap(jan.choice_ids()[0])
    sent = [m for m in jan.last.messages if isinstance(m, OutDocument)]  # type: ignore[union-attr]
    assert [(m.kind, m.data) for m in sent] == [("voice", VOICE), ("photo", PHOTO)]
    assert "one board" in jan.all_text()


async def test_without_consent_only_the_text_is_kept(
    app: App, clock: Clock, outbox: Outbox
) -> None:
    found = await people(app, clock)
    await reflect(found["switcher"][0], "me", keep=False)
    async with app.db.transaction() as conn:
        [made] = await Reflections(conn).of_exchange(1)
        assert [i.kind for i in made.items] == ["text"]
        assert await MediaFiles(conn).get(1) is None  # the voice note's row and file are gone
    assert not list((app.settings.data_dir / "media").rglob("*.ogg"))


async def test_coach_feedback_reaches_the_switcher_when_shared(
    app: App, clock: Clock, outbox: Outbox
) -> None:
    found = await people(app, clock)
    anna, _a = found["switcher"]
    jan, _j = found["coach"]
    await jan.command("feedback")
    await jan.say("You asked sharp questions about our planning board.")
    await jan.tap("done")
    await jan.tap("vis:partner")
    assert app.scheduler is not None
    await app.scheduler.run_due()
    assert any("/myreflections" in t for t in outbox.texts(anna))
    await anna.command("myreflections")
    await anna.tap(anna.choice_ids()[0])
    assert "sharp questions" in anna.all_text() and "Feedback from Jan" in anna.all_text()
    await anna.command("feedback")  # switchers do not give coach feedback
    assert "sharp questions" not in anna.all_text()
