"""Starting on a database that is already migrated (every start but the first after an upgrade)
loads no Alembic: it would stay in each worker's memory for nothing (the production-core
issue's RSS target). The head is read from the migration files, so it must be Alembic's own."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from pathlib import Path

import pytest
from alembic.config import Config
from alembic.script import ScriptDirectory

from storage.database import MIGRATIONS, Database, head_revision

CHECK = """
import asyncio, sys
from storage.database import Database

async def main(url):
    db = Database(url)
    await db.migrate()
    await db.close()

asyncio.run(main(sys.argv[1]))
print("alembic" in sys.modules)
"""


def test_the_head_read_from_the_files_is_alembics_head() -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    assert head_revision() == ScriptDirectory.from_config(config).get_current_head()


def _loads_alembic(url: str) -> bool:
    root = Path(__file__).resolve().parents[2]
    out = subprocess.run([sys.executable, "-c", CHECK, url], cwd=root, capture_output=True,
                         text=True, timeout=120, check=True)  # fmt: skip
    return out.stdout.strip().splitlines()[-1] == "True"


async def test_a_migrated_database_starts_without_loading_alembic(
    tmp_path: Path, database_url: str | None
) -> None:
    url = database_url or f"sqlite+aiosqlite:///{tmp_path / 'test.db'}"
    if database_url is None:
        assert _loads_alembic(url)  # a new database: the migrations run
    db = Database(url)
    await db.migrate()  # already at head: nothing to do, and it says so by not failing
    await db.close()
    assert not _loads_alembic(url)


async def test_a_database_one_migration_behind_is_upgraded(tmp_path: Path) -> None:
    from alembic import command

    url = f"sqlite+aiosqlite:///{tmp_path / 'old.db'}"
    db = Database(url)
    await db.migrate()
    head = head_revision()
    assert head is not None

    def downgrade(connection: object) -> None:
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        config.attributes["connection"] = connection
        command.downgrade(config, "-1")

    async with db.engine.begin() as conn:
        await conn.run_sync(downgrade)
    await db.migrate()
    async with db.read() as conn:
        version = (await conn.exec_driver_sql("SELECT version_num FROM alembic_version")).scalar()
    await db.close()
    assert version == head


@pytest.mark.empty_database
async def test_two_workers_starting_together_on_an_empty_database_both_start(
    database_url: str | None, tmp_path: Path
) -> None:
    """Several workers started at once after an upgrade (README says migrations first, but a
    service manager starts them together): one migrates, the others wait for it and find the
    database at head; none fails on a table the other just created."""
    url = database_url or f"sqlite+aiosqlite:///{tmp_path / 'together.db'}"
    workers = [Database(url) for _ in range(3)]
    try:
        await asyncio.gather(*(db.migrate() for db in workers))
        async with workers[0].read() as conn:
            found = await conn.exec_driver_sql("SELECT version_num FROM alembic_version")
            version = found.scalar()
    finally:
        for db in workers:
            await db.close()
    assert version == head_revision()
