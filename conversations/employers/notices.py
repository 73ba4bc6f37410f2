"""What the coordinators of a programme are told when an employer acts on their own: the
engagement declaration confirmed, the employer intake filled in (draaiboek 5.1 and 5.2).
Without it the coordinator only found out by opening the overview."""

from __future__ import annotations

from datetime import date

from conversations.text import Msg, _


def engagement_signed(organisation: str | None, name: str, on: date) -> Msg:
    if organisation is None:  # a contact invited without naming the organisation
        return _(
            "{name} confirmed the engagement declaration on {date}. You find it under "
            "Employers.",
            name=name,
            date=on,
        )
    return _(
        "{organisation} confirmed the engagement declaration ({name}, {date}). You find it "
        "under Employers.",
        organisation=organisation,
        name=name,
        date=on,
    )


def intake_filed(organisation: str) -> Msg:
    return _(
        "{organisation} filled in the employer intake. You find the answers under Employers.",
        organisation=organisation,
    )
