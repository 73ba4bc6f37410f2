"""The learning agenda as a tidy PDF in the reader's language (see `bot.pdf` for fonts): a
header that says which exchange it belongs to (host, place, dates), sections with bold
headings, bold labels, and the coach's day programme one item per line (walkthrough 31).

Drawing takes ~0.15 s per page, so the renderer calls this in a worker thread.
"""

from __future__ import annotations

from datetime import tzinfo

from bot.i18n import Translator, unmarked
from bot.pdf import Writer, new_pdf
from conversations.agenda_model import AgendaView, agenda_sections
from conversations.replies import ExchangeHeading
from conversations.text import Msg, Period, _
from locales import RTL_LOCALES

TITLE = _("Learning agenda")
BYLINE = _("{name} – version {version} of {when}, by {author}")


def exchange_lines(exchange: ExchangeHeading) -> list[Msg]:
    place = Msg.plain(exchange.place)
    if exchange.host_org:
        host = Msg.plain(exchange.host_org)
        lines = [_("Learning exchange at {host} ({place})", host=host, place=place)]
    else:
        lines = [_("Learning exchange at {place}", place=place)]
    days = [Period(start=d.starts_at, end=d.ends_at) for d in exchange.days]
    if len(days) == 1:  # a one-day exchange has no "day 1" (walkthrough 24)
        lines.append(_("Date: {when}", when=days[0]))
    else:
        lines += [_("Day {number}: {when}", number=n, when=d) for n, d in enumerate(days, 1)]
    return lines


def agenda_pdf(
    agenda: AgendaView,
    translator: Translator,
    locale: str,
    tz: tzinfo,
    exchange: ExchangeHeading | None = None,
) -> bytes:
    def t(msg: Msg) -> str:  # a PDF lays out directions itself: no isolation marks
        return unmarked(translator.render(msg, locale, tz))

    rtl = locale in RTL_LOCALES
    pdf = new_pdf(rtl)
    out = Writer(pdf, rtl, t)
    pdf.set_title(t(TITLE))
    out.text(t(TITLE), size=18, style="B", height=10)
    if exchange is not None:
        first, *dates = exchange_lines(exchange)
        out.text(t(first), size=12, style="B", height=7)
        for line in dates:
            out.text(t(line), size=10, height=5.5)
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
    pdf.set_text_color(90, 90, 90)
    out.text(t(byline), size=9, height=5.5)
    pdf.set_text_color(0, 0, 0)
    pdf.ln(2)
    pdf.line(pdf.l_margin, pdf.get_y(), pdf.w - pdf.r_margin, pdf.get_y())
    pdf.ln(2)
    for section in agenda_sections(agenda.content, agenda.authors):
        out.heading(section.heading)
        for item in section.items:
            out.line(item.line, items=item.listed)
    return bytes(pdf.output())
