"""Features declare what they bring, and the registries are built from the declarations
(issue 14, item 8 "Features as modules"). These checks are derived from the declarations, so
a new feature cannot forget a part: an effect type without an applier (or with two), an effect
that queues notices or reminders without waking the scheduler (the finding: the
`supporter_profile` effect was missing from the hand-kept wake list, so its notices waited up
to 30 s), a reminder kind nobody delivers, a button name two features claim."""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import textwrap
from collections import Counter
from collections.abc import Callable
from types import ModuleType
from typing import Any

import conversations
from bot.features import APPLIERS, BOT_FEATURES, FACTS, REMINDERS
from bot.notices import add_notice
from conversations.context import Ctx
from conversations.effects import Effect
from conversations.exchange_model import Checklists
from conversations.features import FEATURES
from conversations.journey import build_journey
from storage.reminders import Reminders


def all_effect_types() -> set[type[Effect]]:
    """Every effect class written anywhere in conversations/, declared or not."""
    for info in pkgutil.walk_packages(conversations.__path__, "conversations."):
        importlib.import_module(info.name)
    found: set[type[Effect]] = set()
    todo = list(Effect.__subclasses__())
    while todo:
        cls = todo.pop()
        found.add(cls)
        todo += cls.__subclasses__()
    return found


def test_every_effect_type_belongs_to_one_feature_and_has_exactly_one_applier() -> None:
    declared = Counter(effect for feature in FEATURES for effect in feature.effects)
    assert [e.__name__ for e, n in declared.items() if n > 1] == []
    assert set(declared) == all_effect_types(), "an effect class no feature declares"
    applied = Counter(a.effect for feature in BOT_FEATURES for a in feature.appliers)
    assert [e.__name__ for e, n in applied.items() if n != 1] == []
    assert set(applied) == set(declared) == set(APPLIERS)


def test_every_pure_feature_has_its_bot_counterpart() -> None:
    assert [f.name for f in FEATURES] == [f.name for f in BOT_FEATURES]
    for pure, io in zip(FEATURES, BOT_FEATURES, strict=True):
        assert {a.effect for a in io.appliers} == set(pure.effects), pure.name


def _resolve(node: ast.expr, scope: dict[str, Any]) -> Any:
    if isinstance(node, ast.Name):
        return scope.get(node.id)
    if isinstance(node, ast.Attribute):
        owner = _resolve(node.value, scope)
        if isinstance(owner, ModuleType | type):
            return getattr(owner, node.attr, None)
    return None


def queues_rows(fn: Callable[..., Any], seen: set[Any] | None = None) -> bool:
    """Whether `fn`, or any bot function it calls (followed through the code), adds a notice
    or a reminder row: `add_notice(...)` or `Reminders(...).add(...)`."""
    seen = set() if seen is None else seen
    if fn in seen or not inspect.isfunction(fn):
        return False
    seen.add(fn)
    scope = fn.__globals__
    for node in ast.walk(ast.parse(textwrap.dedent(inspect.getsource(fn)))):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if (
            isinstance(func, ast.Attribute)
            and func.attr == "add"
            and isinstance(func.value, ast.Call)
            and _resolve(func.value.func, scope) is Reminders
        ):
            return True
        target = _resolve(func, scope)
        if target is add_notice:
            return True
        if inspect.isfunction(target) and target.__module__.startswith("bot."):
            if queues_rows(target, seen):
                return True
    return False


def test_the_reachability_check_sees_rows_being_queued() -> None:
    """The check itself: it finds a notice two calls deep, and no rows where there are none."""
    by_type = {a.effect.__name__: a for a in APPLIERS.values()}
    assert queues_rows(by_type["SaveSupporterProfile"].apply)  # via matchmaker.propose
    assert queues_rows(by_type["CreateReturnSession"].apply)
    assert not queues_rows(by_type["SetName"].apply)
    assert not queues_rows(by_type["TickItem"].apply)


def test_every_effect_that_queues_notices_or_reminders_wakes_the_scheduler() -> None:
    """...and no other does (a wake costs the scheduler a look at the pending rows)."""
    queuing = {a.effect.__name__ for a in APPLIERS.values() if queues_rows(a.apply)}
    waking = {a.effect.__name__ for a in APPLIERS.values() if a.wakes}
    assert queuing - waking == set(), "queues rows but does not wake the scheduler"
    assert waking - queuing == set(), "wakes the scheduler but queues nothing"


def test_every_reminder_kind_is_delivered_by_its_feature() -> None:
    for pure, io in zip(FEATURES, BOT_FEATURES, strict=True):
        delivered = {kind.kind for kind in io.reminders}
        assert delivered <= set(pure.reminder_kinds), pure.name
    declared = Counter(kind for feature in FEATURES for kind in feature.reminder_kinds)
    assert [k for k, n in declared.items() if n > 1] == []
    assert set(declared) == set(REMINDERS), "a reminder kind nobody delivers"


def test_features_claim_distinct_buttons_commands_and_menu_entries() -> None:
    buttons = Counter(name for feature in FEATURES for name in feature.buttons)
    assert [b for b, n in buttons.items() if n > 1] == []
    commands = Counter(name for feature in FEATURES for name in feature.commands)
    assert [c for c, n in commands.items() if n > 1] == []
    entries = Counter(entry.id for feature in FEATURES for _rank, entry in feature.menu)
    assert [e for e, n in entries.items() if n > 1] == []
    journey = build_journey(checklists=Checklists())
    for feature in FEATURES:
        assert {e.flow for _r, e in feature.menu if e.flow} <= set(journey.flows), feature.name
        assert {e.flow for e in feature.commands.values()} <= set(journey.flows), feature.name


def test_every_fact_loader_fills_a_field_of_the_context() -> None:
    fields = set(Ctx.model_fields)
    assert {fact.loader.field for fact in FACTS} <= fields
    needed = {field for feature in FEATURES for field in feature.needs}
    assert needed <= {fact.loader.field for fact in FACTS}, "a Need nobody loads"
