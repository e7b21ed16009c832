"""Alerts read from a recent window plus the diary's history in columns equal alerts read from every record.

A page loads full records for its last WINDOW days, the whole diary as diary.history columns, and
the older episodes insights.alerts.selection says an episode rule may speak of. For every view
(today, an earlier day, a GP summary's period) the alerts must be the very same Alert objects as
from the whole diary's records, and both must equal the rules judged on every day of the diary.
"""
from __future__ import annotations

import random
from contextlib import contextmanager
from dataclasses import replace
from datetime import date, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from diary.demo import generate_demo
from diary.history import from_records
from diary.records import Background, DiaryData
from insights.alerts import engine, evaluate_alerts
from insights.alerts.history import RULES, DayGrid, holds_by_day
from insights.alerts.lifecycle import GAP_DAYS, day_runs
from insights.alerts.selection import older_episode_needed
from tests.builders import TODAY, checkin, episode, medicine, note

WINDOW_DAYS = 100
BERLIN = ZoneInfo("Europe/Berlin")
HISTORY_RULES = {rule.name for rule in RULES}


@pytest.fixture(autouse=True)
def in_english():
    with translation.override("en"):
        yield


# --- building the two diaries -------------------------------------------------------------------------

def needed(e, data: DiaryData) -> bool:
    return older_episode_needed(
        kind=e.kind, intensity=e.intensity, duration_minutes=e.duration_minutes, locations=e.locations,
        red_flags=e.red_flags, local_date=e.local_date, background=data.background, medicines=data.medicines)


def bounded(full: DiaryData, days: int = WINDOW_DAYS) -> DiaryData:
    """What a page loads: records of the last `days` days, the whole history in columns, the older episodes needed."""
    cut = full.today - timedelta(days=days - 1)
    return DiaryData(
        today=full.today,
        episodes=tuple(e for e in full.episodes if e.local_date >= cut),
        checkins=tuple(c for c in full.checkins if c.date >= cut),
        medicines=full.medicines, alert_notes=full.alert_notes, background=full.background,
        custom_factors=full.custom_factors, loaded_from=cut,
        history=from_records(full.episodes, full.checkins, full.custom_factors),
        older_alert_episodes=tuple(e for e in full.episodes if e.local_date < cut and needed(e, full)),
    )


@contextmanager
def judged_on_every_day():
    """The engine as it was: every rule judged on every day of the diary, its runs found by day_runs()."""
    original = engine.runs_reaching

    def every_day(holds, first, last):
        return day_runs([holds[i] for i in range(last + 1)])

    engine.runs_reaching = every_day
    try:
        yield
    finally:
        engine.runs_reaching = original


def views(full: DiaryData, days=(), periods=()):
    """(name, kwargs) of today's view, of `today=D` views and of periods."""
    yield "today", {}
    for d in days:
        yield f"today={d}", {"today": d}
    for start, end in periods:
        yield f"{start}..{end}", {"start": start, "end": end}


def evaluate(data, kwargs):
    return evaluate_alerts(data, kwargs.get("start"), kwargs.get("end"), today=kwargs.get("today"))


def assert_same_alerts(full: DiaryData, days=(), periods=()) -> set[str]:
    """Every view: judged on every day (records) == judged on the days needed (records) == from the window and history."""
    window = bounded(full)
    assert len(window.alert_episodes) < len(full.episodes) or not full.episodes
    rules = set()
    for name, kwargs in views(full, days, periods):
        with judged_on_every_day():
            expected = evaluate(full, kwargs)
        assert evaluate(full, kwargs) == expected, name
        assert evaluate(window, kwargs) == expected, name
        rules.update(a.rule for a in expected)
    return rules


def spread(first: date, last: date, count: int) -> list[date]:
    step = max(1, (last - first).days // max(count - 1, 1))
    return [min(first + timedelta(days=step * k), last) for k in range(count)]


def demo(years: int, seed: int, **background) -> DiaryData:
    generated = generate_demo(365 * years, seed, TODAY, BERLIN)
    # Demo episodes all carry id 0; alerts name episodes by id.
    episodes = tuple(replace(e, id=k + 1) for k, e in enumerate(generated.episodes))
    return DiaryData(today=TODAY, episodes=episodes, checkins=generated.checkins, background=Background(**background))


# --- a hand-built diary whose phases raise every rule, with answers ------------------------------------

PHASES = (  # (weeks, episodes a week, intensity, fluid litres, pain every day, outside exercise)
    (30, 0.7, 4, 1.5, False, False),
    (12, 5.0, 5, 1.5, False, True),  # frequent: regular, rising frequency
    (10, 5.0, 8, 1.5, False, True),  # worse: rising intensity
    (8, 6.0, 5, 2.4, False, True),  # drinking more, still spasms
    (8, 0.0, 3, 2.0, True, False),  # persistent pain
    (20, 0.3, 3, 2.0, False, False),  # quiet: runs end
)


def phased_diary(seed: int, years: int, *, today: date = TODAY, gap_weeks: int = 0, **extra) -> DiaryData:
    """Repeated phases with some randomness, optional weeks without any entry before the end."""
    rng = random.Random(seed)
    first = today - timedelta(days=365 * years - 1)
    last_logged = today - timedelta(weeks=gap_weeks)
    episodes, checkins = [], []
    day = first
    phase = 0
    ids = iter(range(seed * 100_000 + 1, seed * 100_000 + 90_000))
    while day <= last_logged:
        weeks, rate, level, fluid, pain, outside = PHASES[phase % len(PHASES)]
        weeks = max(1, weeks + rng.randint(-3, 3))
        for _ in range(7 * weeks):
            if day > last_logged:
                break
            worst = 0
            for _ in range(2 if rng.random() < rate / 7 * 0.2 else 1 if rng.random() < rate / 7 else 0):
                kind = rng.choice(("spasm", "spasm", "cramp", "stabbing", "dull_ache", "radiating"))
                places = rng.choice((("lower_back",), ("neck",), ("leg",), ("mid_back", "hip_buttock"), ("other",)))
                intensity = max(1, min(10, level + rng.randint(-2, 2)))
                context = rng.choice(("at_work", "at_rest", "at_night") if outside else
                                     ("during_exercise", "after_exercise", "", "at_rest"))
                flags = (rng.choice(("night_pain", "leg_weakness", "numbness_tingling", "weight_loss", "dark_urine")),) \
                    if rng.random() < 0.01 else ()
                duration = rng.choice((None, 3, 8, 12, 30)) if kind == "cramp" else rng.choice((None, 20))
                episodes.append(episode(day, intensity, id=next(ids), hour=rng.randint(0, 23), kind=kind, locations=places,
                                        context=context, red_flags=flags, duration_minutes=duration))
                worst = max(worst, intensity)
            if rng.random() < 0.85:
                checkins.append(checkin(day, fluid_litres=round(max(0.3, rng.gauss(fluid, 0.3)), 2),
                                        worst_pain=(rng.randint(3, 7) if pain else worst) if rng.random() < 0.95 else None))
            day += timedelta(days=1)
        phase += 1
    episodes.sort(key=lambda e: (e.started_at, e.id))
    return DiaryData(today=today, episodes=tuple(episodes), checkins=tuple(checkins), **extra)


def with_answers(full: DiaryData, seed: int, rounds: int = 3) -> DiaryData:
    """Answer some alerts as the user would (discussed, checked, gone), a few days after they were raised;
    later rounds answer the alerts that came back clearly worse, and one answer is dated before its run began."""
    rng = random.Random(seed)
    notes = list(full.alert_notes)
    answered = {n.key for n in notes}
    first = min(e.local_date for e in full.episodes)
    for round_ in range(rounds):
        data = replace(full, alert_notes=tuple(notes))
        for day in spread(first + timedelta(days=60), full.today, 60):
            for alert in evaluate_alerts(data, today=day):
                if alert.key in answered or alert.first_raised is None or rng.random() < 0.4:
                    continue
                answered.add(alert.key)
                when = min(alert.first_raised + timedelta(days=rng.randint(0, 20)), day)
                if alert.rule in HISTORY_RULES and round_ == 0 and rng.random() < 0.15:
                    when = alert.first_raised - timedelta(days=rng.randint(30, 400))  # an answer dated before its run
                notes.append(note(alert.rule, alert.key, when, rng.choice(("discussed", "discussed", "checked", "gone"))))
    return replace(full, alert_notes=tuple(notes))


def periods_of(full: DiaryData) -> list[tuple[date, date]]:
    today = full.today
    first = min([e.local_date for e in full.episodes] + [c.date for c in full.checkins])
    cut = today - timedelta(days=WINDOW_DAYS - 1)
    middle = first + (today - first) / 2
    return [
        (today - timedelta(days=364), today),
        (cut - timedelta(days=40), cut + timedelta(days=20)),
        (middle, middle + timedelta(days=180)),
        (first, first + timedelta(days=400)),
        (first, today),
        (middle, middle),
        (cut, cut),
    ]


# --- the grid from columns is the grid from records -----------------------------------------------------

@pytest.mark.parametrize("seed", [1, 2])
def test_the_grid_from_the_history_is_the_grid_from_the_records(seed):
    full = phased_diary(seed, 3)
    history = from_records(full.episodes, full.checkins)
    first_episode = full.episodes[0].local_date
    ends = [TODAY, TODAY - timedelta(days=200), first_episode + timedelta(days=3), first_episode]
    for end in ends + [history.first_day - timedelta(days=1)]:  # and before the diary: one empty day
        records = DayGrid(tuple(e for e in full.episodes if e.local_date <= end),
                          tuple(c for c in full.checkins if c.date <= end), end)
        columns = DayGrid.from_history(history, end)
        assert (columns.first, columns.n) == (records.first, records.n)
        assert columns.sums == records.sums  # floats bit for bit: the fluid sums are added in the same order
        assert all(type(a) is type(b) for name in records.sums for a, b in zip(columns.sums[name], records.sums[name]))
        assert columns.episode_ids == records.episode_ids and columns.episode_day_index == records.episode_day_index
        assert columns.episode_outside == records.episode_outside
    assert DayGrid.from_history(history, TODAY).first == history.first_day


@pytest.mark.parametrize("seed", [1, 6])
def test_rules_judged_in_bulk_hold_on_the_same_days_as_judged_one_by_one(seed):
    full = phased_diary(seed, 3)
    grid = DayGrid.from_history(from_records(full.episodes, full.checkins), TODAY)
    bulk = [rule for rule in RULES if rule.holds_between is not None]
    assert {rule.name for rule in bulk} == {"regular_spasms", "outside_exercise"}
    for rule in bulk:
        one_by_one = [rule.holds(grid, i) for i in range(grid.n)]
        assert rule.holds_between(grid, 0, grid.n - 1) == one_by_one and any(one_by_one) and not all(one_by_one)
        assert rule.holds_between(grid, 40, 100) == one_by_one[40:101]


def test_the_reason_names_the_episodes_of_its_28_days_by_day_and_in_the_diary_order():
    # Two episodes on one day, logged out of order across days (a timezone change): the grid sorts by day.
    early, late = episode(TODAY - timedelta(days=3), 5, hour=8, context="at_work"), episode(TODAY - timedelta(days=3), 5, hour=20, context="at_night")
    moved = replace(episode(TODAY - timedelta(days=5), 5, hour=23, context="at_rest"),
                    started_at=late.started_at + timedelta(hours=1))
    others = [episode(TODAY - timedelta(days=d), 5, context="during_exercise") for d in (1, 9, 40)]
    full = DiaryData(today=TODAY, episodes=tuple(sorted([early, late, moved, *others], key=lambda e: e.started_at)))
    regular = next(a for a in evaluate_alerts(full) if a.rule == "regular_spasms")
    in_window = [e for e in full.episodes if e.local_date > TODAY - timedelta(days=28)]
    assert regular.episode_ids == tuple(e.id for e in sorted(in_window, key=lambda e: e.local_date))
    outside = next(a for a in evaluate_alerts(full) if a.rule == "outside_exercise")
    assert outside.episode_ids == (moved.id, early.id, late.id) and outside.reason.startswith("On 2 days in the 28 days")
    assert evaluate_alerts(bounded(full)) == evaluate_alerts(full)


# --- bounded judging and the window with history equal the full evaluation ----------------------------------

@pytest.mark.parametrize("seed", [3, 11])
def test_a_phased_diary_with_answers_gives_the_same_alerts_in_every_view(seed):
    full = with_answers(phased_diary(seed, 5), seed)
    # An answer to a history alert that came back clearly worse after an earlier answer.
    assert any(n.rule in HISTORY_RULES and n.key.count(":") == 2 for n in full.alert_notes)
    first = full.episodes[0].local_date
    rules = assert_same_alerts(full, days=spread(first + timedelta(days=30), TODAY, 9), periods=periods_of(full))
    assert rules >= HISTORY_RULES  # every history rule was judged somewhere
    assert {"symptom", "long_cramp", "sharp_neck_back"} <= rules


def test_runs_that_began_years_ago_keep_their_first_day_and_their_answers():
    # Spasms on most weeks for six years: one run of regular spasms from the first weeks to today.
    full = phased_diary(5, 6)
    steady = [episode(TODAY - timedelta(days=d), 4, id=900_000 + d, context="at_work") for d in range(0, 6 * 365, 6)]
    full = replace(full, episodes=tuple(sorted(full.episodes + tuple(steady), key=lambda e: (e.started_at, e.id))))
    current = {a.rule: a for a in evaluate_alerts(full)}
    began = current["regular_spasms"].first_raised
    assert began < TODAY - timedelta(days=5 * 365)
    key = f"regular_spasms:{began.isoformat()}"
    answers = (note("regular_spasms", key, began + timedelta(days=30)),
               note("outside_exercise", f"outside_exercise:{current['outside_exercise'].key.split(':')[1]}", began - timedelta(days=90)))
    full = with_answers(replace(full, alert_notes=answers), 7)
    alerts = {a.rule: a for a in evaluate_alerts(full)}
    assert alerts["regular_spasms"].key.startswith(key)  # the same run, answered (or worse since) whatever its age
    rules = assert_same_alerts(full, days=[TODAY - timedelta(days=d) for d in (1, 15, 99, 100, 400, 2000)],
                               periods=periods_of(full))
    assert {"regular_spasms", "outside_exercise"} <= rules


def run_edges(full: DiaryData, most: int = 3):
    """Views at the edges of the history rules' runs (judged on every day): the days GAP_DAYS - 1, GAP_DAYS
    and GAP_DAYS + 1 after a run's last day, and periods starting on and just after its last day."""
    grid = DayGrid(full.episodes, full.checkins, full.today)
    days, periods = set(), set()
    for rule in RULES:
        for run in day_runs(holds_by_day(rule, grid))[-most:]:
            days.update(grid.day(min(run.last + k, grid.n - 1)) for k in (GAP_DAYS - 1, GAP_DAYS, GAP_DAYS + 1))
            periods.update((grid.day(run.last + k), full.today) for k in (0, 1))
            periods.add((grid.day(max(run.first - 1, 0)), grid.day(max(run.first - 1, 0))))
    return sorted(days), sorted(periods)


def test_views_at_the_edges_of_runs():
    full = with_answers(phased_diary(13, 3), 13)
    days, periods = run_edges(full)
    assert len(days) > 30
    assert_same_alerts(full, days=days, periods=periods)


def test_a_diary_that_stopped_weeks_ago_shows_its_runs_as_they_ended():
    full = with_answers(phased_diary(8, 4, gap_weeks=3), 8)
    assert_same_alerts(full, days=[TODAY - timedelta(days=d) for d in (0, 14, 15, 16, 21, 22, 30)],
                       periods=periods_of(full))


@pytest.mark.parametrize("background", [
    dict(history_of_cancer=True),
    dict(osteoporosis=True, year_of_birth=1950, pain_duration="new"),
    dict(weakened_immune_system=True, long_term_steroids=True),
    dict(year_of_birth=1976, pain_duration="new"),  # turns 50 in 2026: only the last views are at 50
])
def test_the_health_background_rules_see_every_older_episode_they_speak_of(background):
    full = replace(phased_diary(21, 4), background=Background(**background))
    full = with_answers(full, 21)
    assert_same_alerts(full, days=spread(TODAY - timedelta(days=3 * 365), TODAY, 6), periods=periods_of(full))


def test_statins_and_diuretics_started_years_ago_and_lately():
    medicines = (
        medicine("Simvastatin", "statin", TODAY - timedelta(days=3 * 365), TODAY - timedelta(days=2 * 365)),
        medicine("Atorvastatin", "statin", TODAY - timedelta(days=200)),
        medicine("Furosemide", "diuretic", TODAY - timedelta(days=3 * 365 + 40)),
        medicine("Bendroflumethiazide", "diuretic", TODAY - timedelta(days=60)),
        medicine("Indapamide", "diuretic", TODAY - timedelta(days=600)),
        medicine("Later", "diuretic", None),
    )
    full = replace(phased_diary(31, 5), medicines=medicines)
    # More cramps after each diuretic's start than before.
    extra = [episode(m.started_on + timedelta(days=d), 4, id=800_000 + k * 100 + d, kind="cramp", locations=("leg",))
             for k, m in enumerate(medicines) if m.kind == "diuretic" and m.started_on for d in range(1, 50, 4)]
    full = replace(full, episodes=tuple(sorted(full.episodes + tuple(extra), key=lambda e: (e.started_at, e.id))))
    full = with_answers(full, 31)
    rules = assert_same_alerts(full, days=[TODAY - timedelta(days=d) for d in (0, 10, 150, 2 * 365 + 100, 3 * 365 - 20)],
                               periods=periods_of(full) + [(TODAY - timedelta(days=3 * 365), TODAY - timedelta(days=2 * 365))])
    assert {"statin_muscle", "medicine_cramps"} <= rules
    cramps = [a for a in evaluate_alerts(bounded(full), TODAY - timedelta(days=5 * 365), TODAY) if a.rule == "medicine_cramps"]
    assert len(cramps) >= 2 and all(a.episode_ids for a in cramps)


@pytest.mark.parametrize("seed, background", [(4, {}), (9, {"history_of_cancer": True})])
def test_twenty_years_of_demo_diary(seed, background):
    full = with_answers(demo(20, seed, **background), seed, rounds=1)
    assert_same_alerts(full, days=[TODAY - timedelta(days=d) for d in (3, 120, 4000)],
                       periods=[(TODAY - timedelta(days=364), TODAY), (TODAY - timedelta(days=20 * 365), TODAY - timedelta(days=18 * 365))])


def test_a_diary_younger_than_the_window_and_an_empty_one():
    young = with_answers(phased_diary(41, 1), 41)
    assert_same_alerts(young, days=[TODAY - timedelta(days=d) for d in (0, 50, 300, 400)], periods=periods_of(young))
    empty = DiaryData(today=TODAY)
    assert evaluate_alerts(bounded(empty)) == evaluate_alerts(empty) == []


# --- how many days are judged --------------------------------------------------------------------------

def test_bounded_judging_judges_a_few_days_of_twenty_years(monkeypatch):
    full = demo(20, 4)
    judged = {"day": 0, "bulk": 0}

    def counting(rule):
        def holds(grid, i):
            judged["day"] += 1
            return rule.holds(grid, i)

        def holds_between(grid, first, last):
            judged["bulk"] += last - first + 1
            return rule.holds_between(grid, first, last)

        return replace(rule, holds=holds, holds_between=holds_between if rule.holds_between else None)

    monkeypatch.setattr(engine, "RULES", tuple(counting(rule) for rule in RULES))
    window = bounded(full)
    every_day = len(RULES) * ((TODAY - window.history.first_day).days + 1)
    with judged_on_every_day():
        expected = evaluate_alerts(window)
    assert judged["day"] == every_day
    judged.update(day=0, bulk=0)
    assert evaluate_alerts(window) == expected and {a.rule for a in expected} & HISTORY_RULES
    # Four rules judged on their last 15 days; the two that judge in bulk walk back through their runs.
    assert judged["day"] <= 4 * 15 + 200 and judged["day"] + judged["bulk"] < every_day / 10
    judged.update(day=0, bulk=0)
    evaluate_alerts(window, TODAY - timedelta(days=364), TODAY)  # a GP summary of a year judges that year
    assert judged["day"] <= 4 * 365 + 200


# --- which older episodes are read ---------------------------------------------------------------------

def is_needed(*, kind="spasm", intensity=5, duration_minutes=None, locations=("leg",), red_flags=(), local_date=TODAY,
              background=Background(), medicines=()):
    return older_episode_needed(kind=kind, intensity=intensity, duration_minutes=duration_minutes, locations=locations,
                                red_flags=red_flags, local_date=local_date, background=background, medicines=medicines)


def test_a_plain_older_episode_is_not_needed_and_each_rule_asks_for_its_own():
    assert not is_needed()
    assert not is_needed(locations=("lower_back",), intensity=7, kind="stabbing")
    assert not is_needed(kind="cramp", duration_minutes=10) and not is_needed(kind="cramp")
    assert is_needed(red_flags=("night_pain",))
    assert is_needed(locations=("neck",), intensity=8, kind="stabbing") and is_needed(locations=("mid_back",), intensity=9)
    assert not is_needed(locations=("leg",), intensity=9)
    assert is_needed(kind="cramp", duration_minutes=11)
    assert is_needed(locations=("neck",), background=Background(history_of_cancer=True))
    for flag in ("osteoporosis", "long_term_steroids", "weakened_immune_system"):
        assert is_needed(locations=("lower_back",), background=Background(**{flag: True}))
        assert not is_needed(locations=("neck",), background=Background(**{flag: True}))
    assert is_needed(locations=("upper_back",), background=Background(year_of_birth=1990, pain_duration="new"))
    assert not is_needed(locations=("upper_back",), background=Background(year_of_birth=1950, pain_duration="years"))
    statin = medicine("Simvastatin", "statin", TODAY - timedelta(days=10), TODAY - timedelta(days=2))
    assert is_needed(medicines=(statin,), local_date=TODAY - timedelta(days=10))
    assert is_needed(medicines=(statin,), local_date=TODAY - timedelta(days=2))
    assert not is_needed(medicines=(statin,), local_date=TODAY - timedelta(days=11))
    assert not is_needed(medicines=(statin,), local_date=TODAY - timedelta(days=1))
    assert not is_needed(medicines=(medicine("Furosemide", "diuretic", TODAY - timedelta(days=100)),))
