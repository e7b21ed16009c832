"""Patterns in a diary: pure functions over plain records (diary.records), no ORM inside."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from statistics import median
from typing import Iterable

from .records import CheckInRecord, EpisodeRecord


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
