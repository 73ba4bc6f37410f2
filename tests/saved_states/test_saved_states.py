"""Conversations saved by an earlier release resume (production-core issue item 5).

People's conversations live in the database across upgrades. Renaming a state or changing a
flow's data used to leave them in a loop of "Sorry, something went wrong" until they sent
/reset. The fixtures in `c421199/` were saved mid-flow by that release (`capture.py`); each is
loaded into today's bot, which must pick up where the person was. Then the same frames are
broken the ways an update breaks them (a state renamed, a flow removed, data that no longer fits,
a flow whose version went up with and without a `migrate()`): the person is told that this part
was updated and is taken back to where they were, never apologised to, never stuck."""

from __future__ import annotations

import copy
import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from bot.app import App
from bot.dispatcher import Delivery
from bot.outgoing import OutChoices
from conversations.versions import UPDATED
from storage.conversations import Conversations
from storage.people import People
from tests.fakes import Clock, FakeChat
from tests.saved_states.scenarios import SCENARIOS

FIXTURES = sorted((Path(__file__).parent / "c421199").glob("*.json"))
SORRY = "Sorry, something went wrong"


def fixture(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text())
    return data


async def load_into(app: App, chat: FakeChat, state: dict[str, Any]) -> None:
    async with app.db.transaction() as conn:
        identity = await People(conn).find_identity("fake", chat.sender.external_id)
        assert identity is not None
        _, version = await Conversations(conn).load(identity.user_id)
        await Conversations(conn).save(identity.user_id, state, version, app.clock())


def old_button(state: dict[str, Any]) -> str | None:
    """The token of the first button of the question on screen when it was saved."""
    pending = state.get("pending")
    if not pending or not pending.get("choices"):
        return None
    return f"{state['seq']}:{pending['choices'][0]['id']}"


def text_of(delivery: Delivery) -> str:
    return "\n".join(getattr(m, "text", "") for m in delivery.messages)


async def answer(chat: FakeChat) -> Delivery:
    """Do what the person would do with what they see: tap the first option, or type."""
    last = chat.last.messages[-1] if chat.last and chat.last.messages else None
    if isinstance(last, OutChoices):
        return await chat.tap(chat.choice_ids(last)[0])
    return await chat.say("Something to answer with, long enough for any free-text question.")


def test_every_fixture_has_a_scenario() -> None:
    assert FIXTURES, "no saved states"
    assert {fixture(p)["scenario"] for p in FIXTURES} == set(SCENARIOS)


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.stem)
async def test_a_conversation_saved_by_the_previous_release_resumes(
    app: App, clock: Clock, path: Path
) -> None:
    saved = fixture(path)
    chat = await SCENARIOS[saved["scenario"]](app, clock)
    await load_into(app, chat, saved["state"])

    # the button still on screen works as it did (or the typed answer, for a text question)
    token = old_button(saved["state"])
    if token:
        tapped = await chat.tap_token(token)
        assert not tapped.stale and SORRY not in text_of(tapped), text_of(tapped)
    else:
        typed = await answer(chat)
        assert SORRY not in text_of(typed), text_of(typed)
    assert chat.tr(UPDATED, "en") not in chat.all_text()  # nothing changed: no notice

    if saved["scenario"] == "forget_confirmation":
        return  # they chose to be forgotten: nothing left to resume
    await load_into(app, chat, saved["state"])  # and the terminal reopened on it
    resumed = await app.dispatcher.resume(chat.sender)
    assert resumed.messages and SORRY not in text_of(resumed)


def _break(state: dict[str, Any], how: str) -> dict[str, Any]:
    broken = copy.deepcopy(state)
    top = broken["stack"][-1]
    if how == "state renamed":
        top["state"] = top["state"] + "_renamed_since"
    elif how == "flow removed":
        top["flow"] = "a_flow_that_was_removed"
    elif how == "data no longer fits":
        top["data"] = {k: {"unexpected": [1, 2]} for k in top["data"]} or {"x": {"y": 1}}
    elif how == "question shape changed":
        broken["pending"] = {"choices": "not a list any more", "seq": "x"}
    return broken


@pytest.mark.parametrize(
    "how", ["state renamed", "flow removed", "data no longer fits", "question shape changed"]
)
@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.stem)
async def test_an_updated_flow_takes_the_person_back_without_apologies(
    app: App, clock: Clock, path: Path, how: str
) -> None:
    saved = fixture(path)
    chat = await SCENARIOS[saved["scenario"]](app, clock)
    broken = _break(saved["state"], how)
    updated = how != "question shape changed"
    if how == "data no longer fits":
        flow = app.dispatcher.journey.flows[broken["stack"][-1]["flow"]]
        try:
            flow.load(broken["stack"][-1]["data"])
        except ValidationError:
            pass
        else:
            updated = False  # this flow keeps no data that could stop fitting: still read
    await load_into(app, chat, broken)

    token = old_button(saved["state"])
    if token:
        first = await chat.tap_token(token)  # the button still on screen
    else:
        first = await chat.say("an answer typed to the old question")
    assert first.messages and SORRY not in text_of(first), text_of(first)
    if updated:
        assert chat.tr(UPDATED, "en") in text_of(first)
    if saved["scenario"] == "forget_confirmation" and not updated:
        return  # the old "yes, delete" button still meant what it said: they are gone
    for _ in range(3):  # and it goes on from there: no loop
        following = await answer(chat)
        assert following.messages and SORRY not in text_of(following), text_of(following)


async def test_a_flow_with_a_migration_carries_the_saved_frame_over(
    app: App, clock: Clock
) -> None:
    saved = fixture(Path(__file__).parent / "c421199" / "quiz_midway.json")
    chat = await SCENARIOS["quiz_midway"](app, clock)
    flows = app.dispatcher.journey.flows
    form = flows["form"]
    seen: list[tuple[int, str]] = []

    def migrate(version: int, state: str, data: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        seen.append((version, state))
        return state, data

    flows["form"] = dataclasses.replace(form, version=2, migrate=migrate)
    await load_into(app, chat, saved["state"])
    token = old_button(saved["state"])
    assert token is not None
    tapped = await chat.tap_token(token)
    assert seen == [(1, "question")]
    assert chat.tr(UPDATED, "en") not in text_of(tapped)
    assert not tapped.stale and SORRY not in text_of(tapped)

    flows["form"] = dataclasses.replace(form, version=3, migrate=None)  # no way to carry it
    again = await answer(chat)
    assert chat.tr(UPDATED, "en") in text_of(again) and SORRY not in text_of(again)
