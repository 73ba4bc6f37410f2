"""The facts a flow may read, gathered by the dispatcher before the flow runs.

A flow cannot query the database, so everything it needs to decide is looked up in advance and
handed over as plain data. This also makes every branch easy to test: build a `Ctx`, call the flow.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict

from conversations.agenda_model import AgendaContent, AgendaView
from conversations.employers.model import EmployersFacts
from conversations.exchange_model import ExchangeView, PersonRef
from conversations.follow_up.model import ActionView, HostedSessionView, InvitationView
from conversations.matching.model import MatchingFacts
from conversations.newcomer.model import NewcomerView, SupporterView
from conversations.roles import Role


class InviteStatus(StrEnum):
    VALID = "valid"
    UNKNOWN = "unknown"
    EXPIRED = "expired"
    USED_UP = "used_up"


class InviteView(BaseModel):
    model_config = ConfigDict(frozen=True)

    code: str
    status: InviteStatus
    role: Role | None = None
    form_id: str | None = None  # a consultation the invite leads into


class UserView(BaseModel):
    """A person as flows see them; `consent` is None until they answered."""

    model_config = ConfigDict(frozen=True)

    id: int
    name: str | None = None
    locale: str | None = None
    #: False while the locale is only the bot's default (no choice, no platform language).
    locale_known: bool = True
    roles: frozenset[Role] = frozenset()
    consent: bool | None = None

    @property
    def registered(self) -> bool:
        """Onboarding is complete: consent given, a role and a name."""
        return bool(self.consent and self.roles and self.name)


class PreviousResult(BaseModel):
    """The person's last completed attempt at the form they are in (to show the change)."""

    model_config = ConfigDict(frozen=True)

    completed_at: datetime
    scores: dict[str, float]


class ReflectionRef(BaseModel):
    """A line in /myreflections: what it is, not its content (that is loaded on replay)."""

    model_config = ConfigDict(frozen=True)

    id: int
    author: str | None = None
    mine: bool
    kind: str  # reflection, feedback
    place: str
    created_at: datetime
    items: int


class Ctx(BaseModel):
    """Everything a flow may know while handling one event."""

    model_config = ConfigDict(frozen=True)

    user: UserView
    now: datetime
    locales: tuple[str, ...]
    display_name: str | None = None
    invite: InviteView | None = None
    open_role: Role | None = Role.NEWCOMER
    privacy_version: str = "1"
    timezone: str = "Europe/Brussels"
    previous: PreviousResult | None = None
    #: Exchanges the person takes part in or manages (nothing else is ever loaded).
    exchanges: tuple[ExchangeView, ...] = ()
    #: The person's own learning agenda (latest version), if they have one.
    agenda: AgendaView | None = None
    #: Their unsaved draft, when the agenda is opened (a half-finished interview resumes).
    agenda_draft: AgendaContent | None = None
    #: For a coordinator setting up an exchange: who can be picked.
    directory: tuple[PersonRef, ...] = ()
    #: For a coordinator setting up an exchange: open learning places and the switcher's needs
    #: (a switcher choosing a top 3: their own; a coordinator's place list: all their places).
    matching: MatchingFacts | None = None
    #: Employers: a coordinator's organisations (intakes, engagements); an employer's own.
    employers: EmployersFacts | None = None
    #: Reflections the person may read (their own and those shared with them), when listed.
    reflections: tuple[ReflectionRef, ...] = ()
    #: The person's own follow-up actions (all exchanges).
    actions: tuple[ActionView, ...] = ()
    #: Return sessions the person is invited to.
    invitations: tuple[InvitationView, ...] = ()
    #: Return sessions the person organises (coordinators).
    hosted: tuple[HostedSessionView, ...] = ()
    #: For newcomers: their intake answers, plan progress and request for support.
    newcomer: NewcomerView | None = None
    #: For mentors and career coaches: their profile, open offers and matched newcomers.
    supporter: SupporterView | None = None

    def exchange(self, exchange_id: int | None) -> ExchangeView | None:
        """One of this person's exchanges; None for any other id (forged or stale)."""
        return next((x for x in self.exchanges if x.id == exchange_id), None)

    def invitation(self, session_id: int | None) -> InvitationView | None:
        """One of this person's invitations; None for any other id (forged or stale)."""
        return next((i for i in self.invitations if i.session_id == session_id), None)

    def today(self) -> date:
        """Today where the person lives, not in UTC."""
        return self.now.astimezone(ZoneInfo(self.timezone)).date()
