"""History rules at and around their thresholds (episode days, calibrated tests), and the alert lifecycle."""
from datetime import timedelta

import pytest
from django.utils import translation

from diary.alerts import evaluate_alerts, top_open_alert
from insights.alerts.history import (
    FREQUENCY_ALPHA, DayGrid, FrequencyLook, critical_count, day_tail, fluid_no_help, fluid_windows, frequency_looks,
    frequency_windows, rising_frequency, t_upper_tail, upper_tail,
)
from tests.builders import TODAY, checkin, days_back, diary, episode, note


@pytest.fixture(autouse=True)
def in_english():
    """These tests read English reasons; another module may leave a language active."""
    with translation.override("en"):
        yield


def rules(alerts):
    return [a.rule for a in alerts]


def only(alerts, rule):
    found = [a for a in alerts if a.rule == rule]
    assert len(found) == 1, rules(alerts)
    return found[0]


def old_checkin():
    return checkin(days_back(200))


# --- seed 000: regular spasms and spasms outside exercise (advice) ------------------------------------

@pytest.mark.parametrize("days, fires", [(3, False), (4, True), (5, True)])
def test_seed_000_regular_spasms_count_episode_days_in_28_days(days, fires):
    episodes = [episode(days_back(d), 4) for d in (0, 5, 12, 27, 20)[:days]]
    alerts = evaluate_alerts(diary(episodes, [old_checkin()]))
    assert ("regular_spasms" in rules(alerts)) is fires
    if fires:
        alert = only(alerts, "regular_spasms")
        assert alert.urgency == "advice" and not alert.banner
        assert alert.reason.startswith(f"Episodes on {days} days in the 28 days to ")
        assert alert.sources[0].section == "Warnung"


def test_seed_000_four_episodes_on_one_day_are_one_episode_day():
    episodes = [episode(days_back(2), 4, hour=h) for h in (8, 10, 12, 14)]
    assert "regular_spasms" not in rules(evaluate_alerts(diary(episodes)))


@pytest.mark.parametrize("days, fires", [(1, False), (2, True)])
def test_seed_000_spasms_outside_exercise_from_two_days(days, fires):
    episodes = [episode(days_back(d), context="at_work") for d in (1, 8)[:days]]
    episodes += [episode(days_back(3), context="after_exercise"), episode(days_back(4))]
    assert ("outside_exercise" in rules(evaluate_alerts(diary(episodes)))) is fires


# --- seed 002: more frequent (exact conditional test) and worse -----------------------------------------

def frequency_diary(previous_days, recent_days):
    episodes = [episode(days_back(56 + 1 + 3 * k), 4) for k in range(previous_days)]
    episodes += [episode(days_back(3 * k), 4) for k in range(recent_days)]
    return diary(episodes, [checkin(days_back(120))])


def test_the_exact_conditional_test_is_a_binomial_tail():
    assert upper_tail(18, 22) == pytest.approx(9109 / 2 ** 22)
    # Episode days are days: with 3 of 10 days episode days, all 3 in a 2-day look is impossible,
    # both of the look's days: C(8, 1) / C(10, 3) = 8 / 120.
    assert day_tail(3, 3, 2, 8) == 0 and day_tail(2, 3, 2, 8) == pytest.approx(8 / 120)
    # The critical count is the fewest episode days whose p-value is at most alpha.
    for days, look, baseline in ((22, 8, 8), (30, 8, 52), (12, 2, 20), (60, 4, 52), (200, 8, 52)):
        k = critical_count(days, look, baseline)
        tail = [day_tail(j, days, 7 * look, 7 * baseline) for j in (k, k - 1)]
        assert tail[0] <= FREQUENCY_ALPHA < tail[1]


@pytest.mark.parametrize("recent, fires", [(17, False), (18, True)])
def test_seed_002_more_frequent_needs_a_significant_rise_in_episode_days(recent, fires):
    data = frequency_diary(4, recent)  # 17 weeks of diary: the 8 weeks and 9 whole weeks before
    grid = DayGrid(data.episodes, data.checkins, TODAY)
    looks = frequency_looks(grid, grid.index(TODAY))
    assert [look.weeks for look in looks] == [2, 4, 6, 8]
    assert looks[-1] == FrequencyLook(recent, 8, 4, 9)
    assert rising_frequency(grid, grid.index(TODAY)) is fires
    if fires:
        alert = only(evaluate_alerts(data), "rising_frequency")
        assert alert.urgency == "soon" and f"Episodes on {recent} days in the 8 weeks" in alert.reason
        assert "against 4 days in the 9 weeks before" in alert.reason and alert.sources[0].file.startswith("002_")
        assert "p = 0.0003)" in alert.reason  # 0.00028: four decimals, since the rule fires at 0.0003


def test_seed_002_a_year_of_history_is_the_baseline_and_a_rise_against_it_counts():
    """One episode day a fortnight for a year, then two a week for 8 weeks: 16 against 4 in the 8 weeks before
    did not pass the old 8-against-8 test (p = 0.006), 16 against 26 in the 52 weeks before passes this one."""
    episodes = [episode(days_back(56 + 1 + 14 * k), 4) for k in range(26)]
    episodes += [episode(days_back(k * 7 // 2), 4) for k in range(16)]
    data = diary(episodes, [checkin(days_back(56 + 7 * 52 - 1))])
    grid = DayGrid(data.episodes, data.checkins, TODAY)
    assert frequency_looks(grid, grid.index(TODAY))[-1] == FrequencyLook(16, 8, 26, 52)
    assert frequency_looks(grid, grid.index(TODAY))[-1].p_value < FREQUENCY_ALPHA < upper_tail(16, 20)
    assert rising_frequency(grid, grid.index(TODAY))
    assert "against 26 days in the 52 weeks before (a rise this large by chance alone: p < 0.0001)" in only(
        evaluate_alerts(data), "rising_frequency").reason


def test_seed_002_a_rise_in_the_last_two_weeks_is_looked_at_on_its_own():
    """Ten days in a row with episodes after 16 weeks with one a week: the 2-week look names it."""
    episodes = [episode(days_back(14 + 7 * k), 4) for k in range(16)] + [episode(days_back(k), 4) for k in range(10)]
    data = diary(episodes, [checkin(days_back(125))])
    grid = DayGrid(data.episodes, data.checkins, TODAY)
    look = frequency_windows(grid, grid.index(TODAY))
    assert look.weeks == 2 and look.recent == 10 and rising_frequency(grid, grid.index(TODAY))
    reason = only(evaluate_alerts(data), "rising_frequency").reason
    assert "Episodes on 10 days in the 2 weeks to " in reason and "weeks before the last 8 weeks" in reason


def test_seed_002_no_frequency_verdict_before_the_diary_covers_16_weeks():
    episodes = [episode(days_back(3 * k), 4) for k in range(18)]
    assert "rising_frequency" not in rules(evaluate_alerts(diary(episodes)))


def intensity_diary(n_each, previous, recent):
    episodes = [episode(days_back(57 + 5 * k), previous + (k % 2)) for k in range(n_each)]
    episodes += [episode(days_back(1 + 5 * k), recent + (k % 2)) for k in range(n_each)]
    return diary(episodes, [checkin(days_back(120))])


@pytest.mark.parametrize("n_each, previous, recent, fires", [
    (4, 3, 7, False),  # fewer than 5 episodes in a window
    (5, 2, 8, True),  # +6 points, clear even with 5 episodes each
    (5, 3, 7, False),  # +4 points, but 5 episodes each cannot rule out chance (t-test)
    (10, 5, 6, False),  # +1 point, 18%: too small to matter
    (10, 3, 5, True),  # +2 points over 10 episodes each
])
def test_seed_002_worse_needs_five_episodes_each_and_two_points_or_30_percent(n_each, previous, recent, fires):
    assert ("rising_intensity" in rules(evaluate_alerts(intensity_diary(n_each, previous, recent)))) is fires


def test_the_t_tail_matches_student_t():
    assert t_upper_tail(2.015, 5) == pytest.approx(0.05, abs=1e-4)


# --- seed 000: fluid rose and spasms went on ----------------------------------------------------------------

def fluid_diary(recent_litres, previous_litres, recent_days=3, previous_days=3, logged=28):
    checkins = [checkin(days_back(d), fluid_litres=recent_litres) for d in range(logged)]
    checkins += [checkin(days_back(d), fluid_litres=previous_litres) for d in range(28, 28 + logged)]
    episodes = [episode(days_back(d)) for d in (1, 8, 15, 22)[:recent_days]]
    episodes += [episode(days_back(d)) for d in (30, 37, 44, 51)[:previous_days]]
    return diary(episodes, checkins)


@pytest.mark.parametrize("rise, fires", [(0.4, False), (0.5, True), (0.6, True)])
def test_seed_000_fluid_rule_needs_a_rise_of_half_a_litre(rise, fires):
    assert ("fluid_no_help" in rules(evaluate_alerts(fluid_diary(1.2 + rise, 1.2)))) is fires


def test_seed_000_fluid_rule_ignores_a_high_but_steady_or_falling_intake():
    assert "fluid_no_help" not in rules(evaluate_alerts(fluid_diary(2.5, 2.5)))
    assert "fluid_no_help" not in rules(evaluate_alerts(fluid_diary(2.1, 3.0)))


def test_seed_000_fluid_rule_needs_ten_logged_days_each_and_no_fall_in_episode_days():
    assert "fluid_no_help" not in rules(evaluate_alerts(fluid_diary(2.0, 1.2, logged=9)))
    assert "fluid_no_help" in rules(evaluate_alerts(fluid_diary(2.0, 1.2, logged=10)))
    fewer = fluid_diary(2.0, 1.2, recent_days=2, previous_days=3)
    grid = DayGrid(fewer.episodes, fewer.checkins, TODAY)
    assert fluid_windows(grid, grid.index(TODAY))[4:] == (2, 3) and not fluid_no_help(grid, grid.index(TODAY))


# --- seed 004 and NHS back pain: pain that persists -------------------------------------------------------------

def pain_diary(values):
    """values: worst pain per day, oldest first, ending today (None: not recorded)."""
    n = len(values)
    return diary([], [checkin(days_back(n - 1 - k), worst_pain=v) for k, v in enumerate(values) if v is not None])


@pytest.mark.parametrize("days, fires", [(41, False), (42, True)])
def test_nhs_back_pain_persistent_pain_over_six_weeks(days, fires):
    alerts = evaluate_alerts(pain_diary([5] * days))
    assert ("persistent_pain" in rules(alerts)) is fires
    if fires:
        assert "NHS: Back pain" in {s.guideline for s in only(alerts, "persistent_pain").sources}


def test_nhs_back_pain_persistent_pain_counts_only_days_with_a_recorded_pain_value():
    # Episodes every few days but pain recorded as 0 on the check-ins between: pain-free most days.
    episodes = [episode(days_back(d), 6) for d in range(0, 42, 3)]
    checkins = [checkin(days_back(d), worst_pain=0 if d % 3 else 6) for d in range(42)]
    assert "persistent_pain" not in rules(evaluate_alerts(diary(episodes, checkins)))
    # Episodes alone are not a daily pain record.
    assert "persistent_pain" not in rules(evaluate_alerts(diary(episodes, [checkin(days_back(d)) for d in range(42)])))


def test_nhs_back_pain_persistent_pain_needs_enough_recorded_days():
    assert "persistent_pain" not in rules(evaluate_alerts(pain_diary([5 if k % 2 else None for k in range(42)])))


@pytest.mark.parametrize("first, last, fires", [(6, 4, False), (6, 5, True), (5, 4, True), (5, 3, False)])
def test_nhs_back_pain_pain_that_improves_by_two_points_or_30_percent_is_not_flagged(first, last, fires):
    values = [first] * 14 + [5] * 14 + [last] * 14
    assert ("persistent_pain" in rules(evaluate_alerts(pain_diary(values)))) is fires


# --- NICE NG59: new back pain after 50, from the user's own answer -----------------------------------------------

@pytest.mark.parametrize("duration, age, fires", [
    ("new", 49, False), ("new", 50, True), ("months", 60, False), ("years", 60, False), ("", 60, False),
])
def test_nice_ng59_new_back_pain_after_50_uses_the_profile_answer(duration, age, fires):
    data = diary([episode(days_back(2), 4, locations=["lower_back"])], year_of_birth=TODAY.year - age,
                 pain_duration=duration)
    alerts = evaluate_alerts(data)
    assert ("background_age" in rules(alerts)) is fires
    if fires:
        assert only(alerts, "background_age").sources[0].guideline == "NICE NG59"


# --- lifecycle -------------------------------------------------------------------------------------------------

def test_the_key_survives_a_short_gap_and_one_card_shows_while_the_rule_holds():
    episodes = [episode(days_back(d)) for d in (40, 35, 30, 26, 12, 8, 4, 2)]
    data = diary(episodes)
    keys = {only(evaluate_alerts(data, today=days_back(d)), "regular_spasms").key for d in (20, 10, 0) if
            "regular_spasms" in rules(evaluate_alerts(data, today=days_back(d)))}
    assert len(keys) == 1


def test_discussed_silences_a_history_rule_until_it_clearly_worsens():
    base = frequency_diary(4, 18)
    key = only(evaluate_alerts(base), "rising_frequency").key
    answered = diary(base.episodes, base.checkins, alert_notes=[note("rising_frequency", key, TODAY)])
    assert only(evaluate_alerts(answered), "rising_frequency").status == "discussed"
    later = TODAY + timedelta(days=20)
    more = list(base.episodes) + [episode(later - timedelta(days=k), 4) for k in range(0, 20)]
    worse = diary(more, base.checkins, today=later, alert_notes=[note("rising_frequency", key, TODAY)])
    reopened = only([a for a in evaluate_alerts(worse) if a.status == "open"], "rising_frequency")
    assert reopened.key == f"{key}:{TODAY.isoformat()}" and reopened.first_raised > TODAY
    assert only(evaluate_alerts(worse, today=reopened.first_raised), "rising_frequency").banner


def test_only_new_soon_alerts_reach_the_banner_and_advice_never():
    data = frequency_diary(4, 18)
    alert = only(evaluate_alerts(data), "rising_frequency")
    assert alert.banner == (alert.first_raised >= TODAY - timedelta(days=6))
    later = diary(data.episodes, data.checkins, today=alert.first_raised + timedelta(days=8))
    still = [a for a in evaluate_alerts(later) if a.rule == "rising_frequency"]
    assert all(not a.banner for a in still)
    advice = evaluate_alerts(diary([episode(days_back(d), 4) for d in (1, 5, 9, 13)]))
    assert top_open_alert(advice) is None


def test_the_summary_period_gives_first_raised_and_status():
    data = frequency_diary(4, 18)
    alert = only(evaluate_alerts(data, days_back(89), TODAY), "rising_frequency")
    assert alert.status == "open" and alert.first_raised <= TODAY
    gone = only(evaluate_alerts(data, days_back(89), TODAY + timedelta(days=120)), "rising_frequency")
    assert gone.status == "gone"


@pytest.mark.parametrize("value, shown", [(2.15, "2.2"), (2.149, "2.1"), (2.19, "2.2"), (1.95, "2.0")])
def test_numbers_in_reasons_are_rounded_not_cut(value, shown):
    from insights.alerts.base import one_decimal

    assert one_decimal(value) == shown


def test_the_alert_rules_import_no_views_no_orm_models_and_no_database_reader():
    import ast
    from pathlib import Path

    for path in [*Path("insights/alerts").glob("*.py"), Path("insights/simulate_alerts.py")]:
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                names = [node.module or ""] if isinstance(node, ast.ImportFrom) else [a.name for a in node.names]
                for name in names:
                    assert not any(part in name.split(".") for part in ("models", "views", "records")), (path, name)
