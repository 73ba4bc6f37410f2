"""The retention feature's I/O: keeping one's data, and delivering the warning (the pure side:
conversations/retention/feature.py; the daily job: bot/retention/job.py)."""

from __future__ import annotations

from bot.feature import Applier, Applying, BotFeature, Delivering, ReminderKind
from bot.retention.delivery import warning_replies
from conversations.replies import Reply
from conversations.retention.effects import KeepMyData
from conversations.retention.warning import RETENTION_WARNING
from storage.reminders import Reminder
from storage.retention import Retention


async def keep_my_data(a: Applying, effect: KeepMyData) -> None:
    await Retention(a.conn).keep(a.user_id, a.now)


async def _warning(at: Delivering, reminder: Reminder) -> list[Reply] | str:
    return await warning_replies(at.conn, at.settings, reminder)


RETENTION = BotFeature(
    name="retention",
    appliers=(Applier(KeepMyData, keep_my_data),),
    reminders=(ReminderKind(RETENTION_WARNING, _warning),),
)
