"""What the reflection flows want changed: an item kept as it arrives, a reflection shared.
The bot layer (bot/reflections/effects.py) checks the author's part in the exchange again."""

from __future__ import annotations

from typing import Any, Literal

from conversations.effects import Effect
from conversations.exchange_model import Part


class AddReflectionItem(Effect):
    """One item of a reflection (or coach feedback), kept as it arrives: text or a file."""

    kind: Literal["reflection_item"] = "reflection_item"
    exchange_id: int
    part: Part
    reflection: Literal["reflection", "feedback"]
    started: str
    value: Any  # text, or the media dict of the form engine


class ShareReflection(Effect):
    """The author says who may see it; without consent its recordings are deleted."""

    kind: Literal["share_reflection"] = "share_reflection"
    started: str
    visibility: Literal["me", "partner", "coordinator", "partner+coordinator"]
    keep_recordings: bool
