"""The learning certificate (leerbewijs) as a one-page PDF in the reader's language."""

from __future__ import annotations

from datetime import tzinfo

from bot.i18n import Translator, unmarked
from bot.pdf import new_pdf
from conversations.certificate import TITLE, certificate_lines
from conversations.certificate_model import CertificateView
from conversations.text import Msg, _
from locales import RTL_LOCALES

#: The draaiboek's own tagline, "leren door te beleven" (002:7).
SUBTITLE = _("Switching Talent – learning by experiencing")


def certificate_pdf(
    cert: CertificateView, translator: Translator, locale: str, tz: tzinfo
) -> bytes:
    def t(msg: Msg) -> str:  # a PDF lays out directions itself: no isolation marks
        return unmarked(translator.render(msg, locale, tz))

    rtl = locale in RTL_LOCALES
    align = "R" if rtl else "L"
    pdf = new_pdf(rtl)
    pdf.set_title(t(TITLE))
    pdf.set_font("NotoSans", "B", 22)
    pdf.multi_cell(0, 12, t(TITLE), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("NotoSans", "", 11)
    pdf.multi_cell(0, 7, t(SUBTITLE), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.set_font("NotoSans", "B", 16)
    pdf.multi_cell(0, 10, cert.switcher, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font("NotoSans", "", 11)
    for line in certificate_lines(cert).lines:
        pdf.multi_cell(0, 6.5, t(line), align=align, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1.5)
    return bytes(pdf.output())
