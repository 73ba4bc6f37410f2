"""Newcomer tests deliver notices and nudges by stepping a clock, like the exchange tests."""

from tests.exchanges.conftest import outbox

__all__ = ["outbox"]
