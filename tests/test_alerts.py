"""When to see a doctor: every symptom urgency and every history rule, at and around its threshold."""
from datetime import timedelta

import pytest

from diary.alerts import SYMPTOMS, evaluate_alerts, top_open_alert
from tests.builders import TODAY, checkin, days_back, diary, episode, medicine, note


def rules(alerts):
    return [a.rule for a in alerts]


def only(alerts, rule):
    found = [a for a in alerts if a.rule == rule]
    assert len(found) == 1, rules(alerts)
    return found[0]


# --- symptoms -------------------------------------------------------------------------------------

EXPECTED_URGENCY = {
    "chest_pain_breathless": "emergency", "both_legs": "emergency", "saddle_numbness": "emergency",
    "bladder_bowel": "emergency", "dark_urine": "emergency",
    "leg_weakness": "urgent", "fever_unwell": "urgent", "after_fall_or_injury": "urgent", "night_pain": "urgent",
    "weight_loss": "urgent", "numbness_tingling": "soon", "cannot_move": "soon",
}


@pytest.mark.parametrize("flag, urgency", sorted(EXPECTED_URGENCY.items()))
def test_it_gives_each_symptom_its_urgency(flag, urgency):
    alerts = evaluate_alerts(diary([episode(TODAY, 8, id=7, red_flags=[flag])]))
    alert = only(alerts, "symptom")
    assert alert.urgency == urgency
    assert alert.key == f"symptom:{flag}:7"
    assert flag in alert.guidance and "see_doctor" in alert.guidance
    assert alert.sources and alert.episode_ids == (7,)
    assert "get checked" in alert.reason or "getting checked" in alert.reason or "check today" in alert.reason


def test_it_covers_every_red_flag_of_the_catalogue():
    from diary.catalogues import RedFlag

    assert set(SYMPTOMS) == set(RedFlag.values) == set(EXPECTED_URGENCY)


@pytest.mark.parametrize("intensity, urgency", [(6, "urgent"), (7, "emergency"), (8, "emergency")])
def test_it_calls_dark_urine_an_emergency_only_with_severe_pain(intensity, urgency):
    alerts = evaluate_alerts(diary([episode(TODAY, intensity, red_flags=["dark_urine"])],
                                   medicines=[medicine("Atorvastatin", "statin", days_back(100))]))
    alert = only(alerts, "symptom")
    assert alert.urgency == urgency and "statin (Atorvastatin)" in alert.reason


@pytest.mark.parametrize("days_ago, urgency", [(0, "emergency"), (3, "emergency"), (4, "urgent"), (27, "urgent"), (28, None)])
def test_it_lets_an_old_emergency_step_down_and_then_leave_today_s_alerts(days_ago, urgency):
    alerts = evaluate_alerts(diary([episode(days_back(days_ago), 7, red_flags=["both_legs"])]))
    if urgency is None:
        assert alerts == []
    else:
        assert only(alerts, "symptom").urgency == urgency


def test_it_keeps_an_old_symptom_in_its_summary_period_with_its_own_urgency():
    data = diary([episode(days_back(60), 7, red_flags=["both_legs"])])
    alerts = evaluate_alerts(data, start=days_back(89), end=TODAY)
    assert only(alerts, "symptom").urgency == "emergency"


# --- history rules --------------------------------------------------------------------------------

@pytest.mark.parametrize("count, fires", [(3, False), (4, True), (5, True)])
def test_it_flags_regular_spasms_from_four_in_28_days(count, fires):
    episodes = [episode(days_back(d), 4, context="at_rest" if d < 6 else "during_exercise") for d in (0, 5, 12, 27, 20)[:count]]
    alerts = evaluate_alerts(diary(episodes, [checkin(days_back(200))]))
    assert ("regular_spasms" in rules(alerts)) is fires
    if fires:
        alert = only(alerts, "regular_spasms")
        assert alert.urgency == "soon"
        assert alert.reason.startswith(f"{count} episodes in the 28 days to ")
        assert "2 of them at rest" in alert.reason
        assert alert.sources[0].file == "000_3a3248568156e5b1.txt" and alert.sources[0].section == "Warnung"


def test_it_counts_regular_spasms_within_28_days_only():
    episodes = [episode(days_back(d)) for d in (0, 5, 12, 28)]
    assert "regular_spasms" not in rules(evaluate_alerts(diary(episodes)))


def test_it_keeps_the_same_key_while_the_condition_lasts():
    episodes = [episode(days_back(d)) for d in (2, 5, 12, 20)]
    today = only(evaluate_alerts(diary(episodes)), "regular_spasms").key
    tomorrow = only(evaluate_alerts(diary(episodes, today=TODAY + timedelta(days=1))), "regular_spasms").key
    assert today == tomorrow == f"regular_spasms:{days_back(2).isoformat()}"


@pytest.mark.parametrize("count, fires", [(1, False), (2, True), (3, True)])
def test_it_flags_spasms_outside_exercise_from_two_in_28_days(count, fires):
    episodes = [episode(days_back(d), context="at_work") for d in (1, 8, 15)[:count]]
    episodes += [episode(days_back(3), context="after_exercise"), episode(days_back(4))]  # exercise, and unknown context
    alerts = evaluate_alerts(diary(episodes))
    assert ("outside_exercise" in rules(alerts)) is fires


@pytest.mark.parametrize("intensity, kind, location, fires", [
    (7, "stabbing", "neck", False), (8, "stabbing", "neck", True), (9, "spasm", "lower_back", True),
    (9, "dull_ache", "lower_back", False), (9, "stabbing", "leg", False),
])
def test_it_flags_sharp_very_painful_neck_or_back_spasms(intensity, kind, location, fires):
    alerts = evaluate_alerts(diary([episode(TODAY, intensity, kind=kind, locations=[location])]))
    assert ("sharp_neck_back" in rules(alerts)) is fires
    if fires:
        assert only(alerts, "sharp_neck_back").sources[0].file == "001_7a4535e076f31f54.txt"


@pytest.mark.parametrize("minutes, kind, fires", [(10, "cramp", False), (11, "cramp", True), (30, "spasm", False), (None, "cramp", False)])
def test_it_flags_a_cramp_longer_than_ten_minutes(minutes, kind, fires):
    alerts = evaluate_alerts(diary([episode(TODAY, 5, kind=kind, duration_minutes=minutes)]))
    assert ("long_cramp" in rules(alerts)) is fires
    if fires:
        assert only(alerts, "long_cramp").sources[0].guideline == "NHS: Leg cramps"


def fluid_diary(recent_litres, previous_litres, recent_episodes=2, previous_episodes=2):
    checkins = [checkin(days_back(d), fluid_litres=recent_litres) for d in range(14)]
    checkins += [checkin(days_back(d), fluid_litres=previous_litres) for d in range(14, 28)]
    episodes = [episode(days_back(d)) for d in (1, 6, 11)[:recent_episodes]]
    episodes += [episode(days_back(d)) for d in (15, 20, 25)[:previous_episodes]]
    return diary(episodes, checkins)


@pytest.mark.parametrize("recent, fires", [(1.9, False), (2.0, True), (2.1, True)])
def test_it_flags_spasms_that_continue_with_two_litres_a_day(recent, fires):
    alerts = evaluate_alerts(fluid_diary(recent, recent))
    assert ("fluid_no_help" in rules(alerts)) is fires


@pytest.mark.parametrize("rise, fires", [(0.4, False), (0.5, True), (0.6, True)])
def test_it_flags_spasms_that_continue_after_fluid_rose_half_a_litre(rise, fires):
    alerts = evaluate_alerts(fluid_diary(1.2 + rise, 1.2))
    assert ("fluid_no_help" in rules(alerts)) is fires


def test_it_does_not_flag_fluid_when_the_episode_rate_fell():
    alerts = evaluate_alerts(fluid_diary(2.5, 1.5, recent_episodes=2, previous_episodes=3))
    assert "fluid_no_help" not in rules(alerts)


@pytest.mark.parametrize("recent_count, fires", [(5, False), (6, True), (7, True)])
def test_it_flags_a_rising_trend(recent_count, fires):
    # 4 episodes in weeks 5-8 before today, then recent_count in the last 4 weeks (2 more = rising).
    episodes = [episode(days_back(d), 3) for d in (30, 37, 44, 51)]
    episodes += [episode(days_back(d), 3) for d in range(60, 108, 6)]  # 8 in the 4 weeks before, so 8 weeks stay stable
    episodes += [episode(days_back(d), 3) for d in range(1, 1 + 4 * recent_count, 4)][:recent_count]
    alerts = evaluate_alerts(diary(episodes, [checkin(days_back(120))]))
    assert ("rising_trend" in rules(alerts)) is fires
    if fires:
        alert = only(alerts, "rising_trend")
        assert f"{recent_count} episodes in the last 4 weeks against 4" in alert.reason
        assert alert.sources[0].file == "002_6382be78da2ead00.txt"


def test_it_does_not_call_a_trend_rising_before_the_diary_reaches_back():
    episodes = [episode(days_back(d), 3) for d in range(1, 20, 3)]
    assert "rising_trend" not in rules(evaluate_alerts(diary(episodes)))


def pain_diary(weeks, first_week_pain=5, last_week_pain=5):
    checkins = []
    for d in range(7 * weeks):
        week_from_start = (7 * weeks - 1 - d) // 7
        pain = first_week_pain if week_from_start == 0 else last_week_pain if week_from_start == weeks - 1 else 5
        checkins.append(checkin(days_back(d), worst_pain=pain))
    return diary([], checkins)


@pytest.mark.parametrize("weeks, fires", [(5, False), (6, True), (7, True)])
def test_it_flags_pain_that_persists_six_weeks(weeks, fires):
    alerts = evaluate_alerts(pain_diary(weeks))
    assert ("persistent_pain" in rules(alerts)) is fires
    if fires:
        assert {s.guideline for s in only(alerts, "persistent_pain").sources} >= {"NHS: Back pain"}


@pytest.mark.parametrize("first, last, fires", [(6, 4, False), (6, 5, True), (5, 4, True), (5, 3, False)])
def test_it_does_not_flag_pain_that_fell_by_two_points_or_30_percent(first, last, fires):
    # 6 -> 4: 2 points; 6 -> 5: 17%; 5 -> 4: 1 point, 20%; 5 -> 3: 2 points.
    assert ("persistent_pain" in rules(evaluate_alerts(pain_diary(6, first, last)))) is fires


def test_it_needs_pain_on_most_logged_days():
    checkins = [checkin(days_back(d), worst_pain=5 if d % 2 else 0) for d in range(42)]
    assert "persistent_pain" not in rules(evaluate_alerts(diary([], checkins)))


# --- background and medicines ---------------------------------------------------------------------

@pytest.mark.parametrize("age, fires", [(49, False), (50, True), (51, True)])
def test_it_flags_new_back_pain_after_50(age, fires):
    data = diary([episode(days_back(2), 4, locations=["lower_back"])], year_of_birth=TODAY.year - age)
    alerts = evaluate_alerts(data)
    assert ("background_age" in rules(alerts)) is fires
    if fires:
        alert = only(alerts, "background_age")
        assert alert.urgency == "soon" and alert.sources[0].guideline == "NICE NG59"


def test_it_does_not_call_long_known_back_pain_new():
    episodes = [episode(days_back(60), 4, locations=["lower_back"]), episode(days_back(2), 4, locations=["lower_back"])]
    assert "background_age" not in rules(evaluate_alerts(diary(episodes, year_of_birth=TODAY.year - 60)))


@pytest.mark.parametrize("flag", ["history_of_cancer", "osteoporosis", "long_term_steroids", "weakened_immune_system"])
def test_it_flags_back_pain_with_a_risky_health_background(flag):
    alerts = evaluate_alerts(diary([episode(days_back(1), 3, locations=["mid_back"])], **{flag: True}))
    assert only(alerts, "background_history").urgency == "soon"


def test_it_makes_background_alerts_urgent_with_weight_loss():
    data = diary([episode(days_back(1), 3, locations=["lower_back"], red_flags=["weight_loss"])],
                 history_of_cancer=True, year_of_birth=TODAY.year - 70)
    alerts = evaluate_alerts(data)
    assert only(alerts, "background_history").urgency == "urgent"
    assert only(alerts, "background_age").urgency == "urgent"


def test_it_ignores_the_background_without_back_pain():
    data = diary([episode(days_back(1), 3, locations=["leg"])], history_of_cancer=True, year_of_birth=1950)
    assert not {"background_history", "background_age"} & set(rules(evaluate_alerts(data)))


def medicine_diary(before, after, kind="statin"):
    began = days_back(30)
    episodes = [episode(began - timedelta(days=5 + 7 * i), kind="cramp") for i in range(before)]
    episodes += [episode(began + timedelta(days=1 + 3 * i), kind="cramp") for i in range(after)]
    return diary(episodes, [checkin(began - timedelta(days=70))], medicines=[medicine("Simvastatin", kind, began)])


@pytest.mark.parametrize("before, after, fires", [(2, 2, False), (2, 3, True), (2, 4, True)])
def test_it_flags_more_cramps_after_starting_a_statin_or_diuretic(before, after, fires):
    alerts = evaluate_alerts(medicine_diary(before, after))
    assert ("medicine_cramps" in rules(alerts)) is fires
    if fires:
        alert = only(alerts, "medicine_cramps")
        assert alert.urgency == "advice" and "medication" in alert.guidance


def test_it_ignores_other_medicines_and_diaries_that_start_after_the_medicine():
    assert "medicine_cramps" not in rules(evaluate_alerts(medicine_diary(0, 3, kind="pain_relief")))
    began = days_back(30)
    late = diary([episode(began + timedelta(days=2), kind="cramp")], medicines=[medicine("Furosemide", "diuretic", began)])
    assert "medicine_cramps" not in rules(evaluate_alerts(late))


# --- all alerts -----------------------------------------------------------------------------------

def everything_diary(**extra):
    episodes = [
        episode(TODAY, 9, id=1, kind="stabbing", locations=["lower_back"], context="at_rest", red_flags=["both_legs"]),
        episode(days_back(1), 5, id=2, kind="cramp", duration_minutes=20, context="at_work", red_flags=["night_pain"]),
        episode(days_back(2), 5, id=3, red_flags=["numbness_tingling"]),
        episode(days_back(3), 5, id=4),
    ]
    return diary(episodes, history_of_cancer=True, **extra)


def test_it_cites_a_source_and_links_guidance_for_every_alert():
    alerts = evaluate_alerts(everything_diary())
    assert {"symptom", "sharp_neck_back", "long_cramp", "regular_spasms", "outside_exercise", "background_history"} <= set(rules(alerts))
    for alert in alerts:
        assert alert.sources and all(s.guideline or (s.file.endswith(".txt") and s.section) for s in alert.sources)
        assert alert.guidance
        assert set(alert.as_dict()) == {"rule", "urgency", "reason", "sources", "guidance"}
        assert "diagnos" not in alert.reason.lower()


def test_it_sorts_most_urgent_first_and_discussed_last():
    alerts = evaluate_alerts(everything_diary())
    ranks = [("emergency", "urgent", "soon", "advice").index(a.urgency) for a in alerts]
    assert ranks == sorted(ranks)
    assert alerts[0].key == "symptom:both_legs:1"
    discussed = evaluate_alerts(everything_diary(alert_notes=[note("symptom", "symptom:both_legs:1", TODAY)]))
    assert discussed[-1].key == "symptom:both_legs:1" and discussed[-1].discussed_on == TODAY
    assert top_open_alert(discussed).urgency == "urgent"


def test_it_offers_no_banner_for_advice_only():
    alerts = evaluate_alerts(medicine_diary(0, 2))
    assert rules(alerts) == ["medicine_cramps"] and top_open_alert(alerts) is None
