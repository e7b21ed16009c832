"""Safe repeated looks: which factors are tested, and which earn the "possible pattern" badge.

People open the dashboard every week, and each visit is a fresh look at the same growing diary.
A badge given whenever an ordinary 95% interval excludes 1 would, over a year of weekly looks,
show at least one false pattern in about a third of diaries with no real trigger. The rule here:

- A factor is *tested* (its estimate and interval are shown) once the logged days hold 10+ days
  with an episode, and 5+ logged days with and 5+ without the factor.
- It can be *badged* ("possible pattern": episodes more likely with it) once it is *eligible*:
  present (and absent) on enough logged days that, with no link at all, about 5 of them would
  have had an episode. Rare factors (a swim twice a year) cannot earn a badge, so they spend none
  of the error budget.
- It is badged when its adjusted ratio is above 1, at least 5 days with it had an episode, and
  its z statistic (log ratio / robust standard error) crosses a boundary that
  * splits a one-sided error budget ALPHA equally among all factors eligible at that look, same
    day and next day together (Bonferroni), and
  * is stricter while the diary is young: multiplied by sqrt(FULL_INFORMATION / logged days)
    below FULL_INFORMATION days with a check-in (an O'Brien-Fleming shape: the information in a
    diary grows with its logged days), so that the early looks, with few and unstable numbers,
    spend little of the budget. Measured in logged days rather than episode days, the shape
    holds whatever the person's episode rate (with episode days, diaries with three episodes a
    week reached the flat part early and showed false patterns in 16-19% of them).
ALPHA was calibrated with insights.simulate_patterns so that the chance of EVER showing a false
badge during a year of weekly looks stays at or under 10% (8.5% in the published run of 400
diaries; 5% and 7% in calibration runs at one and three episode days a week), while a tripling
is found in 99% of one-year diaries and a doubling in 51% (docs/patterns-and-alerts.md has the
table); tests/test_simulate_patterns.py holds the rule to it.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import NormalDist

import numpy as np

from .model import FactorColumn, FactorEstimate, all_cell_counts, fit_joint

MIN_EPISODE_DAYS = 10
MIN_EXPOSED_DAYS = 5
MIN_UNEXPOSED_DAYS = 5
MIN_EXPOSED_EPISODE_DAYS = 5  # for the badge only
EXPECTED_EPISODE_DAYS = 5.0  # eligibility: expected episode days with and without, if no link
ALPHA = 0.025  # one-sided, per look, shared by the factors eligible at that look
FULL_INFORMATION = 300  # days with a check-in (about a year at six a week); fewer make the boundary stricter

POSSIBLE = "possible"
NO_EVIDENCE = "no_evidence"
NOT_ENOUGH_DATA = "not_enough_data"


@dataclass(frozen=True)
class Finding:
    """One factor at one lag: its counts, its estimate when tested, and its status."""

    factor: str
    lag: int
    exposed_days: int
    exposed_with_episode: int
    unexposed_days: int
    unexposed_with_episode: int
    episode_days: int  # days with an episode among the rows of its analysis
    estimate: FactorEstimate | None = None
    status: str = NOT_ENOUGH_DATA
    boundary: float | None = None
    eligible: bool = False  # may earn the badge (see the module's docstring)
    logged_days: int = 0  # rows of the same-day analysis: the look's information in calendar terms

    @property
    def need_episode_days(self) -> int:
        return max(0, MIN_EPISODE_DAYS - self.episode_days)

    @property
    def need_exposed_days(self) -> int:
        return max(0, MIN_EXPOSED_DAYS - self.exposed_days)

    @property
    def need_unexposed_days(self) -> int:
        return max(0, MIN_UNEXPOSED_DAYS - self.unexposed_days)


def boundary(tested: int, logged_days: int, alpha: float = ALPHA, full_information: int = FULL_INFORMATION) -> float:
    """The z a factor must reach at this look to be badged."""
    z = NormalDist().inv_cdf(1 - alpha / max(tested, 1))
    if logged_days < full_information:
        z *= math.sqrt(full_information / max(logged_days, 1))
    return z


def _eligible(counts: tuple[int, int, int, int], episode_days: int, rows: int) -> bool:
    n1, _a, n0, _c = counts
    share = episode_days / rows if rows else 0.0
    return n1 * share >= EXPECTED_EPISODE_DAYS and n0 * share >= EXPECTED_EPISODE_DAYS


def _testable(counts: tuple[int, int, int, int], episode_days: int) -> bool:
    n1, _a, n0, _c = counts
    return episode_days >= MIN_EPISODE_DAYS and n1 >= MIN_EXPOSED_DAYS and n0 >= MIN_UNEXPOSED_DAYS


def assess(outcome: np.ndarray, same_day: list[FactorColumn],
           next_outcome: np.ndarray | None = None, next_day: list[FactorColumn] = (),
           alpha: float = ALPHA, full_information: int = FULL_INFORMATION) -> list[Finding]:
    """Both planned analyses at one look.

    outcome / same_day: one row per logged day (1 = a day with an episode) and the lag-0 columns.
    next_outcome / next_day: one row per logged day whose day before was logged too, with the
    lag-0 columns (adjusters, not reported) and the lag-1 columns (reported).
    """
    outcome = np.asarray(outcome, dtype=float)
    episode_days = int(outcome.sum())
    same_counts = all_cell_counts([c.values for c in same_day], outcome)
    same_tested = [c for c, n in zip(same_day, same_counts) if _testable(n, episode_days)]
    next_outcome = np.asarray(next_outcome if next_outcome is not None else [], dtype=float)
    next_episode_days = int(next_outcome.sum())
    next_counts = all_cell_counts([c.values for c in next_day], next_outcome)
    next_tested = [c for c, n in zip(next_day, next_counts) if _testable(n, next_episode_days)]
    reported_next = [c for c in next_tested if c.lag == 1]
    eligible = {(c.factor, 0) for c, n in zip(same_day, same_counts)
                if _testable(n, episode_days) and _eligible(n, episode_days, len(outcome))}
    eligible |= {(c.factor, 1) for c, n in zip(next_day, next_counts)
                 if c.lag == 1 and _testable(n, next_episode_days) and _eligible(n, next_episode_days, len(next_outcome))}
    tested_count = len(eligible)

    estimates = {(e.factor, e.lag): e for e in fit_joint(outcome, same_tested)}
    if reported_next:
        estimates.update({(e.factor, e.lag): e for e in fit_joint(next_outcome, next_tested) if e.lag == 1})

    findings = []
    z_needed = boundary(tested_count, len(outcome), alpha, full_information)
    lagged = [(c, n) for c, n in zip(next_day, next_counts) if c.lag == 1]
    for pairs, days in ((zip(same_day, same_counts), episode_days), (lagged, next_episode_days)):
        for column, counts in pairs:
            estimate = estimates.get((column.factor, column.lag))
            if estimate is None:
                findings.append(Finding(column.factor, column.lag, *counts, days))
                continue
            badge = ((column.factor, column.lag) in eligible and estimate.log_ratio > 0
                     and estimate.exposed_with_episode >= MIN_EXPOSED_EPISODE_DAYS
                     and estimate.z >= z_needed)
            findings.append(Finding(column.factor, column.lag, *counts, days, estimate,
                                    POSSIBLE if badge else NO_EVIDENCE, z_needed,
                                    (column.factor, column.lag) in eligible, len(outcome)))
    return findings
