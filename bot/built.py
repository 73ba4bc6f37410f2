"""What the document stage works with: files built after the event, and the jobs that build them.

The event's transaction only leaves placeholders (a `/mydata` request, a cohort report, a
reflection to play back). A short read then gathers their rows into a `Build`: a job that runs in
a worker thread, writes its file into the reply's `Workspace` and says what to send (`FileReply`s
and, where something cannot be sent here, a message saying how to get it otherwise).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bot.workspace import Workspace
from conversations.replies import Reply, SentKind
from conversations.text import Msg


@dataclass(frozen=True)
class FileReply:
    """A built file to send, by path (rendered into an `OutDocument` that streams from it)."""

    path: Path
    file_name: str
    mime_type: str
    caption: Msg | None = None
    kind: SentKind = "document"


#: Builds in a worker thread: (the reply's workspace, the platform's upload limit in bytes or
#: None for no limit) -> what to send instead of the placeholder.
BuildFn = Callable[[Workspace, int | None], list["Reply | FileReply"]]


@dataclass(frozen=True)
class Build:
    run: BuildFn
    #: For the log when a build fails ("personal data", "cohort workbook", …).
    what: str


Piece = Reply | FileReply | Build
