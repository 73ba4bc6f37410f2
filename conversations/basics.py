"""What every person has, whatever their role: onboarding, language, the forms from the
content files (quiz, consultations, evaluations, intake), erasing oneself, and notices (any
flow may tell someone else something)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from conversations.about import about_flow
from conversations.context import Ctx, UserView
from conversations.core import Entry
from conversations.effects import (
    Effect,
    EraseMe,
    FinishResponse,
    GrantRole,
    Notify,
    RecordConsent,
    SaveAnswer,
    SetLocale,
    SetName,
)
from conversations.engine import Flow
from conversations.exchange_texts import NOTICE
from conversations.feature import Content, Feature, Inputs
from conversations.forms.flow import FormFlow
from conversations.invite_flow import invite_flow
from conversations.language import LANGUAGE
from conversations.menu import MenuEntry
from conversations.my_data import FORGET
from conversations.onboarding import ONBOARDING
from conversations.replies import Report
from conversations.roles import Role
from conversations.text import Msg, _

#: Menu entries of the forms come after every feature's own.
FORMS_RANK = 200


def flows(inputs: Inputs) -> Sequence[Flow[Any]]:
    return (
        ONBOARDING, LANGUAGE, FormFlow(dict(inputs.forms)).flow, FORGET, about_flow(),
        invite_flow(),
    )  # fmt: skip


def forms(inputs: Inputs) -> Content:
    """A form with a command gets it; forms reached otherwise (an invite link, an exchange,
    the intake) get no menu line; a quiz's results are on the coordinator's menu."""
    commands: dict[str, Entry] = {}
    entries: list[tuple[int, MenuEntry]] = []
    for form in inputs.forms.values():
        data = {"form_id": form.id}
        if form.command:
            commands[form.command] = Entry("form", data, open_to_all=form.open_to_all)
        if form.kind not in ("consultation", "evaluation", "intake"):
            roles = frozenset(form.menu_roles) or None
            entry = MenuEntry(f"form:{form.id}", Msg(msgid=form.title), "form", data, roles)
            entries.append((FORMS_RANK, entry))
        if form.kind == "quiz":
            report = Report(report="quiz_results", form_id=form.id)
            label = _("Results: {title}", title=Msg(msgid=form.title))
            coordinators = frozenset({Role.COORDINATOR})
            results = MenuEntry(f"report:{form.id}", label, roles=coordinators, shows=(report,))
            entries.append((FORMS_RANK, results))
    return commands, entries


def project(ctx: Ctx, eff: Effect) -> Ctx:
    """What the person looks like once this effect is applied (later steps must see it)."""
    user = ctx.user
    if isinstance(eff, SetLocale):
        user = user.model_copy(update={"locale": eff.locale})
    elif isinstance(eff, RecordConsent):
        user = user.model_copy(update={"consent": eff.given})
    elif isinstance(eff, SetName):
        user = user.model_copy(update={"name": eff.name})
    elif isinstance(eff, GrantRole):
        user = user.model_copy(update={"roles": user.roles | {eff.role}})
    elif isinstance(eff, EraseMe):
        user = UserView(id=user.id, locale=user.locale)  # nothing is known any more
    else:
        return ctx
    return ctx.model_copy(update={"user": user})


BASICS = Feature(
    name="basics",
    flows=flows,
    commands={
        "forget": Entry("forget", open_to_all=True, also_refused=True),
        "about": Entry("about", open_to_all=True),  # how it works per role (issue 17.5)
        "invite": Entry("invite"),  # coordinators: an invitation with its text and QR code
    },
    menu=(
        (
            125,
            MenuEntry(
                "menu:invite",
                _("Invite someone (with a text to share and a QR code)"),
                flow="invite",
                roles=frozenset({Role.COORDINATOR}),
            ),
        ),
    ),
    effects=(
        SetLocale,
        RecordConsent,
        SetName,
        GrantRole,
        SaveAnswer,
        FinishResponse,
        EraseMe,
        Notify,
    ),
    #: Notices: a message to someone else, sent as a row (any feature queues them).
    reminder_kinds=(NOTICE,),
    project=project,
    from_content=forms,
)
