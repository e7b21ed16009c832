"""One message per action: a save says "saved" once, not in a flash message and a card at the same time."""
from datetime import timedelta
from zoneinfo import ZoneInfo

from django.urls import reverse
from django.utils import timezone

from diary.models import Episode
from diary.services.episodes import save_episode


def saved_messages(response):
    """The success messages on the page a save lands on: flash messages and the detail page's card."""
    html = response.content.decode()
    return html.count("alert-success") + html.count("saved-offer")


def started_input():
    started = timezone.localtime(timezone.now() - timedelta(hours=1), ZoneInfo("Europe/Berlin"))
    return started.strftime("%Y-%m-%dT%H:%M")


def test_a_quick_save_says_saved_once(owner_client, owner):
    response = owner_client.post("/episodes/quick/", {"intensity": "4", "locations": "neck", "started": "now"}, follow=True)
    assert Episode.objects.filter(owner=owner).count() == 1
    assert saved_messages(response) == 1


def test_a_full_form_save_says_saved_once(owner_client, owner):
    response = owner_client.post("/episodes/new/", {"started_at": started_input(), "intensity": "5"}, follow=True)
    assert Episode.objects.filter(owner=owner).count() == 1
    assert saved_messages(response) == 1


def test_an_edit_says_saved_once(owner_client, owner):
    episode = save_episode(owner, {"started_at": timezone.now() - timedelta(hours=3), "intensity": 4})
    response = owner_client.post(reverse("diary:episode-edit", args=[episode.pk]),
                                 {"started_at": started_input(), "intensity": "6"}, follow=True)
    assert saved_messages(response) == 1


def test_a_check_in_says_saved_once(owner_client, owner):
    response = owner_client.post("/checkins/today/", {"worst_pain": "2", "stress": "3"}, follow=True)
    assert response.status_code == 200
    assert saved_messages(response) == 1


def test_an_outsider_cannot_edit_and_gets_no_message(client, outsider, owner):
    episode = save_episode(owner, {"started_at": timezone.now() - timedelta(hours=3), "intensity": 4})
    client.force_login(outsider)
    response = client.post(reverse("diary:episode-edit", args=[episode.pk]), {"started_at": started_input(), "intensity": "6"})
    assert response.status_code == 404
    assert saved_messages(response) == 0
