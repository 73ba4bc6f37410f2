"""Matching tests in chat use the exchange tests' outbox (deliveries collected, no pacing)."""

from tests.exchanges.conftest import outbox

__all__ = ["outbox"]
