"""Texts that any state can show without losing its place: help and the privacy summary."""

from __future__ import annotations

from conversations.context import Ctx
from conversations.desk import DESK_HELP
from conversations.replies import Reply, Say
from conversations.roles import Role, role_label
from conversations.text import Msg, _

#: What each role can do besides the commands everyone has (one block per role).
ROLE_COMMANDS: dict[Role, Msg] = {
    Role.SWITCHER: _(
        "/exchanges – your exchanges\n/agenda – your learning agenda\n/reflect – reflect on "
        "your exchange\n/actions – your follow-up actions\n/myreflections – reflections to "
        "read or hear"
    ),
    Role.LEARNING_COACH: _(
        "/exchanges – your exchanges\n/reflect – reflect on the exchange\n/feedback – "
        "feedback for your switcher\n/actions – your follow-up actions\n/myreflections – "
        "reflections to read or hear"
    ),
    Role.COORDINATOR: _(
        "/exchanges – the exchanges you coordinate\n/myreflections – reflections shared with you"
    ),
    Role.EMPLOYER: _("/exchanges – the exchanges of your organisation"),
    Role.NEWCOMER: _(
        "/plan – your step plan towards work\n/intake – change your answers\n/support – a "
        "mentor or career coach"
    ),
    Role.MENTOR: _("/supporter – your supporter profile\n/mentees – the newcomers you support"),
}


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
        Say(text=_("/about – how Wegwijzer works for each role")),
    ]
    if ctx.user.registered:
        replies += [
            Say(text=ROLE_COMMANDS[r]) for r in sorted(ctx.user.roles) if r in ROLE_COMMANDS
        ]
        if Role.COORDINATOR in ctx.user.roles:
            replies.append(Say(text=DESK_HELP))
            invite = _("/invite – an invitation with a text to share and its QR code")
            replies.append(Say(text=invite))
    if ctx.user.consent is not None:
        replies.append(Say(text=_("/mydata – a copy of your data\n/forget – delete your data")))
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
    if user.consent is not None:
        rights = _(
            "Send /mydata for a copy of everything we keep about you, or /forget to delete it."
        )
        replies.append(Say(text=rights))
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
