"""Every feature, discovered here and nowhere else: the journey, the menu, the buttons under
reminders and the bot's registries (bot/features.py) are all built from this list.

To add a feature: write its `feature.py` (see conversations/feature.py) and add it below.
"""

from __future__ import annotations

from conversations.basics import BASICS
from conversations.employers.feature import EMPLOYERS
from conversations.exchange_feature import EXCHANGES
from conversations.feature import Feature
from conversations.follow_up.feature import FOLLOW_UP
from conversations.matching.feature import MATCHING
from conversations.newcomer.feature import NEWCOMER
from conversations.reflections.feature import REFLECTIONS
from conversations.retention.feature import RETENTION

FEATURES: tuple[Feature, ...] = (
    BASICS,
    EXCHANGES,
    REFLECTIONS,
    FOLLOW_UP,
    NEWCOMER,
    RETENTION,
    MATCHING,
    EMPLOYERS,
)
