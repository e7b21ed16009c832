"""A whole diary in columns: what patterns and alert rules need from every year, without a record per row.

DiaryHistory holds, for every episode and check-in up to a day, only the columns the analysis
and the history alert rules read (dates as ordinals, intensities, hours, factor values) as numpy
arrays, and the tallies of the child rows (locations, triggers, reliefs). diary.records reads it
from the database in a few narrow queries whatever the diary's length (load_history), and builds
the same from records (from_records), so analysis code has one implementation for both, and a
test proves the two agree.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from .catalogues import EXERCISE_RELATED
from .factors import ACTIVITY_FACTORS

EXERCISE_CONTEXTS = frozenset(c.value for c in EXERCISE_RELATED)
ACTIVITY_BITS = {activity: 1 << i for i, activity in enumerate(ACTIVITY_FACTORS)}
CHECKIN_COLUMNS = ("fluid_litres", "caffeine_drinks", "alcohol_units", "stress", "sleep_hours", "exercise_minutes",
                   "sitting_hours", "worst_pain")


def _ints(values) -> np.ndarray:
    return np.asarray(values, dtype=np.int64).reshape(-1)


def _floats(values) -> np.ndarray:
    """None becomes nan."""
    return np.array([np.nan if v is None else float(v) for v in values], dtype=float).reshape(-1)


@dataclass(frozen=True, eq=False)
class DiaryHistory:
    """Episodes (oldest first) and check-ins (by date) of one diary, as columns."""

    # Episodes: one entry each.
    episode_ids: np.ndarray  # int64
    episode_days: np.ndarray  # int64: local date ordinals
    hours: np.ndarray  # int64: local hour 0-23
    intensity: np.ndarray  # int64
    duration: np.ndarray  # float: minutes, nan unknown
    kinds: tuple[str, ...]
    contexts: tuple[str, ...]
    # Tallies over all episodes: each location and trigger once per episode; reliefs by outcome ("unrated" for none).
    locations: Counter = field(default_factory=Counter)
    triggers: Counter = field(default_factory=Counter)
    reliefs: dict = field(default_factory=dict)  # relief slug -> Counter of outcomes
    tallied: bool = True  # False: triggers and reliefs were not read (a page without descriptive patterns)
    factors_read: bool = True  # False: of the check-ins only days, fluid and worst pain (what alert rules read)
    # Check-ins: one entry each, by date.
    checkin_days: np.ndarray = field(default_factory=lambda: _ints(()))  # int64 ordinals
    columns: dict = field(default_factory=dict)  # CHECKIN_COLUMNS name -> float array (nan: not recorded)
    activity_bits: np.ndarray = field(default_factory=lambda: _ints(()))  # int64: ACTIVITY_BITS of the day's activities
    any_activity: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))  # any activity ticked at all
    custom: dict = field(default_factory=dict)  # own factor label -> float array (yes/no as 1/0; nan: not answered)

    # -- derived ------------------------------------------------------------------------------------
    @property
    def first_day(self) -> date | None:
        firsts = [int(a[0]) for a in (self.episode_days, self.checkin_days) if len(a)]
        return date.fromordinal(min(firsts)) if firsts else None

    @property
    def outside_exercise(self) -> np.ndarray:
        """Per episode: a context is recorded and it is not exercise."""
        return np.array([bool(c) and c not in EXERCISE_CONTEXTS for c in self.contexts], dtype=bool).reshape(-1)

    @property
    def weekdays(self) -> np.ndarray:
        return (self.episode_days + 6) % 7  # date.weekday() of an ordinal: Monday 0

    def episodes_between(self, start: date | None, end: date | None) -> np.ndarray:
        """Boolean mask of the episodes on local dates start..end inclusive (None = open)."""
        mask = np.ones(len(self.episode_days), dtype=bool)
        if start is not None:
            mask &= self.episode_days >= start.toordinal()
        if end is not None:
            mask &= self.episode_days <= end.toordinal()
        return mask

    def checkins_between(self, start: date | None, end: date | None) -> np.ndarray:
        mask = np.ones(len(self.checkin_days), dtype=bool)
        if start is not None:
            mask &= self.checkin_days >= start.toordinal()
        if end is not None:
            mask &= self.checkin_days <= end.toordinal()
        return mask

    def episode_day_set(self, start: date | None = None, end: date | None = None) -> set[int]:
        return set(self.episode_days[self.episodes_between(start, end)].tolist())


def from_records(episodes, checkins, custom_factors=()) -> DiaryHistory:
    """The columns of these records (diary.records EpisodeRecord and CheckInRecord, oldest first)."""
    episodes = list(episodes)
    checkins = sorted(checkins, key=lambda c: c.date)
    locations, triggers, reliefs = Counter(), Counter(), {}
    for e in episodes:
        locations.update(set(e.locations))
        triggers.update(set(e.triggers))
        for slug, outcome in e.reliefs:
            reliefs.setdefault(slug, Counter())[outcome or "unrated"] += 1
    custom = {}
    for spec in custom_factors:
        values = []
        for c in checkins:
            answer = (getattr(c, "custom", None) or {}).get(spec.label)
            values.append(None if answer is None else float(answer))
        custom[spec.label] = _floats(values)
    return DiaryHistory(
        episode_ids=_ints([e.id for e in episodes]),
        episode_days=_ints([e.local_date.toordinal() for e in episodes]),
        hours=_ints([e.hour for e in episodes]),
        intensity=_ints([e.intensity for e in episodes]),
        duration=_floats([e.duration_minutes for e in episodes]),
        kinds=tuple(e.kind for e in episodes),
        contexts=tuple(e.context for e in episodes),
        locations=locations, triggers=triggers, reliefs=reliefs,
        checkin_days=_ints([c.date.toordinal() for c in checkins]),
        columns={name: _floats([getattr(c, name) for c in checkins]) for name in CHECKIN_COLUMNS},
        activity_bits=_ints([sum(ACTIVITY_BITS.get(a, 0) for a in set(c.activities)) for c in checkins]),
        any_activity=np.array([bool(c.activities) for c in checkins], dtype=bool).reshape(-1),
        custom=custom,
    )
