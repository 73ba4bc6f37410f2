"""The commands every platform shows in its command menu, with translatable descriptions."""

from __future__ import annotations

from conversations.text import N_

#: (command, description msgid) in menu order.
GLOBAL_COMMANDS: tuple[tuple[str, str], ...] = (
    ("start", N_("Start, or start again with an invitation code")),
    ("help", N_("What I can do and how")),
    ("language", N_("Choose your language")),
    ("privacy", N_("What we keep about you")),
    ("reset", N_("Back to the main menu")),
    ("cancel", N_("Stop what you are doing now")),
    ("mydata", N_("A copy of everything we keep about you")),
    ("forget", N_("Delete everything we keep about you")),
)
