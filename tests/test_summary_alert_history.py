"""The GP summary reads records of its period and the one before, the rest of the diary as columns,
and shows what the whole diary as records shows: every section, and alerts with their true
first-raised dates and answers however long before the period their runs began."""
from dataclasses import replace
from datetime import timedelta

import pytest
from django.utils import timezone

from diary.alerts import evaluate_alerts
from diary.demo import generate_demo
from diary.imports import write_records
from diary.models import AlertNote, CheckIn, CheckInCustomValue, CustomFactor, Medicine
from diary.records import load_diary
from diary.summary import SummaryOptions, build_summary, summary_for_user
from diary.summary.assembly import load_summary_diary
from insights.alerts.history import RULES_BY_NAME, DayGrid

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

YEARS = 4
# (days, days before today it ends): a year and 90 days to today, and shorter periods in the past,
# down to one day (shorter than the 8 weeks of the trend and the look-backs of the alert rules).
PERIODS = [(365, 0), (90, 0), (30, 200), (7, 400), (1, 600)]


@pytest.fixture
def long_diary(make_user):
    """Four demo years in New York, with a red flag, a factor of the user's own and a statin taken
    in the second year (every episode while on it is one an alert rule may name)."""
    user = make_user("long-diary", timezone="America/New_York", doctor_questions="Is this normal?")
    today = timezone.localdate(timezone=user.profile.tzinfo)
    demo = generate_demo(YEARS * 365, 7, today - timedelta(days=1), user.profile.tzinfo, with_red_flag=True)
    write_records(user, demo.episodes, demo.checkins)
    cold = CustomFactor.objects.create(owner=user, label="cold weather", kind="yesno", position=0)
    CheckInCustomValue.objects.bulk_create(
        CheckInCustomValue(checkin=checkin, factor=cold, value=float(i % 2))
        for i, checkin in enumerate(CheckIn.objects.filter(owner=user).order_by("date")) if i % 3 == 0)
    Medicine.objects.create(owner=user, name="Simvastatin", kind="statin", started_on=today - timedelta(days=3 * 365),
                            stopped_on=today - timedelta(days=2 * 365 + 100))
    user.refresh_from_db()
    return user


def period(user, days, ends_before):
    end = timezone.localdate(timezone=user.profile.tzinfo) - timedelta(days=ends_before)
    return SummaryOptions(start=end - timedelta(days=days - 1), end=end, language="en", include_notes=True,
                          include_questions=True, include_appendix=True)


def answer_long_ago(user, whole, rule_name, options):
    """Answer "discussed" a history rule's run that began 2+ years before the period, on the day of
    its first year when its measure was highest (so it stays silenced), as the user did back then."""
    alert = next(a for a in evaluate_alerts(whole, options.start, options.end) if a.rule == rule_name)
    first = alert.first_raised
    assert (options.start - first).days >= 2 * 365  # the run began more than two years before the period
    rule, grid = RULES_BY_NAME[rule_name], DayGrid(whole.episodes, whole.checkins, options.end)
    days = range(grid.index(first), grid.index(first + timedelta(days=364)) + 1)
    peak = max(days, key=lambda i: (rule.measure(grid, i), -i))
    return AlertNote.objects.create(owner=user, rule=rule_name, key=alert.key, discussed_on=grid.day(peak),
                                    note="GP: cramps, no tests needed")


@pytest.mark.parametrize("days, ends_before", PERIODS)
def test_it_reads_records_of_its_period_and_the_one_before_only(long_diary, days, ends_before):
    options = period(long_diary, days, ends_before)
    read = load_summary_diary(long_diary, options)
    assert read.loaded_from == options.previous_start and read.history is not None
    assert all(options.previous_start <= e.local_date <= options.end for e in read.episodes)
    assert all(options.previous_start <= c.date <= options.end for c in read.checkins)
    # Older episodes only where an alert rule may name them: the red flag and the statin's year.
    assert read.older_alert_episodes and all(e.local_date < options.previous_start for e in read.older_alert_episodes)
    assert len(read.older_alert_episodes) < len(read.history.episode_ids) / 2


@pytest.mark.parametrize("days, ends_before", PERIODS)
def test_its_alerts_are_those_of_the_whole_diary(long_diary, days, ends_before):
    options = period(long_diary, days, ends_before)
    whole = load_diary(long_diary)
    answer_long_ago(long_diary, whole, "regular_spasms", period(long_diary, 365, 0))
    whole = load_diary(long_diary)
    expected = evaluate_alerts(whole, options.start, options.end)
    assert expected
    assert evaluate_alerts(load_summary_diary(long_diary, options), options.start, options.end) == expected


@pytest.mark.parametrize("days, ends_before", PERIODS)
def test_every_section_is_that_of_the_whole_diary(long_diary, days, ends_before):
    options = period(long_diary, days, ends_before)
    answer_long_ago(long_diary, load_diary(long_diary), "regular_spasms", period(long_diary, 365, 0))
    read = load_summary_diary(long_diary, options)
    expected = build_summary(load_diary(long_diary), options)
    summary = build_summary(read, options)
    for field in ("numbers", "trends", "chart_svg", "locations", "kinds", "contexts", "triggers", "patterns",
                  "patterns_tested", "patterns_note", "reliefs", "medicines", "appendix", "appendix_more",
                  "red_flags", "red_flags_unasked", "red_flag_notes", "alerts", "overview", "questions"):
        assert getattr(summary, field) == getattr(expected, field), field
    assert summary == expected


def test_it_dates_a_years_old_run_from_its_first_day_and_shows_the_answer_given_then(long_diary):
    options = period(long_diary, 365, 0)
    whole = load_diary(long_diary)
    note = answer_long_ago(long_diary, whole, "regular_spasms", options)
    first_day = note.key.split(":")[1]

    summary = summary_for_user(long_diary, options)

    row = next(r for r in summary.alerts if r.rule == "regular_spasms")
    assert row.first_raised.isoformat() == first_day  # not the edge of a look-back before the period
    assert (options.start - row.first_raised).days >= 2 * 365
    assert row.discussed_on == note.discussed_on and row.status == "discussed"
    assert row.status_label == f"discussed on {note.discussed_on.isoformat()}"
    assert replace(summary, experiments=()) == build_summary(load_diary(long_diary), options)
