"""Flow tests that deliver notices (the role matrix, role removal) share the exchange tests'
outbox fixture."""

from tests.exchanges.conftest import outbox  # noqa: F401
