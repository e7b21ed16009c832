"""A page's diary (recent records + the whole diary in columns) gives the same patterns as every record."""
from datetime import timedelta

import numpy as np
import pytest
from django.utils import timezone

from diary.analysis import analyse
from diary.demo import generate_demo
from diary.history import CHECKIN_COLUMNS, from_records
from diary.imports import write_records
from diary.models import CheckIn, CheckInCustomValue, CustomFactor, Episode
from diary.page_data import load_page_diary
from diary.history_reader import load_history
from diary.records import load_diary

pytestmark = pytest.mark.django_db


@pytest.fixture
def long_diary(make_user):
    """Three years in New York (hours differ from UTC, across DST), with own factors of both kinds."""
    user = make_user("longtime", timezone="America/New_York")
    today = timezone.localdate(timezone=user.profile.tzinfo)
    demo = generate_demo(3 * 365, 7, today - timedelta(days=1), user.profile.tzinfo, with_red_flag=True)
    write_records(user, demo.episodes, demo.checkins)
    cold = CustomFactor.objects.create(owner=user, label="cold weather", kind="yesno", position=0)
    drive = CustomFactor.objects.create(owner=user, label="long drive", kind="number", threshold=2.0, position=1)
    values = []
    for i, checkin in enumerate(CheckIn.objects.filter(owner=user).order_by("date")):
        if i % 3 == 0:
            values.append(CheckInCustomValue(checkin=checkin, factor=cold, value=float(i % 2)))
        if i % 4 == 0:
            values.append(CheckInCustomValue(checkin=checkin, factor=drive, value=float(i % 5)))
    CheckInCustomValue.objects.bulk_create(values)
    return user


def _same_columns(a, b):
    for name in ("episode_ids", "episode_days", "hours", "intensity", "checkin_days", "activity_bits", "any_activity"):
        assert np.array_equal(getattr(a, name), getattr(b, name)), name
    assert np.array_equal(a.duration, b.duration, equal_nan=True)
    for name in CHECKIN_COLUMNS:
        assert np.array_equal(a.columns[name], b.columns[name], equal_nan=True), name
    assert a.custom.keys() == b.custom.keys()
    for label in a.custom:
        assert np.array_equal(a.custom[label], b.custom[label], equal_nan=True), label
    assert (a.kinds, a.contexts, a.locations, a.triggers, a.reliefs) == (b.kinds, b.contexts, b.locations, b.triggers, b.reliefs)
    assert a.first_day == b.first_day


def test_it_reads_the_same_columns_as_the_records(long_diary):
    records = load_diary(long_diary)
    columns = load_history(long_diary).history
    expected = from_records(
        [e for e in records.episodes if e.local_date <= records.today], [c for c in records.checkins if c.date <= records.today],
        records.custom_factors)
    _same_columns(columns, expected)
    assert len(columns.episode_ids) > 300 and columns.locations and columns.reliefs and columns.custom["long drive"].size


def test_it_analyses_the_whole_diary_as_every_record_does(long_diary):
    everything = load_diary(long_diary)
    page = load_page_diary(long_diary, everything.today - timedelta(days=27))
    assert len(page.episodes) < len(everything.episodes) / 10  # it read only the last weeks as records
    assert analyse(page) == analyse(everything)


@pytest.mark.parametrize("days", [90, 365])
def test_it_analyses_a_period_from_its_records(long_diary, days):
    everything = load_diary(long_diary)
    start = everything.today - timedelta(days=days - 1)
    assert analyse(load_page_diary(long_diary, start), start=start) == analyse(everything, start=start)


def test_a_period_before_the_records_read_is_refused(long_diary):
    page = load_page_diary(long_diary, timezone.localdate() - timedelta(days=27))
    with pytest.raises(ValueError):
        analyse(page, start=page.today - timedelta(days=100))


def test_it_reads_no_other_users_diary(long_diary, make_user):
    other = make_user("other")
    columns = load_history(other).history
    assert len(columns.episode_ids) == 0 and len(columns.checkin_days) == 0 and columns.first_day is None
    page = load_page_diary(other, timezone.localdate() - timedelta(days=27))
    assert page.episodes == () and page.older_alert_episodes == ()


def test_the_dashboard_lists_the_last_episodes_however_old(long_diary, client):
    today = timezone.localdate(timezone=long_diary.profile.tzinfo)
    Episode.objects.filter(owner=long_diary, local_date__gte=today - timedelta(days=200)).delete()
    last = Episode.objects.filter(owner=long_diary).order_by("-started_at", "-id").first()
    client.force_login(long_diary)
    response = client.get("/")
    assert response.status_code == 200
    assert [e.id for e in response.context["recent_episodes"]][0] == last.id
    assert response.context["episodes_total"] == Episode.objects.filter(owner=long_diary).count()


def test_the_columns_of_a_cut_diary_are_not_carried(long_diary):
    page = load_page_diary(long_diary, timezone.localdate() - timedelta(days=27))
    assert page.history is not None
    assert page.between(page.today - timedelta(days=6), page.today).history is None
    assert page.alert_episodes[len(page.older_alert_episodes):] == page.episodes
    assert all(e.local_date < page.loaded_from for e in page.older_alert_episodes)


def test_alert_only_columns_hold_no_factors_and_refuse_a_factor_analysis(long_diary):
    from diary.associations import column_factor_values

    read = load_history(long_diary, factors=False, tallies=False)
    full = load_history(long_diary).history
    assert set(read.history.columns) == {"fluid_litres", "worst_pain"}
    for name in ("fluid_litres", "worst_pain"):
        assert np.array_equal(read.history.columns[name], full.columns[name], equal_nan=True)
    assert np.array_equal(read.history.checkin_days, full.checkin_days)
    with pytest.raises(ValueError):
        column_factor_values(read.history, np.ones(len(read.history.checkin_days), dtype=bool))


@pytest.mark.parametrize("background", [{}, {"history_of_cancer": True}, {"osteoporosis": True}])
def test_a_pages_alerts_equal_those_of_every_record(long_diary, background):
    from diary.alerts import evaluate_alerts
    from diary.models import Medicine

    for field_name, value in background.items():
        setattr(long_diary.profile, field_name, value)
    long_diary.profile.save()
    Medicine.objects.create(owner=long_diary, name="Atorvastatin", kind="statin",
                            started_on=timezone.localdate() - timedelta(days=700), stopped_on=timezone.localdate() - timedelta(days=500))
    everything = evaluate_alerts(load_diary(long_diary))
    for tallies in (True, False):
        page = load_page_diary(long_diary, timezone.localdate() - timedelta(days=27), tallies=tallies)
        assert evaluate_alerts(page) == everything
    assert everything  # the demo diary raises some
