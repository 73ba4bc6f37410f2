"""Every writer survives any Unicode (review HIGH: one `\\x0b` broke the cohort export): arbitrary
text — controls, NUL, lone surrogates, bidi overrides, formulas, every script — goes through the
XLSX workbook, the responses CSV, both PDFs and the chart, and each still produces its file."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from bot.agenda_pdf import agenda_pdf
from bot.certificate_pdf import certificate_pdf
from bot.charts import bar_chart
from bot.cohort import Cohort, SharedItem
from bot.cohort_xlsx import build_workbook
from bot.export import cell
from bot.i18n import Translator
from conversations.agenda_model import AgendaContent, AgendaView, Answer, Goal
from conversations.certificate_model import CertificateView
from conversations.exchange_model import Day
from storage.actions import Action

TZ = ZoneInfo("Europe/Brussels")
START = datetime(2026, 12, 3, 8, 0, tzinfo=UTC)
NASTY = "\x00\x0b\x0c\r\x1b\x7f\x85\u202e\u2066\u200b\ufeff\ud800\udfff$\\=+-@\t\n{}%s"
anything = st.text(
    st.one_of(st.characters(exclude_categories=()), st.sampled_from(NASTY)), max_size=80
)
SLOW = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@given(name=anything, text=anything)
@settings(max_examples=100, deadline=None)
def test_the_cohort_workbook(name: str, text: str) -> None:
    cohort = Cohort(names={1: name})
    cohort.actions.append(Action(1, 1, 1, "switcher", text, "open", text, START, START, None))
    cohort.shared.append(SharedItem(1, 1, 1, "switcher", "reflection", "coordinator", START,
                                    "text", text, None))  # fmt: skip
    data = build_workbook(cohort, {}, lambda msg: text + msg.msgid, "Europe/Brussels")
    book = load_workbook(io.BytesIO(data))
    for row in book["actions"].iter_rows(min_row=2, values_only=True):
        assert not str(row[3]).startswith(("=", "+", "-", "@", "\t", "\r"))


@given(values=st.lists(anything, min_size=1, max_size=6))
@settings(max_examples=100, deadline=None)
def test_the_responses_csv(values: list[str]) -> None:
    buffer = io.BytesIO()
    with io.TextIOWrapper(buffer, encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerow([cell(v) for v in values])
        fh.flush()
        written = buffer.getvalue().decode("utf-8")
    [row] = list(csv.reader(io.StringIO(written, newline="")))
    assert not any(c.startswith(("=", "+", "-", "@", "\t", "\r")) for c in row)


@given(name=anything, text=anything)
@SLOW
def test_the_certificate_pdf(name: str, text: str) -> None:
    view = CertificateView(
        exchange_id=1, switcher=name, coach=text, coordinator=name, host_org=text, place=text,
        days=(Day(starts_at=START, ends_at=START.replace(hour=15)),),
        question=Answer(text=text), goals=(Goal(text=text),), issued_at=START,
    )  # fmt: skip
    assert certificate_pdf(view, Translator(), "ar", TZ).startswith(b"%PDF")


@given(name=anything, text=anything)
@SLOW
def test_the_agenda_pdf(name: str, text: str) -> None:
    agenda = AgendaView(
        switcher_id=1, switcher_name=name, version=1, author_name=name, created_at=START,
        content=AgendaContent(question=Answer(text=text), goals=(Goal(text=text),),
                              why_now=Answer(text=text)),
    )  # fmt: skip
    assert agenda_pdf(agenda, Translator(), "en", TZ).startswith(b"%PDF")


@given(title=anything, label=anything)
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_the_chart(title: str, label: str) -> None:
    assert bar_chart(title, [(label, 0.5), ("x" + label, 1.0)]).startswith(b"\x89PNG")
