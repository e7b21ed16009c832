"""What a diary still lacks before its patterns can be tested, said one way on every page.

Factors are compared over days with a check-in, once those days hold MIN_EPISODE_DAYS days with an
episode (insights.looks). The wait is told in the user's terms: how many more such days, and roughly
how many weeks of check-ins that takes at the diary's own pace so far. (The GP summary, written for a
doctor, states the minimum itself, in the same terms.)
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import Iterable

import numpy as np
from django.utils.translation import gettext, ngettext

from insights.looks import MIN_EPISODE_DAYS

from .history import DiaryHistory, from_records
from .records import CheckInRecord, EpisodeRecord

MAX_WEEKS_SHOWN = 104  # a longer wait is no estimate worth printing


@dataclass(frozen=True)
class DataNeeded:
    episode_days: int  # more days with an episode, among days with a check-in
    weeks: int | None  # about this many weeks of check-ins at the pace so far (None: no pace yet)
    checkin_days: int  # days with a check-in in the period so far

    def _compared(self) -> str:
        # The patterns page's own sentence (helper wording shared with templates/diary/patterns.html).
        return ngettext(
            "Patterns are compared from %(minimum)d days with an episode among days with a check-in: "
            "%(count)d more is needed",
            "Patterns are compared from %(minimum)d days with an episode among days with a check-in: "
            "%(count)d more are needed",
            self.episode_days) % {"minimum": MIN_EPISODE_DAYS, "count": self.episode_days}

    @property
    def text(self) -> str:
        """For the diary's owner (dashboard, patterns)."""
        if not self.checkin_days:
            return gettext("Not enough data yet. %(compared)s. Check in daily, on good days too: days without "
                           "a check-in cannot be compared.") % {"compared": self._compared()}
        if self.weeks is None:
            return gettext("Not enough data yet. %(compared)s.") % {"compared": self._compared()}
        weeks = ngettext("about %(count)d more week of check-ins at your pace so far",
                         "about %(count)d more weeks of check-ins at your pace so far", self.weeks) % {"count": self.weeks}
        return gettext("Not enough data yet. %(compared)s, %(weeks)s.") % {"compared": self._compared(), "weeks": weeks}


def data_needed(episodes: Iterable[EpisodeRecord], checkins: Iterable[CheckInRecord], start: date,
                end: date) -> DataNeeded | None:
    """None when the diary holds enough days with an episode for patterns to be tested."""
    return column_data_needed(from_records(episodes, checkins), start, end)


def column_data_needed(history: DiaryHistory, start: date, end: date) -> DataNeeded | None:
    """data_needed over a diary's columns (diary.history)."""
    logged = history.checkin_days[history.checkins_between(start, end)]
    with_episode = np.intersect1d(logged, history.episode_days)
    needed = MIN_EPISODE_DAYS - len(with_episode)
    if needed <= 0:
        return None
    weeks = None
    if len(logged) and len(with_episode):
        # The pace since the first check-in: days with an episode among logged days, per week.
        elapsed_weeks = max((end.toordinal() - int(logged[0]) + 1) / 7, 1)
        per_week = len(with_episode) / elapsed_weeks
        estimate = math.ceil(needed / per_week)
        weeks = estimate if estimate <= MAX_WEEKS_SHOWN else None
    return DataNeeded(episode_days=needed, weeks=weeks, checkin_days=int(len(logged)))
