"""Onboarding, every branch, through the real dispatcher and database with a fake transport."""

from __future__ import annotations

from datetime import timedelta

from bot.app import App
from bot.outgoing import OutChoices
from bot.settings import load_settings
from conversations.core import Journey
from conversations.onboarding import PRIVACY_LONG
from conversations.roles import Role
from conversations.text import _
from locales import LOCALES
from storage.consents import Consents
from storage.invites import Invites
from storage.people import People, Person
from tests.fakes import Clock, FakeChat

LANGS = [f"lang:{code}" for code in LOCALES]


async def person_of(app: App, chat: FakeChat) -> Person:
    async with app.db.transaction() as conn:
        identity = await People(conn).find_identity(chat.sender.platform, chat.sender.external_id)
        assert identity is not None
        person = await People(conn).get(identity.user_id)
        assert person is not None
        return person


async def consent_of(app: App, chat: FakeChat) -> bool | None:
    person = await person_of(app, chat)
    async with app.db.transaction() as conn:
        return await Consents(conn).current(person.id)


async def make_invite(
    app: App, clock: Clock, role: str, uses: int = 1, valid: timedelta = timedelta(days=7)
) -> str:
    async with app.db.transaction() as conn:
        invite = await Invites(conn).create(role, uses, clock.now + valid, clock.now)
    return invite.code


async def test_new_person_is_registered_as_newcomer_in_dutch(app: App) -> None:
    chat = FakeChat(app)
    await chat.command("start")
    assert chat.choice_ids() == LANGS
    await chat.tap("lang:nl")
    assert chat.choice_ids() == ["consent:yes", "consent:no", "consent:more"]
    assert (
        chat.tr(_("Do you agree that Wegwijzer keeps your data for this purpose?"), "nl")
        in chat.all_text()
    )
    before = await person_of(app, chat)
    assert before.name is None and not before.roles  # nothing personal before consent
    await chat.tap("consent:more")
    assert chat.tr(PRIVACY_LONG, "nl") in chat.all_text()
    await chat.tap("consent:yes")
    assert chat.choice_ids() == ["name:platform"]
    await chat.say("  Anna   Peeters ")
    person = await person_of(app, chat)
    assert (person.name, person.locale, person.roles) == (
        "Anna Peeters",
        "nl",
        frozenset({"newcomer"}),
    )
    assert await consent_of(app, chat) is True
    assert "menu:help" in chat.choice_ids()


async def test_the_platform_name_can_be_taken_with_one_tap(app: App) -> None:
    chat = FakeChat(app, display_name="Yusuf Haddad", language_code="ar")
    await chat.command("start")
    await chat.tap("lang:ar")
    await chat.tap("consent:yes")
    assert chat.question().options[0].label == "Yusuf Haddad"
    await chat.tap("name:platform")
    assert (await person_of(app, chat)).name == "Yusuf Haddad"


async def test_refusing_consent_stores_only_the_refusal(app: App) -> None:
    chat = FakeChat(app)
    await chat.command("start")
    await chat.tap("lang:en")
    await chat.tap("consent:no")
    person = await person_of(app, chat)
    assert person.name is None and person.roles == frozenset()
    assert await consent_of(app, chat) is False
    assert chat.choice_ids() == ["consent:again"]
    await chat.say("hello?")  # still stuck on the refusal, but told what to do
    assert chat.choice_ids() == ["consent:again"]
    await chat.tap("consent:again")
    assert chat.choice_ids() == ["consent:yes", "consent:no", "consent:more"]
    await chat.tap("consent:yes")
    await chat.say("Anna")
    assert (await person_of(app, chat)).roles == frozenset({"newcomer"})


async def test_a_valid_invite_grants_its_role_and_counts_one_use(app: App, clock: Clock) -> None:
    code = await make_invite(app, clock, "coordinator", uses=2)
    chat = FakeChat(app)
    await chat.command("start", code)
    await chat.tap("lang:en")
    await chat.tap("consent:yes")
    assert "You join Wegwijzer as coordinator." in chat.all_text()
    await chat.say("Chris")
    assert (await person_of(app, chat)).roles == frozenset({"coordinator"})
    async with app.db.transaction() as conn:
        invite = await Invites(conn).get(code)
    assert invite is not None and invite.uses == 1


async def test_an_unknown_invite_is_explained_and_can_be_skipped(app: App) -> None:
    chat = FakeChat(app)
    await chat.command("start", "NoSuchCode")
    await chat.tap("lang:en")
    await chat.tap("consent:yes")
    assert "I don't know this invitation code" in chat.all_text()
    assert chat.choice_ids() == ["invite:skip"]
    await chat.tap("invite:skip")
    await chat.say("Anna")
    assert (await person_of(app, chat)).roles == frozenset({"newcomer"})


async def test_an_expired_invite_is_refused(app: App, clock: Clock) -> None:
    code = await make_invite(app, clock, "switcher", valid=timedelta(hours=1))
    clock.advance(timedelta(hours=2))
    chat = FakeChat(app)
    await chat.command("start", code)
    await chat.tap("lang:nl")
    await chat.tap("consent:yes")
    assert chat.tr(_("This invitation has expired."), "nl") in chat.all_text()
    assert (await person_of(app, chat)).roles == frozenset()


async def test_a_used_up_invite_is_refused_to_the_next_person(app: App, clock: Clock) -> None:
    code = await make_invite(app, clock, "switcher", uses=1)
    first, second = FakeChat(app, "1"), FakeChat(app, "2")
    for chat in (first, second):
        await chat.command("start", code)
        await chat.tap("lang:en")
    await first.tap("consent:yes")
    await first.say("First")
    await second.tap("consent:yes")
    assert "already been used as often as allowed" in second.all_text()
    assert (await person_of(app, first)).roles == frozenset({"switcher"})
    assert (await person_of(app, second)).roles == frozenset()


async def test_an_invite_used_up_between_reading_and_redeeming_is_not_over_redeemed(
    app: App, clock: Clock
) -> None:
    code = await make_invite(app, clock, "switcher", uses=1)
    late = FakeChat(app, "late")
    await late.command("start", code)
    await late.tap("lang:en")
    async with app.db.transaction() as conn:  # someone else takes the last use meanwhile
        assert await Invites(conn).redeem(code, clock.now)
    await late.tap("consent:yes")
    assert "already been used" in late.all_text()
    async with app.db.transaction() as conn:
        invite = await Invites(conn).get(code)
    assert invite is not None and invite.uses == 1


async def test_invitation_only_deployment_waits_for_a_code(settings_factory, clock: Clock) -> None:  # type: ignore[no-untyped-def]
    app = await App.open(settings_factory(open_role=""), clock=clock)
    try:
        chat = FakeChat(app)
        await chat.command("start")
        await chat.tap("lang:en")
        await chat.tap("consent:yes")
        assert "open by invitation only" in chat.all_text()
        await chat.say("please let me in")
        assert "open by invitation only" in chat.all_text()
        code = await make_invite(app, clock, "mentor")
        await chat.command("start", code)  # language and consent are remembered
        assert "You join Wegwijzer as mentor or career coach." in chat.all_text()
        await chat.say("Mo")
        assert (await person_of(app, chat)).roles == frozenset({"mentor"})
    finally:
        await app.close()


async def test_language_change_midway_keeps_the_place_in_the_flow(app: App) -> None:
    chat = FakeChat(app)
    await chat.command("start")
    await chat.tap("lang:nl")
    await chat.command("language")
    assert chat.choice_ids() == LANGS
    await chat.tap("lang:ar")
    text = chat.all_text()
    assert chat.tr(_("From now on I will write to you in English."), "ar") in text
    assert chat.tr(_("Do you agree that Wegwijzer keeps your data for this purpose?"), "ar") in text
    assert chat.choice_ids() == ["consent:yes", "consent:no", "consent:more"]
    await chat.tap("consent:yes")
    await chat.say("Layla")
    assert (await person_of(app, chat)).locale == "ar"


async def test_a_registered_person_joining_with_another_invite_gains_the_role(
    app: App, clock: Clock
) -> None:
    chat = FakeChat(app)
    await chat.command("start")
    await chat.tap("lang:en")
    await chat.tap("consent:yes")
    await chat.say("Anna")
    code = await make_invite(app, clock, "learning_coach")
    await chat.command("start", code)
    assert "You join Wegwijzer as learning coach." in chat.all_text()
    assert "menu:help" in chat.choice_ids()  # no name question again
    assert (await person_of(app, chat)).roles == frozenset({"newcomer", "learning_coach"})


async def test_locale_follows_the_platform_language_until_one_is_chosen(app: App) -> None:
    chat = FakeChat(app, language_code="fr-BE")
    await chat.command("start")
    assert chat.last is not None and chat.last.locale == "fr"
    assert (
        chat.tr(
            _("Welcome to Wegwijzer! I guide you step by step. Which language do you prefer?"), "fr"
        )
        in chat.all_text()
    )
    await chat.tap("lang:uk")
    assert chat.last.locale == "uk"


async def test_flow_declarations_are_consistent_and_drawable(app: App) -> None:
    journey: Journey = app.dispatcher.journey
    for flow in journey.flows.values():
        diagram = flow.diagram()
        assert diagram.startswith("stateDiagram-v2")
        for state in flow.states:
            assert state in diagram
    assert Role.NEWCOMER.value == load_settings().open_role


async def test_without_a_platform_name_the_name_question_offers_no_button(app: App) -> None:
    chat = FakeChat(app, display_name=None)
    await chat.command("start")
    await chat.tap("lang:en")
    await chat.tap("consent:yes")
    assert "tap your name" not in chat.all_text()
    assert chat.last is not None
    assert not any(isinstance(m, OutChoices) for m in chat.last.messages)
    await chat.say("Noor")
    assert (await person_of(app, chat)).name == "Noor"
