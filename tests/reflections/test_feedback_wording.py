"""Walkthrough 24: the coach's feedback reached the switcher as "Jan De Smet shared a reflection
with you", and the sharing options had mixed capitals ("Alleen ik / mijn leercoach / De
coördinator / mijn leercoach en de coördinator")."""

from __future__ import annotations

from bot.app import App
from tests.exchanges.world import Outbox
from tests.fakes import Clock
from tests.reflections.test_reflections import people


async def test_feedback_is_called_feedback_and_every_option_opens_with_a_capital(
    app: App, clock: Clock, outbox: Outbox
) -> None:
    found = await people(app, clock)
    anna, _a = found["switcher"]
    jan, _j = found["coach"]
    await anna.command("reflect")
    await anna.say("I saw their planning board.")
    await anna.tap("done")
    labels = [str(o.label) for o in anna.question().options]
    assert all(label[:1].isupper() for label in labels), labels
    await anna.tap("vis:me")
    await jan.command("feedback")
    await jan.say("You asked sharp questions about the planning.")
    await jan.tap("done")
    await jan.tap("vis:partner")
    assert app.scheduler is not None
    await app.scheduler.run_due()
    told = "\n".join(outbox.texts(anna))
    assert "gave you feedback on your exchange" in told
    assert "shared a reflection with you" not in told
