"""What the exchange's own reminders say when they are due (before the exchange, the open
checklist, the reflection prompt, the evaluation, the certificate); declared in
bot/exchange_feature.py. Each returns the replies, or why the row is no longer useful."""

from __future__ import annotations

from pathlib import Path

from bot.data_files import certificate_copy
from bot.feature import Delivering
from bot.outgoing import OutDocument, Outgoing
from bot.reminders.service import issue_certificate
from conversations.certificate import certificate_of, employer_copy_text
from conversations.exchange_model import ExchangeView, Part
from conversations.exchange_texts import (
    EVALUATION,
    EVALUATION_FORMS,
    before_exchange,
    checklist_nudge,
    evaluation_request,
    reflection_prompt,
)
from conversations.replies import CertificateDocument, Reply, Say
from conversations.text import Msg, _
from storage.exchanges import Exchanges
from storage.reminders import Reminder, Reminders
from storage.responses import Responses


def _view(at: Delivering) -> ExchangeView:
    assert at.view is not None  # declared `exchange=True`: the deliverer looked it up
    return at.view


async def before(at: Delivering, reminder: Reminder) -> list[Reply] | str:
    return before_exchange(_view(at), at.now)


async def checklist(at: Delivering, reminder: Reminder) -> list[Reply] | str:
    view = _view(at)
    found: list[Msg] = []
    for part in view.mine:
        if part == Part.COORDINATOR:
            continue
        me = view.me(reminder.person_id, part)
        ticked = me.ticked if me else frozenset()
        found += [Msg(msgid=i.label) for i in at.checklists.for_part(part) if i.id not in ticked]
    return checklist_nudge(view, found) if found else "checklist complete"


async def reflection(at: Delivering, reminder: Reminder) -> list[Reply] | str:
    """After the last day the exchange is done and the certificate issued (once)."""
    view = _view(at)
    assert reminder.event_at is not None
    if reminder.event_at == max(d.ends_at for d in view.days) and view.active:
        await Exchanges(at.conn).set_status(view.id, "done", at.now)
        await issue_certificate(at.conn, view.id, at.now)  # once, also if issued before
    return reflection_prompt(view, reminder.event_at, view.mine[0])


async def evaluation(at: Delivering, reminder: Reminder) -> list[Reply] | str:
    view = _view(at)
    form_id = next((EVALUATION_FORMS[p] for p in view.mine if p in EVALUATION_FORMS), None)
    if form_id is None:
        return "no evaluation for this part"
    since = reminder.event_at or reminder.due_at
    done = [
        r
        for r in await Responses(at.conn).of_user(reminder.person_id, form_id)
        if r.completed_at is not None and r.completed_at >= since
    ]
    if done:
        return "already answered"
    earlier = [
        r
        for r in await Reminders(at.conn).of_exchange(view.id)
        if r.person_id == reminder.person_id and r.kind == EVALUATION and r.status == "sent"
    ]
    return evaluation_request(view, again=bool(earlier))


async def certificate(at: Delivering, reminder: Reminder) -> list[Reply] | str:
    text = _("Congratulations on your exchange! Here is your learning certificate.")
    return [Say(text=text), CertificateDocument(certificate=certificate_of(_view(at), at.now))]


async def employer_copy(at: Delivering, reminder: Reminder) -> list[Reply] | str:
    """The sending employer's copy of the switcher's certificate: proof of the training hours
    (draaiboek 002:597, 872), in the employer's own language, with its own caption."""
    cert = certificate_of(_view(at), at.now)
    return [CertificateDocument(certificate=cert, caption=employer_copy_text(cert))]


def keep_copy(data_dir: Path, reminder: Reminder, messages: list[Outgoing]) -> None:
    """The issued certificate is stored with the data, as it was sent (erasing anyone it
    names deletes this copy: `bot.personal_data.erase_person`)."""
    path = certificate_copy(data_dir, reminder.exchange_id or -1)
    path.parent.mkdir(parents=True, exist_ok=True)
    for message in messages:
        if isinstance(message, OutDocument):
            path.write_bytes(message.data)
