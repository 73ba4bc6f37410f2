"""`/exchanges`: a person's exchanges, each with its details, checklist and actions.

List → detail → checklist / agenda / attendance / introduction call / (coordinator) cancel.
Everything shown comes from `ctx.exchanges`, which holds only the person's own exchanges; every
id from a button is looked up there again (a forged id finds nothing).
"""

from __future__ import annotations

from pydantic import BaseModel

from conversations.certificate import certificate_of, language_choices
from conversations.common import NOT_YOURS, not_a_choice
from conversations.context import Ctx
from conversations.effects import (
    CancelExchange,
    IssueCertificate,
    Notify,
    SetIntroCall,
    TickItem,
)
from conversations.engine import FINISH, Flow, State, Step, states
from conversations.events import ChoiceIn, Event, TextIn
from conversations.exchange_actions import attendance
from conversations.exchange_certificate import WITHDRAW, ask_withdraw, may_withdraw, on_withdraw
from conversations.exchange_model import (
    AGENDA_READERS,
    ATTENDEES,
    ChecklistItem,
    Checklists,
    ExchangeView,
    Part,
    exchange_id_of,
)
from conversations.exchange_texts import EVALUATION_FORMS, exchange_label, name_of, summary
from conversations.moments import example_moment, parse_moment
from conversations.replies import Ask, CertificateDocument, Choice, Reply, Say
from conversations.text import Msg, PersonName, _

BACK = Choice(id="back", label=_("Back"))


class ExchangesData(BaseModel):
    exchange_id: int | None = None
    start: str | None = None  # "checklist" to open straight at the checklist


def _my_checklist(
    ctx: Ctx, view: ExchangeView, checklists: Checklists
) -> tuple[Part, tuple[ChecklistItem, ...]] | None:
    for part in view.mine:
        items = checklists.for_part(part)
        if items:
            return part, items
    return None


def over(ctx: Ctx, view: ExchangeView) -> bool:
    """The last day has ended."""
    return bool(view.days) and ctx.now >= max(d.ends_at for d in view.days)


def exchanges_flow(checklists: Checklists) -> Flow[ExchangesData]:
    def current(ctx: Ctx, data: ExchangesData) -> ExchangeView | None:
        return ctx.exchange(data.exchange_id)

    def entry(ctx: Ctx, data: ExchangesData) -> Step:
        if not ctx.exchanges:
            text = _("You are not part of any exchange yet. Your coordinator sets them up.")
            return Step(replies=[Say(text=text)], finish=True)
        view = current(ctx, data)
        if view is None and len(ctx.exchanges) == 1:  # nothing to choose: straight to it
            only = ExchangesData(exchange_id=ctx.exchanges[0].id)
            return Step(goto="detail", data=only)
        if view is None:
            return Step(goto="list")
        if data.start == "checklist" and _my_checklist(ctx, view, checklists):
            return Step(goto="checklist")
        return Step(goto="detail")

    # --- list -----------------------------------------------------------------------------

    def ask_list(ctx: Ctx, data: ExchangesData) -> list[Reply]:
        choices = tuple(Choice(id=f"ex:{x.id}", label=exchange_label(x)) for x in ctx.exchanges)
        return [Ask(text=_("Your exchanges: which one?"), choices=(*choices, BACK))]

    def on_list(ctx: Ctx, data: ExchangesData, event: Event) -> Step:
        if isinstance(event, ChoiceIn) and event.choice_id == "back":
            return Step(finish=True)
        picked = exchange_id_of(event.choice_id, "ex:") if isinstance(event, ChoiceIn) else None
        if picked is None:
            return Step.retry(not_a_choice(event))
        if ctx.exchange(picked) is None:
            return Step.retry(NOT_YOURS)
        return Step(goto="detail", data=ExchangesData(exchange_id=picked))

    # --- detail ---------------------------------------------------------------------------

    def detail_choices(ctx: Ctx, view: ExchangeView) -> tuple[Choice, ...]:
        choices: list[Choice] = []
        if _my_checklist(ctx, view, checklists):
            choices.append(Choice(id="checklist", label=_("My preparation checklist")))
        if set(view.mine) & AGENDA_READERS:
            choices.append(Choice(id="agenda", label=_("Learning agenda")))
        if view.active and set(view.mine) & ATTENDEES:
            choices += [
                Choice(id="yes", label=_("I'll be there")),
                Choice(id="no", label=_("I can't make it")),
                Choice(id="intro", label=_("Record the introduction call")),
            ]
        evaluation = next((EVALUATION_FORMS[p] for p in view.mine if p in EVALUATION_FORMS), None)
        if evaluation is not None and over(ctx, view) and view.status != "cancelled":
            choices.append(Choice(id="evaluation", label=_("Start the evaluation")))
        if view.certificate_at is not None and Part.SWITCHER in view.mine:
            choices.append(Choice(id="certificate", label=_("My learning certificate")))
        coordinating = Part.COORDINATOR in view.mine
        issued, cancelled = view.certificate_at is not None, view.status == "cancelled"
        if coordinating and over(ctx, view) and not issued and not cancelled:
            # only once the last day is over: a certificate says the exchange took place
            choices.append(Choice(id="issue", label=_("Issue the learning certificate")))
        if may_withdraw(view):
            choices.append(WITHDRAW)
        if view.active and coordinating:  # the days or details, as at set-up (issue 17.4)
            choices.append(Choice(id="change", label=_("Change the days or details")))
            choices.append(Choice(id="cancel", label=_("Cancel this exchange")))
        return (*choices, BACK)

    def ask_detail(ctx: Ctx, data: ExchangesData) -> list[Reply]:
        view = current(ctx, data)
        assert view is not None
        return [
            Say(text=summary(view, checklists, ctx.now)),
            Ask(text=_("What would you like to do?"), choices=detail_choices(ctx, view)),
        ]

    def on_detail(ctx: Ctx, data: ExchangesData, event: Event) -> Step:
        view = current(ctx, data)
        if view is None:  # it went away (e.g. access removed) while the question was open
            return Step(replies=[Say(text=NOT_YOURS)], goto="list", data=ExchangesData())
        allowed = {c.id for c in detail_choices(ctx, view)}
        picked = event.choice_id if isinstance(event, ChoiceIn) else None
        if picked not in allowed:
            return Step.retry(not_a_choice(event))
        if picked == "back" and len(ctx.exchanges) == 1:
            return Step(finish=True)
        if picked == "back":
            return Step(goto="list", data=ExchangesData())
        if picked == "checklist":
            return Step(goto="checklist")
        if picked == "agenda":
            return Step(push="agenda_view", push_data={"exchange_id": view.id})
        if picked in ("yes", "no"):
            step = attendance(ctx, view, picked == "yes")
            return Step(replies=step.replies, effects=step.effects, reask=step.push is None,
                        push=step.push, push_data=step.push_data)  # fmt: skip
        if picked == "intro":
            return Step(goto="intro")
        if picked == "change":
            return Step(push="exchange_edit", push_data={"exchange_id": view.id})
        if picked == "evaluation":
            form_id = next(EVALUATION_FORMS[p] for p in view.mine if p in EVALUATION_FORMS)
            return Step(push="form", push_data={"form_id": form_id})
        if picked == "certificate":
            return Step(goto="certificate")
        if picked == "withdraw":
            return Step(goto="withdraw")
        if picked == "issue":
            switcher = view.party(Part.SWITCHER)
            text = _(
                "The learning certificate is issued; {name} receives it in a moment.",
                name=name_of(switcher.name if switcher else None),
            )
            issue = IssueCertificate(exchange_id=view.id)
            return Step(
                replies=[Say(text=text)], effects=[issue], goto="list", data=ExchangesData()
            )
        return Step(goto="cancel")

    # --- the learning certificate, in any shipped language -------------------------------

    def ask_certificate(ctx: Ctx, data: ExchangesData) -> list[Reply]:
        text = _("In which language do you want your learning certificate?")
        return [Ask(text=text, choices=(*language_choices(ctx.locales), BACK))]

    def on_certificate(ctx: Ctx, data: ExchangesData, event: Event) -> Step:
        view = current(ctx, data)
        if view is None or view.certificate_at is None or Part.SWITCHER not in view.mine:
            return Step(replies=[Say(text=NOT_YOURS)], goto="list", data=ExchangesData())
        picked = event.choice_id if isinstance(event, ChoiceIn) else ""
        if picked == "back":
            return Step(goto="detail")
        code = picked.removeprefix("cert:")
        if not picked.startswith("cert:") or code not in ctx.locales:
            return Step.retry(not_a_choice(event))
        document = CertificateDocument(certificate=certificate_of(view, ctx.now), locale=code)
        return Step(replies=[document], goto="detail")

    # --- checklist ------------------------------------------------------------------------

    def ask_checklist(ctx: Ctx, data: ExchangesData) -> list[Reply]:
        view = current(ctx, data)
        mine = _my_checklist(ctx, view, checklists) if view else None
        assert view is not None and mine is not None
        part, items = mine
        me = view.me(ctx.user.id, part)
        ticked = me.ticked if me else frozenset()
        choices = tuple(
            Choice(
                id=f"item:{item.id}",
                label=_("✅ {item}", item=Msg(msgid=item.label))
                if item.id in ticked
                else _("⬜ {item}", item=Msg(msgid=item.label)),
            )
            for item in items
        )
        text = _(
            "Preparation for your exchange on {when}: tap an item to tick it off "
            "(tap again to undo).",
            when=view.first_start,
        )
        return [Ask(text=text, choices=(*choices, Choice(id="done", label=_("Done"))))]

    def on_checklist(ctx: Ctx, data: ExchangesData, event: Event) -> Step:
        view = current(ctx, data)
        mine = _my_checklist(ctx, view, checklists) if view else None
        if view is None or mine is None:
            return Step(replies=[Say(text=NOT_YOURS)], goto="list", data=ExchangesData())
        part, items = mine
        picked = event.choice_id if isinstance(event, ChoiceIn) else ""
        if picked == "done":
            return Step(goto="detail")
        item = next((i for i in items if f"item:{i.id}" == picked), None)
        if item is None:
            return Step.retry(not_a_choice(event))
        me = view.me(ctx.user.id, part)
        done = not (me is not None and item.id in me.ticked)
        tick = TickItem(exchange_id=view.id, part=part, item_id=item.id, done=done)
        return Step(effects=[tick], reask=True)

    # --- introduction call ----------------------------------------------------------------

    def ask_intro(ctx: Ctx, data: ExchangesData) -> list[Reply]:
        text = _(
            "When is (or was) the introduction call with your exchange partner? Send the date "
            "and time, for example {example}.",
            example=Msg.plain(example_moment(ctx.now, ctx.timezone)),
        )
        return [Ask(text=text, choices=(BACK,))]

    def on_intro(ctx: Ctx, data: ExchangesData, event: Event) -> Step:
        view = current(ctx, data)
        if view is None:
            return Step(replies=[Say(text=NOT_YOURS)], goto="list", data=ExchangesData())
        if isinstance(event, ChoiceIn) and event.choice_id == "back":
            return Step(goto="detail")
        typed = event.text if isinstance(event, TextIn) else ""
        when = parse_moment(typed, ctx.timezone, ctx.today())
        if when is None:
            return Step.retry(_("Please send a date and time, like the example."))
        effects: list[SetIntroCall | Notify] = [SetIntroCall(exchange_id=view.id, when=when)]
        for party in view.parties:
            if party.part in ATTENDEES and party.person_id != ctx.user.id:
                text = _(
                    "{name} recorded the introduction call for your exchange at {place}: {when}.",
                    name=PersonName(id=ctx.user.id),
                    place=Msg.plain(view.place),
                    when=when,
                )
                effects.append(Notify(person_id=party.person_id, text=text, exchange_id=view.id))
        replies = [Say(text=_("Noted: introduction call on {when}.", when=when))]
        return Step(replies=replies, effects=effects, goto="detail")

    # --- withdraw the certificate, cancel (coordinator) -----------------------------------

    def ask_withdrawal(ctx: Ctx, data: ExchangesData) -> list[Reply]:
        view = current(ctx, data)
        assert view is not None
        return ask_withdraw(view)

    def on_withdrawal(ctx: Ctx, data: ExchangesData, event: Event) -> Step:
        view = current(ctx, data)
        if view is None or not may_withdraw(view):
            return Step(replies=[Say(text=NOT_YOURS)], goto="list", data=ExchangesData())
        return on_withdraw(ctx, view, event)

    def ask_cancel(ctx: Ctx, data: ExchangesData) -> list[Reply]:
        view = current(ctx, data)
        assert view is not None
        text = _(
            "Cancel the exchange at {place} on {when}? Everyone involved will be told, and "
            "the reminders are removed.",
            place=Msg.plain(view.place),
            when=view.first_start,
        )
        choices = (
            Choice(id="cancel:yes", label=_("Yes, cancel it")),
            Choice(id="cancel:no", label=_("No, keep it")),
        )
        return [Ask(text=text, choices=choices)]

    def on_cancel(ctx: Ctx, data: ExchangesData, event: Event) -> Step:
        view = current(ctx, data)
        picked = event.choice_id if isinstance(event, ChoiceIn) else None
        if view is None or Part.COORDINATOR not in view.mine:
            return Step(replies=[Say(text=NOT_YOURS)], goto="list", data=ExchangesData())
        if picked == "cancel:no":
            return Step(goto="detail")
        if picked != "cancel:yes":
            return Step.retry(not_a_choice(event))
        text = _("The exchange is cancelled. Everyone involved has been told.")
        return Step(
            replies=[Say(text=text)], effects=[CancelExchange(exchange_id=view.id)], finish=True
        )

    return Flow(
        name="exchanges",
        data_model=ExchangesData,
        initial="list",
        entry=entry,
        entry_targets=frozenset({"list", "detail", "checklist", FINISH}),
        states=states(
            State("list", ask_list, on_list, frozenset({"detail", FINISH})),
            State(
                "detail",
                ask_detail,
                on_detail,
                frozenset(
                    {"list", "checklist", "intro", "cancel", "certificate", "withdraw", FINISH}
                ),
            ),
            State("withdraw", ask_withdrawal, on_withdrawal, frozenset({"detail", "list"})),
            State("checklist", ask_checklist, on_checklist, frozenset({"detail", "list"})),
            State("intro", ask_intro, on_intro, frozenset({"detail", "list"})),
            State("certificate", ask_certificate, on_certificate, frozenset({"detail", "list"})),
            State("cancel", ask_cancel, on_cancel, frozenset({"detail", "list", FINISH})),
        ),
    )
