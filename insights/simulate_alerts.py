"""How often each history rule alerts a stable diary, and how often it catches real change (fixed seeds).

Families (each diary is 16 weeks of history before what is judged, so every rule can look back):
- stable: 0.5, 1 or 2 episodes a week for a year, intensity and fluid steady (each user their own
  level, including 2.5 l a day and more), pain recorded on check-ins (0 on days without an episode).
  A rule "alerts" a user when it holds on any day of the year: judged daily, as a user opening the
  app each evening sees it (a rule's answer on a day uses only what was logged up to that day).
- rising: the rate triples over 8 weeks (a linear ramp from r to 3r; "step": 3r from the first day)
  after 16 weeks (the least the frequency rule needs) or 52 weeks of stable history; caught when
  the frequency rule holds on some day within those 8 weeks. As its baseline grows with the diary,
  the frequency rule is also judged over a stable diary's second year (a full 52-week baseline).
- worse: the average intensity rises by 3 points for 8 weeks (2 episodes a week).
- fluid: fluid intake rises by 0.7 l a day for 4 weeks while episodes go on as before; caught when
  the fluid rule holds within those 4 weeks.
- persistent: pain 5 out of 10 most days for 8 weeks, not improving; caught within them.

It also counts, on the stable diaries, the days on which a doctor-level history alert would be on
the banner (a soon-level alert shows there during its run's first week; answers are not simulated).

The doctor-level rules (soon and above) must alert at most 5% of stable users a year.
"""
from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import date, timedelta

from .alerts.history import RULES, DayGrid, holds_by_day
from .alerts.lifecycle import NEW_DAYS, day_runs

WARM_UP_DAYS = 112
HISTORY_WEEKS = (16, 52)  # history before a tripling starts: the least the frequency rule needs, and a year
YEAR_DAYS = 365
RATES = (0.5, 1.0, 2.0)
DOCTOR_LEVEL_LIMIT = 0.05
SENSITIVITY_TARGET = 0.80
START = date(2025, 1, 6)
CONTEXTS = ("during_exercise", "after_exercise", "at_rest", "at_work", "at_night", "lifting_or_moving", "")


@dataclass(frozen=True)
class SimEpisode:
    local_date: date
    intensity: int
    context: str = ""
    locations: tuple = ()
    id: int = 0


@dataclass(frozen=True)
class SimCheckIn:
    date: date
    fluid_litres: float | None = None
    worst_pain: int | None = None


def _poisson(rng: random.Random, mean: float) -> int:
    limit, k, p = math.exp(-mean), 0, rng.random()
    while p > limit:
        k += 1
        p *= rng.random()
    return k


def simulate_diary(rng: random.Random, days: int, rate_on_day, *, intensity_shift_on_day=lambda i: 0.0,
                   fluid_shift_on_day=lambda i: 0.0, pain_on_day=None, checkin_rate: float = 0.85):
    """Episodes and check-ins of one simulated user; the *_on_day functions shape each family."""
    level = rng.uniform(3.0, 6.0)
    fluid_level = rng.uniform(1.2, 3.0)
    episodes, checkins = [], []
    for i in range(days):
        today = START + timedelta(days=i)
        worst = 0
        for _ in range(_poisson(rng, rate_on_day(i) / 7)):
            intensity = min(10, max(1, round(rng.gauss(level + intensity_shift_on_day(i), 1.5))))
            worst = max(worst, intensity)
            episodes.append(SimEpisode(today, intensity, rng.choice(CONTEXTS), ("lower_back",), len(episodes) + 1))
        if rng.random() < checkin_rate:
            pain = worst if pain_on_day is None else pain_on_day(rng, i, worst)
            fluid = max(0.2, rng.gauss(fluid_level + fluid_shift_on_day(i), 0.5))
            checkins.append(SimCheckIn(today, round(fluid, 2), pain))
    return episodes, checkins


def _holds(episodes, checkins, days: int, rule_names, first: int, last: int) -> dict[str, list[bool]]:
    grid = DayGrid(episodes, checkins, START + timedelta(days=days - 1), first=START)
    return {rule.name: holds_by_day(rule, grid, first, last) for rule in RULES if rule.name in rule_names}


def _fires(episodes, checkins, days: int, rule_names, first: int, last: int) -> dict[str, bool]:
    return {name: any(holds[first:last + 1]) for name, holds in _holds(episodes, checkins, days, rule_names, first, last).items()}


def banner_days(holds_by_rule: dict[str, list[bool]], first: int, last: int) -> int:
    """Days of first..last on which a doctor-level history alert is on the banner (its run's first week)."""
    days = set()
    for name, holds in holds_by_rule.items():
        if next(rule for rule in RULES if rule.name == name).urgency == "advice":
            continue
        for run in day_runs(holds):
            days.update(range(max(run.first, first), min(run.first + NEW_DAYS - 1, last) + 1))
    return len(days)


def frequency_second_year(rate: float, users: int, seed: int) -> float:
    """Share of stable diaries the frequency rule alerts in their second year (a full 52-week baseline)."""
    rng = random.Random(f"{seed}:stable-second-year:{rate}")
    days = HISTORY_WEEKS[-1] * 7 + 56 + YEAR_DAYS
    alerted = 0
    for _ in range(users):
        episodes, checkins = simulate_diary(rng, days, lambda i, r=rate: r)
        fires = _fires(episodes, checkins, days, {"rising_frequency"}, days - YEAR_DAYS, days - 1)
        alerted += fires["rising_frequency"]
    return alerted / users


def _frequency_families(row: dict, rate: float, users: int, seed: int) -> None:
    """The frequency rule in a stable diary's second year, and its sensitivity to a tripling (a ramp over
    8 weeks, or a step) after 16 weeks or a year of history, caught within the 8 weeks."""
    row.setdefault("stable_second_year", {})[rate] = frequency_second_year(rate, users, seed)
    for weeks in HISTORY_WEEKS:
        start = 7 * weeks
        for family, shape in (("ramp", lambda i, r=rate, s=start: r * (1 + 2 * min(1.0, max(0, i - s + 1) / 56))),
                              ("step", lambda i, r=rate, s=start: 3 * r if i >= s else r)):
            rng = random.Random(f"{seed}:{family}:{rate}:{weeks}")
            caught = 0
            for _ in range(users):
                episodes, checkins = simulate_diary(rng, start + 56, shape)
                fires = _fires(episodes, checkins, start + 56, {"rising_frequency"}, start, start + 55)
                caught += fires["rising_frequency"]
            row["sensitivity"][tripling_label(family, rate, weeks)] = caught / users


def tripling_label(family: str, rate: float, history_weeks: int) -> str:
    return f"tripling {family}, {rate:g}/week, {history_weeks} weeks of history"


def run(users: int = 400, seed: int = 12) -> dict:
    """The table: {rule: {"stable": {rate: share}, "sensitivity": {family: share}}}."""
    names = [rule.name for rule in RULES]
    table = {name: {"urgency": rule.urgency, "stable": {}, "sensitivity": {}} for name, rule in zip(names, RULES)}
    days = WARM_UP_DAYS + YEAR_DAYS
    banner: dict[float, float] = {}
    for rate in RATES:
        rng = random.Random(f"{seed}:stable:{rate}")
        counts = dict.fromkeys(names, 0)
        on_banner = 0
        for _ in range(users):
            episodes, checkins = simulate_diary(rng, days, lambda i, r=rate: r)
            holds = _holds(episodes, checkins, days, names, WARM_UP_DAYS, days - 1)
            for name in names:
                counts[name] += any(holds[name][WARM_UP_DAYS:])
            on_banner += banner_days(holds, WARM_UP_DAYS, days - 1)
        for name in names:
            table[name]["stable"][rate] = counts[name] / users
        banner[rate] = on_banner / (users * YEAR_DAYS)

        _frequency_families(table["rising_frequency"], rate, users, seed)

    checks = (
        ("rising_intensity", "+3 points, 2/week", 56,
         dict(rate_on_day=lambda i: 2.0, intensity_shift_on_day=lambda i: 3.0 if i >= WARM_UP_DAYS else 0.0)),
        ("fluid_no_help", "+0.7 l a day, 1/week", 28,
         dict(rate_on_day=lambda i: 1.0, fluid_shift_on_day=lambda i: 0.7 if i >= WARM_UP_DAYS else 0.0)),
        ("persistent_pain", "pain 5/10 for 8 weeks", 56,
         dict(rate_on_day=lambda i: 1.0, pain_on_day=lambda rng, i, worst: (
             max(worst, min(10, max(1, round(rng.gauss(5, 1))))) if i >= WARM_UP_DAYS else worst))),
    )
    for name, label, length, shape in checks:
        rng = random.Random(f"{seed}:{name}")
        caught = 0
        for _ in range(users):
            episodes, checkins = simulate_diary(rng, WARM_UP_DAYS + length, **shape)
            caught += _fires(episodes, checkins, WARM_UP_DAYS + length, {name}, WARM_UP_DAYS, WARM_UP_DAYS + length - 1)[name]
        table[name]["sensitivity"][label] = caught / users
    table["banner_days"] = banner
    return table


def rules_of(table: dict) -> dict:
    return {name: row for name, row in table.items() if name != "banner_days"}


def doctor_level(table: dict) -> dict:
    return {name: row for name, row in rules_of(table).items() if row["urgency"] != "advice"}


def stable_shares(row: dict) -> list[float]:
    """Every stable share of a rule: the first year judged and, for the frequency rule, the second."""
    return list(row["stable"].values()) + list(row.get("stable_second_year", {}).values())


def format_table(table: dict, users: int) -> str:
    rates = " | ".join(f"{rate:g}/week" for rate in RATES)
    lines = [f"Stable users alerted in a year (judged daily; {users} simulated users per cell) and sensitivity", "",
             f"| rule | urgency | {rates} | sensitivity |", "|---|---|" + "---|" * len(RATES) + "---|"]
    for name, row in rules_of(table).items():
        stable = " | ".join(f"{100 * row['stable'][rate]:.1f}%" for rate in RATES)
        if name == "rising_frequency":
            sens = "tripling: see the next table"
        else:
            sens = "; ".join(f"{label}: {100 * share:.0f}%" for label, share in row["sensitivity"].items()) or "–"
        lines.append(f"| {name} | {row['urgency']} | {stable} | {sens} |")
    frequency = table["rising_frequency"]
    lines += ["", "rising_frequency in a stable diary's second year (a full 52-week baseline): " + ", ".join(
        f"{100 * share:.1f}% at {rate:g}/week" for rate, share in frequency["stable_second_year"].items()) + ".",
        "", f"rising_frequency: a tripling caught within its 8 weeks (target {100 * SENSITIVITY_TARGET:.0f}%)", "",
        f"| tripling | history before it | {rates} |", "|---|---|" + "---|" * len(RATES)]
    for family, words in (("step", "step (3x from the first day)"), ("ramp", "ramp (1x to 3x over the 8 weeks)")):
        for weeks in HISTORY_WEEKS:
            shares = " | ".join(f"{100 * frequency['sensitivity'][tripling_label(family, rate, weeks)]:.0f}%"
                                for rate in RATES)
            lines.append(f"| {words} | {weeks} weeks | {shares} |")
    worst = max(share for row in doctor_level(table).values() for share in stable_shares(row))
    lines += ["", f"Worst doctor-level rule on stable diaries: {100 * worst:.1f}% a year "
              f"(limit {100 * DOCTOR_LEVEL_LIMIT:.0f}%).",
              "Days with a 'book a GP' history banner on stable diaries: " + ", ".join(
                  f"{100 * share:.2f}% at {rate:g}/week" for rate, share in table["banner_days"].items()) + "."]
    return "\n".join(lines)
