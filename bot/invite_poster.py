"""Shareable invite material (issue 17 item 5, draaiboek 5.1–5.2): the short text for the
invitation's audience and its QR code — for a poster, a newsletter or an HR mail. Written to
files by `wegwijzer invite --poster DIR`, and sent in chat to a coordinator who makes an
invitation there (`InviteMaterial`, expanded when the reply is sent)."""

from __future__ import annotations

import argparse
import io
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.built import Piece
from bot.i18n import Translator
from bot.invitations import InviteError, MadeInvite, create_invite
from bot.settings import Settings
from conversations.about import invite_text
from conversations.forms.schema import Form
from conversations.replies import InviteMaterial, Say, SendImage
from conversations.text import Msg, _
from storage.database import Database
from storage.programmes import Programmes

#: How long an invitation made in chat is valid (as on the desk's default).
CHAT_INVITE_DAYS = 14


def qr_target(code: str, telegram_link: str | None) -> str:
    """What the QR code opens: the Telegram deep link, else the command to send."""
    return telegram_link or f"/start {code}"


def write_poster(
    translator: Translator,
    role: str,
    code: str,
    telegram_link: str | None,
    languages: tuple[str, ...],
    folder: Path,
    tz: str,
) -> list[Path]:
    """`invite-CODE.png` and `invite-CODE.LANG.txt` per language; the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    qr = folder / f"invite-{code}.png"
    qr.write_bytes(qr_png(qr_target(code, telegram_link)))
    written = [qr]
    text = invite_text(role)
    if text is None:
        return written
    for language in languages:
        body = translator.render(text, language, ZoneInfo(tz))
        lines = [body, "", telegram_link or "", f"/start {code}"]
        path = folder / f"invite-{code}.{language}.txt"
        path.write_text("\n".join(line for line in lines if line is not None) + "\n", "utf-8")
        written.append(path)
    return written


def add_poster_arguments(invite: argparse.ArgumentParser) -> None:
    invite.add_argument(
        "--poster", type=Path, metavar="DIR",
        help="write the QR code and the text to share per language (--languages) to DIR",
    )  # fmt: skip
    invite.add_argument(
        "--languages", default="nl,fr,en", help="languages of the texts (default nl,fr,en)"
    )


def print_poster(
    translator: Translator, tz: str, made: MadeInvite, folder: Path, languages: str
) -> None:
    code, role = made.invite.code, made.invite.role
    shown = tuple(lang.strip() for lang in languages.split(",") if lang.strip())
    for path in write_poster(translator, role, code, made.telegram_link, shown, folder, tz):
        print(f"Wrote {path}")


def qr_png(target: str) -> bytes:
    out = io.BytesIO()
    import segno  # loaded with the first poster

    segno.make(target, error="m").save(out, kind="png", scale=10, border=4)
    return out.getvalue()


async def expand_invites(
    db: Database,
    settings: Settings,
    forms: Mapping[str, Form],
    pieces: Sequence[Piece],
    person_id: int,
    now: datetime,
) -> list[Piece]:
    """Replace each `InviteMaterial` by the invitation made now (its own write transaction):
    the code and link, the text to share for its audience, and the QR code."""
    if not any(isinstance(p, InviteMaterial) for p in pieces):
        return list(pieces)
    out: list[Piece] = []
    for piece in pieces:
        if not isinstance(piece, InviteMaterial):
            out.append(piece)
            continue
        try:
            async with db.transaction() as conn:
                theirs = await Programmes(conn).coordinated_by(person_id)
                made = await create_invite(
                    conn, settings, forms, piece.role, piece.uses,
                    timedelta(days=CHAT_INVITE_DAYS), now, by=person_id, label=piece.label,
                    programme=theirs[0] if theirs else None,
                )  # fmt: skip
        except InviteError as exc:
            out.append(Say(text=exc.message))
            continue
        code, link = made.invite.code, made.telegram_link
        where = (
            _("Link for Telegram: {link}", link=Msg.plain(link))
            if link
            else _("On any platform people can also send /start {code} to the bot.", code=code)
        )
        assert made.invite.expires_at is not None
        out.append(Say(text=_("Invitation code: {code}", code=Msg.plain(code))))
        out.append(Say(text=where))
        valid = _(
            "Valid until {when}; {uses} places.", when=made.invite.expires_at, uses=piece.uses
        )
        out.append(Say(text=valid))
        shared = invite_text(piece.role)
        if shared is not None:
            out.append(Say(text=_("A text to share with it:")))
            out.append(Say(text=shared))
        caption = _("QR code for the invitation {code}", code=Msg.plain(code))
        image = qr_png(qr_target(code, link))
        out.append(SendImage(data=image, file_name=f"invite-{code}.png", caption=caption))
    return out
