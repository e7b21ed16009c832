"""The patterns page's analysis is cached as HTML: a warm page is the cold page, it changes with the diary and
the language, no one sees another user's, and its forms carry the current session's CSRF token."""
import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from diary.models import AlertNote, Episode, EpisodeLocation, EpisodeRedFlag

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]*)"')


def log_episode(user, days_ago=1, red_flags=(), locations=("lower_back",)):
    episode = Episode.objects.create(owner=user, started_at=timezone.now() - timedelta(days=days_ago), intensity=6,
                                     context="at_rest")
    for location in locations:
        EpisodeLocation.objects.create(episode=episode, location=location)
    for flag in red_flags:
        EpisodeRedFlag.objects.create(episode=episode, flag=flag)
    return episode


def get_page(client, query=""):
    """The page's HTML, and whether it read the diary (a cold page does, a warm one does not)."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("diary:patterns") + query)
    assert response.status_code == 200
    return response.content.decode(), any('FROM "diary_episode"' in q["sql"] for q in queries.captured_queries)


def overview_episodes(html):
    return int(re.search(r'Episodes</div><div class="fs-4 fw-semibold">(\d+)</div>', html).group(1))


@pytest.mark.django_db
def test_it_serves_a_warm_page_identical_to_the_cold_one_but_for_csrf_tokens(owner_client, owner):
    for days_ago in (1, 4, 9):
        log_episode(owner, days_ago=days_ago, red_flags=["night_pain"] if days_ago == 1 else ())
    for query in ("", "?period=90"):
        cold, read_cold = get_page(owner_client, query)
        warm, read_warm = get_page(owner_client, query)
        assert read_cold and not read_warm
        assert TOKEN.sub("", warm) == TOKEN.sub("", cold)
        assert 'id="alerts"' in warm and 'id="trends"' in warm and 'id="descriptive"' in warm


@pytest.mark.django_db
def test_it_shows_a_new_episode_at_once_on_a_warm_page(owner_client, owner):
    log_episode(owner, days_ago=2)
    html, _ = get_page(owner_client)
    assert overview_episodes(html) == 1
    assert overview_episodes(get_page(owner_client)[0]) == 1  # warm
    log_episode(owner, days_ago=3, locations=["neck"])
    html, read = get_page(owner_client)
    assert read and overview_episodes(html) == 2


@pytest.mark.django_db
def test_it_renders_the_cached_analysis_in_the_language_now_chosen(owner_client, owner):
    log_episode(owner)
    english, _ = get_page(owner_client)
    assert "Your episodes at a glance" in english and "When to see a doctor" in english
    owner.profile.language = "de"
    owner.profile.save()
    german, _ = get_page(owner_client)
    assert "Ihre Episoden auf einen Blick" in german and "Wann zum Arzt?" in german
    assert "Your episodes at a glance" not in german
    owner.profile.language = "en"
    owner.profile.save()
    again, _ = get_page(owner_client)
    assert "Your episodes at a glance" in again and "Ihre Episoden auf einen Blick" not in again


@pytest.mark.django_db
def test_an_outsider_never_sees_the_owner_s_cached_analysis(client, owner, outsider):
    for days_ago in (1, 2, 3):
        log_episode(owner, days_ago=days_ago)
    client.force_login(owner)
    owner_html, _ = get_page(client)
    owner_warm, read = get_page(client)
    assert not read and overview_episodes(owner_warm) == 3 and "descriptive-locations" in owner_warm
    client.force_login(outsider)
    outsider_html, read = get_page(client)
    assert read  # the outsider's own analysis, computed for them
    assert overview_episodes(outsider_html) == 0 and "descriptive-locations" not in outsider_html
    assert TOKEN.sub("", outsider_html) != TOKEN.sub("", owner_html)


@pytest.mark.django_db
def test_the_forms_on_a_warm_page_carry_a_valid_token_for_the_current_session(owner):
    episode = log_episode(owner, red_flags=["night_pain"])
    first = Client(enforce_csrf_checks=True)
    first.force_login(owner)
    get_page(first)  # the analysis is cached by another session
    second = Client(enforce_csrf_checks=True)
    second.force_login(owner)
    html, read = get_page(second)
    assert not read
    tokens = TOKEN.findall(html)
    assert len(tokens) == html.count("<form") and all(tokens)  # the language, logout and alert forms
    form = re.search(r'<form method="post" action="%s".*?</form>' % re.escape(reverse("diary:alert-discussed")),
                     html, re.S).group(0)
    key = f"symptom:night_pain:{episode.pk}"
    assert f'value="{key}"' in form
    response = second.post(reverse("diary:alert-discussed"),
                           {"csrfmiddlewaretoken": TOKEN.search(form).group(1), "key": key, "status": "checked"})
    assert response.status_code == 302
    assert AlertNote.objects.filter(owner=owner, key=key).exists()
    # A page from another session's token is refused: the token really is this session's.
    third = Client(enforce_csrf_checks=True)
    third.force_login(owner)
    third.get(reverse("diary:patterns"))
    refused = third.post(reverse("diary:alert-discussed"),
                         {"csrfmiddlewaretoken": TOKEN.search(form).group(1), "key": key, "status": "gone"})
    assert refused.status_code == 403
