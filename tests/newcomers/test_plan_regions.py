"""The step plan outside Flanders and for the statuses it left out (seeds review, "Newcomer
plan", §4c-4d): Brussels gets Actiris and the Brussels reception offices, Wallonia gets Le Forem,
its integration centres and the French Community's recognition, never VDAB registration or
Flemish civic integration; OCMW/CPAS with article 60, EVC without a diploma, and the right to
work with temporary protection or a permit. Every fact keeps its `verify` note."""

from __future__ import annotations

from typing import Any

import pytest

from bot.content import load_library
from conversations.newcomer.plan import build_plan
from conversations.newcomer.plan_model import PlanContent, PlanStep
from tests.newcomers.world import NURSE

FLEMISH_ONLY = {"civic_integration", "vdab_register"}


@pytest.fixture(scope="module")
def content() -> PlanContent:
    plan = load_library().plan
    assert plan is not None
    return plan


def plan_for(content: PlanContent, **answers: Any) -> list[PlanStep]:
    return build_plan(content, {**NURSE, **answers})


def test_brussels_gets_actiris_and_the_brussels_reception_offices(content: PlanContent) -> None:
    """Seeds review §4c.2: Brussels residents were told "Register with VDAB"."""
    plan = plan_for(content, region="brussels")
    ids = [s.id for s in plan]
    assert not FLEMISH_ONLY & set(ids)
    assert "actiris_register" in ids and "integration_brussels" in ids
    assert not any("VDAB" in s.title for s in plan)
    places = {w.name for s in plan if s.id == "integration_brussels" for w in s.where}
    assert {"BON", "BAPA"} <= places


@pytest.mark.parametrize("region", ["wallonia", "elsewhere"])
def test_wallonia_gets_forem_and_its_own_integration_and_recognition(
    content: PlanContent, region: str
) -> None:
    """Seeds review §4c.1: "Elsewhere in Belgium" got the Flemish plan (VDAB, inburgering,
    NARIC-Vlaanderen)."""
    plan = plan_for(content, region=region)
    ids = [s.id for s in plan]
    assert not (FLEMISH_ONLY | {"diploma_recognition"}) & set(ids)
    assert {"forem_register", "integration_wallonia", "diploma_recognition_fwb"} <= set(ids)
    assert ids[0] == "outside_flanders"  # says first that other services do the same work
    assert not any("VDAB" in s.title or "inburgering" in s.title for s in plan)


def test_flanders_keeps_its_own_steps(content: PlanContent) -> None:
    ids = [s.id for s in plan_for(content, region="east_flanders")]
    assert FLEMISH_ONLY <= set(ids)
    assert not {"actiris_register", "forem_register", "outside_flanders"} & set(ids)


def test_ocmw_with_article_60_and_evc_for_recognised_refugees(content: PlanContent) -> None:
    """Seeds review §4d: OCMW (leefloon, GPMI, article 60) and EVC were missing."""
    plan = {s.id: s for s in plan_for(content)}
    assert "article 60" in plan["ocmw_support"].what
    assert "EVC" in plan["evc_competences"].what
    eu = [s.id for s in plan_for(content, residence="eu")]
    assert "ocmw_support" not in eu


@pytest.mark.parametrize(
    ("residence", "step"),
    [("temporary", "temporary_right_to_work"), ("permit", "permit_right_to_work")],
)
def test_temporary_protection_and_permit_holders_learn_their_right_to_work(
    content: PlanContent, residence: str, step: str
) -> None:
    """Seeds review §4c.3: only asylum seekers were told about their right to work."""
    ids = [s.id for s in plan_for(content, residence=residence)]
    assert step in ids
    assert "asylum_right_to_work" not in ids
    others = {"temporary_right_to_work", "permit_right_to_work"} - {step}
    assert not others & set(ids)


def test_every_new_fact_keeps_its_verify_note(content: PlanContent) -> None:
    new = {"outside_flanders", "integration_brussels", "integration_wallonia",
           "diploma_recognition_fwb", "evc_competences", "actiris_register", "forem_register",
           "ocmw_support", "temporary_right_to_work", "permit_right_to_work"}  # fmt: skip
    found = {s.id: s for s in content.all_steps() if s.id in new}
    assert set(found) == new
    assert all(s.verify and "Check" in s.verify for s in found.values())
