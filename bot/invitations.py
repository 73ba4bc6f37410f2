"""Making an invitation: the one rule the command line and the coordinator's desk share.

A coordinator's invite goes into one of the programmes they coordinate (named when they have
more than one); the code, the Telegram deep link and the Matrix hint come back together.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncConnection

from bot.settings import Settings
from conversations.forms.schema import Form
from conversations.roles import Role
from conversations.text import Msg, _
from storage.invites import Invite, Invites
from storage.meta import Meta
from storage.people import People
from storage.programmes import Programmes

TELEGRAM_USERNAME_KEY = "telegram_username"
MAX_USES = 500


class InviteError(ValueError):
    """A request that cannot make an invite; `field` names the option or form field."""

    def __init__(self, field: str, message: Msg) -> None:
        self.field, self.message = field, message
        super().__init__(message.msgid.format(**message.params))


@dataclass(frozen=True)
class MadeInvite:
    invite: Invite
    #: https://t.me/<bot>?start=<code>, when the bot's username is known.
    telegram_link: str | None


async def create_invite(
    conn: AsyncConnection,
    settings: Settings,
    forms: Mapping[str, Form],
    role: str,
    uses: int,
    valid_for: timedelta,
    now: datetime,
    *,
    form: str | None = None,
    by: int | None = None,
    label: str | None = None,
    programme: int | None = None,
) -> MadeInvite:
    if role not in {r.value for r in Role}:
        raise InviteError("role", _("Choose one of the roles."))
    if not 1 <= uses <= MAX_USES:
        raise InviteError("uses", _("Give a number of uses from 1 to {most}.", most=MAX_USES))
    if label is not None and not 0 < len(label.strip()) <= 120:
        raise InviteError("label", _("Give a label of 1 to 120 characters."))
    if form is not None and form not in forms:
        raise InviteError("form", _("There is no form {form}.", form=form))
    if by is not None:
        creator = await People(conn).get(by)
        if creator is None or "coordinator" not in creator.roles:
            raise InviteError("by", _("Person {id} is not a coordinator.", id=str(by)))
    if programme is not None and await Programmes(conn).get(programme) is None:
        raise InviteError("programme", _("There is no programme {id}.", id=str(programme)))
    theirs = await Programmes(conn).coordinated_by(by) if by is not None else []
    if by is not None and programme is not None and programme not in theirs:
        raise InviteError(
            "programme",
            _(
                "Coordinator {by} does not coordinate programme {id}.",
                by=str(by),
                id=str(programme),
            ),
        )
    if programme is None and len(theirs) > 1:
        raise InviteError(
            "programme",
            _(
                "Coordinator {by} coordinates {ids}; name one of these programmes.",
                by=str(by),
                ids=", ".join(str(p) for p in theirs),
            ),
        )
    invite = await Invites(conn).create(
        role,
        uses,
        now + valid_for,
        now,
        form_id=form,
        created_by=by,
        label=label.strip() if label else None,
        programme_id=programme,
    )
    return MadeInvite(invite, await telegram_link(conn, settings, invite.code))


async def telegram_link(conn: AsyncConnection, settings: Settings, code: str) -> str | None:
    """https://t.me/<bot>?start=<code>, once the bot's username is known."""
    username = settings.telegram_username or await Meta(conn).get(TELEGRAM_USERNAME_KEY)
    return f"https://t.me/{username}?start={code}" if username else None
