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
from conversations.agenda_model import AgendaContent, AgendaView, Answer, Goal
from conversations.certificate import TITLE
from conversations.certificate_model import CertificateView
from conversations.exchange_model import Day
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
