"""The readable summary of a person's data (GDPR access), as translatable sections.

`data.json` holds the rows as stored; this turns the same rows into what a person can read:
plain headings per kind of data, each question with its text and the answer as they picked it,
reflections, agendas, exchanges, the plan, support and the list of files. It is pure: the rows
come from the export (`storage.personal_data.export_rows`), the HTML and the language from
`bot/personal_summary.py`. Rows where the person only took part carry no content of others
(the export already left it out), so a section for them says only that they took part.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from pydantic import ValidationError

from conversations.agenda_model import AgendaContent, Answer, agenda_lines, answer_text
from conversations.forms.schema import Form
from conversations.newcomer.plan_model import PlanContent
from conversations.roles import Role, role_label
from conversations.text import Msg, _, _n

Rows = Mapping[str, list[dict[str, Any]]]


@dataclass(frozen=True)
class Group:
    """A sub-heading (a form, a reflection, an exchange) and its lines."""

    heading: Msg | None
    lines: tuple[Msg, ...]


@dataclass(frozen=True)
class Section:
    title: Msg
    groups: tuple[Group, ...]


def _when(value: Any) -> Msg:
    """A stored ISO timestamp or date as the reader's date and time."""
    if isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            return Msg.plain(value)
        if len(value) == 10:
            return Msg(msgid="{day}", params={"day": date.fromisoformat(value)})
        return Msg(msgid="{moment}", params={"moment": moment})
    return Msg.plain("–")


def _text(value: Any) -> Msg:
    return Msg.plain("–" if value is None else str(value))


def _file(media_id: Any, paths: Mapping[int, str]) -> Msg:
    return _("(a file you sent: {path})", path=Msg.plain(paths.get(media_id, "?")))


def _value(form: Form | None, qid: str, value: Any, paths: Mapping[int, str]) -> Msg:
    """An answer as the person gave it: the option's label, Yes/No, their text, their file."""
    if value is None:
        return _("(skipped)")
    question = next((q for q in form.questions if q.id == qid), None) if form else None
    labels = {o.id: Msg(msgid=o.label) for o in question.options} if question else {}
    if isinstance(value, dict):
        return _file(value.get("media_id"), paths)
    if isinstance(value, list):
        picked = tuple(labels.get(str(v), Msg.plain(str(v))) for v in value)
        return Msg(msgid="{options}", params={"options": picked})
    if question is not None and question.type == "yesno":
        return _("Yes") if value in ("yes", True) else _("No")
    return labels.get(str(value), _text(value))


def _profile(rows: Rows) -> Section:
    user = (rows.get("users") or [{}])[0]
    lines = [
        _("Name: {value}", value=_text(user.get("name"))),
        _("Language: {value}", value=_text(user.get("locale"))),
        _("Time zone: {value}", value=_text(user.get("timezone"))),
        _("With Wegwijzer since: {value}", value=_when(user.get("created_at"))),
    ]
    for identity in rows.get("identities", []):
        lines.append(_("Chat account: {value}", value=_text(identity.get("platform"))))
    for role in rows.get("user_roles", []):
        name = role.get("role")
        label = role_label(Role(str(name))) if name in Role._value2member_map_ else _text(name)
        lines.append(_("Role: {value}", value=label))
    for consent in rows.get("consents", []):
        given = consent.get("given")
        when = _when(consent.get("recorded_at"))
        purpose = _text(consent.get("purpose"))
        lines.append(
            _("Consent for {purpose}: given on {when}", purpose=purpose, when=when)
            if given
            else _("Consent for {purpose}: refused on {when}", purpose=purpose, when=when)
        )
    return Section(_("Your profile, roles and consents"), (Group(None, tuple(lines)),))


def _answers(rows: Rows, forms: Mapping[str, Form], paths: Mapping[int, str]) -> Section:
    by_response: dict[Any, list[dict[str, Any]]] = {}
    for answer in rows.get("answers", []):
        by_response.setdefault(answer["response_id"], []).append(answer)
    groups = []
    for response in rows.get("responses", []):
        form = forms.get(response["form_id"])
        title = Msg(msgid=form.title) if form else _text(response["form_id"])
        heading = _("{form}, started on {when}", form=title, when=_when(response["started_at"]))
        lines = []
        for answer in by_response.get(response["id"], []):
            qid = answer["question_id"]
            question = next((q for q in form.questions if q.id == qid), None) if form else None
            lines.append(
                _(
                    "{question} — {answer}",
                    question=Msg(msgid=question.text) if question else Msg.plain(qid),
                    answer=_value(form, qid, answer.get("value"), paths),
                )
            )
        groups.append(Group(heading, tuple(lines)))
    return Section(_("Your answers"), tuple(groups))


def _reflections(rows: Rows, paths: Mapping[int, str]) -> Section:
    items: dict[Any, list[dict[str, Any]]] = {}
    for item in rows.get("reflection_items", []):
        items.setdefault(item["reflection_id"], []).append(item)
    groups = []
    for reflection in rows.get("reflections", []):
        heading = _("Reflection of {when}", when=_when(reflection["created_at"]))
        lines = [_("Who may see it: {value}", value=_text(reflection.get("visibility")))]
        for item in items.get(reflection["id"], []):
            if item.get("text") is not None:
                lines.append(Msg.plain(str(item["text"])))
            elif item.get("media_id") is not None:
                lines.append(_file(item["media_id"], paths))
        groups.append(Group(heading, tuple(lines)))
    return Section(_("Your reflections"), tuple(groups))


def _agenda(rows: Rows) -> Section:
    groups = []
    for version in rows.get("agenda_versions", []):
        when = _when(version["created_at"])
        heading = _("Version {number} of {when}", number=version["version"], when=when)
        if "content" not in version:
            told = _("You saved this version of someone else's agenda; its content is theirs.")
            added = tuple(
                _("What you added: {text}", text=_added(note))
                for note in version.get("added_by_you", [])
            )
            groups.append(Group(heading, (told, *added)))
            continue
        groups.append(Group(heading, _agenda_lines(version["content"])))
    for draft in rows.get("agenda_drafts", []):
        heading = _("Draft, not saved yet ({when})", when=_when(draft["updated_at"]))
        groups.append(Group(heading, _agenda_lines(draft["content"])))
    return Section(_("Your learning agenda"), tuple(groups))


def _added(note: dict[str, Any]) -> Msg:
    try:
        return answer_text(Answer.model_validate(note.get("answer")))
    except ValidationError:
        return _text(note.get("answer"))


def _agenda_lines(content: Any) -> tuple[Msg, ...]:
    try:
        return agenda_lines(AgendaContent.model_validate(content)).lines
    except ValidationError:
        return (Msg.plain(str(content)),)


PARTS: dict[str, Msg] = {
    "switcher_id": role_label(Role.SWITCHER),
    "coach_id": role_label(Role.LEARNING_COACH),
    "coordinator_id": role_label(Role.COORDINATOR),
    "sending_contact_id": role_label(Role.EMPLOYER),
    "host_contact_id": role_label(Role.EMPLOYER),
}


def _exchanges(rows: Rows) -> Section:
    days: dict[Any, list[dict[str, Any]]] = {}
    for day in rows.get("exchange_days", []):
        days.setdefault(day["exchange_id"], []).append(day)
    groups = []
    for ex in rows.get("exchanges", []):
        parts = tuple(PARTS[p] for p in ex.get("_as", []) if p in PARTS)
        lines = [
            _("Your part: {parts}", parts=parts),
            _("Status: {value}", value=_text(ex.get("status"))),
        ]
        for day in days.get(ex["id"], []):
            lines.append(
                _("Day {number}: {start} to {end}", number=day["day_no"],
                  start=_when(day["starts_at"]), end=_when(day["ends_at"]))
            )  # fmt: skip
        if ex.get("notes"):
            lines.append(_("Notes: {value}", value=_text(ex["notes"])))
        groups.append(Group(_("Exchange at {place}", place=_text(ex.get("place"))), tuple(lines)))
    actions = [
        _("{text} — {status}", text=_text(a["text"]), status=_text(a["status"]))
        for a in rows.get("follow_up_actions", [])
    ] + [_("Notes: {value}", value=_text(a["note"])) for a in rows.get("follow_up_actions", [])
         if a.get("note")]  # fmt: skip
    if actions:
        groups.append(Group(_("Your follow-up actions"), tuple(actions)))
    return Section(_("Your exchanges"), tuple(groups))


def _plan(rows: Rows, plan: PlanContent | None) -> Section:
    lines = []
    for progress in rows.get("plan_progress", []):
        step = plan.step(progress["step_id"]) if plan else None
        title = Msg(msgid=step.title) if step else _text(progress["step_id"])
        lines.append(_("{text} — {status}", text=title, status=_text(progress["status"])))
    return Section(_("Your step plan"), (Group(None, tuple(lines)),) if lines else ())


def _support(rows: Rows) -> Section:
    lines = []
    for request in rows.get("match_requests", []):
        lines.append(
            _("Request for support ({kind}) on {when} — {status}", kind=_text(request["kind"]),
              when=_when(request["created_at"]), status=_text(request["status"]))
        )  # fmt: skip
    for offer in rows.get("match_offers", []):
        lines.append(_("Offer to a supporter on {when} — {status}", when=_when(offer["offered_at"]),
                       status=_text(offer["status"])))  # fmt: skip
    for meeting in rows.get("support_meetings", []):
        lines.append(_("Meeting on {when}: {note}", when=_when(meeting["met_on"]),
                       note=_text(meeting.get("note"))))  # fmt: skip
    for rating in rows.get("support_ratings", []):
        lines.append(_("Your rating: {rating} — {comment}", rating=rating["rating"],
                       comment=_text(rating.get("comment"))))  # fmt: skip
    for profile in rows.get("supporters", []):
        lines.append(_("Your supporter profile: {value}", value=_text(
            ", ".join(str(v) for key in ("kinds", "sectors", "languages", "region", "contact")
                      for v in _as_list(profile.get(key))))))  # fmt: skip
    return Section(_("Support"), (Group(None, tuple(lines)),) if lines else ())


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _files(rows: Rows) -> Section:
    lines = [
        _("{path} ({kind}, {size} bytes, {when})", path=_text(m["path"]), kind=_text(m["kind"]),
          size=m["size"], when=_when(m["created_at"]))
        for m in rows.get("media", [])
    ]  # fmt: skip
    return Section(_("Files you sent"), (Group(None, tuple(lines)),) if lines else ())


SHOWN = {
    "users", "identities", "user_roles", "consents", "responses", "answers", "reflections",
    "reflection_items", "agenda_versions", "agenda_drafts", "exchanges", "exchange_days",
    "follow_up_actions", "plan_progress", "match_requests", "match_offers", "support_meetings",
    "support_ratings", "supporters", "media",
}  # fmt: skip


def _other(rows: Rows) -> Section:
    """Every other table with rows, counted: nothing is left out of the summary unnamed."""
    lines = [
        _n("{table}: {count} entry (see data.json)", "{table}: {count} entries (see data.json)",
           len(found), table=Msg.plain(name))
        for name, found in rows.items() if name not in SHOWN and found
    ]  # fmt: skip
    return Section(_("Other records (messages, reminders, checklists…)"),
                   (Group(None, tuple(lines)),) if lines else ())  # fmt: skip


def summary_sections(
    rows: Rows, forms: Mapping[str, Form], plan: PlanContent | None
) -> list[Section]:
    """The sections with something in them, in a fixed order."""
    paths = {int(m["id"]): str(m["path"]) for m in rows.get("media", [])}
    sections = [
        _profile(rows),
        _answers(rows, forms, paths),
        _reflections(rows, paths),
        _agenda(rows),
        _exchanges(rows),
        _plan(rows, plan),
        _support(rows),
        _files(rows),
        _other(rows),
    ]
    return [s for s in sections if s.groups]
