"""Synthetic diaries and the simulations that hold the pattern rule (insights.looks) to its targets.

A synthetic diary follows the demo's story (diary/demo.py) without its planted effects: runs on
Tuesdays, Thursdays and Saturdays (about 2.2 days a week), walking on half the days, stretching
on a quarter, now and then the gym, cycling or swimming; fluid, caffeine, alcohol (at weekends),
stress and sitting (on workdays) and sleep drawn day by day, so several factors travel with the
weekday as they do in real life. Check-ins are missing on about one day in eight, and each
number is left blank on 3% of logged days. An episode day happens with probability BASELINE (about
one day a week) times the true ratio of every factor present that day (or the day before, for a
next-day effect). Each simulated look runs exactly the analysis the app runs: insights.looks.assess.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .looks import POSSIBLE, assess
from .model import FactorColumn

ACTIVITIES = ("stretching", "running", "walking", "gym", "cycling", "swimming", "other")
THRESHOLDS = ("low_fluid", "caffeine", "alcohol", "stress", "short_sleep", "long_sitting")
FACTORS = ACTIVITIES + THRESHOLDS
INDEX = {f: i for i, f in enumerate(FACTORS)}

BASELINE = 0.14  # chance of an episode day with no factor at work: about one a week
CHECKIN_RATE = 0.87
BLANK_RATE = 0.03
RUN_CHANCE = (0.08, 0.7, 0.08, 0.6, 0.08, 0.55, 0.08)  # Monday first
WEEKS_IN_A_YEAR = 52


@dataclass(frozen=True)
class Scenario:
    days: int = 365
    baseline: float = BASELINE
    effects: dict = field(default_factory=dict)  # factor -> true ratio on the same day
    next_day_effects: dict = field(default_factory=dict)  # activity -> true ratio on the day after
    stretching_with_running: float | None = None  # share of running days with stretching too
    bad_weeks: float = 0.0  # SD of a log-normal multiplier per week: episodes that cluster in bad weeks


@dataclass(frozen=True)
class SyntheticDiary:
    logged: np.ndarray  # bool per day
    recorded: np.ndarray  # days x factors: 1, 0, or nan (blank field)
    episode: np.ndarray  # bool per day


def synthetic_diary(rng: np.random.Generator, scenario: Scenario) -> SyntheticDiary:
    days = scenario.days
    weekday = (np.arange(days) + rng.integers(7)) % 7
    weekend = weekday >= 5
    u = lambda: rng.random(days)  # noqa: E731
    truth = np.zeros((days, len(FACTORS)))
    ran = u() < np.take(RUN_CHANCE, weekday)
    truth[:, INDEX["running"]] = ran
    if scenario.stretching_with_running is None:
        truth[:, INDEX["stretching"]] = u() < 0.25
    else:
        truth[:, INDEX["stretching"]] = np.where(ran, u() < scenario.stretching_with_running, u() < 0.1)
    truth[:, INDEX["walking"]] = u() < 0.5
    other_sport = (~ran) & (u() < 0.12)
    pick = rng.integers(4, size=days)
    for k, name in enumerate(("gym", "cycling", "swimming", "other")):
        truth[:, INDEX[name]] = other_sport & (pick == k)
    truth[:, INDEX["low_fluid"]] = rng.normal(1.7, 0.5, days) < 1.5
    truth[:, INDEX["caffeine"]] = rng.choice([0, 1, 1, 2, 2, 2, 3, 3, 4], days) >= 3
    alcohol_weekend = rng.choice([0, 0, 0, 0, 1, 2, 3, 4.5], days)
    alcohol_weekday = rng.choice([0, 0, 0, 0, 0, 1, 2], days)
    truth[:, INDEX["alcohol"]] = np.where(weekend, alcohol_weekend, alcohol_weekday) >= 3
    stress = np.round(rng.normal(np.where(weekend, 3.5, 5.0), 2.0))
    truth[:, INDEX["stress"]] = stress >= 7
    truth[:, INDEX["short_sleep"]] = np.round(np.clip(rng.normal(7, 0.9, days), 4, 9.5) * 2) / 2 < 6
    sitting = np.where(weekend, rng.uniform(1.5, 4.5, days), rng.uniform(6, 10, days))
    truth[:, INDEX["long_sitting"]] = sitting >= 8

    chance = np.full(days, scenario.baseline)
    if scenario.bad_weeks:
        weekly = rng.lognormal(-scenario.bad_weeks ** 2 / 2, scenario.bad_weeks, days // 7 + 2)
        chance *= weekly[(np.arange(days) + (7 - weekday[0]) % 7) // 7]
    for factor, ratio in scenario.effects.items():
        chance *= np.where(truth[:, INDEX[factor]] == 1, ratio, 1.0)
    for factor, ratio in scenario.next_day_effects.items():
        yesterday = np.concatenate([[0.0], truth[:-1, INDEX[factor]]])
        chance *= np.where(yesterday == 1, ratio, 1.0)
    episode = u() < np.minimum(chance, 0.95)

    recorded = truth.copy()
    blanks = rng.random((days, len(THRESHOLDS))) < BLANK_RATE
    recorded[:, len(ACTIVITIES):][blanks] = np.nan
    logged = u() < CHECKIN_RATE
    return SyntheticDiary(logged, recorded, episode)


def look(diary: SyntheticDiary, end: int, factors=FACTORS):
    """The app's two analyses on days [0, end): what the patterns page shows at that day's end."""
    logged = diary.logged[:end]
    rows = np.flatnonzero(logged)
    outcome = diary.episode[rows]
    same_day = [FactorColumn(f, 0, diary.recorded[rows, INDEX[f]]) for f in factors]
    pairs = rows[(rows > 0)]
    pairs = pairs[logged[pairs - 1]]
    next_day = [FactorColumn(f, 0, diary.recorded[pairs, INDEX[f]]) for f in factors]
    next_day += [FactorColumn(f, 1, diary.recorded[pairs - 1, INDEX[f]]) for f in ACTIVITIES if f in factors]
    return assess(outcome, same_day, diary.episode[pairs], next_day)


def badged(findings, factor=None, lag=None) -> bool:
    return any(f.status == POSSIBLE and (factor is None or f.factor == factor) and (lag is None or f.lag == lag)
               for f in findings)


def weekly_look_days(days: int):
    return range(7, days + 1, 7)


def false_pattern_rate(diaries: int, seed: int, weeks: int = WEEKS_IN_A_YEAR, bad_weeks: float = 0.0) -> float:
    """Share of diaries with no real trigger that EVER show a badge over weekly looks."""
    rng = np.random.default_rng(seed)
    scenario = Scenario(days=7 * weeks, bad_weeks=bad_weeks)
    hits = 0
    for _ in range(diaries):
        diary = synthetic_diary(rng, scenario)
        hits += any(badged(look(diary, end)) for end in weekly_look_days(scenario.days))
    return hits / diaries


def power(ratio: float, days: int, diaries: int, seed: int, factor: str = "running", lag: int = 0,
          baseline: float = BASELINE) -> float:
    """Share of diaries where the true factor carries the badge on the last day."""
    rng = np.random.default_rng(seed)
    effect = {factor: ratio}
    scenario = Scenario(days=days, baseline=baseline, effects=effect if lag == 0 else {},
                        next_day_effects=effect if lag == 1 else {})
    hits = 0
    for _ in range(diaries):
        hits += badged(look(synthetic_diary(rng, scenario), days), factor, lag)
    return hits / diaries


def co_travelling(ratio: float, diaries: int, seed: int, days: int = 365) -> dict:
    """Only running matters; stretching happens on 70% of running days (10% of others)."""
    rng = np.random.default_rng(seed)
    scenario = Scenario(days=days, effects={"running": ratio}, stretching_with_running=0.7)
    running = stretching = 0
    for _ in range(diaries):
        findings = look(synthetic_diary(rng, scenario), days)
        running += badged(findings, "running", 0)
        stretching += badged(findings, "stretching", 0)
    return {"running": running / diaries, "stretching": stretching / diaries}


RATIOS = (1.5, 2.0, 3.0)
LENGTHS = (90, 180, 365)


def simulation_table(diaries: int = 400, null_diaries: int = 400, seed: int = 20261201) -> dict:
    """Every figure docs/patterns-and-alerts.md publishes, from fixed seeds."""
    table = {
        "diaries": diaries, "null_diaries": null_diaries, "seed": seed, "baseline": BASELINE,
        "false_pattern_rate_weekly_year": false_pattern_rate(null_diaries, seed),
        "power": {f"{ratio:g}": {str(days): power(ratio, days, diaries, seed + 10 * i + j)
                                for j, days in enumerate(LENGTHS)}
                  for i, ratio in enumerate(RATIOS)},
        "co_travelling": {f"{ratio:g}": co_travelling(ratio, diaries, seed + 100 + i) for i, ratio in enumerate((2.0, 3.0))},
        "next_day_power": {f"{ratio:g}": power(ratio, 365, diaries, seed + 200 + i, lag=1)
                           for i, ratio in enumerate((2.0, 3.0))},
        # Sensitivity: episodes that cluster in bad weeks (a log-normal weekly multiplier, SD 0.6).
        "false_pattern_rate_bad_weeks": false_pattern_rate(max(1, null_diaries // 2), seed + 400, bad_weeks=0.6),
        # Sensitivity: someone with an episode day every other week instead of every week.
        "power_half_baseline": {f"{ratio:g}": power(ratio, 365, diaries, seed + 300 + i, baseline=BASELINE / 2)
                                for i, ratio in enumerate((2.0, 3.0))},
    }
    return table


def percent_text(share: float) -> str:
    """8.5% and 0.5% keep a decimal; 99.75% is "99%", never a claim of "100%"."""
    value = 100 * share
    if 0 < value < 10:
        return f"{value:.1f}%"
    return f"{min(round(value), 99) if share < 1 else 100}%"


def markdown_table(table: dict) -> str:
    """The simulation as the Markdown docs/patterns-and-alerts.md publishes."""
    lines = [
        f"Seed {table['seed']}; {table['null_diaries']} diaries with no real trigger, {table['diaries']} per power "
        f"cell; baseline {table['baseline']:g} episode days per day without the factor.",
        "",
        f"False pattern ever shown, a year of weekly looks (52): **{percent_text(table['false_pattern_rate_weekly_year'])}**"
        " (target: 10% or less)",
    ]
    if "false_pattern_rate_bad_weeks" in table:
        lines += ["", f"The same when episodes cluster in bad weeks ({max(1, table['null_diaries'] // 2)} diaries): "
                      f"**{percent_text(table['false_pattern_rate_bad_weeks'])}**"]
    lines += [
        "",
        "| true ratio (running), found at the end of | " + " | ".join(f"{days} days" for days in LENGTHS) + " |",
        "| --- | " + " | ".join("---" for _ in LENGTHS) + " |",
    ]
    for ratio, cells in table["power"].items():
        lines.append(f"| {ratio} | " + " | ".join(percent_text(cells[str(days)]) for days in LENGTHS) + " |")
    lines += ["", "| co-travelling (stretching on 70% of running days), one year | running found | "
                  "stretching wrongly flagged |", "| --- | --- | --- |"]
    for ratio, cells in table["co_travelling"].items():
        lines.append(f"| running ratio {ratio} | {percent_text(cells['running'])} | {percent_text(cells['stretching'])} |")
    lines += ["", "| next day (the day after running), one year | found |", "| --- | --- |"]
    for ratio, share in table["next_day_power"].items():
        lines.append(f"| ratio {ratio} | {percent_text(share)} |")
    if "power_half_baseline" in table:
        lines += ["", f"| an episode day every other week (baseline {table['baseline'] / 2:g}), one year | found |",
                  "| --- | --- |"]
        for ratio, share in table["power_half_baseline"].items():
            lines.append(f"| ratio {ratio} | {percent_text(share)} |")
    return "\n".join(lines) + "\n"


# What `python manage.py simulate_patterns` printed with its defaults (seed 20261201, 400 diaries
# per cell): the patterns page shows it, docs/patterns-and-alerts.md publishes it, and
# tests/test_simulate_patterns.py checks that the two agree.
PUBLISHED_FALSE_PATTERN_RATE = 0.085
PUBLISHED_POWER = {
    "1.5": {"90": 0.0, "180": 0.0, "365": 0.135},
    "2": {"90": 0.0, "180": 0.0325, "365": 0.5125},
    "3": {"90": 0.0025, "180": 0.335, "365": 0.9975},
}
