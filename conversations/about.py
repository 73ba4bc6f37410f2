"""`/about`: how Wegwijzer works for each role (draaiboek 5.1–5.2, issue 17 item 5), and for
coordinators the short texts to share with an invitation, per audience. The words live in
`conversations/content/recruitment.yaml` and are translated through the catalogs."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml
from pydantic import BaseModel

from conversations.common import not_a_choice
from conversations.context import Ctx
from conversations.engine import FINISH, Flow, State, Step, states
from conversations.events import ChoiceIn, Event
from conversations.replies import Ask, Choice, Reply, Say
from conversations.roles import Role, role_label
from conversations.text import Msg, _

RECRUITMENT = Path(__file__).parent / "content" / "recruitment.yaml"
ROLES = ("switcher", "learning_coach", "employer", "coordinator", "newcomer", "mentor")
#: Who an invitation of a role is shared with: employers directly, employees through HR.
AUDIENCE = {
    "employer": "employer",
    "switcher": "employee",
    "learning_coach": "employee",
    "newcomer": "newcomer",
}
AUDIENCE_LABELS = {
    "employer": _("For employers"),
    "employee": _("For employees (through HR)"),
    "newcomer": _("For newcomers"),
}
DONE = Choice(id="done", label=_("Done"))


class Texts(BaseModel):
    text: str
    source: str | None = None


class Recruitment(BaseModel):
    how_it_works: dict[str, Texts]
    invite_texts: dict[str, Texts]


@cache
def recruitment() -> Recruitment:
    """The shipped texts (read once; a data file of the package, like the catalogs)."""
    return Recruitment.model_validate(yaml.safe_load(RECRUITMENT.read_text(encoding="utf-8")))


def how_it_works(role: str) -> Msg:
    return Msg(msgid=recruitment().how_it_works[role].text)


def invite_text(role: str) -> Msg | None:
    """The text to share with an invitation for `role`, or None for roles not recruited so."""
    audience = AUDIENCE.get(role)
    return Msg(msgid=recruitment().invite_texts[audience].text) if audience else None


class AboutData(BaseModel):
    pass


def about_flow() -> Flow[AboutData]:
    def choices(ctx: Ctx) -> tuple[Choice, ...]:
        mine = [r for r in ROLES if r in ctx.user.roles]
        roles = [*mine, *(r for r in ROLES if r not in mine)]
        found = [
            Choice(id=f"role:{r}", label=_("How it works for: {role}", role=role_label(Role(r))))
            for r in roles
        ]
        if Role.COORDINATOR in ctx.user.roles:
            found += [Choice(id=f"share:{k}", label=v) for k, v in AUDIENCE_LABELS.items()]
        return (*found, DONE)

    def ask(ctx: Ctx, data: AboutData) -> list[Reply]:
        said: list[Reply] = [Say(text=how_it_works(r)) for r in ROLES if r in ctx.user.roles]
        text = _("How it works for the others, or for which role do you want to know more?")
        if Role.COORDINATOR in ctx.user.roles:
            text = _(
                "How it works for the others? The texts per audience are for sharing with an "
                "invitation, with its QR code."
            )
        return [*said, Ask(text=text, choices=choices(ctx))]

    def handle(ctx: Ctx, data: AboutData, event: Event) -> Step:
        picked = event.choice_id if isinstance(event, ChoiceIn) else ""
        if picked == "done":
            return Step(finish=True)
        if picked not in {c.id for c in choices(ctx)}:
            return Step.retry(not_a_choice(event))
        kind, _sep, key = picked.partition(":")
        if kind == "role":
            return Step(replies=[Say(text=how_it_works(key))], reask=True)
        shared = Msg(msgid=recruitment().invite_texts[key].text)
        return Step(replies=[Say(text=shared)], reask=True)

    return Flow(
        name="about",
        data_model=AboutData,
        initial="about",
        states=states(State("about", ask, handle, frozenset({FINISH}))),
    )
