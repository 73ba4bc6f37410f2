"""`summary.html` in the person's own language, next to `data.json` in their GDPR export.

The sections come from `conversations.my_data_summary` as translatable messages; here they are
rendered with the reader's catalog and time zone and written as one self-contained page.
Everything a person or a content file wrote is HTML-escaped; Arabic and Persian pages read
right to left (`dir="rtl"`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from html import escape
from typing import Any

from conversations.forms.schema import Form
from conversations.my_data_summary import Section, summary_sections
from conversations.newcomer.plan_model import PlanContent
from conversations.text import Msg, _

RTL = frozenset({"ar", "fa"})

STYLE = (
    "body{font-family:sans-serif;max-width:48em;margin:2em auto;padding:0 1em;line-height:1.5}"
    "h2{border-bottom:1px solid #ccc;margin-top:2em}h3{margin-bottom:.2em}"
    "li{white-space:pre-wrap}"
)


def summary_html(
    rows: Mapping[str, list[dict[str, Any]]],
    forms: Mapping[str, Form],
    plan: PlanContent | None,
    locale: str,
    render: Callable[[Msg], str],
    made_at: datetime,
) -> str:
    def text(msg: Msg) -> str:
        return escape(render(msg))

    title = text(_("Your data at Wegwijzer"))
    intro = text(
        _(
            "A readable summary of everything Wegwijzer keeps about you, made on {when}. The "
            "file data.json holds the same data in full, for other programs; the files you "
            "sent are next to it.",
            when=made_at,
        )
    )
    direction = "rtl" if locale in RTL else "ltr"
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{escape(locale)}" dir="{direction}">',
        f'<head><meta charset="utf-8"><title>{title}</title><style>{STYLE}</style></head>',
        f"<body><h1>{title}</h1><p>{intro}</p>",
    ]
    for section in summary_sections(rows, forms, plan):
        out.append(_section(section, text))
    out.append("</body></html>")
    return "\n".join(out)


def _section(section: Section, text: Callable[[Msg], str]) -> str:
    parts = [f"<section><h2>{text(section.title)}</h2>"]
    for group in section.groups:
        if group.heading is not None:
            parts.append(f"<h3>{text(group.heading)}</h3>")
        items = "".join(f"<li>{text(line)}</li>" for line in group.lines)
        parts.append(f"<ul>{items}</ul>" if items else "")
    parts.append("</section>")
    return "\n".join(parts)
