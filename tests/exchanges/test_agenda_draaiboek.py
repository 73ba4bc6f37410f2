"""The learning agenda says what the draaiboek says (seeds review, "Learning agenda"): its own
example learning questions (002:648-653), vague vs clear as it contrasts them (657), that a
learning place is not guaranteed (678), and that the goals go into the training plan (663)."""

from __future__ import annotations

from datetime import timedelta

from bot.app import App
from bot.content import load_library
from tests.exchanges.world import Outbox, exchange, join
from tests.fakes import Clock


async def test_the_agenda_uses_the_draaiboeks_examples_and_promises_no_learning_place(
    app: App, clock: Clock
) -> None:
    """Seeds review, learning agenda: the examples were Wegwijzer's own ("buddy system",
    a variant of the question the draaiboek calls vague) and nothing said that a learning
    place is not guaranteed (002:678)."""
    anna, _ = await join(app, clock, "351", "switcher", "Anna", "en")
    await anna.command("agenda")
    opening = anna.all_text()
    assert "a learning place is not guaranteed" in opening
    await anna.say("Our new system for orders")  # why now
    question = anna.all_text()
    assert "how can I get a better view of the training needs of our clients?" in question
    assert "How can we approach Dutch on the work floor differently?" in question
    await anna.say("welcoming")  # vague: asked again
    follow_up = anna.all_text()
    assert "buddy system" not in follow_up
    assert '"learning to work better with software package X" is clear' in follow_up


async def test_the_goals_go_into_the_training_plan(
    app: App, clock: Clock, outbox: Outbox
) -> None:
    """Seeds review, learning agenda (002:663): the SMART goals are put in the training plan;
    both the switcher and the sending employer have it on their preparation list."""
    _kim, kim_id = await join(app, clock, "361", "coordinator", "Kim", "en")
    anna, anna_id = await join(app, clock, "362", "switcher", "Anna", "en")
    _jan, jan_id = await join(app, clock, "363", "learning_coach", "Jan", "en")
    await exchange(app, clock, anna_id, jan_id, kim_id, clock.now + timedelta(days=10))
    await anna.command("exchanges")
    await anna.tap("checklist")
    assert "item:training_plan" in anna.choice_ids()
    labels = " ".join(option.label for option in anna.question().options)
    assert "put your learning goals in your training plan" in labels
    sending = [item.id for item in load_library().checklists.sending_employer]
    assert "training_plan" in sending  # the sending employer's list
