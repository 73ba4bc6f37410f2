"""The cohort's media as files people can find (walkthrough 21): one folder per exchange, each
file named by what it is, whose it is and when — `exchange-3/reflection-anna-2026-12-10-1.ogg` —
or, for a document, by the name it was sent with (walkthrough 20). The workbook's `media` cells
give the same names, so the sheet and the zip can be read side by side."""

from __future__ import annotations

import zipfile
from collections import defaultdict
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import Any, BinaryIO
from zoneinfo import ZoneInfo

from bot.cohort import Cohort
from bot.file_names import safe_file_name, slug, unique
from bot.media import MediaStore


def media_names(cohort: Cohort, timezone: str) -> dict[str, str]:
    """Stored path → name in the zip, for exactly the shared reflections' files and the
    recorded evaluation answers, each once, in a stable order."""
    tz = ZoneInfo(timezone)
    names: dict[str, str] = {}
    taken: set[str] = set()
    counters: dict[str, int] = defaultdict(int)

    def add(path: str, exchange_id: int, what: str, who: int, when: datetime, sent: Any) -> None:
        if path in names:
            return
        folder = f"exchange-{exchange_id}"
        original = safe_file_name(sent)
        if original:
            names[path] = unique(f"{folder}/{original}", taken)
            return
        stem = f"{folder}/{what}-{slug(cohort.names.get(who))}-{when.astimezone(tz):%Y-%m-%d}"
        counters[stem] += 1
        suffix = PurePosixPath(path).suffix
        names[path] = unique(f"{stem}-{counters[stem]}{suffix}", taken)

    for s in cohort.shared:
        if s.media_path:
            add(s.media_path, s.exchange_id, s.kind, s.author_id, s.created_at, s.media_name)
    for e in cohort.evaluations:
        if e.response is None:
            continue
        moment = e.response.completed_at or e.response.started_at
        for value in e.response.answers.values():
            if isinstance(value, dict) and value.get("path"):
                add(str(value["path"]), e.exchange_id, "evaluation", e.person_id, moment,
                    value.get("file_name"))  # fmt: skip
    return names


def write_media_zip(cohort: Cohort, media: MediaStore, out: Path | BinaryIO, timezone: str) -> int:
    """The files under their readable names (stored as they are: media are compressed
    already); a file erased since the cohort was read is left out. Returns how many."""
    written = 0
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_STORED, allowZip64=True) as archive:
        for relative, name in media_names(cohort, timezone).items():
            source = media.file(relative)  # WEGWIJZER_MEDIA_DIR when set
            if source.is_file():
                archive.write(source, arcname=name)
                written += 1
    return written
