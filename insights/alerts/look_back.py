"""How far before a period the alert rules read: a loader cuts the diary there and no earlier.

The longest look-back of any rule: the frequency rule compares the last 8 weeks with up to 52
whole weeks before them; the diuretic advice compares the 8 weeks before a medicine's start with
the 8 after, for a medicine started up to 26 weeks before the period; the intensity rule
compares 8 weeks with the 8 before; fluid 4 with 4; persistent pain 6 weeks.
GAP_DAYS more, so a run of holding days that crosses the period's start keeps its first day
whenever it began within the look-back.
"""
from __future__ import annotations

from datetime import date, timedelta

from .background import MEDICINE_SHOW_WEEKS, MEDICINE_WEEKS, NEW_PAIN_DAYS
from .history import FLUID_WEEKS, FREQUENCY_BASELINE_WEEKS, FREQUENCY_WEEKS, PERSISTENT_DAYS
from .lifecycle import GAP_DAYS

LOOK_BACK_DAYS = max(
    7 * (MEDICINE_SHOW_WEEKS + MEDICINE_WEEKS),
    7 * (FREQUENCY_WEEKS + max(FREQUENCY_BASELINE_WEEKS)),
    7 * 2 * FREQUENCY_WEEKS,
    7 * 2 * FLUID_WEEKS,
    PERSISTENT_DAYS,
    NEW_PAIN_DAYS,
) + GAP_DAYS


def read_from(start: date) -> date:
    """The first local date the alerts of a period starting at `start` need."""
    return start - timedelta(days=LOOK_BACK_DAYS)
