"""The roles people have in a journey; invites grant them, menus and flows are filtered by them."""

from __future__ import annotations

from enum import StrEnum

from conversations.text import Msg, _


class Role(StrEnum):
    COORDINATOR = "coordinator"
    SWITCHER = "switcher"
    LEARNING_COACH = "learning_coach"
    EMPLOYER = "employer"
    NEWCOMER = "newcomer"
    MENTOR = "mentor"
    PARTICIPANT = "participant"


def role_label(role: Role) -> Msg:
    """The role's name as a person reads it."""
    return {
        Role.COORDINATOR: _("coordinator"),
        Role.SWITCHER: _("switcher"),
        Role.LEARNING_COACH: _("learning coach"),
        Role.EMPLOYER: _("employer contact"),
        Role.NEWCOMER: _("newcomer"),
        Role.MENTOR: _("mentor or career coach"),
        Role.PARTICIPANT: _("consultation participant"),
    }[role]
