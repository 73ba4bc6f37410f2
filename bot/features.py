"""The bot side of every feature, discovered here and nowhere else, and the registries built
from it: the applier of each effect type, the fact loaders with the `Need` every feature
declared for their field, the delivery of each reminder kind, and which effects wake the
scheduler. Each pure feature (conversations/features.py) has its counterpart here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from bot.basics import BASICS
from bot.employers.feature import EMPLOYERS
from bot.exchange_feature import EXCHANGES
from bot.feature import Applier, BotFeature, FactLoader, ReminderKind
from bot.follow_up.feature import FOLLOW_UP
from bot.matching.feature import MATCHING
from bot.newcomer.feature import NEWCOMER
from bot.reflections.feature import REFLECTIONS
from bot.retention.feature import RETENTION
from conversations.effects import Effect
from conversations.feature import Need
from conversations.features import FEATURES

BOT_FEATURES: tuple[BotFeature, ...] = (
    BASICS,
    EXCHANGES,
    REFLECTIONS,
    FOLLOW_UP,
    NEWCOMER,
    RETENTION,
    MATCHING,
    EMPLOYERS,
)


@dataclass(frozen=True)
class Fact:
    """A loader with when its field is worth loading (None: whenever the roles allow)."""

    loader: FactLoader
    need: Need | None


def _appliers(features: Iterable[BotFeature]) -> dict[type[Effect], Applier[Any]]:
    found: dict[type[Effect], Applier[Any]] = {}
    for feature in features:
        for applier in feature.appliers:
            if applier.effect in found:
                raise ValueError(f"{applier.effect.__name__} has two appliers")
            found[applier.effect] = applier
    return found


def _needs() -> dict[str, Need]:
    needs: dict[str, Need] = {}
    for feature in FEATURES:
        for field, need in feature.needs.items():
            needs[field] = needs[field] | need if field in needs else need
    return needs


def _reminders(features: Iterable[BotFeature]) -> dict[str, ReminderKind]:
    found: dict[str, ReminderKind] = {}
    for feature in features:
        for kind in feature.reminders:
            if kind.kind in found:
                raise ValueError(f"reminder kind {kind.kind} is delivered twice")
            found[kind.kind] = kind
    return found


APPLIERS = _appliers(BOT_FEATURES)
NEEDS = _needs()
FACTS = tuple(
    Fact(loader, NEEDS.get(loader.field)) for feature in BOT_FEATURES for loader in feature.facts
)
REMINDERS = _reminders(BOT_FEATURES)


def applier(effect: Effect) -> Applier[Any]:
    """The one applier of this effect's type (a KeyError is a feature that forgot one)."""
    return APPLIERS[type(effect)]


def wakes(effects: Iterable[Effect]) -> bool:
    """Whether these effects queued notice or reminder rows: the scheduler should look now."""
    return any(applier(effect).wakes for effect in effects)
