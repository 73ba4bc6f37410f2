"""Logging that never writes secrets or personal data, at any level.

- The bot token (and Matrix secrets) are masked wherever they would appear: httpx logs every
  request URL, and with python-telegram-bot that URL contains the token.
- Libraries that dump what people send at DEBUG (python-telegram-bot prints whole updates,
  aiosqlite and SQLAlchemy print SQL parameters, httpx prints URLs, nio prints events) are kept
  at WARNING whatever `WEGWIJZER_LOG_LEVEL` says, and a handler filter drops their records below
  WARNING even if a library lowers its own level again.
- Exception messages may quote what someone typed (openpyxl's IllegalCharacterError quotes the
  whole cell), so tracebacks show the exception type and the frames, never the message — except
  for network and file-system errors, whose messages an operator needs and which carry no answers.
- Our own DEBUG lines describe texts (`masked`) instead of printing them.
"""

from __future__ import annotations

import copy
import json
import logging
import traceback
from datetime import UTC, datetime
from typing import IO, Any

#: Loggers that may print people's data below WARNING; held at WARNING or above.
QUIET = (
    "telegram", "httpx", "httpcore", "aiosqlite", "sqlalchemy", "nio", "apscheduler", "alembic",
    "peewee", "aiohttp", "h11", "h2", "hpack", "urllib3", "PIL", "matplotlib", "fontTools",
    "fpdf", "openpyxl", "multipart",
)  # fmt: skip
#: Our own packages: their lines are written to be safe at every level.
OURS = ("bot", "conversations", "storage", "locales", "root", "__main__")
#: Exception types whose message is kept: they describe a network or file problem, not input.
SAFE_MODULES = ("telegram.error", "httpx", "httpcore", "nio.exceptions", "aiohttp")
WITHHELD = "message withheld: it may contain personal data"


def masked(text: str | None) -> str:
    """What our DEBUG lines show instead of a text someone typed or a name."""
    return "<none>" if text is None else f"<{len(text)} characters>"


def describe(exc: BaseException) -> str:
    """An exception as a log line may show it: the type, and the message only when safe."""
    name = f"{type(exc).__module__}.{type(exc).__qualname__}".removeprefix("builtins.")
    if isinstance(exc, OSError) or type(exc).__module__.startswith(SAFE_MODULES):
        return f"{name}: {exc}"
    return f"{name} ({WITHHELD})"


def _chain(exc: BaseException) -> list[BaseException]:
    found: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and all(current is not seen for seen in found):
        found.append(current)
        current = current.__cause__ or (
            None if current.__suppress_context__ else current.__context__
        )
    return list(reversed(found))


class PrivateFormatter(logging.Formatter):
    """Formats a record without exception messages in its arguments or traceback."""

    def __init__(self, secrets: list[str], fmt: str | None = None) -> None:
        super().__init__(fmt or "%(asctime)s %(levelname)s %(name)s: %(message)s")
        self.secrets = [s for s in secrets if s]

    def format(self, record: logging.LogRecord) -> str:
        safe = copy.copy(record)
        if isinstance(safe.msg, BaseException):
            safe.msg = describe(safe.msg)
        if isinstance(safe.args, tuple):
            safe.args = tuple(_arg(a) for a in safe.args)
        elif isinstance(safe.args, dict):
            safe.args = {k: _arg(v) for k, v in safe.args.items()}
        if safe.name == "asyncio" and isinstance(safe.msg, str):
            # "Task exception was never retrieved\nfuture: <Task … exception=ValueError('…')>":
            # the repr lines quote the exception message; the traceback follows anyway.
            safe.msg, safe.args = safe.getMessage().split("\n", 1)[0], None
        safe.exc_text = None
        text = super().format(safe)
        for secret in self.secrets:
            text = text.replace(secret, "***")
        return text

    def formatException(self, ei: Any) -> str:
        exc = ei[1] if ei else None
        if not isinstance(exc, BaseException):
            return ""
        lines: list[str] = []
        for link in _chain(exc):
            if lines:
                lines.append("\nThe above led to:\n")
            lines.append("Traceback (most recent call last):\n")
            lines += traceback.format_list(traceback.extract_tb(link.__traceback__))
            lines.append(describe(link) + "\n")
        return "".join(lines).rstrip("\n")


class JsonFormatter(PrivateFormatter):
    """One JSON object per line (`WEGWIJZER_LOG_FORMAT=json`), for a log collector: time,
    level, logger, worker, message and, when there is one, the traceback, all with the same
    care as the text lines (no exception messages, secrets masked)."""

    def __init__(self, secrets: list[str], worker: str | None = None) -> None:
        super().__init__(secrets, "%(message)s")
        self.worker = worker

    def format(self, record: logging.LogRecord) -> str:
        exc_info, record_copy = record.exc_info, copy.copy(record)
        record_copy.exc_info = None
        record_copy.stack_info = None
        message = super().format(record_copy)  # masked, message withheld where needed
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": message,
        }
        if self.worker:
            entry["worker"] = self.worker
        if exc_info:
            entry["traceback"] = self.formatException(exc_info)
        text = json.dumps(entry, ensure_ascii=False)
        for secret in self.secrets:
            text = text.replace(secret, "***")
        return text


def _arg(value: object) -> object:
    return describe(value) if isinstance(value, BaseException) else value


class QuietLibraries(logging.Filter):
    """Drops library records below WARNING, whatever level the library set for itself."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno >= logging.WARNING or record.name.split(".")[0] in OURS


def configure(
    level: str,
    secrets: list[str],
    stream: IO[str] | None = None,
    *,
    fmt: str = "text",
    worker: str | None = None,
) -> None:
    """`fmt`: "text" (one readable line) or "json" (one JSON object per line, with `worker`)."""
    handler = logging.StreamHandler(stream)
    formatter = JsonFormatter(secrets, worker) if fmt == "json" else PrivateFormatter(secrets)
    handler.setFormatter(formatter)
    handler.addFilter(QuietLibraries())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    library_level = max(logging.WARNING, root.level)
    for noisy in QUIET:
        logging.getLogger(noisy).setLevel(library_level)
