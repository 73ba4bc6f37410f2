"""How a ranked place and its reasons read for the coordinator: one line per criterion with
its points, in the coordinator's language (review items 22 and 66: the region, travel and
dates the switcher gave were never shown while planning)."""

from __future__ import annotations

from datetime import date

from conversations.agenda_model import TRAVEL_LABELS
from conversations.matching.model import Criterion, Match, Needs, Reason
from conversations.matching.sectors import SECTORS
from conversations.text import Lines, Msg, _, _n

NOT_GIVEN = _("(not answered)")


def limits(name: Msg, needs: Needs) -> Msg:
    """The practical limits from the switcher's agenda, as they gave them."""
    travel = TRAVEL_LABELS.get(needs.travel or "")
    return _(
        "What {name} gave in the learning agenda: region {region}; travel {travel}; dates {dates}.",
        name=name,
        region=Msg.plain(needs.region) if needs.region else NOT_GIVEN,
        travel=travel if travel is not None else NOT_GIVEN,
        dates=Msg.plain(needs.dates) if needs.dates else NOT_GIVEN,
    )


def _sector(key: str) -> Msg:
    return _(SECTORS[key][0]) if key in SECTORS else Msg.plain(key)


def reason_line(reason: Reason) -> Msg | None:
    """One criterion's verdict, or None when it has nothing to say."""
    d, points = reason.details, reason.points
    match reason.criterion, reason.verdict:
        case Criterion.WORDS, "shared":
            words = tuple(Msg.plain(w) for w in d)
            return _(
                "Topic shares {words} with the question (+{points})", words=words, points=points
            )
        case Criterion.WORDS, _:
            return _("Topic: no words in common with the question")
        case Criterion.SECTOR, "same":
            return _("Same sector as the question: {sector} (+{points})", sector=_sector(d[0]),
                     points=points)  # fmt: skip
        case Criterion.TRAVEL, "same_municipality":
            return _("In {municipality}, where the switcher can go (+{points})",
                     municipality=Msg.plain(d[0]), points=points)  # fmt: skip
        case Criterion.TRAVEL, "same_region":
            return _("In the same region: {region} (+{points})", region=Msg.plain(d[0]),
                     points=points)  # fmt: skip
        case Criterion.TRAVEL, "minutes":
            return _("In {municipality}, about {minutes} minutes away (estimated) (+{points})",
                     municipality=Msg.plain(d[0]), minutes=int(d[1]), points=points)  # fmt: skip
        case Criterion.TRAVEL, "too_far":
            return _(
                "In {municipality}, about {minutes} minutes away (estimated): more than the "
                "{limit} minutes the switcher gave",
                municipality=Msg.plain(d[0]), minutes=int(d[1]), limit=int(d[2]),
            )  # fmt: skip
        case Criterion.TRAVEL, "elsewhere":
            return _("In {municipality}, outside the region the switcher gave ({region})",
                     municipality=Msg.plain(d[0]), region=Msg.plain(d[1]))  # fmt: skip
        case Criterion.TRANSPORT, "yes":
            return _("Reachable by public transport (+{points})", points=points)
        case Criterion.TRANSPORT, "no":
            return _("Not reachable by public transport")
        case Criterion.DATES, "overlap":
            return _("Possible on a day the switcher gave, such as {day} (+{points})",
                     day=date.fromisoformat(d[0]), points=points)  # fmt: skip
        case Criterion.DATES, "no_overlap":
            return _("None of the place's dates fits what the switcher gave: {dates}",
                     dates=Msg.plain(d[0]))  # fmt: skip
        case Criterion.DATES, "unread":
            return _(
                "Compare the dates by hand; the switcher wrote: {dates}", dates=Msg.plain(d[0])
            )
        case Criterion.CAPACITY, _:
            left = int(d[0])
            return _n("{count} switcher can still come", "{count} switchers can still come", left)
    return None


def match_block(number: int, found: Match, coach: Msg | None, chosen: int | None = None) -> Msg:
    """A ranked place: what and where, its coach, why it is ranked here, and whether the
    switcher put it in their top 3."""
    place = found.place
    lines = tuple(line for r in found.reasons if (line := reason_line(r)) is not None)
    if chosen is not None:
        lines = (_("The switcher's choice no. {rank}", rank=chosen), *lines)
    return _(
        "{number}. {topic}, {host}, {site} ({municipality}); learning coach: {coach}\n{why}",
        number=number,
        topic=Msg.plain(place.topic),
        host=Msg.plain(place.host_org),
        site=Msg.plain(place.site),
        municipality=Msg.plain(place.municipality),
        coach=coach if coach is not None else _("none yet"),
        why=Lines(lines=lines),
    )
