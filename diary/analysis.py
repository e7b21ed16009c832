"""Patterns in a diary: pure functions over plain records (diary.records), no ORM inside."""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from statistics import median
from typing import Iterable

from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from .associations import (  # noqa: F401  (re-exported: callers import these from diary.analysis)
    ACTIVITY_FACTORS, FACTOR_GUIDANCE, FACTOR_LABELS, FACTORS, MIN_EPISODE_DAYS, MIN_EXPOSED_DAYS,
    MIN_UNEXPOSED_DAYS, THRESHOLD_FACTORS, Association, column_associations, column_episode_days_needed,
    episode_days_needed, factor_associations, format_ratio, pattern_associations,
)
from .history import DiaryHistory, from_records
from .records import CheckInRecord, DiaryData, EpisodeRecord

MIN_EPISODES = MIN_EPISODE_DAYS  # days with an episode among days with a check-in


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
# Patterns: descriptive counts, factor associations (diary.associations, over the joint model in
# insights/) and trends.
#
# Trends compare the last 4 (and 8) weeks with the same length just before. Intensity is the
# mean episode intensity; it is "rising"/"falling" when it moved by 2 points, or by 30% of the
# earlier level and at least 1 point. Frequency is episodes per week; a count has no "points",
# so it moves when it changed by 30% or more AND by at least 2 episodes over the window, so that
# one extra episode never makes a trend.
# ---------------------------------------------------------------------------------------------

CLINICAL_POINTS = 2.0
CLINICAL_FRACTION = 0.30
MIN_FREQUENCY_CHANGE = 2  # episodes over the window


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
    episodes_needed: int  # more days with an episode (among logged days) before any factor is tested

    @property
    def tested(self) -> tuple[Association, ...]:
        return tuple(a for a in self.associations if a.tested)

    @property
    def possible(self) -> tuple[Association, ...]:
        return tuple(a for a in self.associations if a.status == "possible")

    @property
    def same_day(self) -> tuple[Association, ...]:
        return tuple(a for a in self.associations if a.lag == 0)

    @property
    def next_day(self) -> tuple[Association, ...]:
        return tuple(a for a in self.associations if a.lag == 1)


def format_percent(share: float | None) -> str:
    return "" if share is None else f"{round(100 * share)}%"


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
    return column_trends(from_records(episodes, ()), end, first_day, weeks_options)


def column_trends(history: DiaryHistory, end: date, first_day: date | None,
                  weeks_options: tuple[int, ...] = (4, 8)) -> tuple[Trend, ...]:
    """episode_trends over a diary's columns (diary.history)."""
    days, intensities = history.episode_days, history.intensity
    trends = []
    for weeks in weeks_options:
        length = 7 * weeks
        recent_start = end - timedelta(days=length - 1)
        previous_start = recent_start - timedelta(days=length)
        recent = intensities[(days >= recent_start.toordinal()) & (days <= end.toordinal())].tolist()
        previous = intensities[(days >= previous_start.toordinal()) & (days < recent_start.toordinal())].tolist()
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
    return column_descriptive(from_records(episodes, ()))


def column_descriptive(history: DiaryHistory) -> tuple[Descriptive, ...]:
    """descriptive_patterns over a diary's columns (diary.history)."""
    if not history.tallied:
        raise ValueError("these columns were read without the triggers' and reliefs' tallies")
    from .catalogues import Context, Kind, Location, Outcome, Relief, Trigger

    hours = history.hours
    times = Counter({"night": int((hours < 6).sum()), "morning": int(((hours >= 6) & (hours < 12)).sum()),
                     "afternoon": int(((hours >= 12) & (hours < 18)).sum()), "evening": int((hours >= 18).sum())})
    weekdays = Counter(history.weekdays.tolist())
    locations, triggers, reliefs = history.locations, history.triggers, history.reliefs
    kinds = Counter(k for k in history.kinds if k)
    contexts = Counter(c for c in history.contexts if c)
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
    return column_overview(from_records(episodes, checkins), start, end)


def column_overview(history: DiaryHistory, start: date, end: date) -> Overview:
    """overview over a diary's columns (diary.history)."""
    intensities = history.intensity[history.episodes_between(start, end)].tolist()
    checkin_days = int(history.checkins_between(start, end).sum())
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
                        data.checkins[0].date if data.checkins else None,
                        data.history.first_day if data.history is not None else None) if d is not None]
    return min(days) if days else None


def period_columns(data: DiaryData, start: date | None, end: date, *, descriptive: bool = True) -> DiaryHistory:
    """The columns of the diary's local dates start..end: its whole-diary history when that is all
    of it and holds what is needed (the factors; with descriptive, the tallies too), else built
    from the records (which must then reach back to start)."""
    history = data.history
    if history is not None:
        covers = history.episodes_between(start, end).all() and history.checkins_between(start, end).all()
        if covers and history.factors_read and (history.tallied or not descriptive):
            return history
        if data.loaded_from is not None and (start is None or start < data.loaded_from):
            raise ValueError(f"records from {data.loaded_from} cannot answer for a period from {start}")

    def inside(day):
        return (start is None or day >= start) and day <= end

    return from_records([e for e in data.episodes if inside(e.local_date)], [c for c in data.checkins if inside(c.date)],
                        getattr(data, "custom_factors", ()))


def analyse(data: DiaryData, start: date | None = None, end: date | None = None) -> PatternReport:
    """All patterns of one diary over local dates start..end (default: the whole diary up to today).

    With data.history (a page that read only recent records), the whole-diary figures come from
    its columns; the result is the same as from the whole diary's records.
    """
    end = end or data.today
    first = first_record_day(data)
    start = start or first or end
    custom_factors = getattr(data, "custom_factors", ())
    columns = period_columns(data, start, end)
    if data.history is not None:
        whole = data.history  # the trends read only episode days and intensities, in any columns
    elif len(columns.episode_days) == len(data.episodes):
        whole = columns  # the period holds every episode: the trends read the same columns
    else:
        whole = from_records(data.episodes, (), custom_factors)
    return PatternReport(
        overview=column_overview(columns, start, end),
        trends=column_trends(whole, end, first),
        associations=column_associations(columns, start, end, custom_factors),
        descriptive=column_descriptive(columns),
        episodes_needed=column_episode_days_needed(columns, start, end),
    )


def _round(value, digits=3):
    return None if value is None else round(value, digits)


def pattern_dicts(report: PatternReport) -> list[dict]:
    """Plain JSON-ready patterns: kind association / trend / descriptive (the `patterns` command)."""
    patterns = []
    for a in report.associations:
        patterns.append({
            "kind": "association", "factor": a.factor, "label": str(a.label), "lag": a.lag,
            "status": a.status, "ratio": _round(a.ratio),
            "interval": [_round(a.ci_low), _round(a.ci_high)] if a.tested else None,
            "ci_low": _round(a.ci_low), "ci_high": _round(a.ci_high),
            "z": _round(a.z), "z_needed": _round(a.boundary),
            "exposed_days": a.exposed_days, "exposed_with_episode": a.exposed_with_episode,
            "unexposed_days": a.unexposed_days, "unexposed_with_episode": a.unexposed_with_episode,
            "sentence": a.sentence(), "missing": list(a.missing), "travels_with": list(a.travels_with),
            "guidance": list(a.guidance),
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
