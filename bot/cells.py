"""One spreadsheet cell from any stored value: never a formula when opened, never a text
openpyxl or a CSV reader cannot take. Shared by the CSV and XLSX exports (kept apart from
`bot/export.py`, which needs the whole App, so the report path imports no composition root)."""

from __future__ import annotations

from typing import Any

from bot.safe_text import spreadsheet_text


def cell(value: Any) -> str:
    """One CSV cell: never a formula when opened in a spreadsheet, never an unwritable text."""
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return spreadsheet_text(_plain(value))
    return str(value)


def _plain(value: Any) -> str:
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    if isinstance(value, dict) and "media" in value:
        return str(value.get("path") or f"({value['media']} not kept)")
    return str(value)
