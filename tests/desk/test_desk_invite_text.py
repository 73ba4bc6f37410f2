"""Issue 17 item 5: the desk's invitation result shows the short text to share for the
invitation's audience, in the coordinator's language, next to the QR code."""

from __future__ import annotations

import html
import re

import pytest

from conversations.about import invite_text
from tests.desk.conftest import Running

pytestmark = pytest.mark.asyncio(loop_scope="module")


async def test_the_invitation_result_has_a_text_to_share(running: Running) -> None:
    kim = await running.member("Kim", "coordinator")
    async with running.logged_in(kim) as desk:
        page = await desk.get("/desk/people")
        token = re.search(r'name="csrf" value="([^"]+)"', page.text)
        assert token is not None
        made = await desk.post(
            "/desk/invites", data={"csrf": token[1], "role": "employer", "uses": "3"}
        )
    assert made.status_code == 200
    shared = invite_text("employer")
    assert shared is not None
    locale = running.app.settings.default_locale
    assert html.unescape(made.text).count(running.app.translator.gettext(locale, shared.msgid)) == 1
    assert ".svg" in made.text
