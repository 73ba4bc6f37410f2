"""Imports go one way: flows are pure, and only each adapter touches its platform library."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


def modules(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


def test_conversations_import_no_transport_database_or_bot() -> None:
    forbidden = {
        "telegram",
        "nio",
        "sqlalchemy",
        "aiosqlite",
        "asyncpg",
        "alembic",
        "bot",
        "storage",
        "httpx",
        "aiohttp",
    }
    offenders = {
        str(p.relative_to(ROOT)): imports_of(p) & forbidden for p in modules("conversations")
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_only_the_telegram_adapter_imports_telegram() -> None:
    for package in ("bot", "conversations", "storage"):
        for path in modules(package):
            if "telegram" in imports_of(path):
                assert path.is_relative_to(ROOT / "bot" / "telegram"), path


def test_only_the_matrix_adapter_imports_nio() -> None:
    for package in ("bot", "conversations", "storage"):
        for path in modules(package):
            if "nio" in imports_of(path):
                assert path.is_relative_to(ROOT / "bot" / "matrix"), path


def test_storage_knows_nothing_of_transports_or_the_bot() -> None:
    for path in modules("storage"):
        assert not imports_of(path) & {"telegram", "nio", "bot"}, path


def test_the_checks_above_can_see_imports() -> None:
    """Guard against a vacuous pass: the adapter really imports telegram."""
    assert "telegram" in imports_of(ROOT / "bot" / "telegram" / "transport.py")
    assert "sqlalchemy" in imports_of(ROOT / "storage" / "database.py")


def test_modules_stay_small() -> None:
    for package in ("bot", "conversations", "storage"):
        for path in modules(package):
            lines = len(path.read_text(encoding="utf-8").splitlines())
            assert lines <= 400, f"{path.relative_to(ROOT)} has {lines} lines"
