"""Rules over the diary's history, each with a stated question and a calibrated test, judged day by day.

Every rule counts episode days (a day with at least one episode), not episodes, so four spasms
in one afternoon are one day. Each rule gives, for every day of the diary, whether it holds on
that day using only what was logged up to it (so a day's answer is what the app showed that
evening) and a measure of how bad it is (to tell "clearly worse" after an answer).
insights/simulate_alerts.py measures the error rates; docs/patterns-and-alerts.md publishes them.

- regular_spasms (advice, seed 000): 4+ episode days in the last 28 days.
- outside_exercise (advice, seed 000): 2+ episode days in 28 days with an episode whose context
  is recorded and is not exercise.
- rising_frequency (soon, seed 002): are episode days more frequent lately (the last 8 weeks) than
  before (the up to 52 whole weeks before those 8, at least 8)? A rise can start anywhere in the 8
  weeks, so the episode days of their last 2, 4, 6 and 8 weeks are each compared with the weeks
  before by an exact conditional test (Fisher's): given n episode days among the look's and the
  baseline's days, the look's count is hypergeometric if nothing changed (every day as likely to
  be an episode day); the rule holds when any look's one-sided p <= FREQUENCY_ALPHA. Calibrated by
  simulate_alerts (seed 12, 400 users a cell, judged daily with four looks a day): stable diaries
  at 0.5 / 1 / 2 episodes a week alerted in their first year 2.8% / 1.8% / 3.5%, in their second
  1.5% / 3.5% / 3.5% (limit 5%); a step to three times the rate caught within 8 weeks in
  21% / 51% / 84% of diaries with 16 weeks of history and 39% / 71% / 93% with a year, a ramp to
  three times over the 8 weeks in 7% / 14% / 31% and 7% / 20% / 45%. The 80% target holds for
  the step from 2 a week; docs/patterns-and-alerts.md says why it is out of reach below that and
  for the ramp.
- rising_intensity (soon, seed 002): 5+ episodes in each 8-week window, the average intensity
  up by 2 points or 30%, and that rise unlikely by chance (one-sided t-test,
  p <= INTENSITY_ALPHA; without it the rule alerted half the stable diaries a year).
- fluid_no_help (soon, seed 000): fluid rose by 0.5 l a day or more over the last 4 weeks against
  the 4 before (10+ logged days in each), with episodes continuing (2+ episode days) and no fall
  in episode days.
- persistent_pain (soon, seed 004 and NHS back pain): over the last 6 weeks, counted only on days
  with a recorded pain value (the check-in's worst pain), 24+ such days, pain on 3 of 4 of them,
  and the last two weeks not better than the first two by 2 points or 30%.
"""
from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from itertools import accumulate
from typing import Callable

import numpy as np

from diary.catalogues import Context

from .base import ADVICE, NHS_BACK, S000_WARNING, S002_INTRO, S004, SOON

REGULAR_DAYS = 4
OUTSIDE_DAYS = 2
WINDOW_28 = 28
FREQUENCY_WEEKS = 8  # "lately"
FREQUENCY_LOOKS = (2, 4, 6, 8)  # weeks at the end of the 8, each tested against the baseline
FREQUENCY_BASELINE_WEEKS = (8, 52)  # fewest and most whole weeks before the 8 used as "before"
FREQUENCY_ALPHA = 0.0003  # per look; calibrated by simulate_alerts: at most 5% of stable diaries a year
INTENSITY_MIN_EPISODES = 5
INTENSITY_POINTS = 2.0
INTENSITY_SHARE = 0.3
INTENSITY_MIN_VARIANCE = 1.0
INTENSITY_ALPHA = 0.001  # one-sided t-test of the two means; calibrated by simulate_alerts
FLUID_WEEKS = 4
FLUID_RISE = 0.5
FLUID_MIN_DAYS = 10
FLUID_MIN_EPISODE_DAYS = 2
PERSISTENT_DAYS = 42
PERSISTENT_MIN_RECORDED = 24
PERSISTENT_PAIN_SHARE = 0.75
PERSISTENT_PART_MIN = 4  # recorded days in each of the first and last two weeks

EXERCISE = {Context.DURING_EXERCISE, Context.AFTER_EXERCISE}


@lru_cache(maxsize=None)
def upper_tail(successes: int, trials: int) -> float:
    """P(Binomial(trials, 1/2) >= successes): the one-sided p-value of an equal-windows conditional test."""
    if successes <= 0:
        return 1.0
    return math.fsum(math.comb(trials, k) for k in range(successes, trials + 1)) / 2 ** trials


def day_tail(successes: int, episode_days: int, look_days: int, baseline_days: int) -> float:
    """P(X >= successes), X the episode days that fall in the look when `episode_days` of the look and
    baseline days are episode days, every day as likely as any other (hypergeometric: Fisher's exact test)."""
    top = min(episode_days, look_days)
    ways = sum(math.comb(look_days, k) * math.comb(baseline_days, episode_days - k)
               for k in range(max(successes, 0), top + 1))
    return ways / math.comb(look_days + baseline_days, episode_days)


@lru_cache(maxsize=None)
def critical_count(episode_days: int, look_weeks: int, baseline_weeks: int) -> int:
    """The fewest look episode days whose p-value is at most FREQUENCY_ALPHA (more than possible: none)."""
    look, baseline = 7 * look_weeks, 7 * baseline_weeks
    limit = FREQUENCY_ALPHA * math.comb(look + baseline, episode_days)
    ways, k = 0, min(episode_days, look)
    while k >= max(0, episode_days - baseline):
        ways += math.comb(look, k) * math.comb(baseline, episode_days - k)
        if ways > limit:
            return k + 1
        k -= 1
    return max(0, episode_days - baseline)


class DayGrid:
    """Per-day counts from the diary's first day to `end`, with prefix sums for O(1) windows.

    Built from records (DayGrid(episodes, checkins, end)) or from a diary.history.DiaryHistory
    (DayGrid.from_history); both give the same sums and the same episode arrays.
    """

    def __init__(self, episodes, checkins, end: date, first: date | None = None):
        days = [d for d in (episodes[0].local_date if episodes else None, checkins[0].date if checkins else None) if d]
        self.first = first or min(days + [end])
        self.end = end
        n = self.n = (end - self.first).days + 1
        episode_day, outside_day, intensity, count, squares = [0] * n, [0] * n, [0] * n, [0] * n, [0] * n
        fluid, fluid_n, pain_known, pain_day, pain = [0.0] * n, [0] * n, [0] * n, [0] * n, [0] * n
        marks = []  # (grid day, episode id, outside exercise) in the order given
        for e in episodes:
            i = (e.local_date - self.first).days
            if not 0 <= i < n:
                continue
            episode_day[i] = 1
            intensity[i] += e.intensity
            squares[i] += e.intensity * e.intensity
            count[i] += 1
            outside = bool(e.context and e.context not in EXERCISE)
            if outside:
                outside_day[i] = 1
            marks.append((i, e.id, outside))
        for c in checkins:
            i = (c.date - self.first).days
            if not 0 <= i < n:
                continue
            if c.fluid_litres is not None:
                fluid[i] += c.fluid_litres
                fluid_n[i] = 1
            if c.worst_pain is not None:
                pain_known[i], pain_day[i], pain[i] = 1, 1 if c.worst_pain > 0 else 0, c.worst_pain
        marks.sort(key=lambda mark: mark[0])  # stable: a day's episodes keep their order
        self._arrays = {}
        self._set_episodes([m[0] for m in marks], [m[1] for m in marks], [m[2] for m in marks])
        self.sums = {name: self._prefix(values) for name, values in {
            "episode_days": episode_day, "outside_days": outside_day, "intensity": intensity, "squares": squares, "episodes": count,
            "fluid": fluid, "fluid_days": fluid_n, "pain_known": pain_known, "pain_days": pain_day, "pain": pain,
        }.items()}

    @classmethod
    def from_history(cls, history, end: date, first: date | None = None) -> "DayGrid":
        """The grid of a diary.history.DiaryHistory: the same as DayGrid(its episodes and check-ins up to end, end, first).

        The first day is that of the first episode (in the history's order) or check-in up to `end`,
        as from records: on a whole history, the diary's true first day.
        """
        grid = cls.__new__(cls)
        end_day = end.toordinal()
        kept_episodes = history.episode_days <= end_day
        episode_days = history.episode_days[kept_episodes]
        checkin_days = history.checkin_days[history.checkin_days <= end_day]
        if first is None:
            first = date.fromordinal(int(min([end_day] + [int(d[0]) for d in (episode_days, checkin_days) if len(d)])))
        grid.first, grid.end = first, end
        n = grid.n = (end - first).days + 1

        day_of = episode_days - first.toordinal()
        inside = (day_of >= 0) & (day_of < n)
        day_of = day_of[inside]
        intensity = history.intensity[kept_episodes][inside]
        outside = np.array([bool(c) and c not in EXERCISE for c in history.contexts], dtype=bool).reshape(-1)
        outside = outside[kept_episodes][inside]
        ids = history.episode_ids[kept_episodes][inside]
        order = np.argsort(day_of, kind="stable")  # a day's episodes keep their order, as from records
        grid._set_episodes(day_of[order].tolist(), ids[order].tolist(), outside[order].tolist())

        def per_day(days, weights=None):
            return np.bincount(days, weights=weights, minlength=n)[:n]

        def ints(values):
            # Sums of small integers: exact as floats; as Python ints like the records' sums.
            return np.rint(values).astype(np.int64) if values.dtype.kind == "f" else values.astype(np.int64)

        checkin_of = history.checkin_days - first.toordinal()
        in_grid = (checkin_of >= 0) & (checkin_of < n)
        fluid_column = history.columns["fluid_litres"]
        fluid_known = in_grid & ~np.isnan(fluid_column)
        pain_column = history.columns["worst_pain"]
        pain_known = in_grid & ~np.isnan(pain_column)
        pain_days, pain_values = checkin_of[pain_known], pain_column[pain_known].astype(np.int64)
        pain = np.zeros(n, dtype=np.int64)
        pain[pain_days] = pain_values  # a later check-in of the same day overwrites, as from records
        pain_day = np.zeros(n, dtype=np.int64)
        pain_day[pain_days] = (pain_values > 0).astype(np.int64)
        columns = {
            "episode_days": per_day(day_of) > 0,
            "outside_days": per_day(day_of[outside]) > 0,
            "intensity": ints(per_day(day_of, intensity)),
            "squares": ints(per_day(day_of, intensity * intensity)),
            "episodes": per_day(day_of),
            "fluid": None,
            "fluid_days": per_day(checkin_of[fluid_known]) > 0,
            "pain_known": per_day(pain_days) > 0,
            "pain_days": pain_day,
            "pain": pain,
        }
        grid.sums, grid._arrays = {}, {}
        for name, values in columns.items():
            if name == "fluid":
                # Added in the records' order to 0.0 and summed one day after another, like _prefix, so the
                # floats are bit for bit those of the records.
                litres = np.zeros(n)
                np.add.at(litres, checkin_of[fluid_known], fluid_column[fluid_known])
                grid.sums[name] = cls._prefix(litres.tolist())
            else:
                prefix = grid._arrays[name] = np.concatenate((np.zeros(1, dtype=np.int64), np.cumsum(ints(values))))
                grid.sums[name] = prefix.tolist()
        return grid

    def _set_episodes(self, days: list[int], ids: list, outside: list[bool]):
        """Every episode on the grid as parallel lists ordered by grid day: its day, id, and whether outside exercise."""
        self.episode_day_index = days
        self.episode_ids = ids
        self.episode_outside = outside

    @staticmethod
    def _prefix(values):
        return [0, *accumulate(values)]

    def prefix_array(self, name: str) -> np.ndarray:
        """The prefix sums of an integer column as a numpy array (for judging many days at once)."""
        if name not in self._arrays:
            self._arrays[name] = np.array(self.sums[name], dtype=np.int64)
        return self._arrays[name]

    def index(self, when: date) -> int:
        return (when - self.first).days

    def day(self, i: int) -> date:
        return self.first + timedelta(days=i)

    def total(self, name: str, start: int, end: int):
        """Sum of `name` over grid days start..end inclusive (clipped to the grid)."""
        start, end = max(start, 0), min(end, self.n - 1)
        if end < start:
            return 0
        prefix = self.sums[name]
        return prefix[end + 1] - prefix[start]

    def _episodes_on(self, start: int, end: int) -> range:
        """Positions in the episode lists of the episodes on grid days start..end inclusive."""
        return range(bisect_left(self.episode_day_index, max(start, 0)),
                     bisect_right(self.episode_day_index, min(end, self.n - 1)))

    def episode_ids_between(self, start: int, end: int) -> tuple:
        """Ids of the episodes on grid days start..end, by day and in the diary's order within a day."""
        span = self._episodes_on(start, end)
        return tuple(self.episode_ids[span.start:span.stop])

    def outside_between(self, start: int, end: int) -> tuple[tuple, int]:
        """Ids of the episodes outside exercise on grid days start..end, and on how many days they fell."""
        span = [k for k in self._episodes_on(start, end) if self.episode_outside[k]]
        return tuple(self.episode_ids[k] for k in span), len({self.episode_day_index[k] for k in span})


@dataclass(frozen=True)
class HistoryRule:
    name: str
    urgency: str
    sources: tuple
    guidance: tuple
    holds: Callable[[DayGrid, int], bool]
    measure: Callable[[DayGrid, int], float]  # how bad, to tell "clearly worse" after an answer
    worse: Callable[[float, float], bool]  # (measure now, measure on the day of the answer)
    # The same as holds() on every day of first..last at once, for rules cheap to judge in bulk
    # (None: day by day). The engine walks back through long runs with it.
    holds_between: Callable[[DayGrid, int, int], list[bool]] | None = None


def more_by_half(now: float, then: float) -> bool:
    return now >= then + 3 and now >= 1.5 * then


def two_points(now: float, then: float) -> bool:
    return now >= then + 2


# --- the rules --------------------------------------------------------------------------------

def regular_spasms(grid: DayGrid, i: int) -> bool:
    return grid.total("episode_days", i - WINDOW_28 + 1, i) >= REGULAR_DAYS


def outside_exercise(grid: DayGrid, i: int) -> bool:
    return grid.total("outside_days", i - WINDOW_28 + 1, i) >= OUTSIDE_DAYS


def _window_counts(grid: DayGrid, name: str, first: int, last: int, days: int) -> np.ndarray:
    """grid.total(name, i - days + 1, i) for every grid day i of first..last, in integers."""
    prefix = grid.prefix_array(name)
    ends = np.arange(first, last + 1)
    return prefix[ends + 1] - prefix[np.maximum(ends - days + 1, 0)]


def regular_spasms_between(grid: DayGrid, first: int, last: int) -> list[bool]:
    return (_window_counts(grid, "episode_days", first, last, WINDOW_28) >= REGULAR_DAYS).tolist()


def outside_exercise_between(grid: DayGrid, first: int, last: int) -> list[bool]:
    return (_window_counts(grid, "outside_days", first, last, WINDOW_28) >= OUTSIDE_DAYS).tolist()


@dataclass(frozen=True)
class FrequencyLook:
    """Episode days in the last `weeks` weeks against those in the `baseline_weeks` weeks before the last 8."""

    recent: int
    weeks: int
    previous: int
    baseline_weeks: int

    @property
    def p_value(self) -> float:
        return day_tail(self.recent, self.recent + self.previous, 7 * self.weeks, 7 * self.baseline_weeks)

    @property
    def significant(self) -> bool:
        return self.recent >= critical_count(self.recent + self.previous, self.weeks, self.baseline_weeks)


def frequency_looks(grid: DayGrid, i: int) -> list[FrequencyLook]:
    """The four looks on day i; none until the diary covers the 8 weeks and 8 whole weeks before them."""
    length = 7 * FREQUENCY_WEEKS
    fewest, most = FREQUENCY_BASELINE_WEEKS
    baseline_weeks = min(most, (i + 1 - length) // 7)
    if baseline_weeks < fewest:
        return []
    previous = grid.total("episode_days", i - length - 7 * baseline_weeks + 1, i - length)
    return [FrequencyLook(grid.total("episode_days", i - 7 * weeks + 1, i), weeks, previous, baseline_weeks)
            for weeks in FREQUENCY_LOOKS]


def frequency_windows(grid: DayGrid, i: int) -> FrequencyLook | None:
    """The look with the smallest p-value on day i (the one the reason names), or None."""
    return min(frequency_looks(grid, i), key=lambda look: (look.p_value, -look.weeks), default=None)


def rising_frequency(grid: DayGrid, i: int) -> bool:
    return any(look.significant for look in frequency_looks(grid, i))


def intensity_windows(grid: DayGrid, i: int) -> tuple[float, float, int, int] | None:
    length = 7 * FREQUENCY_WEEKS
    if i - 2 * length + 1 < 0:
        return None
    n_recent, n_previous = grid.total("episodes", i - length + 1, i), grid.total("episodes", i - 2 * length + 1, i - length)
    if n_recent < INTENSITY_MIN_EPISODES or n_previous < INTENSITY_MIN_EPISODES:
        return None
    return (grid.total("intensity", i - length + 1, i) / n_recent,
            grid.total("intensity", i - 2 * length + 1, i - length) / n_previous, n_recent, n_previous)


def intensity_p_value(grid: DayGrid, i: int) -> float:
    """One-sided p of a t-test that the last 8 weeks' mean intensity is higher than the 8 before."""
    length = 7 * FREQUENCY_WEEKS
    windows = ((i - length + 1, i), (i - 2 * length + 1, i - length))
    stats = []
    for window in windows:
        n, total, squares = grid.total("episodes", *window), grid.total("intensity", *window), grid.total("squares", *window)
        mean = total / n
        # A floor of one point squared: five ratings that happen to agree are not a precise mean.
        stats.append((n, mean, max(INTENSITY_MIN_VARIANCE, (squares - n * mean * mean) / (n - 1))))
    (n1, m1, v1), (n2, m2, v2) = stats
    spread = math.sqrt(v1 / n1 + v2 / n2)
    # Student's t with the smaller sample's degrees of freedom (conservative next to Welch's df).
    return t_upper_tail((m1 - m2) / spread, min(n1, n2) - 1)


def t_upper_tail(t: float, df: int) -> float:
    """P(T >= t) for Student's t with df degrees of freedom, through the regularised incomplete beta."""
    if t <= 0:
        return 1 - t_upper_tail(-t, df) if t < 0 else 0.5
    return 0.5 * _incomplete_beta(df / 2, 0.5, df / (df + t * t))


def _incomplete_beta(a: float, b: float, x: float) -> float:
    """I_x(a, b) by its continued fraction (Numerical Recipes, betacf), accurate to about 1e-10."""
    if x <= 0:
        return 0.0
    if x >= 1:
        return 1.0
    front = math.exp(math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log(1 - x))
    if x > (a + 1) / (a + b + 2):
        return 1 - _incomplete_beta(b, a, 1 - x)
    c, d = 1.0, 1 - (a + b) * x / (a + 1)
    d = 1 / (d if abs(d) > 1e-30 else 1e-30)
    value = d
    for m in range(1, 200):
        for numerator in (m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m)),
                          -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))):
            d = 1 + numerator * d
            d = 1 / (d if abs(d) > 1e-30 else 1e-30)
            c = 1 + numerator / c
            c = c if abs(c) > 1e-30 else 1e-30
            value *= d * c
        if abs(d * c - 1) < 1e-12:
            break
    return front * value / a


def rising_intensity(grid: DayGrid, i: int) -> bool:
    found = intensity_windows(grid, i)
    if found is None:
        return False
    recent, previous, _n, _m = found
    rise = recent - previous
    large = rise >= INTENSITY_POINTS - 1e-9 or (previous > 0 and rise >= INTENSITY_SHARE * previous - 1e-9)
    return large and intensity_p_value(grid, i) <= INTENSITY_ALPHA


def fluid_windows(grid: DayGrid, i: int):
    """(litres a day recent, before, logged days recent, before, episode days recent, before)."""
    length = 7 * FLUID_WEEKS
    recent = (i - length + 1, i)
    previous = (i - 2 * length + 1, i - length)
    n_recent, n_previous = grid.total("fluid_days", *recent), grid.total("fluid_days", *previous)
    litres_recent = grid.total("fluid", *recent) / n_recent if n_recent else None
    litres_previous = grid.total("fluid", *previous) / n_previous if n_previous else None
    return (litres_recent, litres_previous, n_recent, n_previous,
            grid.total("episode_days", *recent), grid.total("episode_days", *previous))


def fluid_no_help(grid: DayGrid, i: int) -> bool:
    recent, previous, n_recent, n_previous, days_recent, days_previous = fluid_windows(grid, i)
    if n_recent < FLUID_MIN_DAYS or n_previous < FLUID_MIN_DAYS:
        return False
    return (recent - previous >= FLUID_RISE - 1e-9 and days_recent >= FLUID_MIN_EPISODE_DAYS
            and days_recent >= days_previous)


def persistent_windows(grid: DayGrid, i: int):
    """(recorded days, pain days, average of the first two weeks, of the last two) over 6 weeks, or None."""
    start = i - PERSISTENT_DAYS + 1
    if start < 0:
        return None
    recorded, pain_days = grid.total("pain_known", start, i), grid.total("pain_days", start, i)
    first_n, last_n = grid.total("pain_known", start, start + 13), grid.total("pain_known", i - 13, i)
    if recorded < PERSISTENT_MIN_RECORDED or first_n < PERSISTENT_PART_MIN or last_n < PERSISTENT_PART_MIN:
        return None
    first = grid.total("pain", start, start + 13) / first_n
    last = grid.total("pain", i - 13, i) / last_n
    return recorded, pain_days, first, last


def persistent_pain(grid: DayGrid, i: int) -> bool:
    found = persistent_windows(grid, i)
    if found is None:
        return False
    recorded, pain_days, first, last = found
    if pain_days < PERSISTENT_PAIN_SHARE * recorded:
        return False
    fall = first - last
    return not (fall >= 2 - 1e-9 or (first > 0 and fall >= 0.3 * first - 1e-9))


def _episode_days_28(grid, i):
    return grid.total("episode_days", i - WINDOW_28 + 1, i)


def _outside_days_28(grid, i):
    return grid.total("outside_days", i - WINDOW_28 + 1, i)


def _recent_frequency(grid, i):
    """Episode days in the last 8 weeks (to tell "clearly worse" after an answer)."""
    return grid.total("episode_days", i - 7 * FREQUENCY_WEEKS + 1, i)


def _recent_intensity(grid, i):
    found = intensity_windows(grid, i)
    return found[0] if found else 0.0


def _fluid_episode_days(grid, i):
    return grid.total("episode_days", i - 7 * FLUID_WEEKS + 1, i)


def _recent_pain(grid, i):
    found = persistent_windows(grid, i)
    return found[3] if found else 0.0


RULES = (
    HistoryRule("regular_spasms", ADVICE, (S000_WARNING,), ("see_doctor", "prevention"), regular_spasms, _episode_days_28, more_by_half,
                regular_spasms_between),
    HistoryRule("outside_exercise", ADVICE, (S000_WARNING,), ("see_doctor", "stress", "prolonged_sitting"), outside_exercise, _outside_days_28, more_by_half,
                outside_exercise_between),
    HistoryRule("rising_frequency", SOON, (S002_INTRO,), ("see_doctor", "prevention"), rising_frequency, _recent_frequency, more_by_half),
    HistoryRule("rising_intensity", SOON, (S002_INTRO,), ("see_doctor", "prevention"), rising_intensity, _recent_intensity, two_points),
    HistoryRule("fluid_no_help", SOON, (S000_WARNING,), ("see_doctor", "dehydration", "low_minerals"), fluid_no_help, _fluid_episode_days, more_by_half),
    HistoryRule("persistent_pain", SOON, (S004, NHS_BACK), ("see_doctor", "treatment", "exercises"), persistent_pain, _recent_pain, two_points),
)
RULES_BY_NAME = {rule.name: rule for rule in RULES}


def holds_by_day(rule: HistoryRule, grid: DayGrid, first: int = 0, last: int | None = None) -> list[bool]:
    last = grid.n - 1 if last is None else last
    return [False] * first + [rule.holds(grid, i) for i in range(first, last + 1)]
