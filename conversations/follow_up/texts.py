"""What people read about follow-up: the check-in on their actions, the return session
invitation and its reminder, the buttons under them."""

from __future__ import annotations

import re

from conversations.follow_up.actions import action_lines
from conversations.follow_up.model import ActionView, InvitationView
from conversations.replies import Ask, Choice, Reply, Say
from conversations.text import Msg, Period, PersonName, _

ONLINE = re.compile(r"^\s*(https?://|www\.)\S+\s*$", re.IGNORECASE)


def where(place: str) -> Msg:
    """A meeting link reads "online: <link>", an address "at <address>" (walkthrough 30:
    "in https://meet…")."""
    if ONLINE.match(place):
        return _("online: {link}", link=Msg.plain(place.strip()))
    return _("at {place}", place=Msg.plain(place))


def when(invitation: InvitationView) -> Period:
    return Period(start=invitation.starts_at, end=invitation.ends_at)


def rsvp_choices(session_id: int) -> tuple[Choice, ...]:
    return (
        Choice(id=f"x:rs:yes:{session_id}", label=_("I'll come")),
        Choice(id=f"x:rs:no:{session_id}", label=_("I can't come")),
    )


def invitation_text(organiser: str | PersonName | None, invitation: InvitationView) -> Msg:
    return _(
        "{name} invites you to a return session on {when}, {where}. Together we look back "
        "on the exchanges, share what we learned and the follow-up actions we took. Will you "
        "come?",
        name=(Msg.plain(organiser) if isinstance(organiser, str) else organiser)
        if organiser
        else _("Your coordinator"),
        when=when(invitation),
        where=where(invitation.place),
    )


def return_session_reminder(invitation: InvitationView) -> list[Reply]:
    text = _(
        "Reminder: the return session is on {when}, {where}.",
        when=when(invitation),
        where=where(invitation.place),
    )
    if invitation.coming is None:
        question = _("{reminder} Will you come?", reminder=text)
        return [Ask(text=question, choices=rsvp_choices(invitation.session_id), seq=0)]
    return [Say(text=text)]


def check_in(place: str, exchange_id: int, actions: list[ActionView]) -> list[Reply]:
    text = _(
        "Some weeks ago, after your exchange at {place}, you planned these follow-up "
        "actions:\n{lines}\nHow are they going?",
        place=Msg.plain(place),
        lines=action_lines(actions),
    )
    choice = Choice(id=f"x:actions:{exchange_id}", label=_("Tell how it is going"))
    return [Ask(text=text, choices=(choice,), seq=0)]
