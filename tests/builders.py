"""Small builders of plain diary records for tests of analysis, alerts and anything downstream."""
from __future__ import annotations

import itertools
import random
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from diary.records import (
    AlertNoteRecord, Background, CheckInRecord, DiaryData, EpisodeRecord, MedicineRecord,
)

TODAY = date(2026, 6, 30)
_ids = itertools.count(1)


def episode(day: date, intensity: int = 5, *, hour: int = 9, id: int | None = None, **fields) -> EpisodeRecord:
    """One episode on a local day; list fields may be given as lists."""
    for name in ("locations", "triggers", "reliefs", "red_flags"):
        if name in fields:
            fields[name] = tuple(fields[name])
    started_at = datetime.combine(day, time(hour), tzinfo=ZoneInfo("Europe/Berlin"))
    return EpisodeRecord(id=id if id is not None else next(_ids), started_at=started_at, local_date=day,
                         intensity=intensity, **fields)


def checkin(day: date, **fields) -> CheckInRecord:
    if "activities" in fields:
        fields["activities"] = tuple(fields["activities"])
    return CheckInRecord(date=day, **fields)


def medicine(name: str, kind: str, started_on: date | None, stopped_on: date | None = None) -> MedicineRecord:
    return MedicineRecord(name=name, kind=kind, started_on=started_on, stopped_on=stopped_on)


def note(rule: str, key: str, discussed_on: date, status: str = "discussed") -> AlertNoteRecord:
    return AlertNoteRecord(rule=rule, key=key, discussed_on=discussed_on, status=status)


def diary(episodes=(), checkins=(), *, today: date = TODAY, medicines=(), alert_notes=(), **background) -> DiaryData:
    return DiaryData(
        today=today,
        episodes=tuple(sorted(episodes, key=lambda e: (e.started_at, e.id))),
        checkins=tuple(sorted(checkins, key=lambda c: c.date)),
        medicines=tuple(medicines),
        alert_notes=tuple(alert_notes),
        background=Background(**background),
    )


def days_back(n: int, today: date = TODAY) -> date:
    return today - timedelta(days=n)


def plain_checkin(day: date, **overrides) -> CheckInRecord:
    """A check-in with every factor logged and none of them present."""
    fields = dict(fluid_litres=2.0, caffeine_drinks=1, alcohol_units=0.0, stress=3, sleep_hours=7.5,
                  sitting_hours=4.0, exercise_minutes=0, activities=())
    fields.update(overrides)
    return checkin(day, **fields)


def simulated_diary(seed: int, *, days: int = 180, checkin_rate: float = 0.9, risk_running: float = 0.10,
                    risk_other: float = 0.10, today: date = TODAY) -> DiaryData:
    """A diary drawn from known truth: each day, an episode with a risk that depends only on running.

    Running happens on about 30% of days; seven other factors (walking, low fluid, caffeine, alcohol,
    stress, short sleep, long sitting) are drawn independently and have no effect. Check-ins are
    missing on (1 - checkin_rate) of days, and episodes still happen on those days.
    """
    rng = random.Random(seed)
    episodes, checkins = [], []
    start = today - timedelta(days=days - 1)
    next_id = 1
    for offset in range(days):
        day = start + timedelta(days=offset)
        ran = rng.random() < 0.3
        activities = ["running"] if ran else []
        if rng.random() < 0.3:
            activities.append("walking")
        if rng.random() < (risk_running if ran else risk_other):
            episodes.append(episode(day, rng.randint(2, 8), id=next_id, hour=rng.randint(6, 22)))
            next_id += 1
        if rng.random() < checkin_rate:
            checkins.append(checkin(
                day,
                fluid_litres=1.2 if rng.random() < 0.25 else 2.0,
                caffeine_drinks=4 if rng.random() < 0.25 else 1,
                alcohol_units=4.0 if rng.random() < 0.15 else 0.0,
                stress=8 if rng.random() < 0.2 else 3,
                sleep_hours=5.0 if rng.random() < 0.2 else 7.5,
                sitting_hours=9.0 if rng.random() < 0.3 else 4.0,
                exercise_minutes=45 if activities else 0,
                activities=activities,
            ))
    return diary(episodes, checkins, today=today)
