"""/language: change the language at any moment; the interrupted question is asked again after."""

from __future__ import annotations

from pydantic import BaseModel

from conversations.common import language_choices, not_a_choice, picked_language
from conversations.context import Ctx
from conversations.effects import SetLocale
from conversations.engine import FINISH, Flow, State, Step, states
from conversations.events import Event
from conversations.replies import Ask, Reply, Say
from conversations.text import _


class LanguageData(BaseModel):
    pass


def _ask(ctx: Ctx, data: LanguageData) -> list[Reply]:
    return [Ask(text=_("Which language do you prefer?"), choices=language_choices(ctx.locales))]


def _on_pick(ctx: Ctx, data: LanguageData, event: Event) -> Step:
    code = picked_language(event, ctx.locales)
    if code is None:
        return Step.retry(not_a_choice(event))
    # Rendered after the effect is applied, so it already reads in the new language.
    # TRANSLATORS: name your own language in this sentence.
    done = Say(text=_("From now on I will write to you in English."))
    return Step(finish=True, effects=[SetLocale(locale=code)], replies=[done])


LANGUAGE: Flow[LanguageData] = Flow(
    name="language",
    data_model=LanguageData,
    initial="pick",
    states=states(State("pick", _ask, _on_pick, frozenset({FINISH}))),
)
