"""One running bot per data folder.

Two `wegwijzer run` on one SQLite data folder split the updates between them and each thinks
it owns every conversation (duplicated messages, people stuck, two Matrix devices on one crypto
store). An exclusive `flock` on a file in the data folder makes the second one stop at once
with one clear line. The lock dies with the process (kill -9 included), so a stale lock file
never blocks a restart. The command line (`invite`, `people`, `export`, `chat`) does not take
it: those are short and go through the database's own locking.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Iterator
from pathlib import Path

from bot.settings import ConfigError

LOCK_NAME = "wegwijzer.run.lock"


@contextlib.contextmanager
def run_lock(data_dir: Path) -> Iterator[None]:
    """Hold the data folder's run lock for the block, or raise ConfigError naming the holder."""
    path = data_dir / LOCK_NAME
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "?"
            raise ConfigError(
                f"another `wegwijzer run` (process {holder}) is already running on {data_dir}; "
                "stop it first (the command line and `wegwijzer chat` still work beside it)"
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        yield
    finally:
        os.close(fd)  # releases the lock
