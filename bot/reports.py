"""Reports on other people's data, built for one viewer with that viewer's access rights.

Flows are pure and see only the person they talk to, so a coordinator's "results" entry
returns a `Report` placeholder; the dispatcher expands it here, in a read after the event's
transaction committed (never holding the writer), and the spreadsheet is written later, in a
worker thread, to a file. A coordinator sees only people who joined through an invite they
created, grouped by the invite's label (the organisation it was made for).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from sqlalchemy.ext.asyncio import AsyncConnection

from bot.built import Build, FileReply, Piece
from bot.media import MediaStore
from bot.workspace import Workspace
from conversations.forms.schema import Form
from conversations.forms.scoring import chart, level_for, maximum
from conversations.replies import Bar, Chart, Reply, Report, Say
from conversations.roles import Role
from conversations.text import Lines, Msg, _, _n
from storage.invites import Invitee, Invites
from storage.responses import Responses

if TYPE_CHECKING:
    from bot.cohort import Cohort


@dataclass(frozen=True)
class OrganisationResult:
    """The latest completed quiz of each person in one organisation, averaged."""

    name: Msg
    people: int
    scores: dict[str, float]


async def expand_reports(
    conn: AsyncConnection,
    replies: Sequence[Piece],
    viewer_id: int,
    viewer_roles: frozenset[Role],
    forms: Mapping[str, Form],
    render: Callable[[Msg], str],
    timezone: str,
    min_group: int = 3,
    rtl: bool = False,
    media: MediaStore | None = None,
) -> list[Piece]:
    """Replace every `Report` with the messages it stands for; other replies pass through.
    Roles are the ones held now, so a tap on a button shown before a role was removed gets
    nothing."""
    out: list[Piece] = []
    for reply in replies:
        if not isinstance(reply, Report):
            out.append(reply)
        elif reply.report == "cohort" and Role.COORDINATOR in viewer_roles:
            out.extend(
                await cohort_replies(
                    conn, viewer_id, forms, render, timezone, min_group, rtl, media
                )
            )
        elif Role.COORDINATOR not in viewer_roles or reply.form_id not in forms:
            out.append(Say(text=_("Only coordinators can see these results.")))
        else:
            form = forms[reply.form_id]
            results = await quiz_results(conn, viewer_id, form)
            out.extend(quiz_report(form, results, min_group))
    return out


async def cohort_replies(
    conn: AsyncConnection,
    coordinator_id: int,
    forms: Mapping[str, Form],
    render: Callable[[Msg], str],
    timezone: str,
    min_group: int = 3,
    rtl: bool = False,
    media: MediaStore | None = None,
) -> list[Piece]:
    """The aggregate report on the coordinator's own exchanges, the XLSX export of them and
    the shared media as a zip (walkthrough 21: the chat gave no media zip). Jobs: the files are
    written after the read, off the event loop."""
    from bot.cohort import load_cohort
    from bot.cohort_report import cohort_report

    cohort = await load_cohort(conn, coordinator_id, min_group)
    lines = Lines(lines=tuple(cohort_report(cohort, forms)))
    replies: list[Piece] = [Say(text=_("Report on your exchanges:\n{lines}", lines=lines))]
    if cohort.exchanges:

        def write(workspace: Workspace, _limit: int | None) -> list[Reply | FileReply]:
            from bot.cohort_xlsx import save_workbook

            path, stream = workspace.create(".xlsx")
            with stream:
                save_workbook(cohort, forms, render, timezone, stream, rtl)
            caption = _("Everything in one spreadsheet (only what people shared with you).")
            return [FileReply(path, "wegwijzer-exchanges.xlsx", XLSX, caption)]

        replies.append(Build(write, "cohort workbook"))
        if media is not None:
            replies.append(Build(partial(media_zip, cohort, media, timezone), "cohort media"))
    return replies


def media_zip(
    cohort: Cohort, media: MediaStore, timezone: str, workspace: Workspace, limit: int | None
) -> list[Reply | FileReply]:
    """The shared recordings, photos and documents under the names the workbook gives them;
    nothing when there are none, a note when the zip is larger than the platform takes."""
    from bot.cohort_media import media_names, write_media_zip

    if not media_names(cohort, timezone):
        return []
    path, stream = workspace.create(".zip")
    with stream:
        count = write_media_zip(cohort, media, stream, timezone)
    if count == 0:
        return []
    if limit is not None and path.stat().st_size > limit:
        return [Say(text=_("The shared files are too large to send here. Download them from "
                           "the desk (Results) or ask the operator for `wegwijzer export "
                           "cohort --media`."))]  # fmt: skip
    caption = _n("{count} shared file, named as in the spreadsheet.",
                 "{count} shared files, named as in the spreadsheet.", count)  # fmt: skip
    return [FileReply(path, "wegwijzer-media.zip", "application/zip", caption)]


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


async def quiz_results(
    conn: AsyncConnection, coordinator_id: int, form: Form
) -> list[OrganisationResult]:
    """Per organisation the coordinator invited: the average of its people's latest results."""
    groups: dict[tuple[str, str], list[dict[str, float]]] = defaultdict(list)
    invitees = await Invites(conn).invited_by(coordinator_id)
    for invitee in invitees:
        done = [
            r
            for r in await Responses(conn).of_user(invitee.user_id, form.id)
            if r.completed_at is not None and r.scores is not None
        ]
        if done and done[-1].scores is not None:
            groups[_group_key(invitee)].append(done[-1].scores)
    results = []
    for (label, code), all_scores in sorted(groups.items()):
        name = Msg.plain(label) if label else _("Invite {code}", code=code)
        results.append(OrganisationResult(name, len(all_scores), _average(form, all_scores)))
    return results


def overall_share(form: Form, scores: Mapping[str, float]) -> float:
    """All points together as a share of the highest possible total (0..1)."""
    highest = sum(maximum(form, d.id) for d in form.dimensions)
    return sum(scores.get(d.id, 0.0) for d in form.dimensions) / highest if highest else 0.0


def _group_key(invitee: Invitee) -> tuple[str, str]:
    """Invites with the same label are one organisation; unlabelled invites stand alone."""
    label = (invitee.invite_label or "").strip()
    return (label, "" if label else invitee.invite_code)


def _average(form: Form, all_scores: Sequence[Mapping[str, float]]) -> dict[str, float]:
    return {
        d.id: round(sum(s.get(d.id, 0.0) for s in all_scores) / len(all_scores), 1)
        for d in form.dimensions
    }


def quiz_report(
    form: Form, all_results: Sequence[OrganisationResult], min_group: int = 3
) -> list[Reply]:
    """Only organisations with at least `min_group` answers are shown, and the average is
    taken over those alone (otherwise a small group's scores could be worked out from it)."""
    title = Msg(msgid=form.title)
    results = [r for r in all_results if r.people >= min_group]
    too_small: list[Reply] = [
        Say(
            text=_(
                "{organisation}: too few answers to show without identifying someone (at "
                "least {minimum} are needed).",
                organisation=r.name,
                minimum=min_group,
            )
        )
        for r in all_results
        if r.people < min_group
    ]
    if all_results and not results:
        return too_small
    if not results:
        return [
            Say(
                text=_(
                    "Nobody you invited has completed “{title}” yet. Results appear here as "
                    "soon as someone finishes it.",
                    title=title,
                )
            )
        ]
    people = sum(r.people for r in results)
    overall = _average(form, [r.scores for r in results])
    # walkthrough 22: one bar per organisation, and a title without "?:" (the quiz's own
    # title may end in a question mark, so it comes last)
    per_organisation = Chart(
        title=_("Per organisation: {title}", title=title),
        bars=tuple(Bar(label=r.name, value=overall_share(form, r.scores)) for r in results),
        file_name=f"{form.id}-organisations.png",
    )
    summary = chart(form, overall).model_copy(
        update={"title": _("Average per point: {title}", title=title)}
    )
    replies: list[Reply] = [
        per_organisation,
        summary,
        Say(
            text=_n(
                "{count} person you invited has completed the quiz. Average level per point:\n"
                "{levels}",
                "{count} people you invited have completed the quiz. Average level per point:\n"
                "{levels}",
                people,
                levels=_levels(form, overall),
            )
        ),
    ]
    for result in results:
        heading = _n(
            "{organisation} ({count} answer)",
            "{organisation} ({count} answers)",
            result.people,
            organisation=result.name,
        )
        replies.append(
            Say(text=_("{heading}\n{levels}", heading=heading, levels=_levels(form, result.scores)))
        )
    return replies + too_small


def _levels(form: Form, scores: Mapping[str, float]) -> Lines:
    lines = []
    for dimension in form.dimensions:
        score = scores.get(dimension.id, 0.0)
        lines.append(
            _(
                "{dimension}: {level} ({score} of {maximum})",
                dimension=Msg(msgid=dimension.label),
                level=Msg(msgid=level_for(dimension, score).label),
                score=score,
                maximum=maximum(form, dimension.id),
            )
        )
    return Lines(lines=tuple(lines))
