"""Bad input gets a clear answer and loses nothing; global commands work in every state."""

from __future__ import annotations

from bot.app import App
from bot.outgoing import parse_choice_token
from bot.settings import Settings
from conversations.common import not_a_choice
from conversations.events import ChoiceIn, OtherIn, TextIn
from conversations.text import _
from tests.fakes import Clock, FakeChat
from tests.flows.test_onboarding import person_of

CONSENT = ["consent:yes", "consent:no", "consent:more"]
NOT_VALID = _("That button is no longer valid. Here is the current question again.")


async def at_consent(app: App, user: str = "1001") -> FakeChat:
    chat = FakeChat(app, user)
    await chat.command("start")
    await chat.tap("lang:en")
    return chat


async def registered(app: App, user: str = "1001") -> FakeChat:
    chat = await at_consent(app, user)
    await chat.tap("consent:yes")
    await chat.say("Anna")
    return chat


async def test_text_where_a_button_is_expected_repeats_the_question(app: App) -> None:
    chat = await at_consent(app)
    await chat.say("I think so")
    assert chat.tr(not_a_choice(TextIn(text="x")), "en") in chat.all_text()
    assert chat.choice_ids() == CONSENT
    assert await _consent_unanswered(app, chat)


async def test_a_typed_number_or_label_answers_the_question(app: App) -> None:
    chat = FakeChat(app)
    await chat.command("start")
    await chat.say("Nederlands")
    assert chat.choice_ids() == CONSENT
    await chat.say("3")  # "Tell me more"
    assert chat.choice_ids() == CONSENT
    await chat.say("1")
    assert chat.choice_ids() == ["name:platform"]


async def test_a_sticker_or_a_photo_where_a_button_is_expected(app: App) -> None:
    chat = await at_consent(app)
    await chat.sticker()
    assert chat.tr(not_a_choice(OtherIn(what="sticker")), "en") in chat.all_text()
    assert chat.choice_ids() == CONSENT
    await chat.photo()
    assert "I can't use a file here" in chat.all_text()
    assert chat.choice_ids() == CONSENT


async def test_a_20000_character_message_as_a_name(app: App) -> None:
    chat = await at_consent(app)
    await chat.tap("consent:yes")
    await chat.say("A" * 20_000)
    assert "at most 60 characters" in chat.all_text()
    assert (await person_of(app, chat)).name is None
    await chat.say("Anna")
    assert (await person_of(app, chat)).name == "Anna"


async def test_forged_callback_data_gets_the_current_question_again(app: App) -> None:
    chat = await at_consent(app)
    for forged in ("garbage", "999:consent:yes", "0:lang:nl", ":", ""):
        await chat.tap_token(forged)
        assert chat.tr(NOT_VALID, "en") in chat.all_text()
        assert chat.choice_ids() == CONSENT
    assert await _consent_unanswered(app, chat)


async def test_a_stale_button_from_an_earlier_question(app: App) -> None:
    chat = FakeChat(app)
    await chat.command("start")
    language_question = chat.question()
    await chat.tap("lang:en")
    delivery = await chat.tap_token(chat.token_for("lang:fr", language_question))
    assert delivery.stale and chat.tr(NOT_VALID, "en") in chat.all_text()
    assert (await person_of(app, chat)).locale == "en"


async def test_a_double_tap_is_handled_once(app: App) -> None:
    chat = await at_consent(app)
    token = chat.token_for("consent:yes")
    first = await chat.tap_token(token)
    second = await chat.tap_token(token)
    assert not first.duplicate and first.messages
    assert second.duplicate and second.messages == []


async def test_an_unknown_command_is_named_and_the_question_repeated(app: App) -> None:
    chat = await at_consent(app)
    await chat.command("frobnicate")
    assert "/frobnicate" in chat.all_text()
    assert chat.choice_ids() == CONSENT


async def test_help_and_privacy_keep_the_place(app: App) -> None:
    chat = await at_consent(app)
    await chat.command("help")
    assert "/reset" in chat.all_text() and chat.choice_ids() == CONSENT
    await chat.command("privacy")
    assert "nothing about you is stored" in chat.all_text() and chat.choice_ids() == CONSENT


async def test_reset_returns_a_registered_person_to_the_menu_keeping_answers(app: App) -> None:
    chat = await registered(app)
    await chat.command("language")
    await chat.command("reset")
    assert "menu:help" in chat.choice_ids()
    assert (await person_of(app, chat)).name == "Anna"


async def test_reset_before_registration_starts_onboarding_again(app: App) -> None:
    chat = await at_consent(app)
    await chat.command("reset")
    assert chat.choice_ids()[0] == "lang:nl"


async def test_cancel_stops_onboarding_and_any_message_starts_again(app: App) -> None:
    chat = await at_consent(app)
    await chat.command("cancel")
    assert "Send /start" in chat.all_text()
    await chat.say("hello")
    assert chat.choice_ids()[0] == "lang:nl"


async def test_cancel_in_a_subflow_returns_to_the_menu(app: App) -> None:
    chat = await registered(app)
    await chat.tap("menu:language")
    await chat.command("cancel")
    assert "menu:help" in chat.choice_ids()


async def test_a_failing_flow_apologises_and_loses_nothing(app: App, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    chat = await at_consent(app)
    flow = app.dispatcher.journey.flows["onboarding"]
    state = flow.states["consent"]

    def explode(*args: object) -> None:
        raise RuntimeError("bug")

    monkeypatch.setitem(
        flow.states, "consent", type(state)(state.name, state.ask, explode, state.targets)
    )  # type: ignore[arg-type]
    await chat.tap("consent:yes")
    assert "something went wrong" in chat.all_text()
    monkeypatch.setitem(flow.states, "consent", state)
    await chat.tap("consent:yes")  # the same button still works: nothing moved
    assert chat.choice_ids() == ["name:platform"]


async def test_a_restart_mid_flow_resumes_exactly_there(settings: Settings, clock: Clock) -> None:
    first = await App.open(settings, clock=clock)
    chat = await at_consent(first)
    token = chat.token_for("consent:yes")
    await first.close()

    second = await App.open(settings, clock=clock)
    try:
        again = FakeChat(second)
        await again.tap_token(token)  # the button sent before the restart still answers
        assert again.choice_ids() == ["name:platform"]
        await again.say("Anna")
        assert (await person_of(second, again)).name == "Anna"
    finally:
        await second.close()


async def _consent_unanswered(app: App, chat: FakeChat) -> bool:
    from tests.flows.test_onboarding import consent_of

    return await consent_of(app, chat) is None


def test_choice_tokens_round_trip() -> None:
    assert parse_choice_token("7:consent:yes") == ChoiceIn(choice_id="consent:yes", seq=7)
    assert parse_choice_token("nonsense").seq == -1
