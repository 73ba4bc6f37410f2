"""The employers feature's I/O (the pure side: conversations/employers/feature.py): the
engagement declaration stored for the contact's organisation in their programme, and the
`employers` fact for the coordinator's overview and the employer's engagement."""

from __future__ import annotations

from bot.employers.facts import coordinator_employers, own_engagements
from bot.employers.register import employer_programme, organisation_of, tell_coordinators
from bot.feature import Applier, Applying, BotFeature, FactLoader, Loading
from bot.refused import Refused
from conversations.employers.effects import SignEngagement
from conversations.employers.model import EmployersFacts
from conversations.employers.notices import engagement_signed
from storage.employers import Employers
from storage.people import People


async def sign(a: Applying, effect: SignEngagement) -> None:
    programme = await employer_programme(a.conn, a.user_id)
    if programme is None:
        raise Refused("an engagement needs an employer contact of a programme")
    organisation = await organisation_of(a.conn, a.user_id)
    await Employers(a.conn).sign(programme, organisation, a.user_id, effect.name, effect.on, a.now)
    said = engagement_signed(organisation, effect.name, effect.on)
    await tell_coordinators(a.conn, programme, said, a.now, quoting=a.user_id)


async def _employers(at: Loading) -> EmployersFacts | None:
    person = await People(at.conn).get(at.user_id)
    roles = person.roles if person else frozenset()
    if ("coordinator" in roles and any(f.flow == "employers" for f in at.conv.stack)) or (
        getattr(at.event, "choice_id", None) == "menu:employers" and "coordinator" in roles
    ):
        return await coordinator_employers(at.conn, at.user_id)
    if "employer" in roles:
        return await own_engagements(at.conn, at.user_id)
    return None


EMPLOYERS = BotFeature(
    name="employers",
    appliers=(Applier(SignEngagement, sign, wakes=True),),  # the coordinators are told
    facts=(FactLoader("employers", _employers, roles=frozenset({"coordinator", "employer"})),),
)
