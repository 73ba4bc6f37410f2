"""Neutral replies → outgoing messages in one reader's language and time zone.

Charts are drawn here (in a worker thread: drawing takes tens of milliseconds and must not hold
up other people's messages), with translated labels and right-to-left layout where needed.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import replace
from pathlib import PurePath
from zoneinfo import ZoneInfo

from bot.built import FileReply
from bot.charts import bar_chart, draw_bar_chart
from bot.i18n import Translator, unmarked
from bot.outgoing import (
    OutChoices,
    OutDocument,
    Outgoing,
    OutImage,
    OutOption,
    OutText,
    choice_token,
)
from bot.workspace import Workspace
from conversations.replies import (
    AgendaDocument,
    Ask,
    CertificateDocument,
    Chart,
    DeskLink,
    InviteMaterial,
    PersonalData,
    ReplayAgenda,
    ReplayReflection,
    Reply,
    Report,
    Say,
    SendDocument,
    SendImage,
)
from conversations.text import Msg, _
from locales import RTL_LOCALES

#: Shown under numbered options where there are no buttons (Matrix).
TYPED_HINT = _("Reply with the number of your choice (or react with it).")
AGENDA_CAPTION = _("The learning agenda as a PDF, ready to share.")
CERTIFICATE_CAPTION = _("Your learning certificate as a PDF, to keep and to share.")


class Renderer:
    def __init__(self, translator: Translator, timezone: str) -> None:
        self.translator = translator
        self.timezone = timezone

    async def render_all(
        self,
        replies: Sequence[Reply | FileReply],
        locale: str,
        tz: str | None = None,
        workspace: Workspace | None = None,
    ) -> list[Outgoing]:
        """With a `workspace`, charts and PDFs are written to files there (sent from disk);
        without one they stay in memory (a reminder's certificate, kept as a copy)."""
        out: list[Outgoing] = []
        for reply in replies:
            if isinstance(reply, FileReply):
                out.append(self.file(reply, locale, tz))
            elif isinstance(reply, Chart):
                out.append(await self._chart_file(reply, locale, workspace))
            elif isinstance(reply, AgendaDocument | CertificateDocument):
                out.append(await asyncio.to_thread(self._drawn, reply, locale, tz, workspace))
            else:
                out.append(self.render(reply, locale, tz))
        return out

    async def _chart_file(self, chart: Chart, locale: str, workspace: Workspace | None) -> OutImage:
        """Translated here, drawn in the drawing process (see `bot.charts`)."""
        title, bars = self._chart_texts(chart, locale)
        jpeg = await draw_bar_chart(title, bars, rtl=locale in RTL_LOCALES)
        name = str(PurePath(chart.file_name).with_suffix(".jpg"))
        if workspace is None:
            return OutImage(jpeg, name)
        return OutImage(workspace.write(jpeg, ".jpg"), name)

    def _drawn(
        self,
        reply: Chart | AgendaDocument | CertificateDocument,
        locale: str,
        tz: str | None,
        workspace: Workspace | None,
    ) -> OutImage | OutDocument:
        """Drawn in a worker thread (tens to hundreds of milliseconds)."""
        drawn: OutImage | OutDocument
        if isinstance(reply, Chart):
            drawn = self.chart(reply, locale)
        elif isinstance(reply, AgendaDocument):
            drawn = self.agenda(reply, locale, tz)
        else:
            drawn = self.certificate(reply, locale, tz)
        if workspace is None or not isinstance(drawn.body, bytes):
            return drawn
        return replace(drawn, body=workspace.write(drawn.body, PurePath(drawn.file_name).suffix))

    def file(self, reply: FileReply, locale: str, tz: str | None = None) -> OutDocument:
        zone = ZoneInfo(tz or self.timezone)
        caption = self.translator.render(reply.caption, locale, zone) if reply.caption else None
        return OutDocument(reply.path, reply.file_name, reply.mime_type, caption, reply.kind)

    def _chart_texts(self, chart: Chart, locale: str) -> tuple[str, list[tuple[str, float]]]:
        zone = ZoneInfo(self.timezone)

        def t(msg: Msg, locale: str, zone: ZoneInfo) -> str:  # matplotlib: no FSI/PDI glyph
            return unmarked(self.translator.render(msg, locale, zone))

        bars = [(t(bar.label, locale, zone), bar.value) for bar in chart.bars]
        return t(chart.title, locale, zone), bars

    def chart(self, chart: Chart, locale: str) -> OutImage:
        title, bars = self._chart_texts(chart, locale)
        return OutImage(bar_chart(title, bars, rtl=locale in RTL_LOCALES), chart.file_name)

    def agenda(self, reply: AgendaDocument, locale: str, tz: str | None = None) -> OutDocument:
        from bot.agenda_pdf import agenda_pdf  # fpdf2 loads only when a PDF is asked for

        zone = ZoneInfo(tz or self.timezone)
        data = agenda_pdf(reply.agenda, self.translator, locale, zone, reply.exchange)
        name = f"learning-agenda-v{reply.agenda.version}.pdf"
        caption = self.translator.render(AGENDA_CAPTION, locale, zone)
        return OutDocument(data, name, "application/pdf", caption)

    def certificate(
        self, reply: CertificateDocument, locale: str, tz: str | None = None
    ) -> OutDocument:
        from bot.certificate_pdf import certificate_pdf

        zone = ZoneInfo(tz or self.timezone)
        shown = reply.locale or locale
        data = certificate_pdf(reply.certificate, self.translator, shown, zone)
        name = f"learning-certificate-{reply.certificate.exchange_id}-{shown}.pdf"
        caption = self.translator.render(reply.caption or CERTIFICATE_CAPTION, locale, zone)
        return OutDocument(data, name, "application/pdf", caption)

    def render(self, reply: Reply, locale: str, tz: str | None = None) -> Outgoing:
        zone = ZoneInfo(tz or self.timezone)
        t = self.translator.render
        if isinstance(reply, Ask) and reply.choices and reply.seq is not None:
            seq = reply.seq
            options = tuple(
                OutOption(choice_token(seq, c.id), t(c.label, locale, zone)) for c in reply.choices
            )
            hint = t(TYPED_HINT, locale, zone)
            return OutChoices(t(reply.text, locale, zone), options, hint, reply.in_place)
        if isinstance(reply, Ask | Say):
            return OutText(t(reply.text, locale, zone))
        if isinstance(reply, Chart):
            return self.chart(reply, locale)
        if isinstance(
            reply,
            Report | ReplayReflection | ReplayAgenda | PersonalData | DeskLink | InviteMaterial,
        ):  # expanded earlier
            raise TypeError(f"unexpanded {reply.kind!r}")
        if isinstance(reply, AgendaDocument):
            return self.agenda(reply, locale, tz)
        if isinstance(reply, CertificateDocument):
            return self.certificate(reply, locale, tz)
        caption = t(reply.caption, locale, zone) if reply.caption else None
        if isinstance(reply, SendImage):
            return OutImage(reply.data, reply.file_name, caption)
        assert isinstance(reply, SendDocument)
        return OutDocument(reply.data, reply.file_name, reply.mime_type, caption, reply.media_kind)
