"""Patterns: associations (Katz, Fisher, BH, thresholds, missing days), trends, descriptive counts."""
import math
from datetime import timedelta

import pytest

from diary.analysis import (
    analyse, benjamini_hochberg, episode_trends, factor_associations, fisher_exact, frequency_direction,
    intensity_direction, katz_interval, pattern_dicts,
)
from tests.builders import TODAY, checkin, days_back, diary, episode, plain_checkin, simulated_diary

START = TODAY - timedelta(days=179)


def by_factor(associations):
    return {a.factor: a for a in associations}


# --- statistics -----------------------------------------------------------------------------------

def test_it_computes_the_katz_interval_of_a_hand_worked_example():
    # 18 of 40 exposed days vs 12 of 120: RR 4.5; SE = sqrt(1/18 - 1/40 + 1/12 - 1/120) = 0.32489.
    ratio, low, high = katz_interval(18, 40, 12, 120)
    assert ratio == pytest.approx(4.5)
    se = math.sqrt(1 / 18 - 1 / 40 + 1 / 12 - 1 / 120)
    assert se == pytest.approx(0.32489, abs=1e-5)
    assert low == pytest.approx(2.3805, abs=1e-3)
    assert high == pytest.approx(8.5067, abs=1e-3)


def test_it_adds_half_to_every_cell_when_a_cell_is_zero():
    ratio, low, high = katz_interval(0, 10, 5, 50)
    # (0.5 / 11) / (5.5 / 51)
    assert ratio == pytest.approx((0.5 / 11) / (5.5 / 51))
    assert low < ratio < high and math.isfinite(high)


def test_it_matches_known_fisher_exact_p_values():
    assert fisher_exact(3, 1, 1, 3) == pytest.approx(0.4857, abs=1e-4)  # the lady tasting tea
    assert fisher_exact(8, 2, 1, 5) == pytest.approx(0.0350, abs=1e-4)
    assert fisher_exact(5, 5, 5, 5) == pytest.approx(1.0)


def test_it_adjusts_p_values_like_benjamini_hochberg():
    p = [0.001, 0.008, 0.039, 0.041, 0.042, 0.06, 0.074, 0.205, 0.212, 0.216]
    q = benjamini_hochberg(p)
    assert q == pytest.approx([0.01, 0.04, 0.084, 0.084, 0.084, 0.1, 0.10571, 0.216, 0.216, 0.216], abs=1e-4)
    # Order of the input does not matter.
    assert benjamini_hochberg([0.04, 0.01, 0.03, 0.005]) == pytest.approx([0.04, 0.02, 0.04, 0.02])


# --- associations ---------------------------------------------------------------------------------

def running_diary(exposed_days, unexposed_days, exposed_with, unexposed_with, extra_episodes=0):
    """Logged running days and non-running days, with episodes on the first days of each group."""
    checkins, episodes, day = [], [], 0
    for i in range(exposed_days):
        d = days_back(day)
        checkins.append(plain_checkin(d, activities=["running"], exercise_minutes=30))
        if i < exposed_with:
            episodes.append(episode(d))
        day += 1
    for i in range(unexposed_days):
        d = days_back(day)
        checkins.append(plain_checkin(d))
        if i < unexposed_with:
            episodes.append(episode(d))
        day += 1
    for _ in range(extra_episodes):  # on days without a check-in
        episodes.append(episode(days_back(day)))
        day += 1
    return diary(episodes, checkins)


def test_it_counts_days_with_an_episode_among_logged_days():
    data = running_diary(10, 20, 6, 4)
    running = by_factor(factor_associations(data.episodes, data.checkins, START, TODAY))["running"]
    assert (running.exposed_days, running.exposed_with_episode, running.unexposed_days, running.unexposed_with_episode) == (10, 6, 20, 4)
    assert running.ratio == pytest.approx(3.0)


def test_it_never_counts_days_without_a_check_in_as_unexposed():
    data = running_diary(10, 20, 6, 4, extra_episodes=15)
    running = by_factor(factor_associations(data.episodes, data.checkins, START, TODAY))["running"]
    assert running.unexposed_days == 20 and running.unexposed_with_episode == 4
    assert running.exposed_days == 10


def test_it_treats_a_blank_field_as_missing_for_that_factor_only():
    data = diary([], [checkin(days_back(0), caffeine_drinks=4), checkin(days_back(1), fluid_litres=1.0)])
    rows = by_factor(factor_associations(data.episodes, data.checkins, START, TODAY))
    assert (rows["low_fluid"].exposed_days, rows["low_fluid"].unexposed_days) == (1, 0)
    assert (rows["caffeine"].exposed_days, rows["caffeine"].unexposed_days) == (1, 0)
    assert rows["stress"].exposed_days + rows["stress"].unexposed_days == 0


def test_it_counts_no_activity_ticked_as_none_unless_exercise_minutes_say_otherwise():
    data = diary([], [
        checkin(days_back(0), activities=[]),
        checkin(days_back(1), activities=[], exercise_minutes=0),
        checkin(days_back(2), activities=[], exercise_minutes=40),  # exercised, activity not named: missing
        checkin(days_back(3), activities=["running"], exercise_minutes=40),
    ])
    running = by_factor(factor_associations(data.episodes, data.checkins, START, TODAY))["running"]
    assert (running.exposed_days, running.unexposed_days) == (1, 2)


@pytest.mark.parametrize("field, below, at", [
    ("fluid_litres", 1.5, 1.49), ("caffeine_drinks", 2, 3), ("alcohol_units", 2.9, 3.0),
    ("stress", 6, 7), ("sleep_hours", 6.0, 5.9), ("sitting_hours", 7.9, 8.0),
])
def test_it_applies_each_factor_threshold(field, below, at):
    factor = {"fluid_litres": "low_fluid", "caffeine_drinks": "caffeine", "alcohol_units": "alcohol", "stress": "stress",
              "sleep_hours": "short_sleep", "sitting_hours": "long_sitting"}[field]
    data = diary([], [checkin(days_back(0), **{field: below}), checkin(days_back(1), **{field: at})])
    row = by_factor(factor_associations(data.episodes, data.checkins, START, TODAY))[factor]
    assert (row.exposed_days, row.unexposed_days) == (1, 1)


@pytest.mark.parametrize("exposed, tested", [(4, False), (5, True), (6, True)])
def test_it_needs_five_exposed_logged_days(exposed, tested):
    data = running_diary(exposed, 30, 2, 10)
    running = by_factor(factor_associations(data.episodes, data.checkins, START, TODAY))["running"]
    assert running.tested is tested
    if not tested:
        assert running.status == "not_enough_data"
        assert running.missing == ("1 more logged day with this",)


@pytest.mark.parametrize("unexposed, tested", [(4, False), (5, True), (6, True)])
def test_it_needs_five_unexposed_logged_days(unexposed, tested):
    data = running_diary(30, unexposed, 10, 1)
    running = by_factor(factor_associations(data.episodes, data.checkins, START, TODAY))["running"]
    assert running.tested is tested


@pytest.mark.parametrize("episodes, tested", [(9, False), (10, True), (11, True)])
def test_it_needs_ten_episodes_in_the_period(episodes, tested):
    data = running_diary(20, 20, episodes // 2, episodes - episodes // 2)
    running = by_factor(factor_associations(data.episodes, data.checkins, START, TODAY))["running"]
    assert running.tested is tested
    if not tested:
        assert "1 more episode" in running.missing


def test_it_says_how_many_days_with_check_ins_are_missing():
    data = running_diary(2, 1, 1, 1)
    running = by_factor(factor_associations(data.episodes, data.checkins, START, TODAY))["running"]
    assert running.missing == ("8 more episodes", "log 7 more days with check-ins")


def test_it_calls_a_strong_effect_possible_and_writes_it_plainly():
    data = running_diary(40, 100, 18, 10)
    running = by_factor(factor_associations(data.episodes, data.checkins, START, TODAY))["running"]
    assert running.status == "possible" and running.ci_low > 1
    assert running.sentence() == "On days you ran, you had an episode 45% of the time; on other days 10%."
    assert running.numbers().startswith("Rate ratio 4.5, 95% CI ")
    assert running.numbers().endswith("from 40 and 100 logged days.")
    assert any("staying active" in c for c in running.caveats())
    assert "running" in running.guidance


def test_it_reports_no_evidence_when_the_interval_includes_one():
    data = running_diary(40, 100, 5, 12)
    running = by_factor(factor_associations(data.episodes, data.checkins, START, TODAY))["running"]
    assert running.status == "no_evidence" and running.ci_low < 1 < running.ci_high


def test_it_names_factors_that_travel_together():
    checkins, episodes = [], []
    for i in range(120):
        ran = i % 3 == 0
        checkins.append(plain_checkin(days_back(i), activities=["running"] if ran else [], fluid_litres=1.0 if ran else 2.0,
                                      exercise_minutes=30 if ran else 0))
        if (ran and i % 2 == 0) or i % 17 == 0:
            episodes.append(episode(days_back(i)))
    data = diary(episodes, checkins)
    rows = by_factor(factor_associations(data.episodes, data.checkins, START, TODAY))
    assert "low_fluid" in rows["running"].travels_with and "running" in rows["low_fluid"].travels_with
    assert any("“Running” and “Drinking less than 1.5 l” often went together" in c for c in rows["running"].caveats())


def test_it_warns_of_reverse_causation_for_stretching():
    data = running_diary(10, 10, 5, 5)
    stretching = by_factor(factor_associations(data.episodes, data.checkins, START, TODAY))["stretching"]
    assert any("other way round" in c for c in stretching.caveats())


@pytest.mark.slow
def test_it_finds_a_planted_running_effect_in_at_least_95_of_100_diaries():
    found = 0
    for seed in range(100):
        data = simulated_diary(seed, risk_running=0.45, risk_other=0.10)
        rows = by_factor(factor_associations(data.episodes, data.checkins, START, TODAY))
        found += rows["running"].status == "possible"
    assert found >= 95


@pytest.mark.slow
def test_it_reports_a_possible_pattern_in_fewer_than_10_percent_of_null_diaries():
    false_alarms = 0
    for seed in range(1000, 1200):
        data = simulated_diary(seed, risk_running=0.10, risk_other=0.10)
        false_alarms += any(a.status == "possible" for a in factor_associations(data.episodes, data.checkins, START, TODAY))
    assert false_alarms < 20


# --- trends ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("previous, recent, direction", [
    (4, 5, "stable"), (4, 6, "rising"), (4, 7, "rising"),  # at least 2 more episodes ...
    (10, 12, "stable"), (10, 13, "rising"),  # ... and at least 30% more
    (6, 4, "falling"), (0, 1, "stable"), (0, 2, "rising"),
])
def test_it_sets_frequency_direction_at_the_thresholds(previous, recent, direction):
    assert frequency_direction(recent, previous) == direction


@pytest.mark.parametrize("previous, recent, direction", [
    (8.0, 9.9, "stable"), (8.0, 10.0, "rising"), (6.0, 4.0, "falling"),  # 2 points
    (3.0, 3.8, "stable"), (3.0, 3.9, "stable"), (3.0, 4.0, "rising"),  # 30% and at least 1 point
])
def test_it_sets_intensity_direction_at_the_clinical_change(previous, recent, direction):
    assert intensity_direction(recent, previous) == direction


def test_it_compares_the_last_four_weeks_with_the_four_before():
    episodes = [episode(days_back(d), 4) for d in (30, 35, 40, 50)] + [episode(days_back(d), 7) for d in range(0, 24, 4)]
    trends = {(t.measure, t.weeks): t for t in episode_trends(episodes, TODAY, days_back(120))}
    frequency = trends[("frequency", 4)]
    assert (frequency.recent_episodes, frequency.previous_episodes, frequency.direction) == (6, 4, "rising")
    assert frequency.recent == pytest.approx(1.5) and frequency.change_percent == pytest.approx(50)
    intensity = trends[("intensity", 4)]
    assert intensity.direction == "rising" and intensity.change == pytest.approx(3.0)


def test_it_waits_for_a_diary_that_reaches_back_before_calling_a_trend():
    episodes = [episode(days_back(d)) for d in range(0, 20, 2)]
    trends = episode_trends(episodes, TODAY, days_back(19))
    assert all(t.direction == "not_enough_data" and t.missing for t in trends)


# --- descriptive and the report -------------------------------------------------------------------

def test_it_counts_descriptive_patterns():
    episodes = [
        episode(days_back(0), 6, hour=7, locations=["lower_back"], kind="spasm", context="at_rest",
                triggers=["stress"], reliefs=[("heat", "helped"), ("rest", "no_help")]),
        episode(days_back(1), 8, hour=20, locations=["lower_back", "neck"], kind="spasm", context="at_work",
                triggers=["stress", "prolonged_sitting"], reliefs=[("heat", "partly")]),
    ]
    report = analyse(diary(episodes, []))
    parts = {d.name: d for d in report.descriptive}
    assert {c.slug: c.count for c in parts["locations"].counts} == {"lower_back": 2, "neck": 1}
    assert {c.slug: c.count for c in parts["time_of_day"].counts}["morning"] == 1
    assert parts["triggers"].counts[0].slug == "stress" and parts["triggers"].counts[0].count == 2
    heat = next(r for r in parts["reliefs"].reliefs if r.slug == "heat")
    assert (heat.helped, heat.partly, heat.no_help) == (1, 1, 0)
    assert "spasm" in parts["kinds"].guidance and "stress" in parts["triggers"].guidance
    assert report.overview.median_intensity == 7.0 and report.overview.worst_intensity == 8
    assert report.episodes_needed == 8


def test_it_gives_patterns_the_keys_of_the_issue():
    patterns = pattern_dicts(analyse(simulated_diary(1, risk_running=0.45)))
    assert {p["kind"] for p in patterns} == {"association", "trend", "descriptive"}
    association = next(p for p in patterns if p["kind"] == "association")
    assert set(association) == {
        "kind", "factor", "exposed_days", "exposed_with_episode", "unexposed_days", "unexposed_with_episode",
        "ratio", "ci_low", "ci_high", "status", "guidance",
    }
    assert all(p["guidance"] for p in patterns)
