"""Every page reads a diary in the same number of queries whatever its size (3 weeks against 2 years)."""
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from diary.demo import generate_demo
from diary.imports import write_records

pytestmark = pytest.mark.slow


def build(user, days, seed):
    tzinfo = user.profile.tzinfo
    demo = generate_demo(days, seed, timezone.localdate(timezone=tzinfo) - timedelta(days=1), tzinfo)
    write_records(user, demo.episodes, demo.checkins)
    user.refresh_from_db()
    return user


@pytest.fixture
def small_and_big(make_user):
    return build(make_user("three-weeks"), 21, 3), build(make_user("two-years"), 730, 1)


def count(client, user, method, path, data=None, status=200):
    client.force_login(user)
    with CaptureQueriesContext(connection) as context:
        response = client.post(path, data) if method == "post" else client.get(path)
    assert response.status_code == status, path
    return context.captured_queries


def year_summary_path():
    today = timezone.localdate()
    start = today - timedelta(days=364)
    return f"{reverse('diary:summary')}?start={start.isoformat()}&end={today.isoformat()}&format=html"


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "patterns", "summary"])
def test_it_reads_a_page_in_the_same_number_of_queries_for_three_weeks_and_two_years(client, small_and_big, path):
    from diary.signals import bump_data_version

    path = {"patterns": reverse("diary:patterns"), "summary": year_summary_path()}.get(path, path)
    for user in small_and_big:  # global caches (guidance titles) warm, as on a running site
        count(client, user, "get", path)
    counts = []
    for user in small_and_big:
        bump_data_version(user.pk)  # this user's cached pages expire
        user.refresh_from_db()
        counts.append(len(count(client, user, "get", path)))
    assert counts[0] == counts[1]


@pytest.mark.django_db
def test_it_saves_a_quick_log_in_the_same_queries_for_any_diary_without_reading_the_last_episode(client, small_and_big):
    data = {"intensity": "5", "locations": ["lower_back"], "started": "now", "red_flags_now": "no"}
    runs = [count(client, user, "post", reverse("diary:episode-quick"), data, status=302) for user in small_and_big]
    assert len(runs[0]) == len(runs[1])
    # The form's "same as last time" needs the last episode and its places: a save never does.
    reads = [q["sql"] for q in runs[1] if q["sql"].startswith("SELECT") and "diary_episodelocation" in q["sql"]]
    assert reads == []


@pytest.mark.django_db
def test_a_cold_dashboard_and_its_two_charts_read_the_diary_once(client, small_and_big):
    big = small_and_big[1]
    page = count(client, big, "get", "/")
    charts = []
    for slug in ("weekly", "calendar"):
        charts += count(client, big, "get", reverse("diary:chart", kwargs={"chart": slug}) + "?size=sm")
    # One load (diary.page_data): the whole diary's narrow columns (a fingerprint of the settled past,
    # the past itself unless cached, the recent rest) and the records of the chart range.
    assert sum('FROM "diary_episode"' in q["sql"] for q in page) <= 4
    assert sum('FROM "diary_checkin"' in q["sql"] and "diary_checkinactivity" not in q["sql"].split("FROM")[1]
               for q in page) <= 2
    assert not any('FROM "diary_episode"' in q["sql"] or 'FROM "diary_checkin"' in q["sql"] for q in charts)


@pytest.mark.django_db
def test_child_rows_are_read_by_the_ids_just_loaded(small_and_big):
    from diary.records import load_diary

    with CaptureQueriesContext(connection) as context:
        load_diary(small_and_big[1])
    children = [q["sql"] for q in context.captured_queries
                if any(t in q["sql"] for t in ("diary_episodelocation", "diary_episodetrigger", "diary_checkinactivity"))]
    assert children and all(" IN (" in sql and "INNER JOIN" not in sql for sql in children)


@pytest.mark.django_db
def test_a_page_reads_child_rows_by_id_or_through_their_own_parent_row(small_and_big):
    """The whole-diary columns read child tables by the ids just loaded, or (a check-in's activities)
    in a subquery on the parent row's id that an index answers: never a join a planner could turn
    into a scan of a whole child table."""
    from diary.page_data import load_page_diary, recent_window_start

    user = small_and_big[1]
    with CaptureQueriesContext(connection) as context:
        load_page_diary(user, recent_window_start(user))
    children = [q["sql"] for q in context.captured_queries
                if any(t in q["sql"] for t in ("diary_episodelocation", "diary_episodetrigger", "diary_episoderelief",
                                               "diary_episoderedflag", "diary_checkinactivity"))]
    assert len(children) >= 5
    for sql in children:
        assert "JOIN" not in sql
        assert " IN (" in sql or '."checkin_id" = ("diary_checkin"."id")' in sql, sql


@pytest.mark.django_db
def test_a_one_year_summary_reads_records_of_its_period_and_the_one_before_and_the_rest_as_columns(
        client, small_and_big, monkeypatch):
    import diary.summary.assembly

    records, columns = [], []
    real_diary, real_history = diary.summary.assembly.load_diary, diary.summary.assembly.load_history
    monkeypatch.setattr(diary.summary.assembly, "load_diary", lambda user, start=None, end=None, **kw: (
        records.append((start, end, kw.get("history"))) or real_diary(user, start, end, **kw)))
    monkeypatch.setattr(diary.summary.assembly, "load_history", lambda user, end=None, **kw: (
        columns.append((end, kw.get("older_than"))) or real_history(user, end, **kw)))
    count(client, small_and_big[1], "get", year_summary_path())
    (start, end, history), = records
    # Full records of two years (the period and the one before), whatever the diary's length; the
    # whole diary only as the columns the alerts need, older episodes as records where a rule names them.
    assert start is not None and (end - start).days == 364 + 365
    assert history is not None and columns == [(end, start)]


@pytest.mark.django_db
def test_a_long_id_list_is_read_in_chunks_with_the_same_result(small_and_big, monkeypatch):
    import diary.records
    from diary.records import load_diary

    whole = load_diary(small_and_big[1])
    monkeypatch.setattr(diary.records, "_max_ids", lambda: 7)  # as if the database allowed 7 parameters
    assert load_diary(small_and_big[1]) == whole
