"""The employers feature's effect: an engagement declaration confirmed."""

from __future__ import annotations

from datetime import date
from typing import Literal

from conversations.effects import Effect


class SignEngagement(Effect):
    """The employer contact confirms the engagement declaration with their name and today's
    date; stored for their organisation in their programme (bot/employers/effects.py)."""

    kind: Literal["sign_engagement"] = "sign_engagement"
    name: str
    on: date
