"""Walkthrough 15: a newcomer's very first message, before any language is known, got a Dutch
error ("Kies een van de mogelijkheden…") and a Dutch welcome. Now it shows the language list
with a short greeting in several languages, and no error."""

from __future__ import annotations

from bot.app import App
from conversations.common import not_a_choice
from conversations.events import TextIn
from tests.fakes import FakeChat


async def test_free_text_before_a_language_shows_the_list_with_greetings(app: App) -> None:
    layla = FakeChat(app, "1501", language_code=None)
    await layla.say("مرحبا")
    text = layla.all_text()
    for hello in ("Welkom!", "Welcome!", "أهلًا وسهلًا!", "Ласкаво просимо!"):
        assert hello in text
    assert layla.tr(not_a_choice(TextIn(text="x")), "nl") not in text
    assert text.count("Welkom!") == 1  # once, not once per attempt
    assert "lang:ar" in layla.choice_ids()
    await layla.say("عربي؟")  # still no language: the list again, no error
    assert layla.tr(not_a_choice(TextIn(text="x")), "nl") not in layla.all_text()
    assert "lang:ar" in layla.choice_ids()
    await layla.tap("lang:ar")
    assert "consent:yes" in layla.choice_ids()


async def test_a_known_platform_language_gets_no_greeting_list(app: App) -> None:
    anna = FakeChat(app, "1502", language_code="nl")
    await anna.command("start")
    assert "Ласкаво просимо!" not in anna.all_text()
