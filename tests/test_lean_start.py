"""What a running worker loads (the production-core issue's RSS target, README "Benchmarks"):
libraries needed only by a rare feature load with its first use, so a worker that never serves
it never pays for it, and the drawing process loads matplotlib without the bot's event loop."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: Loaded on first use: migrations when there are any, pictures people send, desk pages, QR codes.
ON_FIRST_USE = ("alembic", "PIL", "jinja2", "segno", "openpyxl", "fpdf", "matplotlib", "nio")


def _loaded(code: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", code + "\nimport sys; print(' '.join(sys.modules))"],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    return {name.split(".")[0] for name in out.stdout.split()}


def test_a_started_worker_has_not_loaded_what_only_rare_features_need() -> None:
    loaded = _loaded(
        "import bot.cli_run, bot.app, bot.telegram.transport, bot.telegram.webhook, "
        "bot.desk.server, bot.endpoints, bot.metrics, bot.leader"
    )
    assert "telegram" in loaded and "sqlalchemy" in loaded  # the check sees what is loaded
    assert loaded.isdisjoint(ON_FIRST_USE), loaded & set(ON_FIRST_USE)


def test_the_drawing_process_loads_matplotlib_without_the_event_loop() -> None:
    loaded = _loaded("import bot.chart_child\nfrom bot.charts import _matplotlib\n_matplotlib()")
    assert "matplotlib" in loaded
    assert "asyncio" not in loaded and "sqlalchemy" not in loaded
