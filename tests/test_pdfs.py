"""PDFs in every shipped language, Persian and Tigrinya included: every glyph is in the shipped
fonts (fpdf2 logs the ones it cannot draw), and the words can be found again by extraction."""

from __future__ import annotations

import io
import logging
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader

from bot.agenda_pdf import agenda_pdf
from bot.certificate_pdf import certificate_pdf
from bot.i18n import Translator
from conversations.agenda_model import AgendaContent, AgendaView, Answer, Goal, Note
from conversations.certificate import TITLE
from conversations.certificate_model import CertificateView
from conversations.exchange_model import Day
from conversations.replies import ExchangeHeading
from conversations.text import _
from locales import LOCALES

TZ = ZoneInfo("Europe/Brussels")
START = datetime(2026, 12, 3, 8, 0, tzinfo=UTC)
NAMES = {"fa": "مریم احمدی", "ti": "ሰላም ተኽለ", "ar": "سارة", "ru": "Ольга", "uk": "Олена"}


def text_of(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def certificate(locale: str) -> CertificateView:
    name = NAMES.get(locale, "Anna Peeters")
    return CertificateView(
        exchange_id=1, switcher=name, coach="Jan", coordinator="Kim", host_org="Bakkerij",
        place="Gent", days=(Day(starts_at=START, ends_at=START.replace(hour=15)),),
        question=Answer(text=f"{name}?"), goals=(Goal(text=name),), issued_at=START,
    )  # fmt: skip


@pytest.mark.parametrize("locale", LOCALES)
def test_the_certificate_has_every_glyph_in_every_language(
    locale: str, caplog: pytest.LogCaptureFixture
) -> None:
    translator = Translator()
    with caplog.at_level(logging.WARNING, logger="fpdf"):
        data = certificate_pdf(certificate(locale), translator, locale, TZ)
    assert not [r for r in caplog.records if "missing the following glyphs" in r.getMessage()]
    title = translator.render(TITLE, locale, TZ)
    if locale != "en":
        assert title != "Learning certificate", f"{locale}: the title is not translated"
    text = text_of(data)
    assert all(word in text for word in title.split()), (locale, title, text[:200])


@pytest.mark.parametrize("locale", ["fa", "ti"])
def test_persian_and_tigrinya_names_are_searchable_in_the_agenda(
    locale: str, caplog: pytest.LogCaptureFixture
) -> None:
    name = NAMES[locale]
    agenda = AgendaView(
        switcher_id=1, switcher_name=name, version=1, author_name=name, created_at=START,
        content=AgendaContent(question=Answer(text=name), goals=(Goal(text=name),)),
    )  # fmt: skip
    with caplog.at_level(logging.WARNING, logger="fpdf"):
        data = agenda_pdf(agenda, Translator(), locale, TZ)
    assert not [r for r in caplog.records if "missing the following glyphs" in r.getMessage()]
    text = text_of(data)
    assert all(word in text for word in name.split()), text[:300]


def chunks(data: bytes) -> list[tuple[str, str, float]]:
    """(text, font name, height on the page in pt from the bottom) of every text piece."""
    found: list[tuple[str, str, float]] = []

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        name = str(font.get("/BaseFont", "")) if isinstance(font, dict) else ""
        if text.strip():
            found.append((text.strip(), name, tm[5] * cm[3] + cm[5]))

    for page in PdfReader(io.BytesIO(data)).pages:
        page.extract_text(visitor_text=visit)
    return found


def font_of(found: list[tuple[str, str, float]], text: str) -> str:
    fonts = [name for piece, name, _y in found if text in piece]
    assert fonts, (text, [p for p, _n, _y in found][:40])
    return fonts[0]


HEADING = ExchangeHeading(
    host_org="Bakkerij Janssens", place="Gent",
    days=(Day(starts_at=START, ends_at=START.replace(hour=15)),),
)  # fmt: skip
PROGRAMME = "9:00 welkom en rondleiding 10:30 mee in de bakkerij 12:00 lunch met het team"


def agenda_view(name: str = "Anna Peeters") -> AgendaView:
    content = AgendaContent(
        question=Answer(text="Hoe onthaal ik nieuwe collega's?"),
        goals=(Goal(text="Een onthaalmap maken", observable="De map ligt klaar"),),
        programme=Note(author="Jan", answer=Answer(text=PROGRAMME), at=START),
    )
    return AgendaView(switcher_id=1, switcher_name=name, version=2, author_name=name,
                      created_at=START, content=content)  # fmt: skip


def test_the_agenda_says_which_exchange_it_belongs_to_in_sections_with_bold_labels() -> None:
    """Walkthrough 31: the agenda PDF was one flat list – no labels in bold, no sections, the
    coach's day programme one long line, nothing about the exchange or host."""
    translator = Translator()
    data = agenda_pdf(agenda_view(), translator, "nl", TZ, HEADING)
    text = text_of(data)
    assert "Leeruitwisseling bij Bakkerij Janssens (Gent)" in text
    assert "do 3 dec 2026, 09:00–16:00" in text  # the exchange's date, start–end
    for heading in ("Leervraag en doelen", "Bij de ontvangende organisatie",
                    "Programma en aanvullingen"):  # fmt: skip
        assert heading in text
    lines = [line.strip() for line in text.splitlines()]
    assert "• 9:00 welkom en rondleiding" in lines
    assert "• 10:30 mee in de bakkerij" in lines and "• 12:00 lunch met het team" in lines
    found = chunks(data)
    assert "Bold" in font_of(found, "Leervraag:")  # the label …
    assert "Bold" not in font_of(found, "Hoe onthaal ik")  # … not its answer
    assert "Bold" in font_of(found, "Leervraag en doelen")


def test_the_arabic_agenda_has_its_header_and_bold_labels_too() -> None:
    """Walkthrough 31, in a right-to-left language: still shaped, with the new elements."""
    translator = Translator()
    data = agenda_pdf(agenda_view("سارة"), translator, "ar", TZ, HEADING)
    text = text_of(data)
    assert "Bakkerij Janssens" in text and "سارة" in text
    label = translator.render(_("Learning question and goals"), "ar", TZ)
    assert "Bold" in font_of(chunks(data), label.split()[0])


def test_the_certificate_names_the_sender_has_the_tagline_and_a_signature_block() -> None:
    """Walkthrough 31 and seeds review (certificate): the certificate names the sending
    organisation, carries "leren door te beleven", ends in a signature block (coordinator,
    organisation, date, a line to sign) and uses the page instead of leaving it empty."""
    signed = {"coordinator": "Katrien Claes", "coordinator_org": "Switching Talent Gent"}
    cert = certificate("nl").model_copy(update={"sending_org": "OCMW Aalst", **signed})
    data = certificate_pdf(cert, Translator(), "nl", TZ)
    text = text_of(data)
    assert "OCMW Aalst" in text
    assert "leren door te beleven" in text
    assert "Katrien Claes, coördinator voor Switching Talent Gent" in text
    assert "Uitgereikt op 3 december 2026" in text
    assert "Handtekening" in text
    found = chunks(data)
    assert "Bold" in font_of(found, "Leercoach:") and "Bold" in font_of(found, "Leertijd:")
    assert "Bold" not in font_of(found, "OCMW Aalst")
    assert "Datum: do 3 dec 2026, 09:00–16:00" in text.replace("\n", " ").replace(":  ", ": ")
    height = float(PdfReader(io.BytesIO(data)).pages[0].mediabox.height)
    signature = min(y for piece, _n, y in found if "Handtekening" in piece)
    assert signature < height / 4  # the signature sits at the foot of the page
    assert len(PdfReader(io.BytesIO(data)).pages) == 1
