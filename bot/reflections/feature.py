"""The reflections feature's I/O: items kept and reflections shared with the author's part
checked again, and the list of reflections one may read (the pure side:
conversations/reflections/feature.py; playing one back: bot/reflections/replay.py)."""

from __future__ import annotations

from bot.feature import Applier, Applying, BotFeature, FactLoader, Loading
from bot.reflections import effects as do
from bot.reflections.replay import reflection_refs
from conversations.context import ReflectionRef
from conversations.reflections.effects import AddReflectionItem, ShareReflection


async def add_reflection_item(a: Applying, effect: AddReflectionItem) -> None:
    await do.add_item(a.conn, a.media, a.user_id, effect, a.now)


async def share_reflection(a: Applying, effect: ShareReflection) -> None:
    await do.share(a.conn, a.media, a.user_id, effect, a.now)


async def _reflections(at: Loading) -> tuple[ReflectionRef, ...]:
    return await reflection_refs(at.conn, at.user_id)


REFLECTIONS = BotFeature(
    name="reflections",
    appliers=(
        Applier(AddReflectionItem, add_reflection_item),
        Applier(ShareReflection, share_reflection),
    ),
    facts=(FactLoader("reflections", _reflections, registered=False),),
)
