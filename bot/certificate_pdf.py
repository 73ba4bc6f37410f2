"""The learning certificate (leerbewijs) as a one-page PDF in the reader's language: framed,
with the draaiboek's tagline, the sending organisation, bold labels and a signature block
(coordinator, organisation, date, a line to sign) at the foot of the page (walkthrough 31)."""

from __future__ import annotations

from datetime import tzinfo

from bot.i18n import Translator, unmarked
from bot.pdf import Writer, new_pdf
from conversations.certificate import SIGNATURE, TITLE, certificate_lines, signature_lines
from conversations.certificate_model import CertificateView
from conversations.text import Msg, _
from locales import RTL_LOCALES

#: The draaiboek's own tagline, "leren door te beleven" (002:7).
SUBTITLE = _("Switching Talent – learning by experiencing")
#: Height kept free at the foot of the page for the signature block (mm).
FOOT = 52


def certificate_pdf(
    cert: CertificateView, translator: Translator, locale: str, tz: tzinfo
) -> bytes:
    def t(msg: Msg) -> str:  # a PDF lays out directions itself: no isolation marks
        return unmarked(translator.render(msg, locale, tz))

    rtl = locale in RTL_LOCALES
    pdf = new_pdf(rtl)
    out = Writer(pdf, rtl, t)
    pdf.set_title(t(TITLE))
    pdf.set_draw_color(30, 90, 120)
    pdf.set_line_width(0.8)
    pdf.rect(10, 10, pdf.w - 20, pdf.h - 20)
    pdf.set_line_width(0.2)
    pdf.rect(12, 12, pdf.w - 24, pdf.h - 24)
    pdf.set_y(34)
    out.text(t(TITLE), size=28, style="B", height=14, align="C")
    pdf.set_text_color(30, 90, 120)
    out.text(t(SUBTITLE), size=13, height=8, align="C")
    pdf.set_text_color(0, 0, 0)
    pdf.ln(14)
    out.text(cert.switcher, size=22, style="B", height=12, align="C")
    pdf.ln(10)
    first, *rest = certificate_lines(cert).lines
    out.text(t(first), size=12, height=7, align="C")
    pdf.ln(8)
    for line in rest:
        out.line(line, size=12)
        pdf.ln(1)
    pdf.set_auto_page_break(False)
    top = max(pdf.get_y() + 8, pdf.h - 20 - FOOT)
    pdf.set_y(top)
    for line in signature_lines(cert).lines:
        out.text(t(line), size=11, height=6.5)
    pdf.ln(14)
    width = 80
    x = pdf.w - pdf.r_margin - width if rtl else pdf.l_margin
    pdf.set_draw_color(0, 0, 0)
    pdf.line(x, pdf.get_y(), x + width, pdf.get_y())
    pdf.ln(1.5)
    pdf.set_text_color(90, 90, 90)
    out.text(t(SIGNATURE), size=9, height=5)
    return bytes(pdf.output())
