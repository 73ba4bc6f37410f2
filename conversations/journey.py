"""The product's flows in one place: what the dispatcher runs."""

from __future__ import annotations

from conversations.core import Journey
from conversations.language import LANGUAGE
from conversations.menu import MENU
from conversations.onboarding import ONBOARDING


def build_journey() -> Journey:
    return Journey(flows={f.name: f for f in (ONBOARDING, LANGUAGE, MENU)})
