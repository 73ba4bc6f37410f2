"""Retention tests deliver warnings by stepping a clock, like the exchange tests."""

from tests.exchanges.conftest import outbox

__all__ = ["outbox"]
