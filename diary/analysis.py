"""Patterns in a diary: pure functions over plain records (diary.records), no ORM inside."""
from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from statistics import median
from typing import Iterable

from django.utils.formats import number_format
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from .records import CheckInRecord, DiaryData, EpisodeRecord


@dataclass(frozen=True)
class WeekStat:
    week_start: date  # a Monday
    episodes: int
    median_intensity: float | None
    worst_intensity: int | None


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def weekly_series(episodes: Iterable[EpisodeRecord], start: date, end: date) -> list[WeekStat]:
    """One row per calendar week (Monday first) from start's week to end's week, empty weeks included."""
    by_week = defaultdict(list)
    for episode in episodes:
        if start <= episode.local_date <= end:
            by_week[monday_of(episode.local_date)].append(episode.intensity)
    weeks = []
    week = monday_of(start)
    while week <= end:
        values = by_week.get(week, [])
        weeks.append(
            WeekStat(
                week_start=week,
                episodes=len(values),
                median_intensity=float(median(values)) if values else None,
                worst_intensity=max(values) if values else None,
            )
        )
        week += timedelta(days=7)
    return weeks


def daily_worst_pain(
    episodes: Iterable[EpisodeRecord], checkins: Iterable[CheckInRecord], start: date, end: date
) -> dict[date, int | None]:
    """Worst pain per local day from episodes and check-ins; None where nothing was logged.

    A check-in with worst_pain left blank says nothing about pain, so such a day stays None
    unless an episode was logged.
    """
    worst: dict[date, int | None] = {}
    day = start
    while day <= end:
        worst[day] = None
        day += timedelta(days=1)
    for checkin in checkins:
        if checkin.date in worst and checkin.worst_pain is not None:
            current = worst[checkin.date]
            worst[checkin.date] = checkin.worst_pain if current is None else max(current, checkin.worst_pain)
    for episode in episodes:
        if episode.local_date in worst:
            current = worst[episode.local_date]
            worst[episode.local_date] = episode.intensity if current is None else max(current, episode.intensity)
    return worst


# ---------------------------------------------------------------------------------------------
# Patterns: descriptive counts, factor associations and trends.
#
# Method notes (the brief's "Patterns", with the choices it leaves open):
# - A factor is "logged" on a day when that day has a check-in AND the factor's field is filled
#   in; a blank field is missing for that factor, never "unexposed". Days without a check-in
#   are missing for every factor.
# - Activities are a checklist, so a check-in with no activity ticked counts as a logged day
#   without any activity, except when it records exercise minutes > 0: then some activity was
#   done but not named, and the day is missing for every activity factor.
# - Outcome: at least one episode on the same local day (a next-day window halves the power).
# - Rate ratio with a Katz log 95% interval, 0.5 added to every cell when any cell is 0.
#   The p-value that feeds Benjamini-Hochberg is Fisher's exact two-sided test (exact, and
#   conservative with the small counts a diary has); "possible" needs BH q <= 0.10 AND a
#   Katz interval that excludes 1.
# - Trends compare the last 4 (and 8) weeks with the same length just before. Intensity is
#   the mean episode intensity; it is "rising"/"falling" when it moved by 2 points, or by 30%
#   of the earlier level and at least 1 point. Frequency is episodes per week; a count has no
#   "points", so it moves when it changed by 30% or more AND by at least 2 episodes over the
#   window, so that one extra episode never makes a trend.
# ---------------------------------------------------------------------------------------------

MIN_EXPOSED_DAYS = 5
MIN_UNEXPOSED_DAYS = 5
MIN_EPISODES = 10
EPISODES_FOR_MODERATE_EFFECT = 24
BH_Q = 0.10
Z_95 = 1.959963984540054
CLINICAL_POINTS = 2.0
CLINICAL_FRACTION = 0.30
MIN_FREQUENCY_CHANGE = 2  # episodes over the window
CORRELATED_PHI = 0.3

ACTIVITY_FACTORS = ("stretching", "running", "walking", "gym", "cycling", "swimming", "other")
THRESHOLD_FACTORS = ("low_fluid", "caffeine", "alcohol", "stress", "short_sleep", "long_sitting")
FACTORS = ACTIVITY_FACTORS + THRESHOLD_FACTORS

# Factor -> (check-in field, test of exposure).
_THRESHOLDS = {
    "low_fluid": ("fluid_litres", lambda v: v < 1.5),
    "caffeine": ("caffeine_drinks", lambda v: v >= 3),
    "alcohol": ("alcohol_units", lambda v: v >= 3),
    "stress": ("stress", lambda v: v >= 7),
    "short_sleep": ("sleep_hours", lambda v: v < 6),
    "long_sitting": ("sitting_hours", lambda v: v >= 8),
}

FACTOR_GUIDANCE = {
    "stretching": ("stretching", "exercises"),
    "running": ("running", "no_warmup", "prevention"),
    "walking": ("walking", "prevention"),
    "gym": ("overexertion", "no_warmup", "prevention"),
    "cycling": ("overexertion", "poor_posture", "prevention"),
    "swimming": ("overexertion", "prevention"),
    "other": ("overexertion", "prevention"),
    "low_fluid": ("dehydration", "low_minerals"),
    "caffeine": ("caffeine",),
    "alcohol": ("alcohol",),
    "stress": ("stress", "breathing"),
    "short_sleep": ("poor_sleep",),
    "long_sitting": ("prolonged_sitting", "poor_posture", "exercises"),
}

FACTOR_LABELS = {
    "stretching": _("Stretching"),
    "running": _("Running"),
    "walking": _("Walking"),
    "gym": _("Gym"),
    "cycling": _("Cycling"),
    "swimming": _("Swimming"),
    "other": _("Other activity"),
    "low_fluid": _("Drinking less than 1.5 l"),
    "caffeine": _("3 or more caffeinated drinks"),
    "alcohol": _("3 or more units of alcohol"),
    "stress": _("Stress 7 or more"),
    "short_sleep": _("Sleeping less than 6 hours"),
    "long_sitting": _("Sitting 8 hours or more"),
}

# Whole sentences for translators; %(exposed)s and %(unexposed)s are percentages.
FACTOR_SENTENCES = {
    "stretching": _("On days you stretched, you had an episode %(exposed)s of the time; on other days %(unexposed)s."),
    "running": _("On days you ran, you had an episode %(exposed)s of the time; on other days %(unexposed)s."),
    "walking": _("On days you walked, you had an episode %(exposed)s of the time; on other days %(unexposed)s."),
    "gym": _("On days you went to the gym, you had an episode %(exposed)s of the time; on other days %(unexposed)s."),
    "cycling": _("On days you cycled, you had an episode %(exposed)s of the time; on other days %(unexposed)s."),
    "swimming": _("On days you swam, you had an episode %(exposed)s of the time; on other days %(unexposed)s."),
    "other": _("On days with another activity, you had an episode %(exposed)s of the time; on other days %(unexposed)s."),
    "low_fluid": _("On days you drank less than 1.5 l, you had an episode %(exposed)s of the time; on other days %(unexposed)s."),
    "caffeine": _("On days with 3 or more caffeinated drinks, you had an episode %(exposed)s of the time; on other days %(unexposed)s."),
    "alcohol": _("On days with 3 or more units of alcohol, you had an episode %(exposed)s of the time; on other days %(unexposed)s."),
    "stress": _("On days your stress was 7 or more, you had an episode %(exposed)s of the time; on other days %(unexposed)s."),
    "short_sleep": _("On days after less than 6 hours of sleep, you had an episode %(exposed)s of the time; on other days %(unexposed)s."),
    "long_sitting": _("On days you sat for 8 hours or more, you had an episode %(exposed)s of the time; on other days %(unexposed)s."),
}

# Things that can follow a tight back rather than cause it (reverse causation).
REVERSE_CAUSATION = {"stretching", "walking", "long_sitting", "short_sleep"}
# Factors that travel together whatever the numbers say: sweating on exercise days.
COMPANIONS = {
    "running": ("low_fluid",), "gym": ("low_fluid",), "cycling": ("low_fluid",),
    "low_fluid": ("running", "gym", "cycling"),
}


@dataclass(frozen=True)
class Association:
    factor: str
    exposed_days: int
    exposed_with_episode: int
    unexposed_days: int
    unexposed_with_episode: int
    ratio: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    p_value: float | None = None
    q_value: float | None = None
    status: str = "not_enough_data"  # possible | no_evidence | not_enough_data
    missing: tuple[str, ...] = ()
    travels_with: tuple[str, ...] = ()
    guidance: tuple[str, ...] = ()

    @property
    def label(self):
        return FACTOR_LABELS[self.factor]

    @property
    def tested(self) -> bool:
        return self.ratio is not None

    @property
    def exposed_share(self) -> float | None:
        return self.exposed_with_episode / self.exposed_days if self.exposed_days else None

    @property
    def unexposed_share(self) -> float | None:
        return self.unexposed_with_episode / self.unexposed_days if self.unexposed_days else None

    def sentence(self) -> str:
        if not self.tested:
            return ""
        return FACTOR_SENTENCES[self.factor] % {
            "exposed": _percent(self.exposed_share), "unexposed": _percent(self.unexposed_share),
        }

    def numbers(self) -> str:
        if not self.tested:
            return ""
        return gettext("Rate ratio %(ratio)s, 95%% CI %(low)s-%(high)s, from %(exposed)d and %(unexposed)d logged days.") % {
            "ratio": format_ratio(self.ratio), "low": format_ratio(self.ci_low), "high": format_ratio(self.ci_high),
            "exposed": self.exposed_days, "unexposed": self.unexposed_days,
        }

    def caveats(self) -> list[str]:
        notes = []
        if self.factor in REVERSE_CAUSATION:
            notes.append(gettext(
                "This can work the other way round: a tight or painful back can lead to this on the same day, "
                "rather than be caused by it."
            ))
        if self.travels_with:
            # Translators: quotation marks around a factor's name, as your language writes them.
            labels = [gettext("“%(factor)s”") % {"factor": FACTOR_LABELS[f]} for f in (self.factor, *self.travels_with)]
            notes.append(gettext("%(factors)s and %(last)s often went together on the same days, so their patterns "
                                 "cannot be told apart.") % {"factors": ", ".join(labels[:-1]), "last": labels[-1]})
        if self.factor in ACTIVITY_FACTORS:
            notes.append(gettext(
                "Guidelines advise staying active: do not give this activity up because of a pattern; "
                "warming up, pacing and fluids are worth a look instead."
            ))
        return notes


@dataclass(frozen=True)
class Trend:
    measure: str  # frequency | intensity
    weeks: int
    recent: float | None
    previous: float | None
    recent_episodes: int
    previous_episodes: int
    change: float | None = None  # in episodes per week, or intensity points
    change_percent: float | None = None
    direction: str = "not_enough_data"  # rising | falling | stable | not_enough_data
    missing: str = ""
    guidance: tuple[str, ...] = ("prevention", "exercises")


# A rising trend is a reason to see a GP (seed 002); otherwise prevention and exercises.
RISING_GUIDANCE = ("see_doctor", "prevention")


@dataclass(frozen=True)
class Count:
    slug: str
    label: str
    count: int


@dataclass(frozen=True)
class ReliefStat:
    slug: str
    label: str
    helped: int
    partly: int
    no_help: int
    unrated: int

    @property
    def total(self) -> int:
        return self.helped + self.partly + self.no_help + self.unrated


@dataclass(frozen=True)
class Descriptive:
    name: str  # time_of_day | weekday | locations | kinds | contexts | reliefs | triggers
    title: str
    counts: tuple[Count, ...] = ()
    reliefs: tuple[ReliefStat, ...] = ()
    guidance: tuple[str, ...] = ()


@dataclass(frozen=True)
class Overview:
    start: date
    end: date
    episodes: int
    weeks: float
    episodes_per_week: float
    median_intensity: float | None
    worst_intensity: int | None
    checkin_days: int


@dataclass(frozen=True)
class PatternReport:
    overview: Overview
    trends: tuple[Trend, ...]
    associations: tuple[Association, ...]
    descriptive: tuple[Descriptive, ...]
    episodes_needed: int  # more episodes before any factor can be tested

    @property
    def tested(self) -> tuple[Association, ...]:
        return tuple(a for a in self.associations if a.tested)

    @property
    def possible(self) -> tuple[Association, ...]:
        return tuple(a for a in self.associations if a.status == "possible")


def _percent(share: float | None) -> str:
    return "" if share is None else f"{round(100 * share)}%"


def format_ratio(value: float | None) -> str:
    if value is None:
        return ""
    return number_format(value, 2 if value < 1 else 1)


# --- statistics (math module only) -----------------------------------------------------------

def katz_interval(a: int, n1: int, c: int, n0: int) -> tuple[float, float, float]:
    """Rate (risk) ratio (a/n1)/(c/n0) with a Katz log 95% interval.

    When any cell of the 2x2 table is 0, 0.5 is added to each cell (Haldane), so n1 and n0
    each grow by 1.
    """
    b, d = n1 - a, n0 - c
    if min(a, b, c, d) == 0:
        a, c, n1, n0 = a + 0.5, c + 0.5, n1 + 1, n0 + 1
    ratio = (a / n1) / (c / n0)
    se = math.sqrt(1 / a - 1 / n1 + 1 / c - 1 / n0)
    log_ratio = math.log(ratio)
    return ratio, math.exp(log_ratio - Z_95 * se), math.exp(log_ratio + Z_95 * se)


def fisher_exact(a: int, b: int, c: int, d: int) -> float:
    """Two-sided Fisher exact p-value for [[a, b], [c, d]]: tables no more likely than the one seen."""
    row1, row2, col1 = a + b, c + d, a + c
    n = row1 + row2
    low, high = max(0, col1 - row2), min(row1, col1)
    if low == high:
        return 1.0
    lg = math.lgamma
    base = lg(row1 + 1) + lg(row2 + 1) + lg(col1 + 1) + lg(n - col1 + 1) - lg(n + 1)

    def log_p(x):
        return base - lg(x + 1) - lg(row1 - x + 1) - lg(col1 - x + 1) - lg(row2 - col1 + x + 1)

    observed = log_p(a)
    limit = observed + 1e-7
    total = 0.0
    for x in range(low, high + 1):
        lp = log_p(x)
        if lp <= limit:
            total += math.exp(lp)
    return min(1.0, total)


def benjamini_hochberg(p_values: list[float]) -> list[float]:
    """BH adjusted p-values (q-values), in the order given."""
    m = len(p_values)
    order = sorted(range(m), key=lambda i: p_values[i])
    adjusted = [1.0] * m
    running_min = 1.0
    for rank in range(m, 0, -1):
        i = order[rank - 1]
        running_min = min(running_min, p_values[i] * m / rank)
        adjusted[i] = running_min
    return adjusted


# --- associations ------------------------------------------------------------------------------

def _factor_masks(checkins: Iterable[CheckInRecord], index: dict[date, int]) -> dict[str, tuple[int, int]]:
    """Per factor: (bitmask of logged days, bitmask of exposed days) over day positions."""
    logged = dict.fromkeys(FACTORS, 0)
    exposed = dict.fromkeys(FACTORS, 0)
    for checkin in checkins:
        position = index.get(checkin.date)
        if position is None:
            continue
        bit = 1 << position
        if checkin.activities or not checkin.exercise_minutes:
            for activity in ACTIVITY_FACTORS:
                logged[activity] |= bit
            for activity in checkin.activities:
                if activity in exposed:
                    exposed[activity] |= bit
        for factor, (field_name, test) in _THRESHOLDS.items():
            value = getattr(checkin, field_name)
            if value is not None:
                logged[factor] |= bit
                if test(value):
                    exposed[factor] |= bit
    return {factor: (logged[factor], exposed[factor]) for factor in FACTORS}


def _missing(exposed: int, unexposed: int, episodes: int) -> tuple[str, ...]:
    missing = []
    if episodes < MIN_EPISODES:
        count = MIN_EPISODES - episodes
        missing.append(ngettext("%(count)d more episode", "%(count)d more episodes", count) % {"count": count})
    need_exposed = max(0, MIN_EXPOSED_DAYS - exposed)
    need_unexposed = max(0, MIN_UNEXPOSED_DAYS - unexposed)
    if need_exposed and need_unexposed:
        count = need_exposed + need_unexposed
        missing.append(ngettext("log %(count)d more day with check-ins", "log %(count)d more days with check-ins", count)
                       % {"count": count})
    elif need_exposed:
        missing.append(ngettext("%(count)d more logged day with this", "%(count)d more logged days with this", need_exposed)
                       % {"count": need_exposed})
    elif need_unexposed:
        missing.append(ngettext("%(count)d more logged day without this", "%(count)d more logged days without this",
                                need_unexposed) % {"count": need_unexposed})
    return tuple(missing)


def _phi(both: int, x: int, y: int, n: int) -> float:
    """Correlation of two yes/no factors from counts: both yes, x yes, y yes, n days."""
    denominator = x * (n - x) * y * (n - y)
    if not denominator:
        return 0.0
    return (both * n - x * y) / math.sqrt(denominator)


def factor_associations(episodes: Iterable[EpisodeRecord], checkins: Iterable[CheckInRecord],
                        start: date, end: date) -> tuple[Association, ...]:
    """Every daily factor against "an episode that same local day", over logged days start..end."""
    days = (end - start).days + 1
    index = {start + timedelta(days=i): i for i in range(max(days, 0))}
    episode_mask = 0
    episode_count = 0
    for episode in episodes:
        position = index.get(episode.local_date)
        if position is not None:
            episode_mask |= 1 << position
            episode_count += 1
    masks = _factor_masks(checkins, index)

    rows = {}
    for factor in FACTORS:
        logged, exposed = masks[factor]
        unexposed = logged & ~exposed
        rows[factor] = (
            exposed.bit_count(), (exposed & episode_mask).bit_count(),
            unexposed.bit_count(), (unexposed & episode_mask).bit_count(),
        )

    testable = [
        f for f in FACTORS
        if rows[f][0] >= MIN_EXPOSED_DAYS and rows[f][2] >= MIN_UNEXPOSED_DAYS and episode_count >= MIN_EPISODES
    ]
    stats = {}
    for factor in testable:
        n1, a, n0, c = rows[factor]
        ratio, low, high = katz_interval(a, n1, c, n0)
        stats[factor] = [ratio, low, high, fisher_exact(a, n1 - a, c, n0 - c)]
    for factor, q in zip(testable, benjamini_hochberg([stats[f][3] for f in testable])):
        stats[factor].append(q)

    def possible(factor):
        ratio, low, high, _p, q = stats[factor]
        return q <= BH_Q and (low > 1 or high < 1)

    # Factors that travel together: correlated among days where both were logged, or known
    # companions (exercise and sweating) when both look like possible patterns.
    companions = {f: [] for f in testable}
    for i, f in enumerate(testable):
        for g in testable[i + 1:]:
            both_logged = masks[f][0] & masks[g][0]
            n = both_logged.bit_count()
            if n < 10:
                continue
            x = (masks[f][1] & both_logged)
            y = (masks[g][1] & both_logged)
            correlated = abs(_phi((x & y).bit_count(), x.bit_count(), y.bit_count(), n)) >= CORRELATED_PHI
            known = g in COMPANIONS.get(f, ()) and possible(f) and possible(g)
            if correlated or known:
                companions[f].append(g)
                companions[g].append(f)

    results = []
    for factor in FACTORS:
        n1, a, n0, c = rows[factor]
        if factor in stats:
            ratio, low, high, p, q = stats[factor]
            results.append(Association(
                factor, n1, a, n0, c, ratio=ratio, ci_low=low, ci_high=high, p_value=p, q_value=q,
                status="possible" if possible(factor) else "no_evidence",
                travels_with=tuple(companions[factor]), guidance=FACTOR_GUIDANCE[factor],
            ))
        else:
            results.append(Association(
                factor, n1, a, n0, c, missing=_missing(n1, n0, episode_count), guidance=FACTOR_GUIDANCE[factor],
            ))
    return tuple(results)


# --- trends ------------------------------------------------------------------------------------

def intensity_direction(recent_mean: float, previous_mean: float) -> str:
    """rising/falling when the mean moved by 2 points, or by 30% of the earlier level and 1+ point."""
    change = recent_mean - previous_mean
    moved = abs(change) >= CLINICAL_POINTS or (
        previous_mean > 0 and abs(change) >= CLINICAL_FRACTION * previous_mean and abs(change) >= 1
    )
    return ("rising" if change > 0 else "falling") if moved else "stable"


def frequency_direction(recent_count: int, previous_count: int) -> str:
    """rising/falling when the count changed by 30% or more and by at least 2 episodes."""
    difference = recent_count - previous_count
    relative_ok = not previous_count or abs(difference) >= CLINICAL_FRACTION * previous_count
    if abs(difference) >= MIN_FREQUENCY_CHANGE and relative_ok:
        return "rising" if difference > 0 else "falling"
    return "stable"


def episode_trends(episodes: Iterable[EpisodeRecord], end: date, first_day: date | None,
                   weeks_options: tuple[int, ...] = (4, 8)) -> tuple[Trend, ...]:
    """Frequency and mean intensity over the last N weeks against the N weeks just before."""
    episodes = list(episodes)
    trends = []
    for weeks in weeks_options:
        length = 7 * weeks
        recent_start = end - timedelta(days=length - 1)
        previous_start = recent_start - timedelta(days=length)
        recent = [e.intensity for e in episodes if recent_start <= e.local_date <= end]
        previous = [e.intensity for e in episodes if previous_start <= e.local_date < recent_start]
        # The diary must reach back (within a week) to the start of the earlier window, or
        # "no episodes before" only means "no diary before".
        covered = first_day is not None and first_day <= previous_start + timedelta(days=6)
        missing = ""
        if not covered:
            wait = (first_day - previous_start).days - 6 if first_day else 2 * length
            missing = ngettext("keep the diary %(count)d more day", "keep the diary %(count)d more days", wait) % {"count": wait}
        # Frequency: episodes per week.
        recent_rate, previous_rate = len(recent) / weeks, len(previous) / weeks
        direction = "not_enough_data"
        change = change_percent = None
        if covered:
            change = recent_rate - previous_rate
            change_percent = 100 * change / previous_rate if previous_rate else None
            direction = frequency_direction(len(recent), len(previous))
        trends.append(Trend("frequency", weeks, recent_rate if covered else None, previous_rate if covered else None,
                            len(recent), len(previous), change, change_percent, direction, missing,
                            guidance=RISING_GUIDANCE if direction == "rising" else Trend.guidance))
        # Intensity: mean intensity of the episodes in each window.
        if covered and len(recent) >= 2 and len(previous) >= 2:
            recent_mean, previous_mean = sum(recent) / len(recent), sum(previous) / len(previous)
            change = recent_mean - previous_mean
            direction = intensity_direction(recent_mean, previous_mean)
            trends.append(Trend("intensity", weeks, recent_mean, previous_mean, len(recent), len(previous), change,
                                100 * change / previous_mean if previous_mean else None, direction,
                                guidance=RISING_GUIDANCE if direction == "rising" else Trend.guidance))
        else:
            if not missing:
                missing = gettext("at least 2 episodes in each period")
            trends.append(Trend("intensity", weeks, None, None, len(recent), len(previous), missing=missing))
    return tuple(trends)


# --- descriptive -------------------------------------------------------------------------------

TIME_OF_DAY = (
    ("night", _("Night (0-6 h)")), ("morning", _("Morning (6-12 h)")),
    ("afternoon", _("Afternoon (12-18 h)")), ("evening", _("Evening (18-24 h)")),
)
WEEKDAYS = (_("Monday"), _("Tuesday"), _("Wednesday"), _("Thursday"), _("Friday"), _("Saturday"), _("Sunday"))
CONTEXT_GUIDANCE = {
    "during_exercise": ("overexertion", "no_warmup"), "after_exercise": ("overexertion", "stretching"),
    "at_rest": ("stress",), "at_night": ("poor_sleep",), "at_work": ("prolonged_sitting", "poor_posture"),
    "lifting_or_moving": ("lifting",),
}


def _ranked(counter: Counter, labels: dict) -> tuple[Count, ...]:
    return tuple(Count(slug, labels.get(slug, slug), n) for slug, n in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])))


def descriptive_patterns(episodes: Iterable[EpisodeRecord]) -> tuple[Descriptive, ...]:
    from .catalogues import Context, Kind, Location, Outcome, Relief, Trigger

    episodes = list(episodes)
    times, weekdays, locations, kinds, contexts, triggers = (Counter() for _ in range(6))
    reliefs = defaultdict(Counter)
    for e in episodes:
        hour = e.hour
        times["night" if hour < 6 else "morning" if hour < 12 else "afternoon" if hour < 18 else "evening"] += 1
        weekdays[e.weekday] += 1
        locations.update(set(e.locations))
        if e.kind:
            kinds[e.kind] += 1
        if e.context:
            contexts[e.context] += 1
        triggers.update(set(e.triggers))
        for slug, outcome in e.reliefs:
            reliefs[slug][outcome or "unrated"] += 1
    relief_stats = tuple(sorted(
        (ReliefStat(slug, dict(Relief.choices).get(slug, slug), c[Outcome.HELPED], c[Outcome.PARTLY], c[Outcome.NO_HELP],
                    c["unrated"]) for slug, c in reliefs.items()),
        key=lambda r: (-(r.helped + 0.5 * r.partly), -r.total, r.slug),
    ))
    kind_counts = _ranked(kinds, dict(Kind.choices))
    trigger_counts = _ranked(triggers, dict(Trigger.choices))
    context_counts = _ranked(contexts, dict(Context.choices))
    context_guidance = []
    for item in context_counts[:2]:
        context_guidance.extend(CONTEXT_GUIDANCE.get(item.slug, ()))
    return (
        Descriptive("time_of_day", _("Time of day"),
                    tuple(Count(slug, label, times[slug]) for slug, label in TIME_OF_DAY), guidance=("prevention",)),
        Descriptive("weekday", _("Weekday"),
                    tuple(Count(str(i), WEEKDAYS[i], weekdays[i]) for i in range(7)), guidance=("prevention",)),
        Descriptive("locations", _("Where"), _ranked(locations, dict(Location.choices)), guidance=("exercises", "prevention")),
        Descriptive("kinds", _("What it felt like"), kind_counts,
                    guidance=tuple(c.slug for c in kind_counts[:2]) or ("prevention",)),
        Descriptive("contexts", _("When it happened"), context_counts,
                    guidance=tuple(dict.fromkeys(context_guidance)) or ("prevention",)),
        Descriptive("reliefs", _("What helped"), reliefs=relief_stats,
                    guidance=tuple(r.slug for r in relief_stats[:2] if r.helped) + ("treatment",)),
        Descriptive("triggers", _("Triggers you tagged"), trigger_counts,
                    guidance=tuple(c.slug for c in trigger_counts[:3]) or ("prevention",)),
    )


def overview(episodes: Iterable[EpisodeRecord], checkins: Iterable[CheckInRecord], start: date, end: date) -> Overview:
    intensities = [e.intensity for e in episodes if start <= e.local_date <= end]
    checkin_days = sum(1 for c in checkins if start <= c.date <= end)
    weeks = max(((end - start).days + 1) / 7, 1)
    return Overview(
        start=start, end=end, episodes=len(intensities), weeks=weeks,
        episodes_per_week=len(intensities) / weeks,
        median_intensity=float(median(intensities)) if intensities else None,
        worst_intensity=max(intensities) if intensities else None,
        checkin_days=checkin_days,
    )


def first_record_day(data: DiaryData) -> date | None:
    days = [d for d in (data.episodes[0].local_date if data.episodes else None,
                        data.checkins[0].date if data.checkins else None) if d is not None]
    return min(days) if days else None


def analyse(data: DiaryData, start: date | None = None, end: date | None = None) -> PatternReport:
    """All patterns of one diary over local dates start..end (default: the whole diary up to today)."""
    end = end or data.today
    first = first_record_day(data)
    start = start or first or end
    episodes = [e for e in data.episodes if start <= e.local_date <= end]
    checkins = [c for c in data.checkins if start <= c.date <= end]
    return PatternReport(
        overview=overview(episodes, checkins, start, end),
        trends=episode_trends(data.episodes, end, first),
        associations=factor_associations(episodes, checkins, start, end),
        descriptive=descriptive_patterns(episodes),
        episodes_needed=max(0, MIN_EPISODES - len(episodes)),
    )


def _round(value, digits=3):
    return None if value is None else round(value, digits)


def pattern_dicts(report: PatternReport) -> list[dict]:
    """Plain JSON-ready patterns: kind association / trend / descriptive (the `patterns` command)."""
    patterns = []
    for a in report.associations:
        patterns.append({
            "kind": "association", "factor": a.factor,
            "exposed_days": a.exposed_days, "exposed_with_episode": a.exposed_with_episode,
            "unexposed_days": a.unexposed_days, "unexposed_with_episode": a.unexposed_with_episode,
            "ratio": _round(a.ratio), "ci_low": _round(a.ci_low), "ci_high": _round(a.ci_high),
            "status": a.status, "guidance": list(a.guidance),
        })
    for t in report.trends:
        patterns.append({
            "kind": "trend", "measure": t.measure, "weeks": t.weeks, "recent": _round(t.recent),
            "previous": _round(t.previous), "change": _round(t.change), "change_percent": _round(t.change_percent, 1),
            "direction": t.direction, "guidance": list(t.guidance),
        })
    o = report.overview
    patterns.append({
        "kind": "descriptive", "name": "overview", "start": o.start.isoformat(), "end": o.end.isoformat(),
        "episodes": o.episodes, "episodes_per_week": _round(o.episodes_per_week, 2),
        "median_intensity": o.median_intensity, "worst_intensity": o.worst_intensity, "checkin_days": o.checkin_days,
        "guidance": ["prevention"],
    })
    for d in report.descriptive:
        entry = {"kind": "descriptive", "name": d.name}
        if d.name == "reliefs":
            entry["reliefs"] = {r.slug: {"helped": r.helped, "partly": r.partly, "no_help": r.no_help, "unrated": r.unrated}
                                for r in d.reliefs}
        else:
            entry["counts"] = {c.slug: c.count for c in d.counts}
        entry["guidance"] = list(d.guidance)
        patterns.append(entry)
    return patterns
