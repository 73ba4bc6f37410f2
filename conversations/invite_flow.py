"""A coordinator makes an invitation in chat (issue 17 item 5): for which role, for whom (the
organisation, optional) and for how many people. The invitation itself is made by the bot
layer when the reply is sent (`InviteMaterial`): code, link, the text to share for its
audience in the coordinator's language, and the QR code."""

from __future__ import annotations

from pydantic import BaseModel

from conversations.common import not_a_choice
from conversations.context import Ctx
from conversations.engine import FINISH, Flow, State, Step, states
from conversations.events import ChoiceIn, Event
from conversations.exchange_setup import BACK, SKIP, tapped, text_of
from conversations.replies import Ask, Choice, InviteMaterial, Reply
from conversations.roles import Role, role_label
from conversations.text import _, _n

INVITABLE = (Role.SWITCHER, Role.LEARNING_COACH, Role.EMPLOYER, Role.NEWCOMER, Role.MENTOR,
             Role.COORDINATOR)  # fmt: skip
USES = (1, 5, 20)


class InviteData(BaseModel):
    role: str | None = None
    label: str | None = None


def invite_flow() -> Flow[InviteData]:
    def ask_role(ctx: Ctx, data: InviteData) -> list[Reply]:
        choices = tuple(Choice(id=f"role:{r.value}", label=role_label(r)) for r in INVITABLE)
        return [Ask(text=_("Whom do you want to invite? Choose the role."), choices=choices)]

    def on_role(ctx: Ctx, data: InviteData, event: Event) -> Step:
        picked = event.choice_id.removeprefix("role:") if isinstance(event, ChoiceIn) else ""
        if picked not in {r.value for r in INVITABLE}:
            return Step.retry(not_a_choice(event))
        return Step(goto="label", data=InviteData(role=picked))

    def ask_label(ctx: Ctx, data: InviteData) -> list[Reply]:
        text = _("For whom is it, for example the organisation? (shown in your results)")
        return [Ask(text=text, choices=(SKIP, BACK))]

    def on_label(ctx: Ctx, data: InviteData, event: Event) -> Step:
        if tapped(event, "back"):
            return Step(goto="role")
        if tapped(event, "skip"):
            return Step(goto="uses", data=data.model_copy(update={"label": None}))
        label = text_of(event, 120)
        if label is None:
            return Step.retry(_("Please send the name as text (at most 120 characters)."))
        return Step(goto="uses", data=data.model_copy(update={"label": label}))

    def ask_uses(ctx: Ctx, data: InviteData) -> list[Reply]:
        choices = tuple(
            Choice(id=f"uses:{n}", label=_n("{count} person", "{count} people", n)) for n in USES
        )
        return [Ask(text=_("How many people may use it"), choices=(*choices, BACK))]

    def on_uses(ctx: Ctx, data: InviteData, event: Event) -> Step:
        if tapped(event, "back"):
            return Step(goto="label")
        picked = event.choice_id.removeprefix("uses:") if isinstance(event, ChoiceIn) else ""
        if not picked.isdigit() or int(picked) not in USES or data.role is None:
            return Step.retry(not_a_choice(event))
        made = InviteMaterial(role=data.role, label=data.label, uses=int(picked))
        return Step(replies=[made], finish=True)

    return Flow(
        name="invite",
        roles=frozenset({Role.COORDINATOR}),
        data_model=InviteData,
        initial="role",
        states=states(
            State("role", ask_role, on_role, frozenset({"label"})),
            State("label", ask_label, on_label, frozenset({"role", "uses"})),
            State("uses", ask_uses, on_uses, frozenset({"label", FINISH})),
        ),
    )
