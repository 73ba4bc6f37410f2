"""The form engine through the real dispatcher: every question type, navigation, bad input."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.app import App
from bot.settings import Settings, load_settings
from conversations.events import MediaIn, MediaInfo
from storage.responses import Response, Responses
from tests.fakes import Clock, FakeChat
from tests.flows.test_onboarding import person_of

CONTENT = Path(__file__).resolve().parent.parent / "content" / "forms"


@pytest.fixture
def form_settings(data_dir: Path) -> Settings:
    return load_settings(data_dir=data_dir, content_dir=CONTENT)


@pytest.fixture
async def form_app(form_settings: Settings, clock: Clock) -> AsyncIterator[App]:
    app = await App.open(form_settings, clock=clock)
    yield app
    await app.close()


async def registered(app: App, user: str = "2001") -> FakeChat:
    chat = FakeChat(app, user)
    await chat.command("start")
    await chat.tap("lang:en")
    await chat.tap("consent:yes")
    await chat.say("Sam")
    return chat


async def responses_of(app: App, chat: FakeChat) -> list[Response]:
    person = await person_of(app, chat)
    async with app.db.transaction() as conn:
        return await Responses(conn).of_user(person.id, "sampler")


def photo(size: int = 1000, mime: str = "image/jpeg", kind: str = "photo") -> MediaIn:
    info = MediaInfo(ref="file-1", size=size, mime_type=mime, width=800, height=600)
    return MediaIn(media_kind=kind, media=info)  # type: ignore[arg-type]


async def to_age(chat: FakeChat) -> None:
    await chat.command("sampler")
    await chat.tap("opt:red")
    await chat.tap("opt:saw")
    await chat.tap("nav:done")
    await chat.tap("opt:yes")
    await chat.tap("opt:4")


async def test_a_whole_form_saves_every_answer_with_the_form_version(form_app: App) -> None:
    chat = await registered(form_app)
    assert "form:sampler" in chat.choice_ids()  # the menu offers the form
    await chat.tap("form:sampler")
    assert "The sampler" in chat.all_text()
    await chat.tap("opt:blue")
    assert "Why blue?" in chat.all_text()
    await chat.say("It is calm")
    await chat.tap("opt:hammer")
    assert chat.choice_ids()[:3] == ["opt:hammer", "opt:saw", "opt:drill"]
    assert chat.question().options[0].label == "✓ Hammer"
    await chat.tap("opt:drill")
    await chat.tap("nav:done")
    await chat.tap("opt:no")
    assert "1 = bad, 5 = great" in chat.all_text()
    await chat.tap("opt:5")
    await chat.say("34")
    await chat.say("25/03/2027")
    await chat.send(photo())
    assert "Thank you! Your answers are saved." in chat.all_text()
    assert "menu:help" in chat.choice_ids()  # back in the menu
    (response,) = await responses_of(form_app, chat)
    assert response.form_version == 3 and response.completed_at is not None
    assert response.answers["colour"] == "blue" and response.answers["why_blue"] == "It is calm"
    assert response.answers["tools"] == ["hammer", "drill"]
    assert response.answers["happy"] == "no" and response.answers["rating"] == 5
    assert response.answers["age"] == 34 and response.answers["day"] == "2027-03-25"
    assert response.answers["picture"]["media"] == "photo"


async def test_a_conditional_question_is_only_asked_when_it_applies(form_app: App) -> None:
    chat = await registered(form_app)
    await chat.command("sampler")
    await chat.tap("opt:red")
    assert "Why blue?" not in chat.all_text() and "Which tools" in chat.all_text()


async def test_back_returns_to_the_previous_question_and_the_new_answer_replaces_it(
    form_app: App,
) -> None:
    chat = await registered(form_app)
    await chat.command("sampler")
    await chat.tap("opt:red")
    await chat.tap("nav:back")
    assert "Which colour" in chat.all_text()
    await chat.tap("opt:blue")
    assert "Why blue?" in chat.all_text()
    (response,) = await responses_of(form_app, chat)
    assert response.answers == {"colour": "blue"}


async def test_answers_survive_a_restart_and_the_form_resumes_at_the_same_question(
    form_settings: Settings, clock: Clock
) -> None:
    app = await App.open(form_settings, clock=clock)
    chat = await registered(app)
    await to_age(chat)
    await app.close()
    again = await App.open(form_settings, clock=clock)
    try:
        chat = FakeChat(again, "2001")
        await chat.say("40")
        assert "When can you start?" in chat.all_text()
        (response,) = await responses_of(again, chat)
        assert response.answers["age"] == 40 and response.completed_at is None
    finally:
        await again.close()


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("forty", "Please send a number, for example 12."),
        ("12", "Please send a number from 16 to 99."),
        ("120", "Please send a number from 16 to 99."),
    ],
)
async def test_bad_numbers(form_app: App, typed: str, says: str) -> None:
    chat = await registered(form_app)
    await to_age(chat)
    await chat.say(typed)
    assert says in chat.all_text() and "How old are you?" in chat.all_text()


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("01/11/2026", "That date is in the past"),  # the clock says 2 November 2026
        ("31/02/2027", "That date does not exist"),
        ("next week", "Please send a date, for example 25/03/2027."),
    ],
)
async def test_bad_dates(form_app: App, typed: str, says: str) -> None:
    chat = await registered(form_app)
    await to_age(chat)
    await chat.say("30")
    await chat.say(typed)
    assert says in chat.all_text() and "When can you start?" in chat.all_text()


async def test_bad_media_and_the_text_instead_route(form_app: App) -> None:
    chat = await registered(form_app)
    await to_age(chat)
    await chat.say("30")
    await chat.say("02/11/2026")  # today is allowed
    await chat.sticker()
    assert "stickers" in chat.all_text()
    await chat.send(photo(mime="application/pdf", kind="document"))
    assert "does not fit this question" in chat.all_text()
    await chat.send(photo(size=30 * 1024 * 1024))
    assert "too big: at most 5 MB" in chat.all_text()
    await chat.say("a photo? no")
    assert "tap “Type my answer instead”" in chat.all_text()
    await chat.tap("nav:text")
    await chat.say("A sunny office")
    (response,) = await responses_of(form_app, chat)
    assert response.answers["picture"] == "A sunny office"


async def test_text_limits_and_voice_instead_of_text(form_app: App) -> None:
    chat = await registered(form_app)
    await chat.command("sampler")
    await chat.tap("opt:blue")
    await chat.say("x" * 20_000)
    assert "at most 40 characters" in chat.all_text() and "Why blue?" in chat.all_text()
    voice = MediaIn(media_kind="voice", media=MediaInfo(ref="v1", size=5000, duration=3.5))
    await chat.send(voice)
    assert "Which tools" in chat.all_text()
    (response,) = await responses_of(form_app, chat)
    assert response.answers["why_blue"]["media"] == "voice"


async def test_multi_choice_needs_one_option_and_skip_only_where_optional(form_app: App) -> None:
    chat = await registered(form_app)
    await chat.command("sampler")
    await chat.tap("opt:red")
    assert "nav:skip" not in chat.choice_ids()
    await chat.tap("nav:done")
    assert "Please choose at least one option" in chat.all_text()
    await chat.tap("opt:saw")
    await chat.tap("opt:saw")  # a second tap unticks
    assert chat.question().options[1].label == "Saw"


async def test_a_form_command_needs_consent(form_app: App) -> None:
    chat = FakeChat(form_app, "2002", language_code="en")
    await chat.command("sampler")
    assert "I will open /sampler once you have signed up." in chat.all_text()
    assert chat.choice_ids()[0] == "lang:nl"  # and the sign-up question is asked


async def test_the_diagram_is_drawn_from_the_form(form_app: App) -> None:
    from bot.content import diagram

    drawn = diagram(form_app.library.forms["sampler"])
    assert "colour -->|colour = blue| why_blue" in drawn
    assert "colour -->|otherwise| tools" in drawn
    assert drawn.endswith("picture --> done")
