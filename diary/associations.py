"""Factor associations: diary records to the joint model (insights.model) and the badge rule (insights.looks).

Method (docs/patterns-and-alerts.md has the long version):
- Rows are logged days (a check-in in the period). A factor is logged on a day when that day has
  a check-in AND its field is filled in; a blank is missing, never "unexposed". Activities are a
  checklist: a check-in with none ticked is a day without any activity, unless it records
  exercise minutes (then the activities are missing that day).
- Outcome: at least one episode on the same local day.
- Primary analysis: every tested factor in one Poisson model with robust errors; each ratio is
  adjusted for the others. Planned second analysis: activities on the day before (rows: logged
  days whose day before was logged), adjusted for the same-day factors.
- Tested from 10 days with an episode among logged days and 5 logged days with and 5 without;
  badged under insights.looks' rule for safe repeated looks.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from statistics import NormalDist
from typing import Iterable

import numpy as np
from django.utils.translation import gettext, ngettext

from insights import looks
from insights.model import FactorColumn

from .factors import (  # noqa: F401  (re-exported: callers import the catalogues from here too)
    ACTIVITY_FACTORS, COMPANIONS, CUSTOM_GUIDANCE, CUSTOM_PREFIX, FACTOR_GUIDANCE, FACTOR_LABELS, FACTOR_WHEN,
    FACTORS, NEXT_DAY_LABELS, NEXT_DAY_WHEN, REVERSE_CAUSATION, THRESHOLD_FACTORS, THRESHOLDS, factor_label,
    factor_when, format_ratio,
)
from .history import ACTIVITY_BITS, DiaryHistory, from_records
from .records import CheckInRecord, EpisodeRecord

MIN_EPISODE_DAYS = looks.MIN_EPISODE_DAYS
MIN_EXPOSED_DAYS = looks.MIN_EXPOSED_DAYS
MIN_UNEXPOSED_DAYS = looks.MIN_UNEXPOSED_DAYS
CORRELATED_PHI = 0.3
LARGE_RATIO = 10
@dataclass(frozen=True)
class Association:
    factor: str  # a slug, or "custom:<label>"
    exposed_days: int
    exposed_with_episode: int
    unexposed_days: int
    unexposed_with_episode: int
    ratio: float | None = None  # adjusted ratio of the chance of an episode day, from the joint model
    ci_low: float | None = None
    ci_high: float | None = None
    z: float | None = None
    boundary: float | None = None  # the z the badge needed at this look
    status: str = looks.NOT_ENOUGH_DATA  # possible | no_evidence | not_enough_data
    missing: tuple[str, ...] = ()
    travels_with: tuple[str, ...] = ()
    guidance: tuple[str, ...] = ()
    lag: int = 0  # 0 same day, 1 the day after
    display_label: str = ""
    when: str = ""

    @property
    def label(self) -> str:
        return self.display_label or factor_label(self.factor, self.lag)

    @property
    def tested(self) -> bool:
        return self.ratio is not None

    @property
    def p_value(self) -> float | None:
        """One-sided p-value for "more likely with it" (the badge needs far less than 0.05)."""
        return None if self.z is None else 1 - NormalDist().cdf(self.z)

    @property
    def custom(self) -> bool:
        return self.factor.startswith(CUSTOM_PREFIX)

    @property
    def exposed_share(self) -> float | None:
        return self.exposed_with_episode / self.exposed_days if self.exposed_days else None

    @property
    def unexposed_share(self) -> float | None:
        return self.unexposed_with_episode / self.unexposed_days if self.unexposed_days else None

    def headline(self) -> str:
        """The finding in plain words, without numbers for the interval."""
        if not self.tested:
            return ""
        when = self.when or factor_when(self.factor, self.lag)
        if self.ci_low <= 1 <= self.ci_high:
            return gettext("No clear difference so far %(when)s.") % {"when": when}
        if self.ratio >= 1:
            sentence = self.estimate_sentence()
            if self.status != looks.POSSIBLE:
                sentence += " " + gettext("Not yet clear enough to call it a pattern.")
            return sentence
        return gettext("Episodes were about %(percent)s%% less likely %(when)s.") % {
            "percent": round(100 * (1 - self.ratio)), "when": when}

    def estimate_sentence(self) -> str:
        """The estimate in words whatever the interval (for the numbers behind a headline)."""
        if not self.tested:
            return ""
        when = self.when or factor_when(self.factor, self.lag)
        if self.ratio >= LARGE_RATIO:
            # A ratio this large comes from few days (often none without the factor had an episode).
            return gettext("Episodes were more than %(ratio)s times as likely %(when)s.") % {
                "ratio": LARGE_RATIO, "when": when}
        if self.ratio >= 1:
            return gettext("Episodes were about %(ratio)s times as likely %(when)s.") % {
                "ratio": format_ratio(self.ratio), "when": when}
        return gettext("Episodes were about %(percent)s%% less likely %(when)s.") % {
            "percent": round(100 * (1 - self.ratio)), "when": when}

    def sentence(self) -> str:
        """The finding with its 95% interval, as the patterns page and the summary print it."""
        if not self.tested:
            return ""
        return gettext("%(estimate)s 95%% interval %(low)s–%(high)s.") % {
            "estimate": self.estimate_sentence(), "low": format_ratio(self.ci_low), "high": format_ratio(self.ci_high)}

    def interval_text(self) -> str:
        if not self.tested:
            return ""
        return gettext("95%% interval %(low)s–%(high)s.") % {
            "low": format_ratio(self.ci_low), "high": format_ratio(self.ci_high)}

    def numbers(self) -> str:
        if not self.tested:
            return ""
        return gettext(
            "Adjusted ratio %(ratio)s (95%% interval %(low)s–%(high)s), allowing for the other factors. "
            "An episode on %(exposed_with)d of %(exposed)d logged days with it and %(unexposed_with)d of "
            "%(unexposed)d without."
        ) % {
            "ratio": format_ratio(self.ratio), "low": format_ratio(self.ci_low), "high": format_ratio(self.ci_high),
            "exposed_with": self.exposed_with_episode, "exposed": self.exposed_days,
            "unexposed_with": self.unexposed_with_episode, "unexposed": self.unexposed_days,
        }

    def caveats(self) -> list[str]:
        notes = []
        if self.factor in REVERSE_CAUSATION:
            notes.append(gettext(
                "This can work the other way round: a tight or painful back can lead to this, "
                "rather than be caused by it."
            ))
        if self.travels_with:
            # Translators: quotation marks around a factor's name, as your language writes them.
            labels = [gettext("“%(factor)s”") % {"factor": factor_label(f, self.lag)}
                      for f in (self.factor, *self.travels_with)]
            notes.append(gettext("%(factors)s and %(last)s often went together on the same days, so their patterns "
                                 "are hard to tell apart.") % {"factors": ", ".join(labels[:-1]), "last": labels[-1]})
        if self.factor in ACTIVITY_FACTORS:
            notes.append(gettext(
                "Guidelines advise staying active: do not give this activity up because of a pattern; "
                "warming up, pacing and fluids are worth a look instead."
            ))
        return notes


# --- records to model columns ----------------------------------------------------------------

def _custom_column(spec, answers: np.ndarray) -> np.ndarray:
    """1.0 exposed, 0.0 not, nan unknown, from the answers (yes/no as 1/0, numbers as such; nan unanswered)."""
    unknown = np.isnan(answers)
    if spec.kind == "yesno":
        return np.where(unknown, np.nan, (answers != 0).astype(float))
    if spec.threshold is None:
        return np.full(len(answers), np.nan)
    with np.errstate(invalid="ignore"):
        return np.where(unknown, np.nan, (answers >= float(spec.threshold)).astype(float))


def column_factor_values(history: DiaryHistory, mask: np.ndarray, custom_factors=()) -> dict[str, np.ndarray]:
    """Each factor's exposure on each check-in of `mask`, as columns: 1.0, 0.0 or nan (not logged)."""
    if not history.factors_read:
        raise ValueError("these columns were read without the check-ins' factors")
    values = {}
    bits = history.activity_bits[mask]
    exercise = history.columns["exercise_minutes"][mask]
    # Activities count as logged when some were ticked, or when no exercise time was given.
    activities_logged = history.any_activity[mask] | np.isnan(exercise) | (exercise == 0)
    for activity in ACTIVITY_FACTORS:
        ticked = ((bits & ACTIVITY_BITS[activity]) != 0).astype(float)
        values[activity] = np.where(activities_logged, ticked, np.nan)
    for factor, (field_name, test) in THRESHOLDS.items():  # each test works on a whole numpy column
        raw = history.columns[field_name][mask]
        with np.errstate(invalid="ignore"):
            values[factor] = np.where(np.isnan(raw), np.nan, test(raw).astype(float))
    for spec in custom_factors:
        answers = history.custom.get(spec.label)
        answers = answers[mask] if answers is not None else np.full(int(mask.sum()), np.nan)
        values[CUSTOM_PREFIX + spec.label] = _custom_column(spec, answers)
    return values


def factor_values(rows: list[CheckInRecord], custom_factors=()) -> dict[str, np.ndarray]:
    """Each factor's exposure on each check-in (in date order), as columns: 1.0, 0.0 or nan (not logged)."""
    history = from_records((), rows, custom_factors)
    return column_factor_values(history, np.ones(len(history.checkin_days), dtype=bool), custom_factors)


@dataclass(frozen=True)
class DayTable:
    """Logged days in date order, each factor's exposure on them, and the episode outcome."""

    days: np.ndarray  # date ordinals
    outcome: np.ndarray
    values: dict[str, np.ndarray]
    episode_days_per_logged_day: float
    logged_days_per_week: float

    @property
    def dates(self) -> tuple[date, ...]:
        return tuple(date.fromordinal(int(d)) for d in self.days)


def column_day_table(history: DiaryHistory, start: date, end: date, custom_factors=()) -> DayTable:
    mask = history.checkins_between(start, end)
    days = history.checkin_days[mask]
    values = column_factor_values(history, mask, custom_factors)
    episode_days = history.episode_days[history.episodes_between(start, end)]
    outcome = np.isin(days, episode_days).astype(float)
    # The pace of check-ins since the first one in the period (not since a far-back period start).
    weeks = max((end.toordinal() - int(days[0]) + 1) / 7, 1) if len(days) else 1
    return DayTable(
        days=days, outcome=outcome, values=values,
        episode_days_per_logged_day=float(outcome.mean()) if len(days) else 0.0,
        logged_days_per_week=len(days) / weeks,
    )


def day_table(episodes: Iterable[EpisodeRecord], checkins: Iterable[CheckInRecord], start: date, end: date,
              custom_factors=()) -> DayTable:
    return column_day_table(from_records(episodes, checkins, custom_factors), start, end, custom_factors)


def model_columns(table: DayTable):
    """(outcome, same-day columns, next-day outcome, next-day columns) for insights.looks.assess."""
    same_day = [FactorColumn(f, 0, v) for f, v in table.values.items()]
    pairs = np.flatnonzero(np.diff(table.days) == 1) + 1  # rows whose day before is a row too
    next_day = [FactorColumn(f, 0, v[pairs]) for f, v in table.values.items()]
    next_day += [FactorColumn(f, 1, table.values[f][pairs - 1]) for f in ACTIVITY_FACTORS]
    return table.outcome, same_day, table.outcome[pairs], next_day


# --- what is missing, in the user's terms -----------------------------------------------------

def _weeks_text(weeks: float) -> str:
    count = max(1, math.ceil(weeks))
    return ngettext("about %(count)d more week of check-ins", "about %(count)d more weeks of check-ins", count) % {
        "count": count}


def missing_text(finding: looks.Finding, table: DayTable, exposure_share: float | None) -> tuple[str, ...]:
    """What a factor lacks before it can be tested, and roughly how long that takes at this pace."""
    missing, weeks = [], []
    per_week = table.logged_days_per_week
    if finding.need_episode_days:
        count = finding.need_episode_days
        missing.append(ngettext("%(count)d more day with an episode", "%(count)d more days with an episode", count)
                       % {"count": count})
        rate = table.episode_days_per_logged_day * per_week
        if rate:
            weeks.append(count / rate)
    if finding.need_exposed_days:
        count = finding.need_exposed_days
        missing.append(ngettext("%(count)d more logged day with it", "%(count)d more logged days with it", count)
                       % {"count": count})
        if exposure_share:
            weeks.append(count / (exposure_share * per_week))
    if finding.need_unexposed_days:
        count = finding.need_unexposed_days
        missing.append(ngettext("%(count)d more logged day without it", "%(count)d more logged days without it", count)
                       % {"count": count})
        if exposure_share is not None and exposure_share < 1:
            weeks.append(count / ((1 - exposure_share) * per_week))
    if not len(table.days):
        missing.append(gettext("daily check-ins: days without one cannot be compared"))
    elif weeks and per_week and max(weeks) <= 104:
        missing.append(_weeks_text(max(weeks)))
    return tuple(missing)


def correlations(values: dict[str, np.ndarray]) -> dict[tuple[str, str], float]:
    """Correlation (phi) of every pair of yes/no factors over the days where both were logged.

    Pairs logged together on fewer than 10 days get 0. One set of matrix products, not a loop.
    """
    names = list(values)
    if not names or not len(values[names[0]]):
        return {}
    matrix = np.column_stack([values[n] for n in names])
    logged = (~np.isnan(matrix)).astype(float)
    x = np.nan_to_num(matrix)
    both = logged.T @ logged  # days both logged
    sum_x = x.T @ logged  # [i, j]: days with i, among days both logged (x is 0/1, so x*x == x)
    sum_xy = x.T @ x
    with np.errstate(invalid="ignore", divide="ignore"):
        mean_i, mean_j = sum_x / both, sum_x.T / both
        cov = sum_xy / both - mean_i * mean_j
        phi = cov / np.sqrt(mean_i * (1 - mean_i) * mean_j * (1 - mean_j))
    phi = np.where((both >= 10) & np.isfinite(phi), phi, 0.0)
    return {(a, b): float(phi[i, j]) for i, a in enumerate(names) for j, b in enumerate(names) if i != j}


def pattern_associations(episodes: Iterable[EpisodeRecord], checkins: Iterable[CheckInRecord], start: date, end: date,
                         custom_factors=()) -> tuple[Association, ...]:
    """Both planned analyses: same-day rows (every factor) then next-day rows (activities)."""
    custom_factors = tuple(custom_factors or ())
    return column_associations(from_records(episodes, checkins, custom_factors), start, end, custom_factors)


def column_associations(history: DiaryHistory, start: date, end: date, custom_factors=()) -> tuple[Association, ...]:
    """pattern_associations over a diary's columns (diary.history)."""
    custom_factors = tuple(custom_factors or ())
    table = column_day_table(history, start, end, custom_factors)
    findings = looks.assess(*model_columns(table))
    tested = {(f.factor, f.lag) for f in findings if f.estimate is not None}
    possible = {(f.factor, f.lag) for f in findings if f.status == looks.POSSIBLE}
    phi = correlations({f: v for f, v in table.values.items() if (f, 0) in tested})

    def companions(factor, lag):
        if (factor, lag) not in tested:
            return ()
        found = []
        for other in table.values:
            if other == factor or (other, lag) not in tested:
                continue
            known = other in COMPANIONS.get(factor, ()) and (factor, lag) in possible and (other, lag) in possible
            correlated = lag == 0 and abs(phi.get((factor, other), 0.0)) >= CORRELATED_PHI
            if known or correlated:
                found.append(other)
        return tuple(found)

    results = []
    for finding in findings:
        logged = finding.exposed_days + finding.unexposed_days
        share = finding.exposed_days / logged if logged else None
        guidance = CUSTOM_GUIDANCE if finding.factor.startswith(CUSTOM_PREFIX) else FACTOR_GUIDANCE[finding.factor]
        common = dict(
            factor=finding.factor, lag=finding.lag,
            exposed_days=finding.exposed_days, exposed_with_episode=finding.exposed_with_episode,
            unexposed_days=finding.unexposed_days, unexposed_with_episode=finding.unexposed_with_episode,
            guidance=guidance, display_label=factor_label(finding.factor, finding.lag, custom_factors),
            when=factor_when(finding.factor, finding.lag, custom_factors),
        )
        e = finding.estimate
        if e is None:
            results.append(Association(**common, missing=missing_text(finding, table, share)))
        else:
            results.append(Association(
                **common, ratio=e.ratio, ci_low=e.ci_low, ci_high=e.ci_high, z=e.z, boundary=finding.boundary,
                status=finding.status, travels_with=companions(finding.factor, finding.lag),
            ))
    return tuple(results)


def factor_associations(episodes: Iterable[EpisodeRecord], checkins: Iterable[CheckInRecord], start: date, end: date,
                        custom_factors=()) -> tuple[Association, ...]:
    """The primary (same-day) rows only, for the dashboard, charts and summary."""
    return tuple(a for a in pattern_associations(episodes, checkins, start, end, custom_factors) if a.lag == 0)


def episode_days_needed(episodes: Iterable[EpisodeRecord], checkins: Iterable[CheckInRecord], start: date,
                        end: date) -> int:
    """More days with an episode (among days with a check-in) before any factor can be tested."""
    return column_episode_days_needed(from_records(episodes, checkins), start, end)


def column_episode_days_needed(history: DiaryHistory, start: date, end: date) -> int:
    logged = history.checkin_days[history.checkins_between(start, end)]
    with_episode = np.intersect1d(logged, history.episode_days)
    return max(0, MIN_EPISODE_DAYS - len(with_episode))
