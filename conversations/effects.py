"""Effects: what a flow wants changed in the world, carried out by the dispatcher.

Flows stay pure by returning these instead of writing to the database themselves; the
dispatcher applies them inside the same transaction that saves the conversation state.
"""

from __future__ import annotations

from typing import Literal

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


Effect = SetLocale | RecordConsent | SetName | GrantRole
