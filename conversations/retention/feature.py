"""The retention feature: the warning before programme data is deleted after a long silence,
and its keep / download buttons (the deletion itself is bot/retention/job.py)."""

from __future__ import annotations

from conversations.feature import Feature
from conversations.retention.effects import KeepMyData
from conversations.retention.warning import RETENTION_WARNING, retention_act

RETENTION = Feature(
    name="retention",
    effects=(KeepMyData,),
    buttons={"keep": retention_act, "mydata": retention_act},
    reminder_kinds=(RETENTION_WARNING,),
)
