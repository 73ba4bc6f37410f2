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
