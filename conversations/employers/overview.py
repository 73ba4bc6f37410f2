"""A coordinator's employers (issue 17 item 1): every organisation of their programmes with
its intake (the answers of `content/forms/employer_intake.yaml`) and who confirmed the
engagement declaration, with name and date. Only their own programmes are ever loaded."""

from __future__ import annotations

from pydantic import BaseModel

from conversations.common import not_a_choice
from conversations.context import Ctx
from conversations.employers.model import OrganisationView
from conversations.engine import FINISH, Flow, State, Step, states
from conversations.events import ChoiceIn, Event
from conversations.forms.review import shown_answer
from conversations.forms.schema import Form
from conversations.replies import Ask, Choice, Reply, Say
from conversations.roles import Role
from conversations.text import Lines, Msg, _

INTAKE_FORM = "employer_intake"
BACK = Choice(id="back", label=_("Back"))
CLOSE = Choice(id="close", label=_("Close"))


class EmployersData(BaseModel):
    number: int | None = None


def _orgs(ctx: Ctx) -> tuple[OrganisationView, ...]:
    return ctx.employers.organisations if ctx.employers is not None else ()


def org_line(number: int, org: OrganisationView) -> Msg:
    intake = _("intake of {day}", day=org.updated) if org.updated else _("no intake yet")
    signed = (
        tuple(_("confirmed by {name} on {day}", name=Msg.plain(s.name), day=s.on)
              for s in org.signed)
        or (_("engagement not confirmed yet"),)
    )  # fmt: skip
    return _("{number}. {organisation}: {intake}; {signed}", number=number,
             organisation=Msg.plain(org.organisation), intake=intake, signed=signed)  # fmt: skip


def intake_lines(form: Form | None, answers: dict[str, object]) -> tuple[Msg, ...]:
    """The intake's answers, question by question, in the reader's language."""
    if form is None:
        return ()
    return tuple(
        _("{question} — {answer}", question=Msg(msgid=q.text),
          answer=shown_answer(q, answers.get(q.id)))
        for q in form.questions
        if q.id in answers
    )  # fmt: skip


def employers_flow(form: Form | None) -> Flow[EmployersData]:
    def entry(ctx: Ctx, data: EmployersData) -> Step:
        if not _orgs(ctx):
            text = _(
                "No employer has filled in the intake or confirmed the engagement yet. Invite "
                "employer contacts with the role employer and their organisation as label."
            )
            return Step(replies=[Say(text=text)], finish=True)
        return Step(goto="list")

    def ask_list(ctx: Ctx, data: EmployersData) -> list[Reply]:
        orgs = _orgs(ctx)
        lines = Lines(lines=tuple(org_line(n, o) for n, o in enumerate(orgs, 1)))
        text = _("Employers of your programme:\n{lines}", lines=lines)
        choices = tuple(
            Choice(id=f"org:{n}", label=_("Organisation {number}", number=n))
            for n, o in enumerate(orgs, 1)
            if o.answers
        )
        return [Ask(text=text, choices=(*choices, CLOSE))]

    def on_list(ctx: Ctx, data: EmployersData, event: Event) -> Step:
        picked = event.choice_id if isinstance(event, ChoiceIn) else ""
        if picked == "close":
            return Step(finish=True)
        number = picked.removeprefix("org:")
        orgs = _orgs(ctx)
        if not number.isdigit() or not 1 <= int(number) <= len(orgs):
            return Step.retry(not_a_choice(event))
        return Step(goto="intake", data=EmployersData(number=int(number)))

    def ask_intake(ctx: Ctx, data: EmployersData) -> list[Reply]:
        orgs = _orgs(ctx)
        if data.number is None or data.number > len(orgs):
            return [Ask(text=_("That organisation is no longer there."), choices=(BACK,))]
        org = orgs[data.number - 1]
        text = _("{organisation}\n{answers}", organisation=Msg.plain(org.organisation),
                 answers=Lines(lines=intake_lines(form, org.answers)))  # fmt: skip
        return [Ask(text=text, choices=(BACK, CLOSE))]

    def on_intake(ctx: Ctx, data: EmployersData, event: Event) -> Step:
        picked = event.choice_id if isinstance(event, ChoiceIn) else None
        if picked == "back":
            return Step(goto="list", data=EmployersData())
        if picked == "close":
            return Step(finish=True)
        return Step.retry(not_a_choice(event))

    return Flow(
        name="employers",
        roles=frozenset({Role.COORDINATOR}),
        data_model=EmployersData,
        initial="list",
        entry=entry,
        entry_targets=frozenset({"list", FINISH}),
        states=states(
            State("list", ask_list, on_list, frozenset({"intake", FINISH})),
            State("intake", ask_intake, on_intake, frozenset({"list", FINISH})),
        ),
    )
