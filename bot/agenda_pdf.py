"""The learning agenda as a tidy PDF in the reader's language (fpdf2, fonts shipped).

Noto Sans with Arabic and Ethiopic fallbacks and HarfBuzz shaping, so Arabic is joined and
searchable in the PDF; right-to-left languages are right-aligned. Drawing takes ~0.15 s per
page, so the renderer calls this in a worker thread.
"""

from __future__ import annotations

from datetime import tzinfo
from pathlib import Path

from fpdf import FPDF

from bot.i18n import Translator
from conversations.agenda_model import AgendaView, agenda_lines
from conversations.text import Msg, _
from locales import RTL_LOCALES

FONTS = Path(__file__).parent / "fonts"
TITLE = _("Learning agenda")
BYLINE = _("{name} – version {version} of {when}, by {author}")


def _pdf(rtl: bool) -> FPDF:
    pdf = FPDF(format="A4")
    pdf.set_margins(20, 20, 20)
    pdf.set_auto_page_break(True, margin=20)
    for family, stem in (
        ("NotoSans", "NotoSans"),
        ("NotoArabic", "NotoSansArabic"),
        ("NotoEthiopic", "NotoSansEthiopic"),
    ):
        pdf.add_font(family, "", str(FONTS / f"{stem}-Regular.ttf"))
        pdf.add_font(family, "B", str(FONTS / f"{stem}-Bold.ttf"))
    pdf.set_fallback_fonts(["NotoArabic", "NotoEthiopic"])
    pdf.set_text_shaping(True, direction="rtl" if rtl else "ltr")
    pdf.add_page()
    return pdf


def agenda_pdf(agenda: AgendaView, translator: Translator, locale: str, tz: tzinfo) -> bytes:
    def t(msg: Msg) -> str:
        return translator.render(msg, locale, tz)

    rtl = locale in RTL_LOCALES
    align = "R" if rtl else "L"
    pdf = _pdf(rtl)
    pdf.set_title(t(TITLE))
    pdf.set_font("NotoSans", "B", 18)
    pdf.multi_cell(0, 10, t(TITLE), align=align, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("NotoSans", "", 10)
    byline = BYLINE.model_copy(
        update={
            "params": {
                "name": Msg.plain(agenda.switcher_name or "?"),
                "version": agenda.version,
                "when": agenda.created_at,
                "author": Msg.plain(agenda.author_name or "?"),
            }
        }
    )
    pdf.multi_cell(0, 6, t(byline), align=align, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font("NotoSans", "", 11)
    for line in agenda_lines(agenda.content).lines:
        pdf.multi_cell(0, 6.5, t(line), align=align, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1.5)
    return bytes(pdf.output())
