"""The dashboard on a phone: how am I doing (alert, check-in, this week) before the charts, the further
charts one tap away, and 'not enough data yet' said in the user's terms."""
from datetime import timedelta

from django.utils import timezone

from diary.models import CheckIn, Episode


def local_today(user):
    return timezone.localtime(timezone=user.profile.tzinfo).date()


def test_it_puts_this_week_and_patterns_before_the_charts(owner_client):
    body = owner_client.get("/").content.decode()
    week, patterns, latest = body.index('id="week-heading"'), body.index('id="patterns-heading"'), body.index('id="recent-heading"')
    charts = body.index('id="charts-heading"')
    assert week < patterns < latest < charts


def test_it_keeps_the_further_charts_behind_one_line(owner_client):
    body = owner_client.get("/").content.decode()
    more = body[body.index('<details class="more-charts">'):]
    assert more.index('id="more-heading"') < more.index("</summary>") < more.index("chart-heading-")


def test_it_says_what_is_missing_in_weeks_of_check_ins(owner_client, owner):
    today = local_today(owner)
    for back in range(28):  # four weeks of check-ins up to today, an episode on two of those days
        day = today - timedelta(days=back)
        CheckIn.objects.create(owner=owner, date=day, stress=2)
        if back in (3, 10):
            started = timezone.make_aware(timezone.datetime(day.year, day.month, day.day, 9), owner.profile.tzinfo)
            Episode.objects.create(owner=owner, started_at=started, intensity=4)
    body = owner_client.get("/").content.decode()
    assert "a check-in: 8 more are needed, about 16 more weeks of check-ins at your pace so far." in body


def test_it_asks_a_new_diary_for_check_ins(owner_client):
    body = owner_client.get("/").content.decode()
    patterns = body.split('id="patterns-heading"')[1].split("</section>")[0]
    assert "a check-in: 10 more are needed. Check in daily, on good days too" in patterns
    assert patterns.count("Not enough data yet") == 1


def test_an_outsider_sees_only_their_own_empty_dashboard(owner, outsider, client):
    Episode.objects.create(owner=owner, started_at=timezone.now() - timedelta(hours=2), intensity=7)
    client.force_login(outsider)
    body = client.get("/").content.decode()
    assert "intensity 7" not in body and "No episodes logged yet." in body
