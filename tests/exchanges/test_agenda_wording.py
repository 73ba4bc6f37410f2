"""Walkthrough 30: "– je merkt het aan:" (second person) was shown to the coach and printed in
the PDF; and a "by when" tapped as a button reads in the reader's language."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from bot.i18n import Translator
from conversations.agenda_model import AgendaContent, Goal, agenda_lines
from conversations.text import Msg, _

ZONE = ZoneInfo("Europe/Brussels")


def test_the_goal_lines_do_not_address_the_reader() -> None:
    goal = Goal(text="Een weekplanning", observable="Het bord hangt", by_when="Within a month")
    lines = agenda_lines(AgendaContent(goals=(goal,)))
    text = Translator().render(_("{lines}", lines=lines), "nl", ZONE)
    assert "je merkt het aan" not in text and "merkbaar aan: Het bord hangt" in text
    assert Translator().render(Msg(msgid="Within a month"), "nl", ZONE) in text
