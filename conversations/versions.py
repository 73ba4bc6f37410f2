"""Saved conversations across releases: every frame carries the version of the flow that
saved it. A frame of an older version is migrated by the flow's `migrate()`; a frame that
cannot be read any more (its flow or state is gone, its data no longer fits the model) is
dropped together with everything above it, so the person is never caught in a loop of
apologies: the caller tells them that this part was updated and takes them back to where they
were (the same part from its start, or the menu).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from pydantic import ValidationError

from conversations.engine import Flow
from conversations.text import _

UPDATED = _(
    "This part of Wegwijzer was updated while you were in it, so we start it again from the "
    "beginning. What you already saved is kept."
)


class SavedFrame(Protocol):
    flow: str
    state: str
    data: dict[str, Any]
    version: int


@dataclass(frozen=True)
class Restart:
    """The first unreadable frame: restart `flow` with `data`, or go back below it."""

    depth: int
    flow: str | None = None
    data: dict[str, Any] | None = None


def _readable(flow: Flow[Any], state: str, data: dict[str, Any]) -> bool:
    if state not in flow.states:
        return False
    try:
        flow.load(data)
    except ValidationError:
        return False
    return True


def _restart_data(flow: Flow[Any], data: dict[str, Any]) -> dict[str, Any] | None:
    """The data the part can start again with (what it was started with still fits)."""
    try:
        dumped: dict[str, Any] = flow.load(data).model_dump(mode="json")
    except ValidationError:
        return None
    return dumped


def upgrade(stack: Sequence[SavedFrame], flows: Mapping[str, Flow[Any]]) -> Restart | None:
    """Migrate older frames in place; the first frame that cannot be read, if any."""
    for depth, frame in enumerate(stack):
        flow = flows.get(frame.flow)
        if flow is None:
            return Restart(depth)
        if frame.version != flow.version:
            migrated = None
            if flow.migrate is not None and frame.version < flow.version:
                migrated = flow.migrate(frame.version, frame.state, dict(frame.data))
            if migrated is None:
                return Restart(depth, flow.name, _restart_data(flow, frame.data))
            frame.state, frame.data = migrated
            frame.version = flow.version
        if not _readable(flow, frame.state, frame.data):
            return Restart(depth, flow.name, _restart_data(flow, frame.data))
    return None
