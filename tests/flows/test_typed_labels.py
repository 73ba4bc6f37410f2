"""Typing an option's text works whatever its punctuation (walkthrough finding 11): a label
ending in a full stop ("They do not know each other.") did not match the same words typed
without it, in any case or spacing."""

from __future__ import annotations

import pytest

from bot.app import App
from tests.exchanges.world import join
from tests.fakes import Clock


@pytest.mark.parametrize("typed", ["{label}", "{bare}", "  {upper}  ", "{bare}!"])
async def test_a_typed_label_answers_the_question(app: App, clock: Clock, typed: str) -> None:
    kim, _ = await join(app, clock, "791", "coordinator", "Kim", "en")
    await kim.command("quiz")
    question = kim.question()
    label = question.options[0].label
    assert label.endswith("."), label  # the case the walkthrough met
    bare = label.rstrip(".").lower()
    answer = await kim.say(typed.format(label=label, bare=bare, upper=bare.upper()))
    assert not answer.stale
    assert kim.question().text != question.text  # answered: the next question came
