"""`/reflect` (switcher and learning coach) and `/feedback` (learning coach): several items —
text, voice note, photo, video or file — then "done"; the author chooses who may see it and,
for recordings and photos, whether they may be kept. Every item is stored as it arrives.

`/myreflections` lists one's own reflections and those shared with one, and plays one back
as it was made (the bot layer checks again that the reader may see it).
"""

from __future__ import annotations

from pydantic import BaseModel

from conversations.common import NOT_YOURS, not_a_choice, too_long, unusable_input
from conversations.context import Ctx
from conversations.effects import Effect, Notify
from conversations.engine import FINISH, Flow, State, Step, states
from conversations.events import ChoiceIn, Event, MediaIn, OtherIn, TextIn
from conversations.exchange_model import ExchangeView, Part, Party
from conversations.exchange_texts import name_of
from conversations.reflections.effects import AddReflectionItem, ShareReflection
from conversations.replies import Ask, Choice, ReplayReflection, Reply, Say
from conversations.text import Msg, PersonName, _, _n

MAX_TEXT = 4000
MAX_MB = 20
DONE = Choice(id="done", label=_("Done"))
BACK = Choice(id="back", label=_("Back"))
WRITERS = (Part.SWITCHER, Part.LEARNING_COACH)
VISIBLE = {"both": "partner+coordinator"}  # button id → stored visibility


class ReflectData(BaseModel):
    kind: str = "reflection"  # or "feedback"
    exchange_id: int | None = None
    started: str = ""
    items: int = 0
    recordings: int = 0
    visibility: str | None = None


def _candidates(ctx: Ctx, kind: str) -> list[ExchangeView]:
    parts = (Part.LEARNING_COACH,) if kind == "feedback" else WRITERS
    return [x for x in ctx.exchanges if set(x.mine) & set(parts) and x.status != "cancelled"]


def _part(view: ExchangeView) -> Part:
    return next(p for p in view.mine if p in WRITERS)


def _guide(view: ExchangeView, kind: str) -> Msg:
    if kind == "feedback":
        return _(
            "Your feedback for the switcher: what did you observe, what feedback do you give "
            "them, and what did you learn from their fresh eyes? Send text, voice messages, "
            "photos or files, as many as you like, then tap Done."
        )
    if _part(view) == Part.LEARNING_COACH:
        return _(
            "Your reflection as a learning coach: what went well, what did you notice, what "
            "would you do differently? Send text, voice messages, photos (a whiteboard, a "
            "drawing), videos or files, as many as you like, then tap Done."
        )
    return _(
        "Your reflection: what did you see, what surprised you, what will you take back to "
        "your work, and which new questions do you have for the next day? Send text, voice "
        "messages, photos (a drawing with key words, a whiteboard), videos or files, as many "
        "as you like, then tap Done."
    )


def _item(event: Event) -> tuple[object, bool, Msg | None]:
    """(value, is a recording or photo, problem)."""
    if isinstance(event, TextIn):
        text = event.text.strip()
        if len(text) > MAX_TEXT:
            return (
                None,
                False,
                too_long(
                    MAX_TEXT,
                    len(text),
                ),
            )
        return text, False, None
    if isinstance(event, MediaIn):
        if (event.media.size or 0) > MAX_MB * 1024 * 1024:
            return None, False, _("That file is too big: at most {max} MB, please.", max=MAX_MB)
        value = {"media": event.media_kind, **event.media.model_dump(exclude_none=True)}
        return value, True, None
    assert isinstance(event, OtherIn | ChoiceIn)
    return None, False, unusable_input(event) if isinstance(event, OtherIn) else not_a_choice(event)


def reflect_flow(name: str, kind: str) -> Flow[ReflectData]:
    def view_of(ctx: Ctx, data: ReflectData) -> ExchangeView | None:
        return next((x for x in _candidates(ctx, kind) if x.id == data.exchange_id), None)

    def entry(ctx: Ctx, data: ReflectData) -> Step:
        found = _candidates(ctx, kind)
        started = ctx.now.isoformat()
        if not found:
            text = (
                _("Feedback is for the learning coach of an exchange.")
                if kind == "feedback"
                else _("You can reflect once you take part in an exchange as switcher or coach.")
            )
            return Step(replies=[Say(text=text)], finish=True)
        preset = next((x for x in found if x.id == data.exchange_id), None)
        if preset is not None or len(found) == 1:
            chosen = preset or found[0]
            one = ReflectData(kind=kind, exchange_id=chosen.id, started=started)
            return Step(goto="collect", data=one)
        return Step(goto="pick", data=ReflectData(kind=kind, started=started))

    def ask_pick(ctx: Ctx, data: ReflectData) -> list[Reply]:
        choices = tuple(
            Choice(
                id=f"ex:{x.id}",
                label=_("{when} – {place}", when=x.first_start, place=Msg.plain(x.place)),
            )
            for x in _candidates(ctx, kind)
        )
        return [Ask(text=_("About which exchange?"), choices=choices)]

    def on_pick(ctx: Ctx, data: ReflectData, event: Event) -> Step:
        picked = event.choice_id if isinstance(event, ChoiceIn) else ""
        chosen = next((x for x in _candidates(ctx, kind) if f"ex:{x.id}" == picked), None)
        if chosen is None:
            return Step.retry(not_a_choice(event))
        return Step(goto="collect", data=data.model_copy(update={"exchange_id": chosen.id}))

    def ask_collect(ctx: Ctx, data: ReflectData) -> list[Reply]:
        view = view_of(ctx, data)
        assert view is not None
        return [Ask(text=_guide(view, kind), choices=(DONE,))]

    def on_collect(ctx: Ctx, data: ReflectData, event: Event) -> Step:
        view = view_of(ctx, data)
        if view is None:
            return Step(replies=[Say(text=NOT_YOURS)], finish=True)
        if isinstance(event, ChoiceIn) and event.choice_id == "done":
            if data.items == 0:
                return Step.retry(
                    _("Nothing is saved yet: send a text, a voice message or a photo first.")
                )
            return Step(goto="visibility")
        value, recording, problem = _item(event)
        if problem is not None:
            return Step(
                replies=[Say(text=problem), Ask(text=_("Send more, or tap Done."), choices=(DONE,))]
            )
        effect = AddReflectionItem(
            exchange_id=view.id,
            part=_part(view),
            reflection="feedback" if kind == "feedback" else "reflection",
            started=data.started,
            value=value,
        )
        new = data.model_copy(
            update={"items": data.items + 1, "recordings": data.recordings + int(recording)}
        )
        kept = _n(
            "Saved: {count} item so far. Send more, or tap Done.",
            "Saved: {count} items so far. Send more, or tap Done.",
            new.items,
        )
        return Step(data=new, effects=[effect], replies=[Ask(text=kept, choices=(DONE,))])

    def visibility_choices(ctx: Ctx, data: ReflectData) -> tuple[Choice, ...]:
        view = view_of(ctx, data)
        assert view is not None
        partner = _("my learning coach") if _part(view) == Part.SWITCHER else _("the switcher")
        choices = [Choice(id="vis:me", label=_("Only me"))]  # each label opens with a capital
        label = _("My learning coach") if _part(view) == Part.SWITCHER else _("The switcher")
        choices.append(Choice(id="vis:partner", label=label))
        if view.party(Part.COORDINATOR) is not None:
            choices.append(Choice(id="vis:coordinator", label=_("The coordinator")))
            both = _("{partner} and the coordinator", partner=partner)
            choices.append(Choice(id="vis:both", label=both))
        return tuple(choices)

    def ask_visibility(ctx: Ctx, data: ReflectData) -> list[Reply]:
        return [Ask(text=_("Who may see this?"), choices=visibility_choices(ctx, data))]

    def on_visibility(ctx: Ctx, data: ReflectData, event: Event) -> Step:
        picked = event.choice_id if isinstance(event, ChoiceIn) else ""
        if picked not in {c.id for c in visibility_choices(ctx, data)}:
            return Step.retry(not_a_choice(event))
        chosen = picked.removeprefix("vis:")
        new = data.model_copy(update={"visibility": VISIBLE.get(chosen, chosen)})
        if data.recordings:
            return Step(goto="consent", data=new)
        return finish(ctx, new, keep=False)

    def ask_consent(ctx: Ctx, data: ReflectData) -> list[Reply]:
        text = _(
            "You sent recordings or photos. Do you agree that we keep them with this "
            "reflection? Without your yes we keep only your text."
        )
        choices = (
            Choice(id="keep:yes", label=_("Yes, keep them")),
            Choice(id="keep:no", label=_("No, only my text")),
        )
        return [Ask(text=text, choices=choices)]

    def on_consent(ctx: Ctx, data: ReflectData, event: Event) -> Step:
        picked = event.choice_id if isinstance(event, ChoiceIn) else ""
        if picked not in ("keep:yes", "keep:no"):
            return Step.retry(not_a_choice(event))
        return finish(ctx, data, keep=picked == "keep:yes")

    def finish(ctx: Ctx, data: ReflectData, *, keep: bool) -> Step:
        view = view_of(ctx, data)
        assert view is not None and data.visibility is not None
        share = ShareReflection.model_validate(
            {"started": data.started, "visibility": data.visibility, "keep_recordings": keep}
        )
        effects: list[Effect] = [share]
        readers: list[Party] = []
        shared = data.visibility.split("+")
        for party in view.parties:
            partner = party.part in WRITERS and party.person_id != ctx.user.id
            if ("partner" in shared and partner) or (
                "coordinator" in shared and party.part == Part.COORDINATOR
            ):
                readers.append(party)
        for party in readers:  # feedback is called feedback (walkthrough 24)
            text = _(
                "{name} shared a reflection with you (exchange at {place}). Send "
                "/myreflections to read or hear it.",
                name=PersonName(id=ctx.user.id),
                place=Msg.plain(view.place),
            )
            if kind == "feedback":
                text = _(
                    "{name} gave you feedback on your exchange at {place}. Send /myreflections "
                    "to read or hear it.",
                    name=PersonName(id=ctx.user.id),
                    place=Msg.plain(view.place),
                )
            effects.append(Notify(person_id=party.person_id, text=text, exchange_id=view.id))
        if readers:
            done = _(
                "Saved and shared with {names}.", names=tuple(name_of(p.name) for p in readers)
            )
        else:
            done = _("Saved. Only you can see it; find it again with /myreflections.")
        return Step(replies=[Say(text=done)], effects=effects, finish=True)

    return Flow(
        name=name,
        data_model=ReflectData,
        initial="collect",
        entry=entry,
        entry_targets=frozenset({"collect", "pick", FINISH}),
        states=states(
            State("pick", ask_pick, on_pick, frozenset({"collect"})),
            State("collect", ask_collect, on_collect, frozenset({"visibility", FINISH})),
            State("visibility", ask_visibility, on_visibility, frozenset({"consent", FINISH})),
            State("consent", ask_consent, on_consent, frozenset({FINISH})),
        ),
    )


class MyReflectionsData(BaseModel):
    pass


def my_reflections_flow() -> Flow[MyReflectionsData]:
    def entry(ctx: Ctx, data: MyReflectionsData) -> Step:
        if not ctx.reflections:
            text = _("There are no reflections yet. Send /reflect after an exchange day.")
            return Step(replies=[Say(text=text)], finish=True)
        return Step(goto="list")

    def ask_list(ctx: Ctx, data: MyReflectionsData) -> list[Reply]:
        choices = []
        for ref in ctx.reflections:
            who = _("you") if ref.mine else name_of(ref.author)
            label = _(
                "{when} – {who} ({place})", when=ref.created_at, who=who, place=Msg.plain(ref.place)
            )
            choices.append(Choice(id=f"ref:{ref.id}", label=label))
        return [Ask(text=_("Which one do you want to see or hear?"), choices=(*choices, BACK))]

    def on_list(ctx: Ctx, data: MyReflectionsData, event: Event) -> Step:
        picked = event.choice_id if isinstance(event, ChoiceIn) else ""
        if picked == "back":
            return Step(finish=True)
        ref = next((r for r in ctx.reflections if f"ref:{r.id}" == picked), None)
        if ref is None:
            return Step.retry(not_a_choice(event))
        return Step(replies=[ReplayReflection(reflection_id=ref.id)], reask=True)

    return Flow(
        name="myreflections",
        data_model=MyReflectionsData,
        initial="list",
        entry=entry,
        entry_targets=frozenset({"list", FINISH}),
        states=states(State("list", ask_list, on_list, frozenset({FINISH}))),
    )
