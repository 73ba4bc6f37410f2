"""A private folder for one reply's documents, in the data dir, gone once they are sent.

Documents (a `/mydata` zip, the cohort spreadsheet, PDFs, charts) are written here after the
event's transaction, off the event loop, instead of being held in memory; transports send them
from the path. The folder is made by `mkdtemp` (0700) and each file is created 0600, so only the
bot's user can read what is in flight. The transport closes the workspace after sending; if it
never does (a crash half-way, a test that only looks), the folder goes when the reply is garbage
collected, and `sweep` removes anything older than an hour at start-up.
"""

from __future__ import annotations

import itertools
import logging
import os
import shutil
import tempfile
import time
import weakref
from pathlib import Path
from typing import BinaryIO

log = logging.getLogger(__name__)

FOLDER = "outgoing"
STALE_AFTER = 3600.0  # seconds; a delivery takes seconds to minutes


def _private(path: str, flags: int) -> int:
    return os.open(path, flags, 0o600)


class Workspace:
    """Where one delivery's files are written; made on first use, removed by `close`."""

    def __init__(self, data_dir: Path) -> None:
        self.parent = data_dir / FOLDER
        self._root: Path | None = None
        self._names = itertools.count(1)
        self._finalizer: weakref.finalize[..., Workspace] | None = None

    @property
    def root(self) -> Path:
        if self._root is None:
            self.parent.mkdir(parents=True, exist_ok=True)
            self._root = Path(tempfile.mkdtemp(prefix="reply-", dir=self.parent))
            self._finalizer = weakref.finalize(self, shutil.rmtree, self._root, True)
        return self._root

    def new_path(self, suffix: str = "") -> Path:
        """A fresh file name in the folder (never a name a person chose)."""
        return self.root / f"{next(self._names)}{suffix}"

    def create(self, suffix: str = "") -> tuple[Path, BinaryIO]:
        """A new private (0600) file, open for writing."""
        path = self.new_path(suffix)
        return path, open(path, "xb", opener=_private)

    def write(self, data: bytes, suffix: str = "") -> Path:
        path, stream = self.create(suffix)
        with stream:
            stream.write(data)
        return path

    def adopt(self, source: Path, suffix: str = "") -> Path:
        """A stored file, sent as it is: hard-linked (no copy) where the file system allows,
        else copied in chunks; either way erasing the original meanwhile does not break it."""
        path = self.new_path(suffix)
        try:
            os.link(source, path)
        except OSError:
            with source.open("rb") as src, open(path, "xb", opener=_private) as dst:
                shutil.copyfileobj(src, dst, 1 << 20)
        return path

    def close(self) -> None:
        if self._finalizer is not None:
            self._finalizer()  # runs rmtree once; later calls do nothing


def sweep(data_dir: Path, now: float | None = None) -> int:
    """Remove reply folders left behind by a process that stopped mid-send."""
    parent = data_dir / FOLDER
    if not parent.is_dir():
        return 0
    limit = (now if now is not None else time.time()) - STALE_AFTER
    removed = 0
    for folder in parent.iterdir():
        try:
            if folder.stat().st_mtime < limit:
                shutil.rmtree(folder, ignore_errors=True)
                removed += 1
        except FileNotFoundError:
            continue
    if removed:
        log.info("removed %d reply folders left from an earlier run", removed)
    return removed
