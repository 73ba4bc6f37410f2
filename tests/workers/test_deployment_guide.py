"""README "Deployment" promises that its multi-worker example is exactly what the two-worker tests
and the PostgreSQL bench start (issue 18, Done means). The systemd unit's variables are read from
the README and compared with `bench/workers.py` `worker_env`: a variable added to one and not the
other fails here. Only the addresses differ (the tests' loopback Bot API, proxy and free ports)."""

from __future__ import annotations

import re
from pathlib import Path

from bench.loopback_botapi import LoopbackBotApi
from bench.workers import worker_env

README = Path(__file__).resolve().parents[2] / "README.md"
#: Set by the tests for the loopback Bot API; in production the token is in the EnvironmentFile.
TEST_ONLY = {"WEGWIJZER_TELEGRAM_TOKEN", "WEGWIJZER_TELEGRAM_API_URL"}
#: Set per test by bench/webhook_load.py (the proxy's address) where the unit names the site.
PER_RUN = {"WEGWIJZER_TELEGRAM_WEBHOOK_URL", "WEGWIJZER_WEB_URL"}


def unit_variables() -> dict[str, str]:
    text = README.read_text(encoding="utf-8")
    unit = text[text.index("```ini") : text.index("```", text.index("```ini") + 6)]
    return dict(re.findall(r"^Environment=(WEGWIJZER_\w+)=(.*)$", unit, re.MULTILINE))


def test_the_readme_unit_sets_what_the_two_worker_tests_set(tmp_path: Path) -> None:
    unit = unit_variables()
    assert "WEGWIJZER_DATABASE_URL" in unit and "WEGWIJZER_MATRIX_DIR" in unit
    api, url = LoopbackBotApi(), "postgresql+asyncpg://wegwijzer@db/wegwijzer"
    env = worker_env("worker-1", tmp_path / "worker-1", url, api)
    started = {k for k in env if k.startswith("WEGWIJZER_")} - TEST_ONLY
    assert started | PER_RUN == set(unit)
    # the shared folders are shared, the data folder and the name are the worker's own
    other = worker_env("worker-2", tmp_path / "worker-2", url, api)
    for name in ("WEGWIJZER_MEDIA_DIR", "WEGWIJZER_MATRIX_DIR", "WEGWIJZER_DATABASE_URL"):
        assert env[name] == other[name] and "%i" not in unit[name]
    for name in ("WEGWIJZER_DATA_DIR", "WEGWIJZER_WORKER_NAME"):
        assert env[name] != other[name] and "%i" in unit[name]
