"""What supporters, newcomers and coordinators read about a match: the offer, the two
introductions, "nobody is available", and the expired offer."""

from __future__ import annotations

from conversations.newcomer.model import OfferView
from conversations.newcomer.vocabulary import KIND_LABELS, Vocabulary
from conversations.replies import Choice
from conversations.text import Msg, ParamValue, PersonName, _


def _who(name: str | PersonName) -> ParamValue:
    """A person in a notice is a `PersonName` (looked up when sent); a plain string where the
    text is shown at once."""
    return name if isinstance(name, PersonName) else Msg.plain(name)


def offer_text(offer: OfferView, words: Vocabulary, who: PersonName | None = None) -> Msg:
    return _(
        "{name} is looking for a {kind}.\nSector: {sector}\nLanguages: {languages}\nDutch: "
        "{dutch}\nRegion: {region}\nWould you support them? You get their contact details "
        "once you accept.",
        name=who or Msg.plain(offer.first_name),
        kind=KIND_LABELS[offer.kind],
        sector=words.label(words.sectors, offer.sector),
        languages=words.labels(words.languages, offer.languages),
        dutch=words.label(words.dutch_levels, offer.dutch_level),
        region=words.label(words.regions, offer.region),
    )


def offer_choices(offer_id: int) -> tuple[Choice, ...]:
    return (
        Choice(id=f"x:match:yes:{offer_id}", label=_("Yes, I will help")),
        Choice(id=f"x:match:no:{offer_id}", label=_("Not this time")),
    )


def intro_for_newcomer(kind: str, name: str | PersonName, contact: str | None) -> Msg:
    return _(
        "Good news: {name} will be your {kind}. How to reach them: {contact}. They will also "
        "contact you. You find these details again under /support.",
        name=_who(name),
        kind=KIND_LABELS[kind],
        contact=Msg.plain(contact) if contact else _("they will contact you"),
    )


#: When help was asked from the support menu, not for one step.
IN_GENERAL = _("their step plan in general")


def intro_for_supporter(
    offer: OfferView,
    name: str | PersonName,
    aim: str | None,
    contact: str | None,
    words: Vocabulary,
) -> Msg:
    return _(
        "Thank you! Here is your introduction to {name}.\nThey ask for help with: {step}\n"
        "Sector: {sector}\nLanguages: {languages}\nDutch: {dutch}\nWork they want: {aim}\n"
        "Contact: {contact}\nLog your meetings with /mentees.",
        name=_who(name),
        step=words.steps.get(offer.step_id or "", IN_GENERAL),
        sector=words.label(words.sectors, offer.sector),
        languages=words.labels(words.languages, offer.languages),
        dutch=words.label(words.dutch_levels, offer.dutch_level),
        aim=Msg.plain(aim or "–"),
        contact=Msg.plain(contact)
        if contact
        else _("not shared: {name} will contact you", name=_who(name)),
    )


def nobody_for_newcomer(kind: str) -> Msg:
    return _(
        "At the moment no {kind} is available. I have told a coordinator, who will look for "
        "someone with you.",
        kind=KIND_LABELS[kind],
    )


def nobody_for_coordinator(offer: OfferView, name: str | PersonName, words: Vocabulary) -> Msg:
    return _(
        "Nobody is available as {kind} for {name} (sector: {sector}; languages: {languages}). "
        "Could you find someone? Mentors and career coaches register with /supporter.",
        kind=KIND_LABELS[offer.kind],
        name=_who(name),
        sector=words.label(words.sectors, offer.sector),
        languages=words.labels(words.languages, offer.languages),
    )


def offer_expired(first_name: str) -> Msg:
    return _(
        "You did not answer the request of {name} in time, so I asked someone else. No problem!",
        name=Msg.plain(first_name),
    )
