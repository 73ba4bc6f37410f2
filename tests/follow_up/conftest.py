"""Follow-up tests deliver check-ins and invitations by stepping a clock, like exchanges."""

from tests.exchanges.conftest import outbox

__all__ = ["outbox"]
