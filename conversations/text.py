"""Translatable text that is rendered late, in the recipient's locale.

Flows do not know who will read a reply (a coordinator alerted in French, a switcher in Arabic),
so they return `Msg` values: the English msgid plus named parameters. The dispatcher renders
them with the recipient's catalog after the flow has run. `_()` and `_n()` are the keywords
`pybabel extract` looks for.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Union

from pydantic import BaseModel, ConfigDict

#: A tuple of messages is rendered as a list in the reader's language ("a, b and c");
#: `Lines` as one message per line (each a whole translated sentence).
ParamValue = Union[
    str,
    int,
    float,
    datetime,
    date,
    "Msg",
    tuple["Msg", ...],
    "Lines",
    "PersonName",
    "Period",
]


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


class Period(BaseModel):
    """From a start to an end, rendered with the date once when both fall on the same day
    ("do 21 jan 2027, 13:30–16:00"), in the reader's time zone (walkthrough 30)."""

    model_config = ConfigDict(frozen=True)

    start: datetime
    end: datetime


class PersonName(BaseModel):
    """Someone named in a message kept for later (a notice): only their id is stored, and the
    name is looked up when the message is sent, so a renamed person reads as renamed and an
    erased one as `LEFT_WEGWIJZER`. `id=None` is someone who has left."""

    model_config = ConfigDict(frozen=True)

    id: int | None
    first_only: bool = False  # "Amal", not "Amal Haddad" (a request a supporter may decline)


def day_span(start: datetime, end: datetime) -> Msg:
    """A day with its hours, the date said once (one rendering with `Period`, walkthrough 14
    and 30; a day that ends after midnight shows both dates)."""
    return Msg(msgid="{span}", params={"span": Period(start=start, end=end)})


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
Period.model_rebuild()

#: How a person who was erased (or never gave a name) is named in what others still read.
LEFT_WEGWIJZER = _("someone who has left Wegwijzer")


def people_in(msg: Msg) -> set[int]:
    """The ids of every `PersonName` in a message, nested ones included."""
    found: set[int] = set()
    for value in msg.params.values():
        if isinstance(value, PersonName) and value.id is not None:
            found.add(value.id)
        elif isinstance(value, Msg):
            found |= people_in(value)
        elif isinstance(value, Lines):
            for line in value.lines:
                found |= people_in(line)
        elif isinstance(value, tuple):
            for item in value:
                found |= people_in(item)
    return found


def name_people(msg: Msg, names: Mapping[int, str | None]) -> Msg:
    """The message with every `PersonName` replaced by the name in `names` (current names,
    looked up just before sending); someone missing or nameless becomes `LEFT_WEGWIJZER`."""

    def one(value: ParamValue) -> ParamValue:
        if isinstance(value, PersonName):
            name = names.get(value.id) if value.id is not None else None
            if not name:
                return LEFT_WEGWIJZER
            return Msg.plain(name.split()[0] if value.first_only else name)
        if isinstance(value, Msg):
            return name_people(value, names)
        if isinstance(value, Lines):
            return Lines(lines=tuple(name_people(m, names) for m in value.lines))
        if isinstance(value, tuple):
            return tuple(name_people(m, names) for m in value)
        return value

    if not msg.params:
        return msg
    return msg.model_copy(update={"params": {k: one(v) for k, v in msg.params.items()}})


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
    if isinstance(value, PersonName):
        return {"$person": value.id, "first": value.first_only}
    if isinstance(value, Msg):
        return {"$msg": msg_to_data(value)}
    if isinstance(value, Lines):
        return {"$lines": [msg_to_data(m) for m in value.lines]}
    if isinstance(value, tuple):
        return {"$list": [msg_to_data(m) for m in value]}
    if isinstance(value, Period):
        return {"$period": [value.start.isoformat(), value.end.isoformat()]}
    if isinstance(value, datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, date):
        return {"$date": value.isoformat()}
    return value


def _decode(value: object) -> ParamValue:
    if isinstance(value, dict):
        if "$person" in value:
            person = value["$person"]
            return PersonName(id=person if isinstance(person, int) else None,
                              first_only=bool(value.get("first")))  # fmt: skip
        if "$msg" in value:
            return msg_from_data(value["$msg"])
        if "$lines" in value:
            return Lines(lines=tuple(msg_from_data(m) for m in value["$lines"]))
        if "$list" in value:
            return tuple(msg_from_data(m) for m in value["$list"])
        if "$period" in value:
            start, end = value["$period"]
            return Period(start=datetime.fromisoformat(start), end=datetime.fromisoformat(end))
        if "$datetime" in value:
            return datetime.fromisoformat(value["$datetime"])
        if "$date" in value:
            return date.fromisoformat(value["$date"])
    if isinstance(value, str | int | float):
        return value
    return str(value)
