"""What a page reads: full records for the days it shows, and the whole diary in columns.

The dashboard and the patterns page show a few weeks or months of records but judge alerts and
patterns over the whole diary. load_page_diary reads records only from `window_start`, the whole
diary as diary.history columns (a few narrow queries, no record per row), and full records of
the older episodes an alert rule may speak of (insights.alerts.selection). Alerts and patterns
computed from it equal those computed from the whole diary as records (tests/test_page_data.py).
"""
from __future__ import annotations

from datetime import date, timedelta

from .history_reader import load_history
from .records import DiaryData, load_background, load_custom_factors, load_diary, load_medicines, local_today

# Pages that show no records themselves (alerts, the patterns of "all") read these last days as
# records: any window gives the same alerts, a short one costs least.
RECENT_RECORD_DAYS = 28


def recent_window_start(user) -> date:
    return local_today(user) - timedelta(days=RECENT_RECORD_DAYS - 1)


def load_page_diary(user, window_start: date | None, *, tallies: bool = True) -> DiaryData:
    """Records (without notes) from window_start on, plus the whole diary's columns; None: all as records.

    tallies=False: a page that shows no descriptive patterns skips the triggers' and reliefs' tallies.
    """
    if window_start is None:
        return load_diary(user, notes=False)
    from insights.alerts.selection import location_candidates, older_episodes_needed  # the rules say which they read

    medicines = load_medicines(user)
    custom_factors = load_custom_factors(user)
    read = load_history(user, local_today(user), select_older=older_episodes_needed, older_than=window_start,
                        background=load_background(user), medicines=medicines, custom_factors=custom_factors,
                        tallies=tallies, location_candidates=location_candidates)
    return load_diary(user, start=window_start, notes=False, history=read, medicines=medicines,
                      custom_factors=custom_factors)
