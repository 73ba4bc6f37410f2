"""Effects: what a flow wants changed in the world, carried out by the dispatcher.

Flows stay pure by returning these instead of writing to the database themselves; the
dispatcher applies them inside the same transaction that saves the conversation state.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from conversations.roles import Role


class _Effect(BaseModel):
    model_config = ConfigDict(frozen=True)


class SetLocale(_Effect):
    kind: Literal["set_locale"] = "set_locale"
    locale: str


class RecordConsent(_Effect):
    """A consent answer; `version` names the privacy notice the person saw."""

    kind: Literal["consent"] = "consent"
    given: bool
    version: str


class SetName(_Effect):
    kind: Literal["set_name"] = "set_name"
    name: str


class GrantRole(_Effect):
    """Give a role; with `invite_code` the invite's use is counted in the same transaction."""

    kind: Literal["grant_role"] = "grant_role"
    role: Role
    invite_code: str | None = None


class SaveAnswer(_Effect):
    """One answer of a form response, saved as it is given (a restart loses nothing).

    A response is identified by (person, form, `started`); `version` is the form's version, so
    later content changes never reinterpret old answers. `value` is None for a skipped question.
    """

    kind: Literal["save_answer"] = "save_answer"
    form_id: str
    version: int
    started: str
    question_id: str
    value: Any = None


class FinishResponse(_Effect):
    kind: Literal["finish_response"] = "finish_response"
    form_id: str
    version: int
    started: str
    scores: dict[str, float] = {}
    #: Answers to questions that no longer apply (e.g. consent for a recording withdrawn by
    #: going back): deleted, with their media, when the response is finished.
    drop: tuple[str, ...] = ()


Effect = SetLocale | RecordConsent | SetName | GrantRole | SaveAnswer | FinishResponse
