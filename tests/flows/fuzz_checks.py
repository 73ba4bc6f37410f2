"""What the fuzz test checks with: logged errors, who may read whom, and everything readable
in a reply (inside a /mydata zip too)."""

from __future__ import annotations

import io
import logging
import zipfile

from bot.outgoing import OutChoices, OutDocument, Outgoing, OutText


class Errors(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


class Links:
    """Whose free text each person may read, because it was shared with them; never undone
    (what was shared before an erasure was shared). In an exchange the switcher, the learning
    coach and the coordinator read each other; employer contacts read only the coordinator
    (the exchange's notes), and the coordinator reads them. Matched newcomers and supporters
    read each other, as do a coordinator and whom they invited to a return session."""

    def __init__(self) -> None:
        self.pairs: set[tuple[str, str]] = set()

    def both(self, a: str | None, b: str | None) -> None:
        if a and b:
            self.pairs |= {(a, b), (b, a)}

    def may_read(self, reader: str, author: str) -> bool:
        return (reader, author) in self.pairs


def readable(messages: list[Outgoing]) -> list[str]:
    """Everything a person can read in these messages, inside zips (/mydata) too."""
    found: list[str] = []
    for message in messages:
        if isinstance(message, OutText):
            found.append(message.text)
        elif isinstance(message, OutChoices):
            found += [message.text, *(o.label for o in message.options)]
        elif isinstance(message, OutDocument):
            found += [message.caption or "", message.file_name]
            if message.mime_type == "application/zip":
                with zipfile.ZipFile(io.BytesIO(message.data)) as archive:
                    for name in archive.namelist():
                        if name.endswith((".json", ".html", ".txt", ".csv")):
                            found.append(archive.read(name).decode("utf-8", "replace"))
    return found
