"""The product's flows in one place: what the dispatcher runs."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from conversations.absence import absence_flow
from conversations.agenda import agenda_flow
from conversations.agenda_view import agenda_view_flow
from conversations.core import Entry, Journey
from conversations.engine import Flow
from conversations.exchange_model import Checklists
from conversations.exchanges import exchanges_flow
from conversations.follow_up import actions_flow
from conversations.forms.flow import FormFlow
from conversations.forms.schema import Form
from conversations.language import LANGUAGE
from conversations.menu import MenuEntry, menu_flow
from conversations.my_data import FORGET
from conversations.new_exchange import new_exchange_flow
from conversations.newcomer.mentees_flow import mentees_flow
from conversations.newcomer.plan_flow import plan_flow
from conversations.newcomer.plan_model import PlanContent
from conversations.newcomer.support_flow import support_flow
from conversations.newcomer.supporter_flow import supporter_flow
from conversations.newcomer.vocabulary import INTAKE, vocabulary
from conversations.onboarding import ONBOARDING
from conversations.reflections import my_reflections_flow, reflect_flow
from conversations.replies import Report
from conversations.return_session import return_session_flow
from conversations.roles import Role
from conversations.text import Msg, _

COORDINATORS = frozenset({Role.COORDINATOR})
IN_EXCHANGES = frozenset({Role.SWITCHER, Role.LEARNING_COACH, Role.EMPLOYER, Role.COORDINATOR})
SWITCHERS = frozenset({Role.SWITCHER})
COACHES = frozenset({Role.LEARNING_COACH})
WRITERS = frozenset({Role.SWITCHER, Role.LEARNING_COACH})
READERS = frozenset({Role.SWITCHER, Role.LEARNING_COACH, Role.COORDINATOR})
NEWCOMERS = frozenset({Role.NEWCOMER})
SUPPORTERS = frozenset({Role.MENTOR})


def build_journey(
    forms: Mapping[str, Form] | None = None,
    checklists: Checklists | None = None,
    plan: PlanContent | None = None,
) -> Journey:
    forms = dict(forms or {})
    words = vocabulary(forms.get(INTAKE))
    commands: dict[str, Entry] = {
        "exchanges": Entry("exchanges"),
        "agenda": Entry("agenda"),
        "reflect": Entry("reflect"),
        "feedback": Entry("feedback"),
        "myreflections": Entry("myreflections"),
        "actions": Entry("actions"),
        "plan": Entry("plan"),
        "support": Entry("support"),
        "supporter": Entry("supporter"),
        "mentees": Entry("mentees"),
        "forget": Entry("forget", open_to_all=True, also_refused=True),
    }
    entries: list[MenuEntry] = [
        MenuEntry("menu:plan", _("My step plan towards work"), flow="plan", roles=NEWCOMERS),
        MenuEntry(
            "menu:support", _("Find a mentor or career coach"), flow="support", roles=NEWCOMERS
        ),
        MenuEntry("menu:mentees", _("My newcomers"), flow="mentees", roles=SUPPORTERS),
        MenuEntry("menu:supporter", _("My supporter profile"), flow="supporter", roles=SUPPORTERS),
        MenuEntry("menu:exchanges", _("My exchanges"), flow="exchanges", roles=IN_EXCHANGES),
        MenuEntry("menu:agenda", _("My learning agenda"), flow="agenda", roles=SWITCHERS),
        MenuEntry("menu:reflect", _("Reflect on my exchange"), flow="reflect", roles=WRITERS),
        MenuEntry("menu:feedback", _("Feedback for my switcher"), flow="feedback", roles=COACHES),
        MenuEntry("menu:myreflections", _("My reflections"), flow="myreflections", roles=READERS),
        MenuEntry("menu:actions", _("My follow-up actions"), flow="actions", roles=WRITERS),
        MenuEntry(
            "menu:new_exchange", _("Set up an exchange"), flow="new_exchange", roles=COORDINATORS
        ),
        MenuEntry(
            "menu:cohort",
            _("Report and spreadsheet of my exchanges"),
            roles=COORDINATORS,
            shows=(Report(report="cohort"),),
        ),
        MenuEntry(
            "menu:return_sessions",
            _("Return sessions"),
            flow="return_sessions",
            roles=COORDINATORS,
        ),
    ]
    for form in forms.values():
        data = {"form_id": form.id}
        if form.command:
            commands[form.command] = Entry("form", data, open_to_all=form.open_to_all)
        # consultations are reached by their own invite link, evaluations from the exchange
        if form.kind not in ("consultation", "evaluation", "intake"):
            entries.append(
                MenuEntry(
                    f"form:{form.id}",
                    Msg(msgid=form.title),
                    flow="form",
                    data=data,
                    roles=frozenset(form.menu_roles) or None,
                )
            )
        if form.kind == "quiz":
            report = Report(report="quiz_results", form_id=form.id)
            label = _("Results: {title}", title=Msg(msgid=form.title))
            entries.append(
                MenuEntry(f"report:{form.id}", label, roles=COORDINATORS, shows=(report,))
            )
    flows: list[Flow[Any]] = [
        ONBOARDING,
        LANGUAGE,
        menu_flow(entries),
        FormFlow(forms).flow,
        exchanges_flow(checklists or Checklists()),
        agenda_flow(),
        absence_flow(),
        agenda_view_flow(),
        new_exchange_flow(),
        reflect_flow("reflect", "reflection"),
        reflect_flow("feedback", "feedback"),
        my_reflections_flow(),
        actions_flow(),
        return_session_flow(),
        plan_flow(plan),
        support_flow(),
        supporter_flow(words),
        mentees_flow(words),
        FORGET,
    ]
    return Journey(flows={f.name: f for f in flows}, commands=commands, forms=forms)
