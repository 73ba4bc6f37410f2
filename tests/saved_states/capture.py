"""Capture the conversations a release saves mid-flow, as fixtures for the next release.

Run on the release's own code (a checkout of its commit), e.g.:
    git worktree add /tmp/prev <commit>
    cp -r tests/saved_states /tmp/prev/tests/
    cd /tmp/prev && /path/to/.venv/bin/python -m tests.saved_states.capture OUT_DIR <release>
"""

from __future__ import annotations

import asyncio
import json
import sys
import tempfile
from pathlib import Path

from bot.app import App
from bot.settings import load_settings
from storage.conversations import Conversations
from storage.people import People
from tests.fakes import Clock
from tests.saved_states.scenarios import SCENARIOS


async def capture(out: Path, release: str) -> None:
    for name, scenario in SCENARIOS.items():
        with tempfile.TemporaryDirectory() as tmp:
            clock = Clock()
            app = await App.open(load_settings(data_dir=Path(tmp) / "data"), clock=clock)
            try:
                chat = await scenario(app, clock)
                async with app.db.transaction() as conn:
                    identity = await People(conn).find_identity("fake", chat.sender.external_id)
                    assert identity is not None
                    saved = await Conversations(conn).load(identity.user_id)
            finally:
                await app.close()
        assert saved is not None, name
        state = saved[0] if isinstance(saved, tuple) else saved
        fixture = {"release": release, "scenario": name, "state": state}
        text = json.dumps(fixture, indent=1, sort_keys=True) + "\n"
        (out / f"{name}.json").write_text(text)
        print(f"{name}: {[f['flow'] + '.' + f['state'] for f in state['stack']]}")


if __name__ == "__main__":
    Path(sys.argv[1]).mkdir(parents=True, exist_ok=True)
    asyncio.run(capture(Path(sys.argv[1]), sys.argv[2]))
