"""The learning certificate (leerbewijs): what the switcher learned where, with whom, and how
long, built from the exchange and the latest learning agenda. Pure, so every reader's copy is
the same facts in their own language."""

from __future__ import annotations

from datetime import datetime

from conversations.agenda_model import answer_text
from conversations.certificate_model import CertificateView
from conversations.exchange_model import ExchangeView, Part
from conversations.replies import Choice
from conversations.text import Lines, Msg, Period, _

TITLE = _("Learning certificate")
CERTIFICATE = "certificate"  # the reminder kind that delivers it
#: The sending employer's copy: proof of the training hours (draaiboek 002:597, 872).
CERTIFICATE_FOR_EMPLOYER = "certificate_employer"


def certificate_of(view: ExchangeView, issued_at: datetime) -> CertificateView:
    def name(part: Part) -> str | None:
        party = view.party(part)
        return party.name if party else None

    content = view.agenda.content if view.agenda else None
    return CertificateView(
        exchange_id=view.id,
        switcher=name(Part.SWITCHER) or "?",
        coach=name(Part.LEARNING_COACH) or "?",
        coordinator=name(Part.COORDINATOR),
        coordinator_org=view.programme,
        host_org=view.host_org,
        sending_org=view.sending_org,
        place=view.place,
        days=view.days,
        question=content.question if content else None,
        goals=content.goals if content else (),
        issued_at=view.certificate_at or issued_at,
    )


SIGNATURE = _("Signature")


def certificate_lines(cert: CertificateView) -> Lines:
    hours = sum((d.ends_at - d.starts_at).total_seconds() for d in cert.days) / 3600
    lines: list[Msg] = [
        _(
            "{switcher} took part in a Switching Talent learning exchange at {host}.",
            switcher=Msg.plain(cert.switcher),
            host=Msg.plain(cert.host_org or cert.place),
        ),
    ]
    if cert.sending_org:  # proof of training hours for the employer who sent them
        lines.append(_("Sent by: {organisation}", organisation=Msg.plain(cert.sending_org)))
    days = [Period(start=d.starts_at, end=d.ends_at) for d in cert.days]
    if len(days) == 1:  # one day: no "day 1", and the date once (walkthrough 24, 30)
        lines.append(_("Date: {when}", when=days[0]))
    else:
        lines += [_("Day {number}: {when}", number=n, when=d) for n, d in enumerate(days, 1)]
    lines.append(_("Time spent learning: {hours} hours", hours=round(hours, 1)))
    lines.append(_("Learning question: {text}", text=answer_text(cert.question)))
    for number, goal in enumerate(cert.goals, start=1):
        lines.append(_("Goal {number}: {text}", number=number, text=Msg.plain(goal.text)))
    lines.append(_("Learning coach: {name}", name=Msg.plain(cert.coach)))
    return Lines(lines=tuple(lines))


def signature_lines(cert: CertificateView) -> Lines:
    """The signature block under the certificate (walkthrough 31): when it was issued, who
    signs for which organisation; the PDF draws the line to sign on."""
    lines = [_("Issued on {date}", date=cert.issued_at.date())]
    if cert.coordinator and cert.coordinator_org:
        lines.append(
            _(
                "{name}, coordinator for {organisation}",
                name=Msg.plain(cert.coordinator),
                organisation=Msg.plain(cert.coordinator_org),
            )
        )
    elif cert.coordinator:
        lines.append(_("Coordinator: {name}", name=Msg.plain(cert.coordinator)))
    return Lines(lines=tuple(lines))


def employer_copy_text(cert: CertificateView) -> Msg:
    """Said to the sending employer with their copy of the switcher's certificate."""
    return _(
        "The learning certificate of {switcher} for the exchange at {host}: proof of the "
        "learning time, for example for the training plan or the training hours.",
        switcher=Msg.plain(cert.switcher),
        host=Msg.plain(cert.host_org or cert.place),
    )


def language_choices(locales: tuple[str, ...]) -> tuple[Choice, ...]:
    from conversations.common import language_name

    return tuple(
        Choice(id=f"cert:{code}", label=Msg.plain(language_name(code))) for code in locales
    )
