"""N-of-1 experiments: drawing the schedule, and the one analysis planned at the start.

Designs (both balanced, both drawn once with a stored seed):
- "days": each fortnight has exactly 7 "do" days in random order (an odd last week has 3 or 4,
  by a coin), so every stretch of the experiment is balanced against slow changes.
- "weeks": whole weeks, exactly half of them "do" weeks chosen at random (an even number of
  weeks, 8-12: with 6 weeks there are only 20 possible schedules, so even a perfect result
  could not reach the 5% level). Weeks suit suspects whose effect may last into the next day.

Analysis, fixed before the first day: on the days with anything recorded (a check-in, an
episode or an answer to "did you follow today's plan?"), the share of days with an episode on
"do" days against "don't" days, by assignment (intention to treat: a day counts where it was
planned, whatever was done). The p-value is a randomisation test over the design's own draws
(exact for weeks, 10,000 seeded draws for days): how often a schedule the design could have
drawn shows a difference at least as large. The 95% interval for the difference is Newcombe's
hybrid score interval (good coverage with small counts and zeros). No ORM, no Django.
"""
from __future__ import annotations

import itertools
import math
import random
from dataclasses import dataclass
from datetime import date, timedelta
from statistics import NormalDist

import numpy as np

DAYS, WEEKS = "days", "weeks"
DESIGNS = (DAYS, WEEKS)
MIN_WEEKS, MAX_WEEKS = 6, 12
WEEK_LENGTHS = {DAYS: tuple(range(MIN_WEEKS, MAX_WEEKS + 1)), WEEKS: (8, 10, 12)}
FORTNIGHT = 14
DRAWS = 10_000
ALPHA = 0.05
Z_95 = NormalDist().inv_cdf(0.975)
# Fewer recorded days than this on either side and the result is not conclusive whatever the numbers.
MIN_DAYS_PER_ARM = 14

# Verdicts (the template words them)
FEWER, MORE, NO_CLEAR_DIFFERENCE, NOT_CONCLUSIVE, TOO_FEW_DAYS = "fewer", "more", "no_clear_difference", "not_conclusive", "too_few_days"


def length_problem(design: str, weeks: int) -> bool:
    return weeks not in WEEK_LENGTHS.get(design, ())


# ---------------------------------------------------------------- schedules

def _days_schedule(rng: random.Random, weeks: int) -> list[bool]:
    plan = []
    for block_start in range(0, weeks * 7, FORTNIGHT):
        size = min(FORTNIGHT, weeks * 7 - block_start)
        do = size // 2 if size == FORTNIGHT else size // 2 + rng.randrange(2)
        block = [True] * do + [False] * (size - do)
        rng.shuffle(block)
        plan += block
    return plan


def _weeks_schedule(rng: random.Random, weeks: int) -> list[bool]:
    order = [True] * (weeks // 2) + [False] * (weeks - weeks // 2)
    rng.shuffle(order)
    return [week_do for week_do in order for _day in range(7)]


def draw_schedule(design: str, weeks: int, seed: int) -> tuple[bool, ...]:
    """One bool per day of the experiment, True on "do" days; the same seed gives the same schedule."""
    if design not in DESIGNS or length_problem(design, weeks):
        raise ValueError(f"no {design} design of {weeks} weeks")
    rng = random.Random(seed)
    plan = _days_schedule(rng, weeks) if design == DAYS else _weeks_schedule(rng, weeks)
    return tuple(plan)


def assignment_on(start: date, schedule, day: date) -> bool | None:
    """The plan for a day: True "do", False "don't", None outside the experiment."""
    index = (day - start).days
    return schedule[index] if 0 <= index < len(schedule) else None


def _all_draws(design: str, weeks: int, seed: int, draws: int = DRAWS) -> np.ndarray:
    """Every schedule the design could draw (weeks), or DRAWS seeded ones (days): a bool matrix."""
    days = weeks * 7
    if design == WEEKS:
        rows = []
        for do_weeks in itertools.combinations(range(weeks), weeks // 2):
            week_plan = np.zeros(weeks, dtype=bool)
            week_plan[list(do_weeks)] = True
            rows.append(np.repeat(week_plan, 7))
        return np.array(rows)
    rng = np.random.default_rng(seed)
    plans = np.zeros((draws, days), dtype=bool)
    for block_start in range(0, days, FORTNIGHT):
        size = min(FORTNIGHT, days - block_start)
        do_count = np.full(draws, size // 2) if size == FORTNIGHT else size // 2 + rng.integers(0, 2, draws)
        # A uniformly random order of the block's days; the first do_count of them are "do" days.
        ranks = rng.random((draws, size)).argsort(axis=1).argsort(axis=1)
        plans[:, block_start:block_start + size] = ranks < do_count[:, None]
    return plans


# ---------------------------------------------------------------- analysis

@dataclass(frozen=True)
class ExperimentResult:
    planned_days: int
    analysed_through: int  # days of the plan that have passed (all of them once finished)
    do_days: int  # recorded "do" days
    do_episode_days: int
    dont_days: int
    dont_episode_days: int
    followed_days: int  # days answered "followed the plan"
    answered_days: int  # days with an answer to "did you follow today's plan?"
    difference: float | None  # share on "do" days minus share on "don't" days
    low: float | None
    high: float | None
    p_value: float | None
    stopped_early: bool
    verdict: str

    @property
    def do_share(self) -> float | None:
        return self.do_episode_days / self.do_days if self.do_days else None

    @property
    def dont_share(self) -> float | None:
        return self.dont_episode_days / self.dont_days if self.dont_days else None

    @property
    def conclusive(self) -> bool:
        return self.verdict in (FEWER, MORE, NO_CLEAR_DIFFERENCE)

    @property
    def adherence(self) -> float | None:
        return self.followed_days / self.answered_days if self.answered_days else None

    # Rounded for plain words: "per 100 days" and a p-value in per cent.
    @property
    def difference_per_100(self) -> int | None:
        return None if self.difference is None else round(self.difference * 100)

    @property
    def low_per_100(self) -> int | None:
        return None if self.low is None else round(self.low * 100)

    @property
    def high_per_100(self) -> int | None:
        return None if self.high is None else round(self.high * 100)

    @property
    def difference_abs(self) -> int | None:
        return None if self.difference_per_100 is None else abs(self.difference_per_100)

    # Interval ends per 100 days, signed with a true minus sign: "−31", "+10".
    @property
    def low_signed(self) -> str:
        return _signed(self.low_per_100)

    @property
    def high_signed(self) -> str:
        return _signed(self.high_per_100)

    @property
    def p_percent(self) -> float | None:
        return None if self.p_value is None else round(self.p_value * 100, 1)


def _signed(value: int | None) -> str:
    if value is None:
        return ""
    return f"+{value}" if value > 0 else (f"\u2212{-value}" if value < 0 else "0")


def wilson(events: int, n: int) -> tuple[float, float]:
    if n == 0:
        return 0.0, 1.0
    share = events / n
    centre = share + Z_95 ** 2 / (2 * n)
    spread = Z_95 * math.sqrt(share * (1 - share) / n + Z_95 ** 2 / (4 * n * n))
    denominator = 1 + Z_95 ** 2 / n
    return (centre - spread) / denominator, (centre + spread) / denominator


def newcombe_interval(e1: int, n1: int, e2: int, n2: int) -> tuple[float, float]:
    """95% interval for e1/n1 - e2/n2 (Newcombe 1998, method 10: hybrid score)."""
    p1, p2 = e1 / n1, e2 / n2
    l1, u1 = wilson(e1, n1)
    l2, u2 = wilson(e2, n2)
    difference = p1 - p2
    low = difference - math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2)
    high = difference + math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)
    return max(-1.0, low), min(1.0, high)


def _differences(plans: np.ndarray, recorded: np.ndarray, episode: np.ndarray) -> np.ndarray:
    do = plans & recorded
    dont = ~plans & recorded
    n_do, n_dont = do.sum(axis=1), dont.sum(axis=1)
    e_do, e_dont = (do & episode).sum(axis=1), (dont & episode).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        diff = e_do / n_do - e_dont / n_dont
    return np.nan_to_num(diff, nan=0.0)


def randomisation_p(design: str, weeks: int, seed: int, schedule, recorded, episode, draws: int = DRAWS) -> float:
    """Two-sided p: the share of the design's schedules with a difference at least as large as the one drawn."""
    recorded = np.asarray(recorded, dtype=bool)
    episode = np.asarray(episode, dtype=bool)
    plans = _all_draws(design, weeks, seed, draws)
    plans = plans[:, : len(recorded)]
    observed = abs(_differences(np.asarray(schedule, dtype=bool)[None, : len(recorded)], recorded, episode)[0])
    drawn = np.abs(_differences(plans, recorded, episode))
    tied = np.isclose(drawn, observed, rtol=0, atol=1e-12)
    larger = int((drawn > observed).sum() - (tied & (drawn > observed)).sum())
    # Mid-p: ties count half. Counts of days are whole numbers, so many schedules tie exactly with
    # the one drawn; counting them in full makes the test check at about 2.5% instead of 5%
    # (measured: see docs/experiments.md), which wastes the little power a few weeks have.
    weight = larger + 0.5 * int(tied.sum())
    if design == WEEKS:
        return weight / len(plans)  # exact: the observed schedule is among them
    return (weight + 1) / (len(plans) + 1)


def analyse(*, design: str, weeks: int, seed: int, start: date, schedule, episode_dates, recorded_dates,
            adherence: dict | None = None, through: date | None = None, stopped_early: bool = False) -> ExperimentResult:
    """The planned analysis of an experiment over its days up to `through` (default: its last day).

    episode_dates: local dates with at least one episode; recorded_dates: dates with a check-in
    (episode dates and adherence answers count as recorded too); adherence: {date: bool}.
    """
    planned = len(schedule)
    last = start + timedelta(days=planned - 1)
    through = min(through or last, last)
    elapsed = max(0, (through - start).days + 1)
    adherence = adherence or {}
    episode_set, recorded_set = set(episode_dates), set(recorded_dates) | set(episode_dates) | set(adherence)
    days = [start + timedelta(days=i) for i in range(elapsed)]
    recorded = [d in recorded_set for d in days]
    episode = [d in episode_set for d in days]
    plan = list(schedule[:elapsed])
    do_days = sum(1 for r, p in zip(recorded, plan) if r and p)
    dont_days = sum(1 for r, p in zip(recorded, plan) if r and not p)
    do_events = sum(1 for r, p, e in zip(recorded, plan, episode) if r and p and e)
    dont_events = sum(1 for r, p, e in zip(recorded, plan, episode) if r and not p and e)
    answered = [adherence[d] for d in days if d in adherence]
    counts = dict(planned_days=planned, analysed_through=elapsed, do_days=do_days, do_episode_days=do_events,
                  dont_days=dont_days, dont_episode_days=dont_events, followed_days=sum(answered),
                  answered_days=len(answered), stopped_early=stopped_early)
    if do_days == 0 or dont_days == 0:
        return ExperimentResult(**counts, difference=None, low=None, high=None, p_value=None,
                                verdict=NOT_CONCLUSIVE if stopped_early else TOO_FEW_DAYS)
    difference = do_events / do_days - dont_events / dont_days
    low, high = newcombe_interval(do_events, do_days, dont_events, dont_days)
    p_value = randomisation_p(design, weeks, seed + 1, schedule, recorded + [False] * (planned - elapsed),
                              episode + [False] * (planned - elapsed))
    if stopped_early:
        verdict = NOT_CONCLUSIVE
    elif min(do_days, dont_days) < MIN_DAYS_PER_ARM:
        verdict = TOO_FEW_DAYS
    elif p_value < ALPHA:
        verdict = FEWER if difference < 0 else MORE
    else:
        verdict = NO_CLEAR_DIFFERENCE
    return ExperimentResult(**counts, difference=difference, low=low, high=high, p_value=p_value, verdict=verdict)


# ---------------------------------------------------------------- simulation (tests and docs)

def fisher_two_sided(e1: int, n1: int, e2: int, n2: int) -> float:
    """Fisher's exact test of a 2x2 table (events/days in two groups), two-sided, mid-p (as the experiments)."""
    total_events, total = e1 + e2, n1 + n2

    def probability(k):
        return math.comb(n1, k) * math.comb(n2, total_events - k) / math.comb(total, total_events)

    low, high = max(0, total_events - n2), min(n1, total_events)
    observed = probability(e1)
    probabilities = [probability(k) for k in range(low, high + 1)]
    smaller = sum(p for p in probabilities if p < observed * (1 - 1e-7))
    equal = sum(p for p in probabilities if abs(p - observed) <= observed * 1e-7)
    return min(1.0, smaller + 0.5 * equal)


@dataclass(frozen=True)
class PowerRow:
    weeks: int
    ratio: float
    experiment_days: float  # share of experiments (days design) finding a difference at 5%
    experiment_weeks: float | None  # weeks design (None where the length is not offered)
    ordinary: float  # ordinary diary, suspect done by habit on 30% of days, Fisher's exact test at 5%
    ordinary_confounded: float  # the same, but the suspect travels with a real trigger (see simulate_power)


def simulate_power(weeks: int, ratio: float, *, baseline: float = 0.25, runs: int = 400, seed: int = 1,
                   draws: int = 999) -> PowerRow:
    """How often each approach reports a difference at the 5% level, for a true ratio of episode-day chances.

    Experiment: the schedule decides the suspect's days (full adherence). Ordinary diary of the
    same length: the user does it by habit on 30% of days. Confounded diary: a real trigger
    (present on 30% of days, doubling the chance of an episode) comes with the suspect on 70% of
    its days, against 15% otherwise, as drinking more goes with running.
    """
    rng = np.random.default_rng(seed)
    days = weeks * 7
    found = {"days": 0, "weeks": 0, "ordinary": 0, "confounded": 0}
    for run in range(runs):
        for design in (DAYS, WEEKS):
            if length_problem(design, weeks):
                continue
            plan = np.array(draw_schedule(design, weeks, seed * 100_000 + run), dtype=bool)
            episode = rng.random(days) < np.where(plan, baseline * ratio, baseline)
            p = randomisation_p(design, weeks, run, plan, np.ones(days, bool), episode, draws=draws)
            found[design] += p < ALPHA
        habit = rng.random(days) < 0.3
        episode = rng.random(days) < np.where(habit, baseline * ratio, baseline)
        found["ordinary"] += _fisher_on(habit, episode) < ALPHA
        trigger = rng.random(days) < 0.3
        suspect = rng.random(days) < np.where(trigger, 0.7, 0.15)
        chance = np.where(trigger, baseline * 2, baseline) * np.where(suspect, ratio, 1.0)
        episode = rng.random(days) < np.minimum(chance, 1.0)
        found["confounded"] += _fisher_on(suspect, episode) < ALPHA
    return PowerRow(
        weeks=weeks, ratio=ratio, experiment_days=found["days"] / runs,
        experiment_weeks=None if length_problem(WEEKS, weeks) else found["weeks"] / runs,
        ordinary=found["ordinary"] / runs, ordinary_confounded=found["confounded"] / runs,
    )


def _fisher_on(exposed, episode) -> float:
    n1 = int(exposed.sum())
    n2 = len(exposed) - n1
    if n1 == 0 or n2 == 0:
        return 1.0
    return fisher_two_sided(int((exposed & episode).sum()), n1, int((~exposed & episode).sum()), n2)
