"""The diary loader: plain records, owner-scoped, in a fixed number of queries."""
from datetime import date, datetime, timedelta, timezone as dt_timezone

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from diary.models import (
    CheckIn, CheckInActivity, Episode, EpisodeLocation, EpisodeRedFlag, EpisodeRelief, EpisodeTrigger,
)
from diary.records import load_diary


def add_episode(user, started_at, intensity=5, **children):
    episode = Episode.objects.create(owner=user, started_at=started_at, intensity=intensity, context="at_rest")
    for slug in children.get("locations", ["lower_back"]):
        EpisodeLocation.objects.create(episode=episode, location=slug)
    for slug in children.get("triggers", []):
        EpisodeTrigger.objects.create(episode=episode, trigger=slug)
    for slug, outcome in children.get("reliefs", []):
        EpisodeRelief.objects.create(episode=episode, relief=slug, outcome=outcome)
    for slug in children.get("red_flags", []):
        EpisodeRedFlag.objects.create(episode=episode, flag=slug)
    return episode


def build(user, n):
    start = datetime(2026, 1, 1, 12, tzinfo=dt_timezone.utc)
    for i in range(n):
        add_episode(user, start + timedelta(days=i), intensity=i % 11, triggers=["running"],
                    reliefs=[("heat", "helped")], red_flags=["night_pain"] if i == 0 else [])
        checkin = CheckIn.objects.create(owner=user, date=date(2026, 1, 1) + timedelta(days=i), fluid_litres=1.2)
        CheckInActivity.objects.create(checkin=checkin, activity="running")


def test_it_loads_plain_records_with_children(owner, outsider):
    build(owner, 3)
    build(outsider, 2)
    diary = load_diary(owner)
    assert len(diary.episodes) == 3 and len(diary.checkins) == 3
    first = diary.episodes[0]
    assert first.locations == ("lower_back",)
    assert first.triggers == ("running",)
    assert first.reliefs == (("heat", "helped"),)
    assert first.red_flags == ("night_pain",)
    assert first.started_at.utcoffset() == timedelta(hours=1)  # Europe/Berlin in January
    assert diary.checkins[0].activities == ("running",)
    assert diary.checkins[0].fluid_litres == pytest.approx(1.2)


def test_it_cuts_to_local_dates(owner):
    build(owner, 5)
    diary = load_diary(owner, start=date(2026, 1, 2), end=date(2026, 1, 3))
    assert [e.local_date for e in diary.episodes] == [date(2026, 1, 2), date(2026, 1, 3)]
    assert [c.date for c in diary.checkins] == [date(2026, 1, 2), date(2026, 1, 3)]
    assert diary.between(date(2026, 1, 3), None).episodes[0].local_date == date(2026, 1, 3)


def test_it_reads_in_the_same_number_of_queries_whatever_the_size(owner, make_user):
    big = make_user("big")
    build(owner, 2)
    build(big, 40)
    counts = []
    for user in (owner, big):
        user.refresh_from_db()
        with CaptureQueriesContext(connection) as ctx:
            load_diary(user)
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]
    assert counts[0] <= 12  # with two for the own factors and their answers
