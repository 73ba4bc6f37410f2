"""A newcomer asks for a mentor or a career coach ("I need help" on a step, or the menu).

The newcomer chooses the kind of support and how they may be contacted, and sees exactly
what will be shared before anything is. Once someone accepted, the same entry shows who it is
and how to reach them, and lets the newcomer rate the support.
"""

from __future__ import annotations

import re

from pydantic import BaseModel

from conversations.common import not_a_choice
from conversations.context import Ctx
from conversations.engine import FINISH, Flow, State, Step, states
from conversations.events import ChoiceIn, Event, TextIn
from conversations.newcomer.effects import RateSupport, RequestSupport
from conversations.newcomer.model import KINDS, RequestView
from conversations.newcomer.vocabulary import KIND_LABELS
from conversations.replies import Ask, Choice, Reply, Say
from conversations.roles import Role
from conversations.text import Msg, _

BACK = Choice(id="back", label=_("Back"))
SKIP = Choice(id="skip", label=_("Skip"))
MAX_CONTACT = 200
#: A phone number or an e-mail address, nothing else ("bel me maar" is neither).
CONTACT = re.compile(r"^(\+?[0-9][0-9 ()/.-]{5,23}|[^@\s]+@[^@\s]+\.[^@\s]{2,})$")
MAX_COMMENT = 1000


class SupportData(BaseModel):
    kind: str | None = None
    step_id: str | None = None
    contact: str | None = None
    rating: int | None = None


def _open(request: RequestView | None) -> bool:
    return request is not None and request.status in ("searching", "proposed")


def support_flow() -> Flow[SupportData]:
    def entry(ctx: Ctx, data: SupportData) -> Step:
        if Role.NEWCOMER not in ctx.user.roles or ctx.newcomer is None:
            text = _("Mentors and career coaches are for newcomers looking for work.")
            return Step(replies=[Say(text=text)], finish=True)
        request = ctx.newcomer.request
        if _open(request):
            assert request is not None
            text = _(
                "I am still looking for a {kind} for you. You will hear from me as soon as "
                "someone accepts.",
                kind=KIND_LABELS[request.kind],
            )
            return Step(replies=[Say(text=text)], finish=True)
        if request is not None and request.status == "accepted":
            return Step(goto="matched")
        if data.kind in KINDS:
            return Step(goto="contact")
        return Step(goto="kind")

    def ask_kind(ctx: Ctx, data: SupportData) -> list[Reply]:
        text = _(
            "Who would help you most?\nA mentor is someone who works in your sector and "
            "knows the Flemish job market: they share their network and experience.\nA "
            "career coach is a professional who helps you choose a direction, write your CV "
            "and prepare for interviews."
        )
        choices = (
            Choice(id="k:mentor", label=_("A mentor")),
            Choice(id="k:career_coach", label=_("A career coach")),
            BACK,
        )
        return [Ask(text=text, choices=choices)]

    def on_kind(ctx: Ctx, data: SupportData, event: Event) -> Step:
        picked = event.choice_id if isinstance(event, ChoiceIn) else ""
        if picked == "back":
            return Step(finish=True)
        kind = picked.removeprefix("k:")
        if not picked.startswith("k:") or kind not in KINDS:
            return Step.retry(not_a_choice(event))
        return Step(goto="contact", data=data.model_copy(update={"kind": kind}))

    def ask_contact(ctx: Ctx, data: SupportData) -> list[Reply]:
        text = _(  # said before it is asked (walkthrough 16): kept for this, shared with one
            "How may your {kind} contact you? Type a phone number or e-mail address: we keep it "
            "only for this and share it only with the person who accepts. Or tap the button: "
            "then you get their details and contact them yourself.",
            kind=KIND_LABELS[data.kind or "mentor"],
        )
        return [Ask(text=text, choices=(Choice(id="self", label=_("I will contact them")), BACK))]

    def on_contact(ctx: Ctx, data: SupportData, event: Event) -> Step:
        picked = event.choice_id if isinstance(event, ChoiceIn) else None
        if picked == "back":
            return Step(goto="kind")
        if picked == "self":
            return Step(goto="confirm", data=data.model_copy(update={"contact": None}))
        if not isinstance(event, TextIn):
            return Step.retry(not_a_choice(event))
        contact = event.text.strip()
        if len(contact) > MAX_CONTACT or not CONTACT.match(contact):
            return Step.retry(
                _("Please send a phone number or e-mail address (at most {max} characters).",
                  max=MAX_CONTACT)
            )  # fmt: skip
        return Step(goto="confirm", data=data.model_copy(update={"contact": contact}))

    def ask_confirm(ctx: Ctx, data: SupportData) -> list[Reply]:
        kind = KIND_LABELS[data.kind or "mentor"]
        if ctx.newcomer is None or ctx.newcomer.answers is None:  # no intake: only what we have
            shared = _(
                "I will look for a {kind} for you. When someone accepts, I share with them your "
                "name and, if you gave them, your contact details. Is that all right?",
                kind=kind,
            )
        elif data.contact:
            shared = _(
                "I will look for a {kind} for you. When someone accepts, I share with them: "
                "your name, your languages, your Dutch level, your sector, your region, what "
                "you wrote about the work you want, and your contact details ({contact}). Is "
                "that all right?",
                kind=kind,
                contact=Msg.plain(data.contact),
            )
        else:
            shared = _(
                "I will look for a {kind} for you. When someone accepts, I share with them: "
                "your name, your languages, your Dutch level, your sector, your region and "
                "what you wrote about the work you want. Is that all right?",
                kind=kind,
            )
        choices = (
            Choice(id="yes", label=_("Yes, look for someone")),
            Choice(id="no", label=_("No, not now")),
        )
        return [Ask(text=shared, choices=choices)]

    def on_confirm(ctx: Ctx, data: SupportData, event: Event) -> Step:
        picked = event.choice_id if isinstance(event, ChoiceIn) else ""
        if picked == "no":
            return Step(replies=[Say(text=_("All right. Nothing was shared."))], finish=True)
        if picked != "yes" or data.kind not in KINDS:
            return Step.retry(not_a_choice(event))
        effect = RequestSupport.model_validate(
            {"support": data.kind, "step_id": data.step_id, "contact": data.contact}
        )
        text = _(  # true also when nobody is free (walkthrough 18: "I'm looking" then "nobody")
            "I am looking now. You will hear from me as soon as someone accepts, or if nobody "
            "is available at the moment."
        )
        return Step(replies=[Say(text=text)], effects=[effect], finish=True)

    # --- once matched -------------------------------------------------------------------------

    def ask_matched(ctx: Ctx, data: SupportData) -> list[Reply]:
        request = ctx.newcomer.request if ctx.newcomer else None
        assert request is not None
        how = (
            Msg.plain(request.supporter_contact)
            if request.supporter_contact
            else _("they will contact you")
        )
        text = _(
            "Your {kind}: {name}. How to reach them: {contact}.",
            kind=KIND_LABELS[request.kind],
            name=Msg.plain(request.supporter_name or "?"),
            contact=how,
        )
        choices = (Choice(id="rate", label=_("Rate the support")), BACK)
        return [Say(text=text), Ask(text=_("What would you like to do?"), choices=choices)]

    def on_matched(ctx: Ctx, data: SupportData, event: Event) -> Step:
        picked = event.choice_id if isinstance(event, ChoiceIn) else ""
        if picked == "back":
            return Step(finish=True)
        if picked == "rate":
            return Step(goto="rate")
        return Step.retry(not_a_choice(event))

    def ask_rate(ctx: Ctx, data: SupportData) -> list[Reply]:
        text = _("How helpful is the support for you? 1 is not helpful, 5 is very helpful.")
        choices = tuple(Choice(id=f"r:{n}", label=Msg.plain(str(n))) for n in range(1, 6))
        return [Ask(text=text, choices=(*choices, BACK))]

    def on_rate(ctx: Ctx, data: SupportData, event: Event) -> Step:
        picked = event.choice_id if isinstance(event, ChoiceIn) else ""
        if picked == "back":
            return Step(goto="matched")
        if picked not in {f"r:{n}" for n in range(1, 6)}:
            return Step.retry(not_a_choice(event))
        return Step(goto="comment", data=data.model_copy(update={"rating": int(picked[2:])}))

    def ask_comment(ctx: Ctx, data: SupportData) -> list[Reply]:
        text = _("Anything you want to add? Only your coordinator reads it. Or tap Skip.")
        return [Ask(text=text, choices=(SKIP,))]

    def on_comment(ctx: Ctx, data: SupportData, event: Event) -> Step:
        request = ctx.newcomer.request if ctx.newcomer else None
        if request is None or request.status != "accepted" or data.rating is None:
            return Step(finish=True)
        comment = None
        if isinstance(event, TextIn):
            comment = event.text.strip()[:MAX_COMMENT]
        elif not (isinstance(event, ChoiceIn) and event.choice_id == "skip"):
            return Step.retry(not_a_choice(event))
        effect = RateSupport(request_id=request.id, rating=data.rating, comment=comment)
        return Step(replies=[Say(text=_("Thank you for your rating!"))], effects=[effect],
                    goto="matched")  # fmt: skip

    return Flow(
        name="support",
        roles=frozenset({Role.NEWCOMER}),
        data_model=SupportData,
        initial="kind",
        entry=entry,
        entry_targets=frozenset({"kind", "contact", "matched", FINISH}),
        states=states(
            State("kind", ask_kind, on_kind, frozenset({"contact", FINISH})),
            State("contact", ask_contact, on_contact, frozenset({"kind", "confirm"})),
            State("confirm", ask_confirm, on_confirm, frozenset({FINISH})),
            State("matched", ask_matched, on_matched, frozenset({"rate", FINISH})),
            State("rate", ask_rate, on_rate, frozenset({"matched", "comment"})),
            State("comment", ask_comment, on_comment, frozenset({"matched", FINISH})),
        ),
    )
