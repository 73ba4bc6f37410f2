"""Translatable text that is rendered late, in the recipient's locale.

Flows do not know who will read a reply (a coordinator alerted in French, a switcher in Arabic),
so they return `Msg` values: the English msgid plus named parameters. The dispatcher renders
them with the recipient's catalog after the flow has run. `_()` and `_n()` are the keywords
`pybabel extract` looks for.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Union

from pydantic import BaseModel, ConfigDict

#: A tuple of messages is rendered as a list in the reader's language ("a, b and c");
#: `Lines` as one message per line (each a whole translated sentence).
ParamValue = Union[str, int, float, datetime, date, "Msg", tuple["Msg", ...], "Lines"]


class Msg(BaseModel):
    """A message to translate (msgid, plural, parameters), or a literal never translated."""

    model_config = ConfigDict(frozen=True)

    msgid: str
    plural: str | None = None
    count: int | None = None
    params: dict[str, ParamValue] = {}
    literal: bool = False

    @classmethod
    def plain(cls, text: str) -> Msg:
        """Text shown as is: a person's name, a language named in itself."""
        return cls(msgid=text, literal=True)


class Lines(BaseModel):
    """Whole messages shown one per line, e.g. a score per dimension."""

    model_config = ConfigDict(frozen=True)

    lines: tuple[Msg, ...]


def _(msgid: str, /, **params: ParamValue) -> Msg:
    """Mark a message for translation; placeholders are named: ``_("Hi {name}", name=n)``."""
    return Msg(msgid=msgid, params=params)


def _n(singular: str, plural: str, count: int, /, **params: ParamValue) -> Msg:
    """Mark a plural message; ``{count}`` is available as a placeholder."""
    return Msg(msgid=singular, plural=plural, count=count, params={"count": count, **params})


def N_(msgid: str, /) -> str:
    """Mark a msgid for extraction where only the string is stored (e.g. in tables)."""
    return msgid


Msg.model_rebuild()
Lines.model_rebuild()


def msg_to_data(msg: Msg) -> dict[str, object]:
    """A message as JSON-safe data that keeps parameter types (a date stays a date), so a
    notice stored now is rendered later in the recipient's language and time zone."""
    return {
        "msgid": msg.msgid,
        "plural": msg.plural,
        "count": msg.count,
        "literal": msg.literal,
        "params": {k: _encode(v) for k, v in msg.params.items()},
    }


def msg_from_data(data: dict[str, object]) -> Msg:
    params = data.get("params") or {}
    assert isinstance(params, dict)
    count = data.get("count")
    return Msg(
        msgid=str(data["msgid"]),
        plural=str(data["plural"]) if data.get("plural") is not None else None,
        count=int(count) if isinstance(count, int) else None,
        literal=bool(data.get("literal")),
        params={str(k): _decode(v) for k, v in params.items()},
    )


def _encode(value: ParamValue) -> object:
    if isinstance(value, Msg):
        return {"$msg": msg_to_data(value)}
    if isinstance(value, Lines):
        return {"$lines": [msg_to_data(m) for m in value.lines]}
    if isinstance(value, tuple):
        return {"$list": [msg_to_data(m) for m in value]}
    if isinstance(value, datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, date):
        return {"$date": value.isoformat()}
    return value


def _decode(value: object) -> ParamValue:
    if isinstance(value, dict):
        if "$msg" in value:
            return msg_from_data(value["$msg"])
        if "$lines" in value:
            return Lines(lines=tuple(msg_from_data(m) for m in value["$lines"]))
        if "$list" in value:
            return tuple(msg_from_data(m) for m in value["$list"])
        if "$datetime" in value:
            return datetime.fromisoformat(value["$datetime"])
        if "$date" in value:
            return date.fromisoformat(value["$date"])
    if isinstance(value, str | int | float):
        return value
    return str(value)
