"""Walkthrough 30: an Arabic sentence with a Latin address ("في UZ Brussel, Laarbeeklaan 101,
Jette، يبدأ…") and a Dutch notice that starts with an Arabic name ("سمير heeft iets
toegevoegd…") had no Unicode isolation, so Telegram laid the whole paragraph out the wrong way.
Names and addresses of the other direction are now wrapped in FSI…PDI; PDFs get no marks."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from bot.i18n import Translator, unmarked
from conversations.text import Msg, _

ZONE = ZoneInfo("Europe/Brussels")
FSI, PDI = "\u2068", "\u2069"


def test_other_direction_names_and_addresses_are_isolated() -> None:
    t = Translator()
    notice = _(
        "{name} added to the learning agenda for your exchange at {place}. Open it from "
        "/exchanges.",
        name=Msg.plain("سمير"),
        place=Msg.plain("UZ Brussel, Laarbeeklaan 101, Jette"),
    )
    dutch = t.render(notice, "nl", ZONE)
    assert dutch.startswith(f"{FSI}سمير{PDI}")  # the Arabic name does not turn the paragraph
    assert f"{FSI}UZ Brussel" not in dutch  # Latin in Dutch needs no mark
    arabic = t.render(notice, "ar", ZONE)
    assert f"{FSI}UZ Brussel, Laarbeeklaan 101, Jette{PDI}" in arabic
    assert f"{FSI}سمير" not in arabic
    assert unmarked(arabic) == arabic.replace(FSI, "").replace(PDI, "")


def test_a_role_label_that_opens_a_line_has_a_capital() -> None:
    """Walkthrough 30: "switcher: Anna Peeters – is erbij", "leercoach: …" in lower case."""
    t = Translator()
    line = _("{part}: {name}", part=_("learning coach"), name=Msg.plain("Jan"))
    assert t.render(line, "nl", ZONE) == "Leercoach: Jan"
    mid = _("Preparation of the {part}: {done} of {total} done", part=_("switcher"), done=1,
            total=5)  # fmt: skip
    assert "van de switcher" in t.render(mid, "nl", ZONE)  # only where it opens the line
