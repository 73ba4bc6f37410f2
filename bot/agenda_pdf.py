"""The learning agenda as a tidy PDF in the reader's language (see `bot.pdf` for fonts).

Drawing takes ~0.15 s per page, so the renderer calls this in a worker thread.
"""

from __future__ import annotations

from datetime import tzinfo

from bot.i18n import Translator, unmarked
from bot.pdf import new_pdf
from conversations.agenda_model import AgendaView, agenda_lines
from conversations.text import Msg, _
from locales import RTL_LOCALES

TITLE = _("Learning agenda")
BYLINE = _("{name} – version {version} of {when}, by {author}")


def agenda_pdf(agenda: AgendaView, translator: Translator, locale: str, tz: tzinfo) -> bytes:
    def t(msg: Msg) -> str:  # a PDF lays out directions itself: no isolation marks
        return unmarked(translator.render(msg, locale, tz))

    rtl = locale in RTL_LOCALES
    align = "R" if rtl else "L"
    pdf = new_pdf(rtl)
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
    for line in agenda_lines(agenda.content, agenda.authors).lines:
        pdf.multi_cell(0, 6.5, t(line), align=align, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1.5)
    return bytes(pdf.output())
