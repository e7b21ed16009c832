"""Patterns: factor associations from records (joint model, minimums, missing days, words), trends, descriptive."""
from dataclasses import replace
from datetime import timedelta

import pytest

from diary.analysis import (
    analyse, episode_trends, factor_associations, frequency_direction, intensity_direction, pattern_associations,
    pattern_dicts,
)
from diary.records import CustomFactorRecord
from tests.builders import TODAY, checkin, days_back, diary, episode, plain_checkin, simulated_diary

START = TODAY - timedelta(days=399)


def by_factor(associations):
    return {a.factor: a for a in associations}


def running_diary(exposed_days, unexposed_days, exposed_with, unexposed_with, extra_episodes=0, every=1):
    """Logged running days and non-running days, with episodes on the first days of each group."""
    checkins, episodes, day = [], [], 0
    for i in range(exposed_days):
        d = days_back(day)
        checkins.append(plain_checkin(d, activities=["running"], exercise_minutes=30))
        if i < exposed_with:
            episodes.append(episode(d))
        day += every
    for i in range(unexposed_days):
        d = days_back(day)
        checkins.append(plain_checkin(d))
        if i < unexposed_with:
            episodes.append(episode(d))
        day += every
    for _ in range(extra_episodes):  # on days without a check-in
        episodes.append(episode(days_back(day)))
        day += 1
    return diary(episodes, checkins)


def running(data):
    return by_factor(factor_associations(data.episodes, data.checkins, START, TODAY))["running"]


# --- counting days --------------------------------------------------------------------------------

def test_it_counts_days_with_an_episode_among_logged_days():
    data = running_diary(10, 20, 6, 4)
    row = running(data)
    assert (row.exposed_days, row.exposed_with_episode, row.unexposed_days, row.unexposed_with_episode) == (10, 6, 20, 4)
    assert row.ratio == pytest.approx(3.0, rel=0.05)  # one factor alone: the plain ratio, barely shrunk


def test_it_never_counts_days_without_a_check_in_as_unexposed():
    data = running_diary(10, 20, 6, 4, extra_episodes=15)
    row = running(data)
    assert row.unexposed_days == 20 and row.unexposed_with_episode == 4
    assert row.exposed_days == 10


def test_it_counts_two_episodes_on_one_day_as_one_episode_day():
    data = running_diary(10, 20, 6, 4)
    data = replace(data, episodes=data.episodes + (episode(days_back(0), hour=18),))
    assert running(data).exposed_with_episode == 6


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
    row = running(data)
    assert (row.exposed_days, row.unexposed_days) == (1, 2)


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


# --- minimums and what is missing -----------------------------------------------------------------

@pytest.mark.parametrize("exposed, tested", [(4, False), (5, True), (6, True)])
def test_it_needs_five_exposed_logged_days(exposed, tested):
    row = running(running_diary(exposed, 30, 2, 10))
    assert row.tested is tested
    if not tested:
        assert row.status == "not_enough_data"
        assert row.missing[0] == "1 more logged day with it"


@pytest.mark.parametrize("unexposed, tested", [(4, False), (5, True), (6, True)])
def test_it_needs_five_unexposed_logged_days(unexposed, tested):
    assert running(running_diary(30, unexposed, 10, 1)).tested is tested


@pytest.mark.parametrize("episode_days, tested", [(9, False), (10, True), (11, True)])
def test_it_needs_ten_days_with_an_episode_among_logged_days(episode_days, tested):
    row = running(running_diary(20, 20, episode_days // 2, episode_days - episode_days // 2, extra_episodes=5))
    assert row.tested is tested
    if not tested:
        assert "1 more day with an episode" in row.missing


def test_it_says_what_is_missing_in_days_and_weeks_of_check_ins():
    # 14 logged days over two weeks, 3 of them with an episode: 7 more are needed, at 1.5 a week.
    data = running_diary(4, 10, 1, 2)
    row = running(data)
    assert row.missing[:2] == ("7 more days with an episode", "1 more logged day with it")
    assert row.missing[-1] == "about 5 more weeks of check-ins"


def test_a_diary_without_check_ins_asks_for_them():
    data = diary([episode(days_back(i)) for i in range(12)], [])
    row = running(data)
    assert "daily check-ins: days without one cannot be compared" in row.missing


# --- the joint model and the badge ----------------------------------------------------------------

def test_it_badges_a_clear_excess_over_a_year_and_writes_it_plainly():
    data = running_diary(110, 210, 44, 21)
    row = running(data)
    assert row.status == "possible" and row.ci_low > 1 and row.z >= row.boundary
    assert row.headline() == "Episodes were about 3.9 times as likely on days you ran."  # 40% against 10%
    assert row.sentence().startswith("Episodes were about 3.9 times as likely on days you ran. 95% interval ")
    assert row.numbers().startswith("Adjusted ratio 3.9 (95% interval ")
    assert row.numbers().endswith("An episode on 44 of 110 logged days with it and 21 of 210 without.")
    assert any("staying active" in c for c in row.caveats())
    assert "running" in row.guidance


def test_the_same_shares_over_a_few_weeks_show_the_numbers_without_the_badge():
    row = running(running_diary(20, 40, 8, 4))
    assert row.tested and row.ci_low > 1
    assert row.status == "no_evidence"
    assert row.headline().endswith("as likely on days you ran. Not yet clear enough to call it a pattern.")
    assert row.sentence().startswith("Episodes were about ") and "95% interval" in row.sentence()


def test_an_interval_that_includes_no_difference_is_said_plainly():
    row = running(running_diary(40, 100, 5, 12))
    assert row.ci_low < 1 < row.ci_high and row.status == "no_evidence"
    assert row.headline() == "No clear difference so far on days you ran."


def test_a_lower_risk_is_written_as_less_likely_and_never_badged():
    row = running(running_diary(110, 210, 3, 60))
    assert row.status == "no_evidence"
    assert row.headline().startswith("Episodes were about ") and "% less likely on days you ran." in row.headline()


def test_it_reports_the_day_after_separately():
    checkins, episodes = [], []
    for i in range(330):
        d = days_back(i)
        ran = i % 3 == 1
        checkins.append(plain_checkin(d, activities=["running"] if ran else [], exercise_minutes=30 if ran else 0))
        if (i + 1) % 3 == 1 and i % 2 == 0 or i % 11 == 0:  # the day after a run (i is counted backwards)
            episodes.append(episode(d))
    data = diary(episodes, checkins)
    rows = pattern_associations(data.episodes, data.checkins, START, TODAY)
    after = next(a for a in rows if a.factor == "running" and a.lag == 1)
    same = next(a for a in rows if a.factor == "running" and a.lag == 0)
    assert after.status == "possible" and after.label == "The day after running"
    assert after.headline().endswith("as likely on the day after you ran.")
    assert same.status != "possible"
    assert all(a.lag == 0 for a in factor_associations(data.episodes, data.checkins, START, TODAY))


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


def test_it_analyses_the_user_s_own_factors():
    factors = (CustomFactorRecord("cold weather", "yesno"), CustomFactorRecord("hours on feet", "number", 6.0))
    checkins, episodes = [], []
    for i in range(330):
        cold = i % 4 == 0
        feet = 8.0 if i % 5 == 0 else 2.0
        checkins.append(replace(plain_checkin(days_back(i)), custom={"cold weather": cold, "hours on feet": feet}))
        if (cold and i % 8 == 0) or i % 13 == 0:
            episodes.append(episode(days_back(i)))
    data = replace(diary(episodes, checkins), custom_factors=factors)
    rows = by_factor(analyse(data, start=START).associations)
    cold = rows["custom:cold weather"]
    assert cold.status == "possible" and cold.label == "cold weather"
    assert cold.headline().endswith("as likely on days with “cold weather”.")
    feet = rows["custom:hours on feet"]
    assert feet.tested and feet.exposed_days == 66 and feet.label == "hours on feet 6 or more"
    assert feet.guidance == ("prevention",)


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
    assert report.episodes_needed == 10  # no check-ins: no day with an episode can be compared yet


def test_it_gives_patterns_the_keys_of_the_issue():
    patterns = pattern_dicts(analyse(simulated_diary(1, risk_running=0.45)))
    assert {p["kind"] for p in patterns} == {"association", "trend", "descriptive"}
    associations = [p for p in patterns if p["kind"] == "association"]
    assert {"factor", "label", "lag", "status", "ratio", "interval", "exposed_days", "exposed_with_episode",
            "unexposed_days", "unexposed_with_episode"} <= set(associations[0])
    assert {p["lag"] for p in associations} == {0, 1}
    tested = next(p for p in associations if p["ratio"] is not None)
    assert tested["interval"][0] < tested["ratio"] < tested["interval"][1]
    assert all(p["guidance"] for p in patterns)


def test_a_huge_ratio_from_few_days_is_not_written_as_a_precise_number():
    row = running(running_diary(120, 240, 120, 0, every=1))  # every run had an episode, no other day did
    assert row.ratio > 10 and row.status == "possible"
    assert row.headline() == "Episodes were more than 10 times as likely on days you ran."
