"""Computed pages (patterns, GP summary and its chart, the summary PDF) are cached per user and diary
version: a change to the diary shows at once, and no one ever sees another user's cached page."""
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from diary.models import Episode, EpisodeLocation
from diary.summary import SummaryOptions, summary_for_user


def add_episode(user, days_ago=1, intensity=6):
    started = timezone.now() - timedelta(days=days_ago)
    episode = Episode.objects.create(owner=user, started_at=started, intensity=intensity, context="at_rest")
    EpisodeLocation.objects.create(episode=episode, location="lower_back")
    user.refresh_from_db()
    return episode


def reads_episodes(client, path):
    with CaptureQueriesContext(connection) as context:
        response = client.get(path)
    assert response.status_code == 200
    return response, any('FROM "diary_episode"' in q["sql"] for q in context.captured_queries)


@pytest.mark.django_db
def test_a_warm_patterns_page_reads_no_diary_and_a_new_episode_shows_at_once(owner_client, owner):
    add_episode(owner)
    path = reverse("diary:patterns")
    first, read = reads_episodes(owner_client, path)
    assert read and first.context["overview"].episodes == 1
    _, read_again = reads_episodes(owner_client, path)
    assert not read_again  # from the cache
    add_episode(owner, days_ago=2)
    after, read_after = reads_episodes(owner_client, path)
    assert read_after and after.context["overview"].episodes == 2


@pytest.mark.django_db
def test_the_patterns_cache_is_per_period(owner_client, owner):
    add_episode(owner, days_ago=200)
    assert owner_client.get(reverse("diary:patterns")).context["overview"].episodes == 1
    assert owner_client.get(reverse("diary:patterns") + "?period=90").context["overview"].episodes == 0


@pytest.mark.django_db
def test_no_one_sees_another_users_cached_patterns(client, owner, outsider):
    for _ in range(3):
        add_episode(owner)
    client.force_login(owner)
    assert client.get(reverse("diary:patterns")).context["overview"].episodes == 3
    client.force_login(outsider)
    assert client.get(reverse("diary:patterns")).context["overview"].episodes == 0


@pytest.mark.django_db
def test_the_summary_is_cached_until_the_diary_changes(owner):
    add_episode(owner, days_ago=3)
    today = timezone.localdate(timezone=owner.profile.tzinfo)
    options = SummaryOptions(start=today - timedelta(days=89), end=today)
    first = summary_for_user(owner, options)
    assert first.numbers.episodes == 1 and first.chart_svg
    with CaptureQueriesContext(connection) as context:
        again = summary_for_user(owner, options)
    assert again.chart_svg == first.chart_svg
    assert not any('FROM "diary_episode"' in q["sql"] for q in context.captured_queries)
    add_episode(owner, days_ago=4)
    assert summary_for_user(owner, options).numbers.episodes == 2


@pytest.mark.django_db
def test_no_one_sees_another_users_cached_summary_or_pdf(client, owner, outsider):
    for _ in range(2):
        add_episode(owner)
    today = timezone.localdate()
    query = f"?start={(today - timedelta(days=29)).isoformat()}&end={today.isoformat()}"
    client.force_login(owner)
    assert client.get(reverse("diary:summary") + query).context["summary"].numbers.episodes == 2
    mine = client.get(reverse("diary:summary") + query + "&format=pdf").content
    client.force_login(outsider)
    assert client.get(reverse("diary:summary") + query).context["summary"].numbers.episodes == 0
    theirs = client.get(reverse("diary:summary") + query + "&format=pdf").content
    assert mine.startswith(b"%PDF") and theirs.startswith(b"%PDF") and mine != theirs


@pytest.mark.django_db
def test_the_summary_follows_a_change_of_language_and_of_the_questions(owner):
    add_episode(owner)
    today = timezone.localdate(timezone=owner.profile.tzinfo)
    english = SummaryOptions(start=today - timedelta(days=29), end=today, include_questions=True)
    assert summary_for_user(owner, english).language_name != summary_for_user(
        owner, SummaryOptions(start=english.start, end=today, language="de", include_questions=True)).language_name
    owner.profile.doctor_questions = "Is it my desk?"
    owner.profile.save(update_fields=["doctor_questions"])
    assert summary_for_user(owner, english).questions == "Is it my desk?"


def test_cached_values_come_back_with_lazy_translations_as_plain_strings(settings):
    from django.core.cache import cache
    from django.utils.safestring import SafeString, mark_safe
    from django.utils.translation import gettext_lazy, override

    from diary.page_cache import cached

    with override("de"):
        cold = cached("test:lazy", lambda: {"label": gettext_lazy("All"), "html": mark_safe("<b>1</b>")})
        warm = cached("test:lazy", lambda: None)
    cache.delete("test:lazy")
    assert cold == warm == {"label": "Alle", "html": "<b>1</b>"}
    assert type(warm["label"]) is str and isinstance(warm["html"], SafeString)
