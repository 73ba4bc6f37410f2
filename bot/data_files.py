"""Files about people that live in the data folder outside the media store: the stored copy of
an issued learning certificate and the terminal chat's outbox. Named in one place, so erasure
finds exactly the files the code writes."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

TERMINAL_PLATFORM = "terminal"
#: The terminal chat writes documents and images it "sends" here, one folder per person.
TERMINAL_OUTBOX = "terminal-outbox"


def certificate_copy(data_dir: Path, exchange_id: int) -> Path:
    """The certificate as it was sent to the switcher (it names switcher, coach, coordinator)."""
    return data_dir / "certificates" / f"exchange-{exchange_id}.pdf"


def terminal_outbox(data_dir: Path, external_id: str) -> Path:
    """One terminal user's outbox (`--user NAME`); the name is made safe for a folder."""
    safe = re.sub(r"[^A-Za-z0-9_.-]", "_", external_id).strip(".") or "_"
    return data_dir / TERMINAL_OUTBOX / safe


def remove_certificate_copies(data_dir: Path, exchange_ids: list[int]) -> int:
    """Delete the stored copies (a new one can be asked for later); how many were there."""
    removed = 0
    for exchange_id in exchange_ids:
        path = certificate_copy(data_dir, exchange_id)
        if path.is_file():
            path.unlink()
            removed += 1
    return removed


def remove_terminal_outbox(data_dir: Path, external_ids: list[str]) -> None:
    """A terminal user's outbox folder, plus files an older version left loose in the shared
    outbox (they may be this person's `/mydata` zip)."""
    for external_id in external_ids:
        shutil.rmtree(terminal_outbox(data_dir, external_id), ignore_errors=True)
    shared = data_dir / TERMINAL_OUTBOX
    if external_ids and shared.is_dir():
        for path in shared.iterdir():
            if path.is_file():
                path.unlink()
