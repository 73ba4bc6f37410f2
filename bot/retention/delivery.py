"""What the retention warning says when it is due: the deletion date in the person's own time
zone and the keep / download buttons. Returns the replies, or why the row is no longer useful
(the person chose to keep since, or a newer warning replaced it)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncConnection

from bot.settings import Settings
from conversations.replies import Reply
from conversations.retention.warning import warning
from storage.people import People
from storage.reminders import Reminder
from storage.retention import Retention


async def warning_replies(
    conn: AsyncConnection, settings: Settings, reminder: Reminder
) -> list[Reply] | str:
    state = (await Retention(conn).states()).get(reminder.person_id)
    if state is None or state.warned_at is None or state.deletes_at is None:
        return "no warning on record"
    if state.kept_at is not None and state.kept_at >= state.warned_at:
        return "kept since"
    if state.purged_at is not None and state.purged_at >= state.warned_at:
        return "deleted already"
    if reminder.event_at is not None and reminder.event_at != state.deletes_at:
        return "replaced by a newer warning"
    person = await People(conn).get(reminder.person_id)
    tz = ZoneInfo((person.timezone if person else None) or settings.timezone)
    return warning(state.deletes_at.astimezone(tz).date())
