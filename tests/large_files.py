"""Large media for document tests, made quickly, with a media row each.

Recordings do not compress, so neither may these files (zeros would deflate to nothing and
hide a zip held in memory): one random MiB, repeated (deflate only looks 32 KiB back), after
the file's own name so copies can be told apart. Written with a few large writes."""

from __future__ import annotations

import random
from datetime import datetime
from pathlib import Path

from bot.app import App
from storage.media import MediaFiles

MB = 1024 * 1024


BLOCK = random.Random(14).randbytes(MB)


def media_file(path: Path, size: int) -> None:
    """`size` incompressible bytes, starting with the file's name."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as stream:
        stream.write(path.name.encode())
        left = size - len(path.name.encode())
        while left > 0:
            stream.write(BLOCK[: min(left, MB)])
            left -= MB


async def give_media(
    app: App, person_id: int, sizes: list[int], now: datetime, prefix: str = "big"
) -> list[str]:
    """Media rows for `person_id` with files of these sizes; returns their relative paths."""
    paths = []
    async with app.db.transaction() as conn:
        for number, size in enumerate(sizes):
            relative = f"media/2026-11/{prefix}-{person_id}-{number}.ogg"
            media_file(app.settings.data_dir / relative, size)
            fields = {"path": relative, "sha256": "0" * 64, "size": size, "mime_type": "audio/ogg"}
            await MediaFiles(conn).add(person_id, "voice", fields, now)
            paths.append(relative)
    return paths
