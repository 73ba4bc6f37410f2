"""What the employers feature reads, as plain data (bot/employers/facts.py fills it)."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict


class Signed(BaseModel):
    """An engagement declaration confirmed with name and date (draaiboek 600-601)."""

    model_config = ConfigDict(frozen=True)

    organisation: str | None = None
    name: str
    on: date


class OrganisationView(BaseModel):
    """One organisation of the coordinator's programmes: its intake answers, if any, and who
    confirmed the engagement for it."""

    model_config = ConfigDict(frozen=True)

    organisation: str
    answers: dict[str, Any] = {}
    updated: date | None = None
    signed: tuple[Signed, ...] = ()


class EmployersFacts(BaseModel):
    model_config = ConfigDict(frozen=True)

    #: For a coordinator: every organisation of their programmes with an intake or a signature.
    organisations: tuple[OrganisationView, ...] = ()
    #: For an employer contact: the declarations they confirmed themselves.
    mine: tuple[Signed, ...] = ()
