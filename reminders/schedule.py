"""When a daily reminder is due: pure date arithmetic over a wall-clock time and a time zone."""
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

# A sender that was stopped for a while still sends a reminder this late, not later.
LATE_WINDOW = timedelta(hours=3)


def due_at(local_date: date, local_time: time, tz: ZoneInfo) -> datetime:
    """The instant (in UTC) the reminder for local_date is due.

    A time that does not exist (skipped when clocks go forward) falls one hour later in the new
    offset (fold=0 keeps the offset from before the change: 02:30 becomes 03:30 summer time); a time
    that happens twice (clocks go back) is the first of the two.
    """
    naive = datetime.combine(local_date, local_time)
    # In UTC: Python never finds a wall time in a gap or a fold equal to one in another zone.
    return naive.replace(tzinfo=tz, fold=0).astimezone(timezone.utc)


def due_date(now: datetime, local_time: time, tz: ZoneInfo, late_window: timedelta = LATE_WINDOW) -> date | None:
    """The local date whose reminder is due at `now` (aware), or None.

    Looks at today and yesterday in the user's zone, so a reminder at 23:30 found late at 00:10
    still counts for the day it belongs to.
    """
    today = now.astimezone(tz).date()
    for local_date in (today, today - timedelta(days=1)):
        start = due_at(local_date, local_time, tz)
        if start <= now < start + late_window:
            return local_date
    return None
