"""The local dates a chart covers: a range code's first day, the diary's first logged day, the months between."""
from __future__ import annotations

from datetime import date, timedelta


# "All" draws at most this far back: a diary imported from 1900 made 3.3 MB charts (127 years of
# calendar cells), and nobody reads more than two decades of spasms off one chart.
LONGEST_RANGE = timedelta(days=20 * 365 + 5)


def range_start(range_code: str, today: date, first_day: date | None) -> date:
    """The first local date of a chart range ending today ("4w", "3m", "12m", "all")."""
    days = {"4w": 27, "3m": 90, "12m": 364}.get(range_code)
    if days is not None:
        return today - timedelta(days=days)
    start = min(first_day, today) if first_day else today
    return max(start, today - LONGEST_RANGE)


def first_logged_day(diary) -> date | None:
    firsts = [items[0].local_date if hasattr(items[0], "local_date") else items[0].date
              for items in (diary.episodes, diary.checkins) if items]
    return min(firsts) if firsts else None


def _months(start: date, end: date) -> list[date]:
    months, month = [], start.replace(day=1)
    while month <= end:
        months.append(month)
        month = (month + timedelta(days=32)).replace(day=1)
    return months
