"""Texts that any state can show without losing its place: help and the privacy summary."""

from __future__ import annotations

from conversations.context import Ctx
from conversations.replies import Reply, Say
from conversations.roles import role_label
from conversations.text import Msg, _


def help_replies(ctx: Ctx) -> list[Reply]:
    commands = _(
        "/start – start or restart\n"
        "/help – this help\n"
        "/language – choose another language\n"
        "/privacy – what we keep about you\n"
        "/reset – back to the main menu (your answers are kept)\n"
        "/cancel – stop what you are doing now"
    )
    replies: list[Reply] = [
        Say(text=_("Wegwijzer guides you step by step. These commands work everywhere:")),
        Say(text=commands),
    ]
    if not ctx.user.registered:
        replies.append(
            Say(text=_("You are not registered yet. Answer the question below to continue."))
        )
    return replies


def privacy_replies(ctx: Ctx) -> list[Reply]:
    from conversations.onboarding import PRIVACY_LONG

    user = ctx.user
    if user.consent is None:
        status = _("You have not given consent yet, so nothing about you is stored.")
    elif user.consent:
        status = _(
            "You gave consent. We keep your name, your language, your role and your answers."
        )
    else:
        status = _("You refused consent. We keep only that refusal and your language.")
    replies: list[Reply] = [Say(text=PRIVACY_LONG), Say(text=status)]
    if user.registered and user.name:
        roles = tuple(role_label(r) for r in sorted(user.roles))
        replies.append(
            Say(
                text=_(
                    "Stored now: your name ({name}) and your roles ({roles}).",
                    name=Msg.plain(user.name),
                    roles=roles,
                )
            )
        )
    return replies
