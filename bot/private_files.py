"""Files only the bot's own account can read: answers, voice notes and certificates are private.

The process sets umask 077 before it creates anything, so the database (and its WAL), media,
certificates and exports are born 0600 and folders 0700. Installs from before this rule have
world-readable files; `tighten` corrects them at start-up and says so in one log line.
"""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

log = logging.getLogger(__name__)

UMASK = 0o077
PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600


def private_umask() -> None:
    """Everything this process creates from now on is for its own account only."""
    os.umask(UMASK)


def make_private(path: Path) -> None:
    """One file (an export written outside the data dir, perhaps over an older file)."""
    path.chmod(PRIVATE_FILE)


def tighten(data_dir: Path) -> int:
    """Remove group and other access below `data_dir`; returns how many entries changed."""
    changed = failed = 0
    for entry in [data_dir, *data_dir.rglob("*")]:
        try:
            info = entry.lstat()
            if stat.S_ISLNK(info.st_mode):
                continue
            mode = stat.S_IMODE(info.st_mode)
            wanted = PRIVATE_DIR if stat.S_ISDIR(info.st_mode) else mode & PRIVATE_DIR | 0o600
            if mode != wanted:
                entry.chmod(wanted)
                changed += 1
        except FileNotFoundError:  # a staged file that was moved meanwhile
            continue
        except PermissionError:  # owned by another account: say so, but keep running
            failed += 1
    if changed:
        log.warning(
            "made %d files and folders in the data folder private (owner only, 0700/0600)",
            changed,
        )
    if failed:
        log.error("could not make %d files in the data folder private: not their owner", failed)
    return changed
