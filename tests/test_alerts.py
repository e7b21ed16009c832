"""Symptom triage: each case against the guideline page it comes from (the test name says which)."""
from datetime import timedelta

import pytest
from django.utils import translation

from diary.alerts import SYMPTOMS, evaluate_alerts, top_open_alert
from diary.catalogues import RedFlag
from tests.builders import TODAY, days_back, diary, episode, medicine, note


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


def symptom(flag, *, when=TODAY, intensity=6, locations=("lower_back",), kind="spasm", **background):
    data = diary([episode(when, intensity, id=7, red_flags=[flag], locations=list(locations), kind=kind)], **background)
    return only(evaluate_alerts(data), "symptom")


def guidelines(alert):
    return {s.guideline for s in alert.sources if s.guideline}


def test_it_covers_every_red_flag_of_the_catalogue():
    assert set(SYMPTOMS) == set(RedFlag.values)


# --- NHS back pain: "Call 999 or go to A&E if you have back pain and ..." -------------------------

@pytest.mark.parametrize("flag", ["chest_pain_breathless", "saddle_numbness", "bladder_bowel", "serious_accident"])
def test_nhs_back_pain_999_signs_are_emergencies(flag):
    alert = symptom(flag)
    assert alert.urgency == "emergency" and alert.banner
    assert "NHS: Back pain" in guidelines(alert)
    assert alert.key == f"symptom:{flag}:7" and alert.episode_ids == (7,)


@pytest.mark.parametrize("flag", ["saddle_numbness", "bladder_bowel"])
def test_nhs_cauda_equina_and_nice_ng59_are_cited_for_saddle_and_bladder_signs(flag):
    assert {"NHS: Cauda equina syndrome", "NICE NG59"} <= guidelines(symptom(flag))


def test_nhs_back_pain_serious_accident_is_an_emergency_and_a_minor_fall_is_urgent():
    assert symptom("serious_accident").urgency == "emergency"
    minor = symptom("after_fall_or_injury")
    assert minor.urgency == "urgent" and "X-ray" not in minor.reason


@pytest.mark.parametrize("background", ["osteoporosis", "long_term_steroids"])
def test_nice_ng59_minor_fall_with_osteoporosis_or_steroids_is_urgent_with_fracture_wording(background):
    alert = symptom("after_fall_or_injury", **{background: True})
    assert alert.urgency == "urgent" and "break a bone" in alert.reason and "NICE NG59" in guidelines(alert)


@pytest.mark.parametrize("flag", ["fever_unwell", "night_pain", "weight_loss", "back_lump", "worse_coughing", "between_shoulders"])
def test_nhs_back_pain_urgent_gp_or_111_signs_are_urgent(flag):
    alert = symptom(flag)
    assert alert.urgency == "urgent" and alert.banner and "NHS: Back pain" in guidelines(alert)


# --- both legs: NHS back pain and sciatica with back pain; NHS leg cramps without -------------------

@pytest.mark.parametrize("locations, kind, urgency", [
    (("lower_back",), "spasm", "emergency"), (("mid_back", "leg"), "cramp", "emergency"),
    (("leg",), "radiating", "emergency"), (("leg",), "cramp", "soon"), ((), "cramp", "soon"),
])
def test_nhs_sciatica_both_legs_is_an_emergency_only_with_back_pain_or_radiating(locations, kind, urgency):
    alert = symptom("both_legs", locations=locations, kind=kind, intensity=4)
    assert alert.urgency == urgency
    expected = {"NHS: Sciatica", "NHS: Back pain"} if urgency == "emergency" else {"NHS: Leg cramps"}
    assert expected <= guidelines(alert)


def test_nhs_leg_cramps_a_short_cramp_in_both_calves_never_says_call_now():
    data = diary([episode(TODAY, 5, kind="cramp", duration_minutes=3, locations=["leg"], side="both", red_flags=["both_legs"])])
    assert top_open_alert(evaluate_alerts(data)) is None or top_open_alert(evaluate_alerts(data)).urgency != "emergency"


# --- NICE NG234: a history of cancer ----------------------------------------------------------------

@pytest.mark.parametrize("flag", ["leg_weakness", "both_legs", "saddle_numbness", "bladder_bowel"])
def test_nice_ng234_a_neurological_sign_with_a_history_of_cancer_is_an_emergency(flag):
    alert = symptom(flag, locations=("leg",), kind="cramp", history_of_cancer=True)
    assert alert.urgency == "emergency" and "NICE NG234" in guidelines(alert)


@pytest.mark.parametrize("location", ["neck", "upper_back", "mid_back", "lower_back"])
def test_nice_ng234_any_spinal_pain_with_a_history_of_cancer_is_urgent(location):
    alerts = evaluate_alerts(diary([episode(days_back(1), 3, locations=[location])], history_of_cancer=True))
    alert = only(alerts, "cancer_spinal_pain")
    assert alert.urgency == "urgent" and alert.banner and "NICE NG234" in guidelines(alert) and "24 hours" in alert.reason


def test_nice_ng234_leg_pain_alone_with_a_history_of_cancer_raises_no_spinal_alert():
    alerts = evaluate_alerts(diary([episode(days_back(1), 3, locations=["leg"])], history_of_cancer=True))
    assert "cancer_spinal_pain" not in rules(alerts)


def test_nice_ng234_leg_weakness_without_cancer_stays_urgent():
    assert symptom("leg_weakness").urgency == "urgent"


# --- NHS side effects of statins ------------------------------------------------------------------------

def test_nhs_statins_muscle_pain_or_cramps_on_a_statin_is_urgent_and_reaches_the_banner_without_earlier_diary():
    began = days_back(10)
    data = diary([episode(days_back(2), 4, kind="cramp", locations=["leg"])],
                 medicines=[medicine("Atorvastatin", "statin", began)])
    alerts = evaluate_alerts(data)
    alert = only(alerts, "statin_muscle")
    assert alert.urgency == "urgent" and "NHS: Side effects of statins" in guidelines(alert)
    assert "NHS 111" in alert.reason and "Atorvastatin" in alert.reason
    assert top_open_alert(alerts).rule == "statin_muscle"


def test_nhs_statins_episodes_before_the_start_or_after_stopping_do_not_count():
    medicines = [medicine("Simvastatin", "statin", days_back(20), days_back(10))]
    data = diary([episode(days_back(30), 4), episode(days_back(5), 4)], medicines=medicines)
    assert "statin_muscle" not in rules(evaluate_alerts(data))


@pytest.mark.parametrize("intensity, urgency", [(6, "urgent"), (7, "emergency"), (9, "emergency")])
def test_nhs_statins_dark_urine_cites_the_statin_page_and_is_an_emergency_with_severe_pain(intensity, urgency):
    data = diary([episode(TODAY, intensity, red_flags=["dark_urine"])],
                 medicines=[medicine("Atorvastatin", "statin", days_back(100))])
    alert = only(evaluate_alerts(data), "symptom")
    assert alert.urgency == urgency and "statin (Atorvastatin)" in alert.reason
    assert "NHS: Side effects of statins" in guidelines(alert) and "NHS: Leg cramps" not in guidelines(alert)


# --- seed 002 and NHS back pain: soon -----------------------------------------------------------------------

@pytest.mark.parametrize("flag", ["numbness_tingling", "cannot_move"])
def test_seed_002_numbness_and_immobilising_pain_are_soon(flag):
    assert symptom(flag).urgency == "soon"


# --- lifecycle of a symptom: its urgency stays until the user answers -----------------------------------------

@pytest.mark.parametrize("days_ago", [0, 4, 30, 400])
def test_nhs_cauda_equina_an_old_unanswered_symptom_keeps_its_urgency(days_ago):
    alert = symptom("saddle_numbness", when=days_back(days_ago))
    assert alert.urgency == "emergency" and alert.status == "open" and alert.banner
    assert ("say so here and this alert closes" in alert.reason) is (days_ago >= 2)


@pytest.mark.parametrize("answer", ["checked", "gone", "discussed"])
def test_an_answer_closes_the_symptom_until_it_is_ticked_again(answer):
    first = episode(days_back(10), 6, id=1, red_flags=["saddle_numbness"], locations=["lower_back"])
    answered = note("symptom", "symptom:saddle_numbness:1", days_back(9), status=answer)
    data = diary([first], alert_notes=[answered])
    alert = only(evaluate_alerts(data), "symptom")
    assert alert.status == answer and not alert.banner and top_open_alert(evaluate_alerts(data)) is None
    again = episode(days_back(2), 6, id=2, red_flags=["saddle_numbness"], locations=["lower_back"])
    alerts = [a for a in evaluate_alerts(diary([first, again], alert_notes=[answered])) if a.status == "open"]
    assert [a.key for a in alerts] == ["symptom:saddle_numbness:2"] and alerts[0].urgency == "emergency"


def test_one_card_per_symptom_while_it_is_unanswered():
    episodes = [episode(days_back(d), 5, id=10 + d, red_flags=["night_pain"]) for d in (1, 5, 9)]
    alert = only(evaluate_alerts(diary(episodes)), "symptom")
    assert alert.key == "symptom:night_pain:19" and alert.first_raised == days_back(9) and len(alert.episode_ids) == 3
    assert "3 episodes" in alert.reason


def test_the_summary_period_keeps_a_symptom_with_its_own_urgency():
    data = diary([episode(days_back(60), 7, red_flags=["both_legs"], locations=["lower_back"])])
    alert = only(evaluate_alerts(data, start=days_back(89), end=TODAY), "symptom")
    assert alert.urgency == "emergency" and alert.first_raised == days_back(60)


def test_as_of_a_day_sees_only_entries_and_answers_up_to_it():
    data = diary([episode(days_back(5), 6, id=3, red_flags=["night_pain"])],
                 alert_notes=[note("symptom", "symptom:night_pain:3", days_back(2))])
    assert evaluate_alerts(data, today=days_back(6)) == []
    assert only(evaluate_alerts(data, today=days_back(4)), "symptom").status == "open"
    assert only(evaluate_alerts(data, today=days_back(1)), "symptom").status == "discussed"


def test_every_alert_cites_a_source_and_never_diagnoses():
    episodes = [episode(days_back(d), 6, red_flags=[flag], locations=["lower_back"]) for d, flag in enumerate(RedFlag.values)]
    for alert in evaluate_alerts(diary(episodes, history_of_cancer=True, osteoporosis=True)):
        assert alert.sources and all(s.guideline or (s.file.endswith(".txt") and s.section) for s in alert.sources)
        assert all(s.url.startswith("https://www.n") for s in alert.sources if s.guideline)
        assert alert.guidance and "diagnos" not in alert.reason.lower()
        assert set(alert.as_dict()) == {"rule", "urgency", "reason", "sources", "guidance"}


def test_it_sorts_most_urgent_first_and_answered_last():
    episodes = [episode(TODAY, 9, id=1, red_flags=["saddle_numbness"], locations=["lower_back"]),
                episode(days_back(1), 5, id=2, red_flags=["night_pain"]),
                episode(days_back(2), 5, id=3, red_flags=["numbness_tingling"])]
    alerts = evaluate_alerts(diary(episodes))
    assert [a.urgency for a in alerts] == ["emergency", "urgent", "soon"]
    answered = evaluate_alerts(diary(episodes, alert_notes=[note("symptom", "symptom:saddle_numbness:1", TODAY)]))
    assert answered[-1].key == "symptom:saddle_numbness:1" and answered[-1].discussed_on == TODAY
    assert top_open_alert(answered).urgency == "urgent"
    assert TODAY - timedelta(days=1) in answered[0].dates
