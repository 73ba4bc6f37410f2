"""The command line as an operator meets it: clear one-line errors, invites, people."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.durations import parse_duration
from bot.settings import ConfigError, load_settings


def wegwijzer(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("WEGWIJZER_")}
    clean.setdefault("WEGWIJZER_DATA_DIR", str(tmp_path / "data"))
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        capture_output=True,
        text=True,
        env=clean,
        cwd=tmp_path,
        timeout=60,
    )


@pytest.mark.parametrize(
    ("variable", "value", "says"),
    [
        ("WEGWIJZER_TELEGRAM_TOKEN", "not-a-token", "WEGWIJZER_TELEGRAM_TOKEN: does not look like"),
        ("WEGWIJZER_DEFAULT_LOCALE", "xx", "WEGWIJZER_DEFAULT_LOCALE: unknown locale 'xx'"),
        ("WEGWIJZER_TIMEZONE", "Mars/Olympus", "WEGWIJZER_TIMEZONE: unknown time zone"),
        ("WEGWIJZER_OPEN_ROLE", "king", "WEGWIJZER_OPEN_ROLE: unknown role 'king'"),
        ("WEGWIJZER_MATRIX_USER", "wegwijzer", "WEGWIJZER_MATRIX_USER: must be a full Matrix"),
        ("WEGWIJZER_MATRIX_HOMESERVER", "http://127.0.0.1:1", "WEGWIJZER_MATRIX_USER: needed"),
        (
            "WEGWIJZER_DATA_DIR",
            "/proc/wegwijzer",
            "WEGWIJZER_DATA_DIR: cannot write to /proc/wegwijzer",
        ),
    ],
)
def test_bad_configuration_stops_with_one_clear_line(
    tmp_path: Path, variable: str, value: str, says: str
) -> None:
    result = wegwijzer(tmp_path, "people", "list", **{variable: value})
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and says in lines[0], result.stderr
    assert "Traceback" not in result.stderr


def test_run_without_transport_points_to_the_terminal_chat(tmp_path: Path) -> None:
    result = wegwijzer(tmp_path, "run")
    assert result.returncode == 2
    assert "wegwijzer chat" in result.stderr and "WEGWIJZER_TELEGRAM_TOKEN" in result.stderr


def test_migrate_brings_the_database_up_to_date_before_any_worker_starts(tmp_path: Path) -> None:
    """Upgrades with several workers (issue 18 item 5, README "Upgrades"): migrations first,
    once, from the command line; then the workers."""
    import sqlite3

    result = wegwijzer(tmp_path, "migrate", WEGWIJZER_DATA_DIR=str(tmp_path / "data"))
    assert result.returncode == 0, result.stderr
    assert "up to date" in result.stdout
    with sqlite3.connect(tmp_path / "data" / "wegwijzer.db") as db:
        columns = {row[1] for row in db.execute("PRAGMA table_info(reminders)")}
    assert {"claimed_by", "lease_until"} <= columns


def test_invite_prints_a_code_and_the_deep_link_when_the_bot_is_known(tmp_path: Path) -> None:
    result = wegwijzer(tmp_path, "invite", "--role", "switcher", "--uses", "3", "--expires", "2d")
    assert result.returncode == 0, result.stderr
    code = result.stdout.split("Invite code: ")[1].split()[0]
    assert f"/start {code}" in result.stdout and "t.me" not in result.stdout
    named = wegwijzer(
        tmp_path, "invite", "--role", "coordinator", WEGWIJZER_TELEGRAM_USERNAME="wegwijzer_bot"
    )
    code = named.stdout.split("Invite code: ")[1].split()[0]
    assert f"https://t.me/wegwijzer_bot?start={code}" in named.stdout
    on_matrix = wegwijzer(
        tmp_path, "invite", "--role", "switcher",
        WEGWIJZER_MATRIX_HOMESERVER="http://127.0.0.1:1", WEGWIJZER_MATRIX_USER="@bot:example.org",
        WEGWIJZER_MATRIX_PASSWORD="secret",
    )  # fmt: skip
    code = on_matrix.stdout.split("Invite code: ")[1].split()[0]
    assert f"direct chat with @bot:example.org and send !start {code}" in on_matrix.stdout


def test_invite_rejects_a_bad_duration(tmp_path: Path) -> None:
    result = wegwijzer(tmp_path, "invite", "--role", "switcher", "--expires", "soon")
    assert result.returncode == 2 and "--expires: not a duration" in result.stderr


def test_people_list_filters_by_role(tmp_path: Path) -> None:
    from bot.app import App
    from storage.people import People

    async def seed() -> None:
        app = await App.open(load_settings(data_dir=tmp_path / "data"))
        from datetime import UTC, datetime

        now = datetime.now(UTC)
        async with app.db.transaction() as conn:
            people = People(conn)
            a = await people.create("telegram", "1", "1", now)
            await people.set_name(a, "Anna")
            await people.grant_role(a, "switcher", now)
            b = await people.create("terminal", "bo", "bo", now)
            await people.set_name(b, "Bo")
            await people.grant_role(b, "coordinator", now)
        await app.close()

    asyncio.run(seed())
    everyone = wegwijzer(tmp_path, "people", "list").stdout.splitlines()
    assert everyone[0].split() == ["ID", "NAME", "ROLES", "PLATFORM", "LANGUAGE", "JOINED"]
    assert len(everyone) == 3
    coordinators = wegwijzer(
        tmp_path, "people", "list", "--role", "coordinator"
    ).stdout.splitlines()
    assert [line.split()[1] for line in coordinators[1:]] == ["Bo"]


def test_durations() -> None:
    assert parse_duration("1d12h").total_seconds() == 36 * 3600
    assert parse_duration("90s").total_seconds() == 90
    for bad in ("", "12", "d", "0s", "1w"):
        with pytest.raises(ValueError):
            parse_duration(bad)


def test_settings_accept_a_self_hosted_bot_api(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WEGWIJZER_TELEGRAM_TOKEN", "123456789:AAHtestTOKENabcdefghijklmnopqrstuvwx")
    monkeypatch.setenv("WEGWIJZER_TELEGRAM_API_URL", "http://127.0.0.1:8081/")
    settings = load_settings()
    assert settings.telegram_api_url == "http://127.0.0.1:8081"
    monkeypatch.setenv("WEGWIJZER_TELEGRAM_API_URL", "ftp://nope")
    with pytest.raises(ConfigError, match="WEGWIJZER_TELEGRAM_API_URL"):
        load_settings()


def test_an_invite_on_behalf_of_a_coordinator_records_them_and_the_organisation(
    tmp_path: Path,
) -> None:
    from datetime import UTC, datetime

    from bot.app import App
    from storage.invites import Invites
    from storage.people import People

    async def seed() -> tuple[int, int]:
        app = await App.open(load_settings(data_dir=tmp_path / "data"))
        now = datetime.now(UTC)
        async with app.db.transaction() as conn:
            coordinator = await People(conn).create("terminal", "c", "c", now)
            await People(conn).grant_role(coordinator, "coordinator", now)
            participant = await People(conn).create("terminal", "p", "p", now)
            await People(conn).grant_role(participant, "participant", now)
        await app.close()
        return coordinator, participant

    coordinator, participant = asyncio.run(seed())
    result = wegwijzer(
        tmp_path, "invite", "--role", "participant", "--by", str(coordinator),
        "--label", "Bakkerij Janssens",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    code = result.stdout.split("Invite code: ")[1].split()[0]

    async def stored() -> tuple[int | None, str | None]:
        app = await App.open(load_settings(data_dir=tmp_path / "data"))
        async with app.db.transaction() as conn:
            invite = await Invites(conn).get(code)
        await app.close()
        assert invite is not None
        return invite.created_by, invite.label

    assert asyncio.run(stored()) == (coordinator, "Bakkerij Janssens")
    refused = wegwijzer(tmp_path, "invite", "--role", "participant", "--by", str(participant))
    assert refused.returncode == 2 and f"--by: person {participant} is not a coordinator" in (
        refused.stderr
    )


def test_exchange_create_plans_reminders_and_list_shows_it(tmp_path: Path) -> None:
    from datetime import UTC, datetime

    from bot.app import App
    from storage.people import People

    async def seed() -> tuple[int, int]:
        app = await App.open(load_settings(data_dir=tmp_path / "data"))
        now = datetime.now(UTC)
        ids = []
        async with app.db.transaction() as conn:
            for role in ("switcher", "learning_coach"):
                pid = await People(conn).create("terminal", role, role, now)
                await People(conn).grant_role(pid, role, now)
                ids.append(pid)
        await app.close()
        return ids[0], ids[1]

    switcher, coach = asyncio.run(seed())
    year = datetime.now(UTC).year + 1
    created = wegwijzer(
        tmp_path, "exchange", "create", "--switcher", str(switcher), "--coach", str(coach),
        "--start", f"{year}-03-10T09:00", "--end", f"{year}-03-10T16:30",
        "--place", "Bakkerij Janssens, Gent",
    )  # fmt: skip
    assert created.returncode == 0, created.stderr
    # 7d, 1d, 2h (moved to 08:00), prompt, checklist nudge, evaluation (+2 reminders); for both
    assert "16 reminders scheduled; 2 people told" in created.stdout
    listed = wegwijzer(tmp_path, "exchange", "list").stdout
    assert f"{year}-03-10 09:00-16:30" in listed and "planned" in listed
    wrong = wegwijzer(
        tmp_path, "exchange", "create", "--switcher", str(coach), "--coach", str(switcher),
        "--start", f"{year}-03-10T09:00", "--end", f"{year}-03-10T16:30", "--place", "x",
    )  # fmt: skip
    assert wrong.returncode == 2 and "is not a switcher" in wrong.stderr
    moved = wegwijzer(
        tmp_path, "exchange", "reschedule", "1",
        "--start", f"{year}-03-17T09:00", "--end", f"{year}-03-17T16:30",
    )  # fmt: skip
    assert moved.returncode == 0, moved.stderr
    assert f"{year}-03-17 09:00-16:30" in wegwijzer(tmp_path, "exchange", "list").stdout
    cancelled = wegwijzer(tmp_path, "exchange", "cancel", "1")
    assert cancelled.returncode == 0 and "cancelled" in cancelled.stdout
    assert "cancelled" in wegwijzer(tmp_path, "exchange", "list").stdout
    again = wegwijzer(tmp_path, "exchange", "cancel", "1")
    assert again.returncode == 2 and "cannot be cancelled" in again.stderr
