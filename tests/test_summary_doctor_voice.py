"""GP summary: the red-flag and alert table speaks of "the patient" to the doctor; the app's cards keep "you"."""
from __future__ import annotations

import re
from datetime import datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from diary.alerts import evaluate_alerts
from diary.models import Episode
from diary.summary import SummaryOptions, build_summary, render_summary_html
from tests.builders import TODAY, checkin, days_back, diary, episode, medicine

SECOND_PERSON = re.compile(r"\byou\b|\byour\b|\byours\b|\byourself\b", re.IGNORECASE)


def options(days=90, end=TODAY) -> SummaryOptions:
    return SummaryOptions(start=end - timedelta(days=days - 1), end=end)


def alerts_table(html: str) -> str:
    """The HTML of the "Red-flag symptoms and alerts" table, tags stripped."""
    section = html.split('id="gp-flags-title"', 1)[1]
    table = section.split("</table>", 1)[0]
    return re.sub(r"<[^>]+>", " ", table)


def episode_rules_diary():
    """Regular spasms, spasms outside exercise, a long cramp and a sharp spasm in the neck."""
    episodes = [episode(days_back(d), 4, context="at_work") for d in (1, 5, 8, 12)]
    episodes += [episode(days_back(3), 4, kind="cramp", duration_minutes=25, locations=["leg"]),
                 episode(days_back(6), 9, kind="stabbing", locations=["neck"])]
    return diary(episodes, [checkin(days_back(200))])


def fluid_diary():
    checkins = [checkin(days_back(d), fluid_litres=2.3) for d in range(28)]
    checkins += [checkin(days_back(d), fluid_litres=1.2) for d in range(28, 56)]
    episodes = [episode(days_back(d)) for d in (1, 8, 15)] + [episode(days_back(d)) for d in (30, 37, 44)]
    return diary(episodes, checkins)


def background_diary():
    """Cancer, osteoporosis with weight loss, new back pain at 60, a statin, and red-flag symptoms."""
    episodes = [
        episode(days_back(2), 6, locations=["lower_back"], red_flags=["weight_loss", "numbness_tingling"]),
        episode(days_back(4), 7, locations=["lower_back"], red_flags=["cannot_move", "dark_urine"]),
        episode(days_back(9), 5, locations=["lower_back"], red_flags=["numbness_tingling"]),
    ]
    return diary(episodes, history_of_cancer=True, osteoporosis=True, year_of_birth=TODAY.year - 60,
                 pain_duration="new", medicines=[medicine("Atorvastatin", "statin", days_back(300))])


def diuretic_diary():
    began = days_back(40)
    cramps = [episode(began + timedelta(days=d), 3, kind="cramp", locations=["leg"]) for d in (2, 9, 16)]
    return diary(cramps + [episode(began - timedelta(days=20), 3, kind="cramp", locations=["leg"])],
                 [checkin(days_back(120))], medicines=[medicine("Furosemide", "diuretic", began)])


CASES = {
    "episode rules": (episode_rules_diary, {"regular_spasms", "outside_exercise", "long_cramp", "sharp_neck_back"}),
    "fluid": (fluid_diary, {"fluid_no_help"}),
    "background": (background_diary, {"cancer_spinal_pain", "background_history", "background_age", "statin_muscle",
                                      "symptom"}),
    "diuretic": (diuretic_diary, {"medicine_cramps"}),
}


@pytest.mark.parametrize("case", CASES)
def test_the_summary_alerts_table_speaks_of_the_patient_not_to_them(case):
    build, expected = CASES[case]
    data = build()
    with override("en"):
        raised = evaluate_alerts(data, options().start, options().end)
        assert expected <= {a.rule for a in raised}
        # The app's own cards still talk to the user where the reason names them.
        spoken = [a for a in raised if SECOND_PERSON.search(str(a.reason))]
        assert spoken
        summary = build_summary(data, options(), with_chart=False)
        table = alerts_table(render_summary_html(summary, standalone=True))
    assert expected - {"symptom"} <= {row.rule for row in summary.alerts}
    for row in summary.alerts:
        assert not SECOND_PERSON.search(row.reason), row.reason
        assert not SECOND_PERSON.search(row.title), row.title
    assert not SECOND_PERSON.search(table), table
    if case in ("episode rules", "fluid", "background"):
        assert "the patient" in table


def test_the_third_person_reasons_keep_the_numbers():
    with override("en"):
        fluid = build_summary(fluid_diary(), options(), with_chart=False)
        row = next(r for r in fluid.alerts if r.rule == "fluid_no_help")
    assert "the patient drank 2.3 l a day" in row.reason
    assert row.title == "Spasms continue although the patient drinks more"
    with override("en"):
        rows = build_summary(episode_rules_diary(), options(), with_chart=False).alerts
    outside = next(r for r in rows if r.rule == "outside_exercise")
    assert re.search(r"On \d days in the 28 days to .* the patient had an episode outside exercise\.", outside.reason)


def test_the_patterns_card_still_says_you(owner, owner_client):
    today = timezone.localdate(timezone=owner.profile.tzinfo)
    for days_ago in (2, 9):
        Episode.objects.create(owner=owner, intensity=4, context="at_work", started_at=timezone.make_aware(
            datetime.combine(today - timedelta(days=days_ago), time(10)), owner.profile.tzinfo))
    page = owner_client.get(reverse("diary:patterns")).content.decode()
    assert "you had an episode outside exercise" in page
    assert "the patient" not in page
