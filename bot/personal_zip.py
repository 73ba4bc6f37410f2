"""The `/mydata` zip, written to disk in one or more parts that each fit the platform's limit.

Files are streamed into the archive (never the whole zip in memory: a person with 160 MB of
voice notes costs a few megabytes of RAM to export). Media are stored as they are (they are
compressed already), which also makes a part's size known before it is written; `data.json` and
`summary.html` are compressed and always in the first part. A file larger than a whole part
cannot be sent on that platform: it is left out and named, so the person can be told how to get
a complete copy.
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

#: A part may fill this share of the platform's limit (45 MB of Telegram's 50 MB): what the zip
#: format and the upload's own envelope add comes on top.
PART_SHARE = 0.9
#: Local header, central directory entry, data descriptor and zip64 extras per entry, besides
#: its name (written twice).
ENTRY_OVERHEAD = 200

Rows = Mapping[str, list[dict[str, Any]]]


@dataclass
class ZipParts:
    """The parts written, in order, and the files too large to fit any part."""

    paths: list[Path] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)


def data_json(rows: Rows) -> bytes:
    return json.dumps(rows, ensure_ascii=False, indent=2, default=str).encode()


def _cost(name: str, size: int) -> int:
    return size + ENTRY_OVERHEAD + 2 * len(name.encode())


def plan_parts(
    head: int, files: Sequence[tuple[str, Path]], limit: int | None
) -> tuple[list[list[tuple[str, Path]]], list[str]]:
    """Which files go in which part: in order, a new part when the next file does not fit.

    `head` is the room `data.json` and `summary.html` take in the first part.
    """
    sized = [(name, path, path.stat().st_size) for name, path in files if path.is_file()]
    if limit is None:
        return [[(name, path) for name, path, _ in sized]], []
    budget = int(limit * PART_SHARE)
    parts: list[list[tuple[str, Path]]] = [[]]
    used = head
    left_out: list[str] = []
    for name, path, size in sized:
        cost = _cost(name, size)
        if cost > budget:
            left_out.append(name)
            continue
        if used + cost > budget:
            parts.append([])
            used = 0
        parts[-1].append((name, path))
        used += cost
    return parts, left_out


def write_zip(
    out: BinaryIO, head: Sequence[tuple[str, bytes]], files: Sequence[tuple[str, Path]]
) -> None:
    """One archive: small entries compressed, files streamed in as they are."""
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        for name, data in head:
            archive.writestr(name, data)
        for name, path in files:
            try:
                archive.write(path, arcname=name, compress_type=zipfile.ZIP_STORED)
            except FileNotFoundError:  # erased since the rows were read
                continue


def head_entries(rows: Rows, summary: str) -> list[tuple[str, bytes]]:
    return [("data.json", data_json(rows)), ("summary.html", summary.encode())]


def head_room(head: Sequence[tuple[str, bytes]]) -> int:
    """An upper bound for the compressed head entries (deflate never grows data by more than
    a few bytes per 16 KiB block)."""
    return sum(_cost(name, len(data) + len(data) // 1000 + 64) for name, data in head)
