"""The database backends the storage suite and the selected flow suites run on (issue 18 item 2).

SQLite always. PostgreSQL when `WEGWIJZER_TEST_DATABASE_URL` names a server, and always in CI
(CI=true), where the server is 127.0.0.1:5432: there an unreachable server fails the run, it is
never skipped. Each test run creates its own database (a unique name), migrates it once as a
template, gives every test a fresh copy of it and drops them all at the end.
"""

from __future__ import annotations

import asyncio
import os
import threading
import uuid
from collections.abc import Coroutine
from typing import Any, TypeVar

from sqlalchemy.engine import make_url

T = TypeVar("T")
CI_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
#: Read once at import: the tests' autouse fixture removes every WEGWIJZER_* variable.
URL = os.environ.get("WEGWIJZER_TEST_DATABASE_URL") or (CI_URL if os.environ.get("CI") else None)
HOW_TO = (
    "PostgreSQL half of the storage and flow suites LEFT OUT: set "
    "WEGWIJZER_TEST_DATABASE_URL=postgresql+asyncpg://postgres@127.0.0.1:5432/test to run it"
)
#: Test files (relative to tests/) that run on both backends, besides tests/storage.
BOTH = (
    "flows/test_role_matrix.py",
    "flows/test_onboarding.py",
    "flows/test_personal_data.py",
    "flows/test_data_access.py",
    "reminders/test_plan.py",
    "exchanges/test_erasure.py",
    "exchanges/test_reminder_delivery.py",
    "retention/test_retention.py",
    "newcomers/test_matching.py",
    "exchanges/test_agenda.py",
    "flows/test_refused_effects.py",
    "flows/test_documents_after_commit.py",
    "newcomers/test_erasure_matching.py",
    "newcomers/test_nudges.py",
    "flows/test_bad_input_and_commands.py",
    "employers/test_employers_chat.py",  # upsert per organisation, dates (issue 17)
    "storage/",
)


def _run(coro: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine to the end in its own thread and loop (callers may be inside a loop)."""
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["value"] = asyncio.run(coro)
        except BaseException as exc:  # handed to the caller
            box["error"] = exc

    thread = threading.Thread(target=target)
    thread.start()
    thread.join()
    if "error" in box:
        raise box["error"]
    return box["value"]  # type: ignore[no-any-return]


async def _admin(statements: list[str]) -> None:
    import asyncpg

    assert URL is not None
    url = make_url(URL)
    conn = await asyncpg.connect(
        host=url.host or "127.0.0.1",
        port=url.port or 5432,
        user=url.username or "postgres",
        password=url.password,
        database=url.database or "postgres",
        timeout=5,
    )
    try:
        for sql in statements:
            await conn.execute(sql)
    finally:
        await conn.close()


class Server:
    """One test run's databases on the PostgreSQL server: a migrated template and its copies."""

    def __init__(self) -> None:
        assert URL is not None
        self.prefix = f"wegwijzer_test_{uuid.uuid4().hex[:10]}"
        self.template = f"{self.prefix}_tpl"
        self.copies: list[str] = []
        self.error: BaseException | None = None

    def url(self, name: str) -> str:
        assert URL is not None
        return make_url(URL).set(database=name).render_as_string(hide_password=False)

    def start(self) -> None:
        from storage.database import Database

        try:
            _run(_admin([f'CREATE DATABASE "{self.template}"']))

            async def migrate() -> None:
                db = Database(self.url(self.template))
                try:
                    await db.migrate()
                finally:
                    await db.close()

            _run(migrate())
        except BaseException as exc:  # reported by every PostgreSQL test: fail, never skip
            self.error = exc

    def fresh(self, migrated: bool = True) -> str:
        """A new database of this run (a copy of the migrated template, or empty); its URL."""
        if self.error is not None:
            raise RuntimeError(f"PostgreSQL at {URL} is not usable: {self.error!r}")
        name = f"{self.prefix}_{len(self.copies)}"
        template = f' TEMPLATE "{self.template}"' if migrated else ""
        _run(_admin([f'CREATE DATABASE "{name}"{template}']))
        self.copies.append(name)
        return self.url(name)

    def drop(self, name_or_url: str) -> None:
        name = make_url(name_or_url).database if "://" in name_or_url else name_or_url
        _run(_admin([f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)']))

    def stop(self) -> None:
        if self.error is not None:
            return
        names = [*self.copies, self.template]
        _run(_admin([f'DROP DATABASE IF EXISTS "{n}" WITH (FORCE)' for n in names]))


def check() -> None:
    """`.ci/run`: the PostgreSQL half is part of CI; an unreachable server stops the run."""
    if URL is None:
        raise SystemExit(HOW_TO)
    try:
        _run(_admin(["SELECT 1"]))
    except Exception as exc:
        raise SystemExit(f"PostgreSQL at {URL} is unreachable: {exc!r}") from None
    print(f"PostgreSQL at {URL}: reachable")


if __name__ == "__main__":
    check()
