"""A deterministic, realistic demo diary as plain records, so a newcomer sees live charts at once.

generate_demo() is pure: the same arguments give the same diary. Its story: a person who runs
two or three times a week and often drinks too little has one to three back spasms or cramps a
week, clearly more often on running days and on days under 1.5 l of fluid (the planted effect
the patterns page should find). In the last four weeks they drink more and stretch more, and
the episodes thin out. Check-ins are missing on about one day in eight, as in a real diary.
There are no red-flag symptoms unless asked for, so the demo is not alarming.
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from datetime import timezone as dt_timezone

from .records import CheckInRecord, EpisodeRecord

QUIET_DAYS = 28  # the better-habits stretch at the end
CHECKIN_RATE = 0.87
BASE_EPISODE_RATE = 0.11  # per day, before the planted effects
QUIET_EPISODE_RATE = 0.07
RUNNING_FACTOR = 3.5
LOW_FLUID_FACTOR = 2.6
LOW_FLUID_LITRES = 1.5
DEMO_RED_FLAG = "numbness_tingling"  # a "soon" symptom: shows the alert without an emergency

# (relief, weights for helped / partly / no_help): heat mostly helps, rest is a mixed bag.
RELIEF_OUTCOMES = {
    "heat": (75, 20, 5),
    "stretch": (45, 40, 15),
    "fluids": (50, 35, 15),
    "massage": (55, 35, 10),
    "walking": (35, 40, 25),
    "rest": (25, 45, 30),
    "nsaid": (60, 30, 10),
    "nsaid_gel": (40, 40, 20),
    "cold": (20, 40, 40),
    "breathing": (30, 45, 25),
}
OUTCOMES = ("helped", "partly", "no_help")
CHECKIN_NOTES = (
    "Long meeting day.", "Hot weather, sweated a lot.", "Felt good.", "Slept badly, neighbours.",
    "Busy at work, forgot to drink.", "Easy day.", "Visited family, long drive.",
)
EPISODE_NOTES = (
    "Came on while tying my shoes.", "Calf cramp, had to stand up to ease it.",
    "Tight for most of the evening.", "Eased after a hot shower.", "Woke me at night.",
)


@dataclass(frozen=True)
class DemoDiary:
    episodes: tuple[EpisodeRecord, ...]
    checkins: tuple[CheckInRecord, ...]


@dataclass(frozen=True)
class _Day:
    day: date
    logged: bool
    ran: bool
    fluid: float
    caffeine: int
    alcohol: float
    stress: int
    sleep: float
    activities: tuple[str, ...]
    exercise_minutes: int
    sitting: float
    quiet: bool


def _pick(rng, weighted):
    items, weights = zip(*weighted)
    return rng.choices(items, weights=weights)[0]


def _simulate_day(rng, day, quiet) -> _Day:
    weekend = day.weekday() >= 5
    run_chance = {1: 0.7, 3: 0.6, 5: 0.55}.get(day.weekday(), 0.08)  # Tue, Thu, Sat runs
    ran = rng.random() < run_chance
    fluid = rng.gauss(2.35 if quiet else 1.7, 0.35 if quiet else 0.5)
    fluid = round(min(max(fluid, 0.5), 4.0) * 4) / 4  # to the nearest quarter litre
    activities = []
    minutes = 0
    if ran:
        activities.append("running")
        minutes += rng.choice((25, 30, 35, 40, 45, 50, 60))
    if rng.random() < (0.55 if quiet else 0.25):
        activities.append("stretching")
        minutes += rng.choice((10, 15, 20))
    if rng.random() < 0.5:
        activities.append("walking")
        minutes += rng.choice((20, 30, 45))
    if not ran and rng.random() < 0.12:
        activities.append(rng.choice(("gym", "cycling", "swimming")))
        minutes += rng.choice((30, 45, 60))
    return _Day(
        day=day,
        logged=rng.random() < CHECKIN_RATE,
        ran=ran,
        fluid=fluid,
        caffeine=rng.choice((0, 1, 1, 2, 2, 2, 3, 3, 4)),
        alcohol=round(rng.choice((0, 0, 0, 0, 1, 2, 3, 4.5)) if weekend else rng.choice((0, 0, 0, 0, 0, 1, 2)), 1),
        stress=min(10, max(0, round(rng.gauss(3.5 if weekend else 5, 2)))),
        sleep=round(min(max(rng.gauss(7, 0.9), 4), 9.5) * 2) / 2,
        activities=tuple(activities),
        exercise_minutes=minutes,
        sitting=round(rng.uniform(1.5, 4.5) if weekend else rng.uniform(6, 10), 1),
        quiet=quiet,
    )


def _episode_chance(state: _Day) -> float:
    chance = QUIET_EPISODE_RATE if state.quiet else BASE_EPISODE_RATE
    if state.ran:
        chance *= RUNNING_FACTOR
    if state.fluid < LOW_FLUID_LITRES:
        chance *= LOW_FLUID_FACTOR
    return min(chance, 0.9)


def _make_episode(rng, state: _Day, tzinfo) -> EpisodeRecord:
    after_run = state.ran and rng.random() < 0.75
    if after_run:
        context = _pick(rng, (("after_exercise", 70), ("during_exercise", 30)))
        hour = rng.choice((7, 8, 18, 19, 20))
    else:
        context = _pick(rng, (("at_work", 35), ("at_rest", 30), ("at_night", 20), ("lifting_or_moving", 15)))
        if context == "at_night":
            hour = rng.choice((2, 3, 4, 5))
        elif context == "at_work" and state.day.weekday() < 5:
            hour = rng.choice((10, 11, 14, 15, 16))
        else:
            context = "at_rest" if context == "at_work" else context
            hour = rng.choice((9, 12, 17, 21, 22))
    started_at = datetime.combine(state.day, time(hour, rng.choice((0, 5, 10, 15, 20, 30, 40, 45, 50))), tzinfo)
    # Through UTC and back, so a time in the spring DST gap becomes the real time it names.
    started_at = started_at.astimezone(dt_timezone.utc).astimezone(tzinfo)

    intensity = _pick(rng, ((2, 8), (3, 16), (4, 20), (5, 20), (6, 15), (7, 11), (8, 6), (9, 3), (10, 1)))
    if intensity >= 8 or context in ("at_night", "during_exercise"):
        # The worst ones are night or calf cramps: very painful, short, and not a disc alert.
        kind, locations, side = "cramp", ("leg",), rng.choice(("left", "right"))
        duration = rng.choice((2, 3, 5, 5, 8, 10))
    else:
        kind = _pick(rng, (("spasm", 45), ("stiffness", 20), ("dull_ache", 20), ("cramp", 10), ("radiating", 5)))
        place = _pick(rng, (
            (("lower_back",), 45), (("lower_back", "hip_buttock"), 12), (("neck",), 12),
            (("upper_back",), 8), (("mid_back",), 8), (("leg",), 15),
        ))
        locations = place if kind != "radiating" else ("lower_back", "leg")
        side = _pick(rng, (("centre", 35), ("left", 25), ("right", 25), ("both", 15)))
        duration = rng.choice((10, 15, 20, 30, 45, 60, 90, 120)) if kind != "cramp" else rng.choice((2, 4, 6, 9))

    triggers = []
    if state.ran and rng.random() < 0.8:
        triggers.append("running")
        if rng.random() < 0.3:
            triggers.append(rng.choice(("no_warmup", "overexertion")))
    if state.fluid < LOW_FLUID_LITRES and rng.random() < 0.7:
        triggers.append("dehydration")
    if context == "at_work" and rng.random() < 0.6:
        triggers.append("prolonged_sitting")
    if context == "lifting_or_moving" and rng.random() < 0.7:
        triggers.append("lifting")
    if state.stress >= 7 and rng.random() < 0.6:
        triggers.append("stress")
    if state.sleep < 6 and rng.random() < 0.5:
        triggers.append("poor_sleep")
    if state.caffeine >= 3 and rng.random() < 0.3:
        triggers.append("caffeine")

    tried = rng.sample(sorted(RELIEF_OUTCOMES), rng.choice((1, 1, 2, 2, 3)))
    if "dehydration" in triggers and "fluids" not in tried:
        tried.append("fluids")
    reliefs = tuple(
        (relief, "" if rng.random() < 0.08 else rng.choices(OUTCOMES, weights=RELIEF_OUTCOMES[relief])[0])
        for relief in tried
    )
    return EpisodeRecord(
        id=0,
        started_at=started_at,
        local_date=state.day,
        intensity=intensity,
        duration_minutes=None if rng.random() < 0.1 else duration,
        kind=kind,
        side=side,
        context=context,
        locations=tuple(locations),
        triggers=tuple(triggers),
        reliefs=reliefs,
        red_flags=(),
        notes=rng.choice(EPISODE_NOTES) if rng.random() < 0.2 else "",
    )


def generate_demo(days: int, seed: int, end: date, tzinfo, with_red_flag: bool = False) -> DemoDiary:
    """A diary of `days` local dates ending on `end` (inclusive), the same for the same seed."""
    rng = random.Random(seed)
    episodes, checkins = [], []
    first = end - timedelta(days=days - 1)
    for offset in range(days):
        day = first + timedelta(days=offset)
        state = _simulate_day(rng, day, quiet=(end - day).days < QUIET_DAYS and days > QUIET_DAYS)
        todays = []
        if rng.random() < _episode_chance(state):
            todays.append(_make_episode(rng, state, tzinfo))
            if rng.random() < 0.12:  # now and then a second one the same day
                second = _make_episode(rng, state, tzinfo)
                if second.started_at != todays[0].started_at:
                    todays.append(second)
        episodes.extend(sorted(todays, key=lambda e: e.started_at))
        if state.logged:
            worst = max((e.intensity for e in todays), default=rng.choice((0, 0, 0, 1, 1, 2)))
            checkins.append(CheckInRecord(
                date=day,
                fluid_litres=state.fluid,
                caffeine_drinks=state.caffeine,
                alcohol_units=None if rng.random() < 0.05 else float(state.alcohol),
                stress=state.stress,
                sleep_hours=None if rng.random() < 0.04 else state.sleep,
                activities=state.activities,
                exercise_minutes=state.exercise_minutes,
                sitting_hours=state.sitting,
                worst_pain=worst,
                notes=rng.choice(CHECKIN_NOTES) if rng.random() < 0.08 else "",
            ))
    if with_red_flag and episodes:
        # The most recent episode gets one symptom to show how an alert looks.
        last = episodes[-1]
        episodes[-1] = EpisodeRecord(**{**last.__dict__, "red_flags": (DEMO_RED_FLAG,)})
    return DemoDiary(episodes=tuple(episodes), checkins=tuple(checkins))
