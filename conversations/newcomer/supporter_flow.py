"""`/supporter`: mentors and career coaches register what they offer — the kind of support,
sectors, languages, region, how many newcomers at once, and how accepted newcomers reach them.
Matching reads this profile; a capacity of 0 pauses new requests."""

from __future__ import annotations

from collections.abc import Callable

from pydantic import BaseModel

from conversations.common import not_a_choice
from conversations.context import Ctx
from conversations.engine import FINISH, Flow, State, Step, states
from conversations.events import ChoiceIn, Event, TextIn
from conversations.newcomer.effects import SaveSupporterProfile
from conversations.newcomer.matching import ONLINE
from conversations.newcomer.model import SupporterProfile
from conversations.newcomer.vocabulary import KIND_LABELS, Vocabulary
from conversations.replies import Ask, Choice, Reply, Say
from conversations.roles import Role
from conversations.text import Msg, _, _n

BACK = Choice(id="back", label=_("Back"))
DONE = Choice(id="done", label=_("Done"))
MAX_CAPACITY = 20
LIST_FIELDS = ("kinds", "sectors", "languages")


class SupporterData(BaseModel):
    kinds: list[str] = []
    sectors: list[str] = []
    languages: list[str] = []
    region: str | None = None
    capacity: int | None = None


def profile_text(profile: SupporterProfile, words: Vocabulary) -> Msg:
    return _(
        "Your profile:\nSupport: {kinds}\nSectors: {sectors}\nLanguages: {languages}\nRegion: "
        "{region}\nAt the same time: {capacity}\nContact: {contact}",
        kinds=tuple(KIND_LABELS[k] for k in profile.kinds if k in KIND_LABELS),
        sectors=words.labels(_sectors(words), profile.sectors),
        languages=words.labels(words.languages, profile.languages),
        region=_regions(words).get(profile.region, Msg.plain(profile.region)),
        capacity=profile.capacity,
        contact=Msg.plain(profile.contact or "–"),
    )


def _sectors(words: Vocabulary) -> dict[str, Msg]:
    """A mentor knows their sectors: "or I don't know yet" is the newcomer's (walkthrough 29)."""
    return {k: (_("Another sector") if k == "other" else v) for k, v in words.sectors.items()}


def _regions(words: Vocabulary) -> dict[str, Msg]:
    found = {k: v for k, v in words.regions.items() if k != "elsewhere"}
    return {**found, ONLINE: _("Anywhere (online)")}


def supporter_flow(words: Vocabulary) -> Flow[SupporterData]:
    tables: dict[str, Callable[[], dict[str, Msg]]] = {
        "kinds": lambda: dict(KIND_LABELS),
        "sectors": lambda: _sectors(words),
        "languages": lambda: dict(words.languages),
    }
    questions = {
        "kinds": _("Which support do you offer? Tap to tick, then Done."),
        "sectors": _("In which sectors can you help? Tap to tick, then Done."),
        "languages": _("Which languages do you speak? Tap to tick, then Done."),
    }
    following = {"kinds": "sectors", "sectors": "languages", "languages": "region"}

    def entry(ctx: Ctx, data: SupporterData) -> Step:
        if Role.MENTOR not in ctx.user.roles:
            text = _("This is for mentors and career coaches.")
            return Step(replies=[Say(text=text)], finish=True)
        profile = ctx.supporter.profile if ctx.supporter else None
        return Step(goto="overview" if profile else "kinds")

    def ask_overview(ctx: Ctx, data: SupporterData) -> list[Reply]:
        assert ctx.supporter is not None and ctx.supporter.profile is not None
        choices = (
            Choice(id="edit", label=_("Change my profile")),
            Choice(id="mentees", label=_("My newcomers")),
            BACK,
        )
        return [
            Say(text=profile_text(ctx.supporter.profile, words)),
            Ask(text=_("What would you like to do?"), choices=choices),
        ]

    def on_overview(ctx: Ctx, data: SupporterData, event: Event) -> Step:
        picked = event.choice_id if isinstance(event, ChoiceIn) else ""
        if picked == "back":
            return Step(finish=True)
        if picked == "mentees":
            return Step(push="mentees")
        if picked != "edit" or ctx.supporter is None or ctx.supporter.profile is None:
            return Step.retry(not_a_choice(event))
        p = ctx.supporter.profile
        start = SupporterData(kinds=list(p.kinds), sectors=list(p.sectors),
                              languages=list(p.languages), region=p.region,
                              capacity=p.capacity)  # fmt: skip
        return Step(goto="kinds", data=start)

    def toggles(field: str) -> State[SupporterData]:
        def ask(ctx: Ctx, data: SupporterData) -> list[Reply]:
            ticked = getattr(data, field)
            choices = tuple(
                Choice(id=f"t:{key}", label=_("{mark} {label}",
                       mark=Msg.plain("✅" if key in ticked else "⬜"), label=label))
                for key, label in tables[field]().items()
            )  # fmt: skip
            return [Ask(text=questions[field], choices=(*choices, DONE))]

        def handle(ctx: Ctx, data: SupporterData, event: Event) -> Step:
            picked = event.choice_id if isinstance(event, ChoiceIn) else ""
            ticked = list(getattr(data, field))
            if picked == "done":
                if not ticked:
                    return Step.retry(_("Tick at least one, then tap Done."))
                return Step(goto=following[field])
            key = picked.removeprefix("t:")
            if not picked.startswith("t:") or key not in tables[field]():
                return Step.retry(not_a_choice(event))
            ticked = [k for k in ticked if k != key] + ([] if key in ticked else [key])
            return Step(data=data.model_copy(update={field: ticked}), reask=True)

        return State(field, ask, handle, frozenset({following[field]}))

    def ask_region(ctx: Ctx, data: SupporterData) -> list[Reply]:
        choices = tuple(Choice(id=f"r:{k}", label=v) for k, v in _regions(words).items())
        return [Ask(text=_("Where do you meet newcomers?"), choices=choices)]

    def on_region(ctx: Ctx, data: SupporterData, event: Event) -> Step:
        picked = event.choice_id if isinstance(event, ChoiceIn) else ""
        region = picked.removeprefix("r:")
        if not picked.startswith("r:") or region not in _regions(words):
            return Step.retry(not_a_choice(event))
        return Step(goto="capacity", data=data.model_copy(update={"region": region}))

    def ask_capacity(ctx: Ctx, data: SupporterData) -> list[Reply]:
        text = _(
            "How many newcomers can you support at the same time? Tap a number or type one "
            "up to {max}. 0 pauses new requests.",
            max=MAX_CAPACITY,
        )
        pause = Choice(id="c:0", label=_("None for now (pause new requests)"))
        counts = tuple(
            Choice(id=f"c:{n}", label=_n("{count} newcomer", "{count} newcomers", n, count=n))
            for n in range(1, 6)
        )
        choices = (pause, *counts)
        return [Ask(text=text, choices=choices, numeric=True)]  # typed "3" means 3, not 2

    def on_capacity(ctx: Ctx, data: SupporterData, event: Event) -> Step:
        raw = ""
        if isinstance(event, ChoiceIn) and event.choice_id.startswith("c:"):
            raw = event.choice_id[2:]
        elif isinstance(event, TextIn):
            raw = event.text.strip()
        if not raw.isdigit() or int(raw) > MAX_CAPACITY:
            return Step.retry(_("Please send a number from 0 to {max}.", max=MAX_CAPACITY))
        return Step(goto="contact", data=data.model_copy(update={"capacity": int(raw)}))

    def ask_contact(ctx: Ctx, data: SupporterData) -> list[Reply]:
        text = _(
            "How can newcomers reach you? Send a phone number or e-mail address. Only "
            "newcomers you accept get it."
        )
        return [Ask(text=text)]

    def on_contact(ctx: Ctx, data: SupporterData, event: Event) -> Step:
        contact = event.text.strip() if isinstance(event, TextIn) else ""
        if not 3 <= len(contact) <= 200:
            return Step.retry(_("Please send a phone number or e-mail address."))
        effect = SaveSupporterProfile.model_validate({**data.model_dump(), "contact": contact})
        saved = _("Saved. You will get a message when a newcomer could use your help.")
        return Step(replies=[Say(text=saved)], effects=[effect], finish=True)

    return Flow(
        name="supporter",
        roles=frozenset({Role.MENTOR}),
        data_model=SupporterData,
        initial="kinds",
        entry=entry,
        entry_targets=frozenset({"overview", "kinds", FINISH}),
        states=states(
            State("overview", ask_overview, on_overview, frozenset({"kinds", FINISH})),
            *(toggles(field) for field in LIST_FIELDS),
            State("region", ask_region, on_region, frozenset({"capacity"})),
            State("capacity", ask_capacity, on_capacity, frozenset({"contact"})),
            State("contact", ask_contact, on_contact, frozenset({FINISH})),
        ),
    )
