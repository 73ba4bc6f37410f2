"""Rendering a desk page: the coordinator's language and time zone, the CSRF token, and the
headers every page carries (no caching, no framing, no referrer, scripts from here only)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from babel.dates import format_datetime
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from bot.desk.funnel import is_over
from bot.i18n import Translator, when
from conversations.exchange_model import PART_LABELS, STATUS_LABELS, Part
from conversations.roles import Role, role_label
from conversations.text import N_, Msg
from locales import RTL_LOCALES
from storage.exchanges import Exchange
from storage.programmes import Programme
from storage.schema_programmes import DEFAULT_NAME, DEFAULT_PROGRAMME

if TYPE_CHECKING:
    from jinja2 import Environment

TEMPLATES = Path(__file__).parent / "templates"
HEADERS = {
    "Cache-Control": "no-store",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
    ),
}


#: Reminder kinds and statuses as a coordinator reads them.
KINDS = {
    "before_exchange": N_("reminder before the exchange"),
    "checklist_nudge": N_("checklist reminder"),
    "reflection_prompt": N_("invitation to reflect"),
    "evaluation": N_("evaluation questionnaire"),
    "notice": N_("message"),
    "certificate": N_("learning certificate"),
    "actions_checkin": N_("follow-up question"),
    "return_session": N_("return session invitation"),
}
STATUSES = {
    "pending": N_("waiting"),
    "sending": N_("being sent"),
    "sent": N_("sent"),
    "skipped": N_("skipped"),
    "failed": N_("failed"),
    "cancelled": N_("cancelled"),
    "interrupted": N_("interrupted"),
}


#: A newcomer's request for support, as a coordinator reads it.
REQUESTS = {
    "searching": N_("looking for someone"),
    "proposed": N_("waiting for a mentor's answer"),
    "accepted": N_("matched"),
    "unavailable": N_("nobody available"),
}
SUPPORT = {"mentor": N_("mentor"), "career_coach": N_("career coach")}

#: The reasons the deliverer writes on a row, as a coordinator reads them (others shown as is).
NOTES = {
    "already past": N_("already past when it was planned"),
    "moved out of quiet hours": N_("moved out of the quiet hours"),
    "quiet hours until start": N_("quiet hours until the start"),
    "rescheduled": N_("the exchange got new dates"),
    "exchange cancelled": N_("the exchange was cancelled"),
    "checklist complete": N_("the checklist was complete"),
    "already answered": N_("answered already"),
    "sent again from the desk": N_("sent again from the desk"),
    "blocked by the user or removed from the chat": N_(
        "the person blocked the bot or left the chat"
    ),
}


@dataclass(frozen=True)
class Viewer:
    """The coordinator looking at the page."""

    person_id: int
    name: str | None
    locale: str
    timezone: str
    csrf: str


class Pages:
    def __init__(self, translator: Translator, clock: Callable[[], datetime]) -> None:
        self.translator = translator
        self.clock = clock

    @cached_property
    def env(self) -> Environment:
        """Loaded with the first page: a worker nobody opens the desk on never pays for it."""
        from jinja2 import Environment, FileSystemLoader, select_autoescape

        return Environment(
            loader=FileSystemLoader(TEMPLATES),
            autoescape=select_autoescape(["html"]),
            trim_blocks=True,
            lstrip_blocks=True,
        )

    def page(
        self,
        request: Request,
        template: str,
        viewer: Viewer | None,
        locale: str,
        context: Mapping[str, Any] | None = None,
        status: int = 200,
    ) -> Response:
        tz = ZoneInfo(viewer.timezone if viewer else "UTC")
        now = self.clock()
        translator = self.translator

        def gettext(msgid: str, **params: Any) -> str:
            return translator.render(Msg(msgid=msgid, params=params), locale, tz)

        def moment(value: datetime | None) -> str:
            return when(value, locale, tz) if value else "–"

        def short(value: datetime | None) -> str:
            if value is None:
                return "–"
            return format_datetime(value, "short", tzinfo=tz, locale=locale)

        def msg(value: Msg | None) -> str:
            return translator.render(value, locale, tz) if value is not None else ""

        def role(value: str) -> str:
            return translator.render(role_label(Role(value)), locale, tz)

        def part(value: str) -> str:
            known = value in {p.value for p in Part}
            return msg(PART_LABELS[Part(value)]) if known else value

        def state(value: str | Exchange) -> str:
            """An exchange's status; one whose last day is over reads as done at once
            (the bot marks it done a little later: walkthrough 25)."""
            if isinstance(value, Exchange):
                value = "done" if is_over(value, now) else value.status
            return msg(STATUS_LABELS.get(value, Msg.plain(value)))

        def kind(value: str) -> str:
            return gettext(KINDS[value]) if value in KINDS else value

        def note(value: str | None) -> str:
            return gettext(NOTES[value]) if value in NOTES else (value or "")

        def programme_name(programme: Programme) -> str:
            """The default programme is named in the reader's language."""
            if programme.id == DEFAULT_PROGRAMME and programme.name == DEFAULT_NAME:
                return gettext(N_("Default programme"))
            return programme.name

        def request_status(value: str) -> str:
            return gettext(REQUESTS[value]) if value in REQUESTS else value

        def support_kind(value: str) -> str:
            return gettext(SUPPORT[value]) if value in SUPPORT else value

        def reminder_status(value: str) -> str:
            return gettext(STATUSES[value]) if value in STATUSES else value

        def local_input(value: datetime | None) -> str:
            """For <input type="datetime-local">."""
            return value.astimezone(tz).strftime("%Y-%m-%dT%H:%M") if value else ""

        html = self.env.get_template(template).render(
            {
                "_": gettext,
                "when": moment,
                "short": short,
                "role": role,
                "msg": msg,
                "part": part,
                "state": state,
                "kind": kind,
                "reminder_status": reminder_status,
                "note": note,
                "request_status": request_status,
                "programme_name": programme_name,
                "support_kind": support_kind,
                "local_input": local_input,
                "lang": locale,
                "dir": "rtl" if locale in RTL_LOCALES else "ltr",
                "viewer": viewer,
                "path": request.url.path,
                "partial": request.headers.get("HX-Request") == "true",
                **(context or {}),
            }
        )
        return HTMLResponse(html, status_code=status, headers=HEADERS)
