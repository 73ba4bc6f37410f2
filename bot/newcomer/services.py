"""What other parts of Wegwijzer (the coordinator's desk) may ask of the newcomer feature; its
internals (matchmaker, effects, facts, delivery) stay private to `bot/newcomer/`."""

from __future__ import annotations

from bot.newcomer.matchmaker import offer_by_hand

__all__ = ["offer_by_hand"]
