"""`/desk`: a coordinator asks for a one-time link to the desk (web pages) in their browser.

The flow only decides who gets one; the bot layer makes the link when the reply is sent
(`DeskLink`), so no secret passes through a conversation's saved state.
"""

from __future__ import annotations

from conversations.context import Ctx
from conversations.replies import DeskLink, Reply, Say
from conversations.roles import Role
from conversations.text import _

DESK_HELP = _("/desk – a link to the coordinator's desk in your browser")


def desk_replies(ctx: Ctx) -> list[Reply]:
    if not ctx.user.registered or Role.COORDINATOR not in ctx.user.roles:
        return [Say(text=_("The desk is for coordinators only."))]
    return [DeskLink()]
