"""The dashboard: alert on top, logging and check-in, week numbers, charts, patterns, fixed queries."""
import random
from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from diary.models import CheckIn, CheckInActivity, Episode, EpisodeLocation, EpisodeRedFlag, EpisodeRelief


def local_now(user):
    return timezone.localtime(timezone.now(), user.profile.tzinfo)


def bulk_diary(user, episodes, days=None, seed=1):
    """A diary of `episodes` episodes with check-ins, written in a handful of bulk inserts."""
    rng = random.Random(seed)
    now = local_now(user)
    days = days or max(30, episodes // 2)
    rows = []
    for i in range(episodes):
        started = now - timedelta(days=rng.randrange(days), hours=rng.randrange(12))
        rows.append(Episode(owner=user, started_at=started, local_date=started.date(), intensity=rng.randint(1, 10)))
    created = Episode.objects.bulk_create(rows)
    EpisodeLocation.objects.bulk_create([EpisodeLocation(episode=e, location="lower_back") for e in created])
    EpisodeRelief.objects.bulk_create([EpisodeRelief(episode=e, relief="heat", outcome="helped") for e in created[::2]])
    checkins = CheckIn.objects.bulk_create([
        CheckIn(owner=user, date=now.date() - timedelta(days=d), worst_pain=rng.randint(0, 6), stress=rng.randint(0, 10))
        for d in range(1, days)
    ])
    CheckInActivity.objects.bulk_create([CheckInActivity(checkin=c, activity="running") for c in checkins[::3]])


def count_queries(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/")
    assert response.status_code == 200
    return len(queries)


def test_it_shows_the_landing_page_to_visitors(client, db):
    response = client.get("/")
    assert response.status_code == 200
    assert b"charts/weekly.svg" not in response.content


def test_it_shows_an_empty_diary_kindly(owner_client):
    response = owner_client.get("/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Log an episode" in body and "/episodes/quick/" in body
    assert "No check-in yet today" in body
    assert "/charts/weekly.svg?range=3m&amp;size=sm" in body
    assert "/charts/calendar.svg?range=3m&amp;size=lg" in body
    assert "10 days with an episode among days with a check-in: 10 more are needed" in body


def test_it_compares_this_week_with_last_week(owner_client, owner):
    now = local_now(owner)
    monday = now - timedelta(days=now.weekday())
    Episode.objects.create(owner=owner, started_at=now, intensity=4)
    Episode.objects.create(owner=owner, started_at=now - timedelta(minutes=5), intensity=8)
    last_monday = monday - timedelta(days=7)
    for hours, intensity in ((1, 2), (2, 3), (3, 9)):
        Episode.objects.create(owner=owner, started_at=last_monday + timedelta(hours=hours), intensity=intensity)
    response = owner_client.get("/")
    week = response.context["this_week"]
    last = response.context["last_week"]
    assert (week["episodes"], week["median"], week["worst"]) == (2, 6.0, 8)
    assert (last["episodes"], last["median"], last["worst"]) == (3, 3.0, 9)
    assert "last week 3" in response.content.decode()


def test_it_shows_todays_checkin_state(owner_client, owner):
    CheckIn.objects.create(owner=owner, date=local_now(owner).date(), worst_pain=3)
    body = owner_client.get("/").content.decode()
    assert "check-in is done." in body and "Worst pain 3/10." in body


def test_it_puts_the_most_urgent_alert_above_everything(owner_client, owner):
    episode = Episode.objects.create(owner=owner, started_at=timezone.now(), intensity=7)
    EpisodeRedFlag.objects.create(episode=episode, flag="saddle_numbness")
    body = owner_client.get("/").content.decode()
    assert "alert-emergency" in body
    assert body.index("alert-emergency") < body.index("Log an episode</a>")
    assert 'href="tel:112"' in body


def test_it_remembers_the_range_chosen_by_post(owner_client, owner):
    response = owner_client.post("/", {"range": "12m"})
    assert response.status_code == 302 and response["Location"] == "/"
    owner.profile.refresh_from_db()
    assert owner.profile.chart_range == "12m"
    later = owner_client.get("/").content.decode()
    assert 'value="12m" class="btn btn-brand px-3" aria-pressed="true"' in later
    assert "/charts/weekly.svg?range=12m&amp;size=sm" in later
    owner_client.post("/", {"range": "nonsense"})
    owner.profile.refresh_from_db()
    assert owner.profile.chart_range == "12m"


def test_a_range_in_the_query_shows_once_and_saves_nothing(owner_client, owner):
    body = owner_client.get("/?range=all").content.decode()
    assert "/charts/weekly.svg?range=all&amp;size=sm" in body
    owner.profile.refresh_from_db()
    assert owner.profile.chart_range == "3m"
    assert "/charts/weekly.svg?range=3m&amp;size=sm" in owner_client.get("/").content.decode()


def test_it_lists_possible_patterns_with_guidance_links(owner_client, owner):
    now = local_now(owner)
    for d in range(1, 331):  # the badge needs most of a year of check-ins (insights.looks)
        day = now.date() - timedelta(days=d)
        checkin = CheckIn.objects.create(owner=owner, date=day, stress=2)
        ran = d % 3 == 0
        if ran:
            CheckInActivity.objects.create(checkin=checkin, activity="running")
        if (ran and d % 6 != 3) or d % 29 == 1:
            Episode.objects.create(owner=owner, started_at=now - timedelta(days=d), intensity=5)
    response = owner_client.get("/")
    labels = [p["item"].factor for p in response.context["patterns"]]
    assert labels[0] == "running"
    assert '/guidance/running/' in response.content.decode()


def test_it_renders_the_chinese_dashboard(owner_client, owner):
    owner.profile.language = "zh-hans"
    owner.profile.save()
    bulk_diary(owner, 20)
    response = owner_client.get("/")
    assert response.status_code == 200
    assert '<html lang="zh-hans">' in response.content.decode()


def test_it_uses_the_same_number_of_queries_for_a_small_and_a_large_diary(make_user, client):
    small, large = make_user("small"), make_user("large")
    bulk_diary(small, 10, days=30)
    bulk_diary(large, 2000, days=5 * 365)
    from diary.signals import bump_data_version

    counts = {}
    for user in (small, large):
        client.force_login(user)
        count_queries(client)  # warm up the session
        bump_data_version(user.pk)  # a diary change: the dashboard is computed afresh
        cold = count_queries(client)
        warm = count_queries(client)
        counts[user.username] = (cold, warm)
    assert counts["small"] == counts["large"]
    cold, warm = counts["small"]
    assert 9 <= cold <= 20  # load_diary alone is nine
    assert warm <= 4  # session, user, profile: the rest comes from the cache


def test_a_new_episode_refreshes_the_cached_dashboard(owner_client, owner):
    bulk_diary(owner, 3)
    before = owner_client.get("/").content.decode()
    from diary.models import Episode

    Episode.objects.create(owner=owner, started_at=timezone.now(), intensity=9)
    after = owner_client.get("/").content.decode()
    assert before != after
    assert "intensity 9" in after


def test_it_shows_every_chart_with_its_table(owner_client, owner):
    bulk_diary(owner, 60)
    response = owner_client.get("/")
    body = response.content.decode()
    for slug in ("weekly", "calendar", "time-of-day", "locations", "reliefs", "associations"):
        assert f'id="chart-{slug}"' in body
    assert body.count("Show as table") == 6
    assert "<caption>Episodes and intensity per week</caption>" in body
