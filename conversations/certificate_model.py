"""The facts on a learning certificate, as plain data (rendered to PDF per reader)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict

from conversations.agenda_model import Answer, Goal
from conversations.exchange_model import Day


class CertificateView(BaseModel):
    model_config = ConfigDict(frozen=True)

    exchange_id: int
    switcher: str
    coach: str
    coordinator: str | None = None
    coordinator_org: str | None = None  # the programme, named in the signature block
    host_org: str | None = None
    sending_org: str | None = None
    place: str
    days: tuple[Day, ...]
    question: Answer | None = None
    goals: tuple[Goal, ...] = ()
    issued_at: datetime
