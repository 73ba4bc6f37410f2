"""Argument types shared by the command-line modules."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from sqlalchemy import Column, String


def fits(column: Column[Any]) -> Callable[[str], str]:
    """Text no longer than its column: PostgreSQL refuses longer text (SQLite kept it), so say
    so before anything is stored (issue 18; review §5.4)."""
    kind = column.type
    assert isinstance(kind, String) and kind.length is not None
    limit = kind.length

    def check(value: str) -> str:
        if len(value) > limit:
            raise argparse.ArgumentTypeError(f"at most {limit} characters ({len(value)} given)")
        return value

    return check
