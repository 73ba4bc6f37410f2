"""Neutral inbound events: what a person did, whatever the platform.

Transports translate platform updates into these at the edge; flows never see platform types.
Media carry only a platform reference (`ref`); the originating transport fetches the bytes
when a flow decides to keep them, so an unwanted 30 MB upload is never downloaded.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

MediaKind = Literal["voice", "audio", "photo", "video", "document"]


class _Event(BaseModel):
    model_config = ConfigDict(frozen=True)


class TextIn(_Event):
    """Free text typed by the person."""

    kind: Literal["text"] = "text"
    text: str


class CommandIn(_Event):
    """A command such as ``/start abc123``; `name` is lower-case, without the slash."""

    kind: Literal["command"] = "command"
    name: str
    args: tuple[str, ...] = ()


class ChoiceIn(_Event):
    """A choice picked by its stable id; `seq` names the prompt it answered (stale-button check)."""

    kind: Literal["choice"] = "choice"
    choice_id: str
    seq: int


class MediaInfo(BaseModel):
    """What the platform tells about a file before anyone downloads it."""

    model_config = ConfigDict(frozen=True)

    ref: str
    size: int | None = None
    mime_type: str | None = None
    file_name: str | None = None
    duration: float | None = None
    width: int | None = None
    height: int | None = None


class MediaIn(_Event):
    """A voice note, audio, photo, video or file."""

    kind: Literal["media"] = "media"
    media_kind: MediaKind
    media: MediaInfo
    caption: str | None = None


class OtherIn(_Event):
    """Anything the bot cannot use (a sticker, a location, a poll…), named so it can say so."""

    kind: Literal["other"] = "other"
    what: str


Event = TextIn | CommandIn | ChoiceIn | MediaIn | OtherIn


class Sender(BaseModel):
    """Who sent an event, as the transport knows them; identity is (platform, external_id)."""

    model_config = ConfigDict(frozen=True)

    platform: str
    external_id: str
    chat_id: str
    display_name: str | None = None
    language_code: str | None = None
