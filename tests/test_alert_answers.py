"""Answering an alert (checked, gone, discussed) from its card: owner-scoped, dated, and the same state everywhere."""
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from diary.alerts import alerts_for_user
from diary.models import AlertNote, Episode, EpisodeLocation, EpisodeRedFlag, Medicine


def flagged(user, flag="saddle_numbness", days_ago=0, intensity=6, location="lower_back"):
    episode = Episode.objects.create(owner=user, started_at=timezone.now() - timedelta(days=days_ago), intensity=intensity)
    EpisodeRedFlag.objects.create(episode=episode, flag=flag)
    EpisodeLocation.objects.create(episode=episode, location=location)
    return episode


@pytest.mark.parametrize("answer", ["checked", "gone", "discussed"])
def test_it_saves_the_answer_and_the_banner_goes(owner_client, owner, answer):
    episode = flagged(owner, days_ago=40)
    assert "alert-emergency" in owner_client.get("/").content.decode()  # an old symptom keeps its urgency
    key = f"symptom:saddle_numbness:{episode.pk}"
    response = owner_client.post(reverse("diary:alert-discussed"), {"key": key, "status": answer, "next": "/"})
    assert response.status_code == 302
    assert AlertNote.objects.get(owner=owner, key=key).status == answer
    assert "alert-emergency" not in owner_client.get("/").content.decode()
    assert [a.status for a in alerts_for_user(owner)] == [answer]


def test_it_refuses_an_unknown_answer_with_a_message(owner_client, owner):
    episode = flagged(owner)
    response = owner_client.post(reverse("diary:alert-discussed"),
                                 {"key": f"symptom:saddle_numbness:{episode.pk}", "status": "fine"}, follow=True)
    assert response.status_code == 200 and "not one of the choices" in response.content.decode()
    assert not AlertNote.objects.exists()


def test_an_outsider_cannot_answer_the_owner_s_alert(outsider_client, owner):
    episode = flagged(owner)
    response = outsider_client.post(reverse("diary:alert-discussed"),
                                    {"key": f"symptom:saddle_numbness:{episode.pk}", "status": "gone"})
    assert response.status_code == 404 and not AlertNote.objects.exists()


def test_the_card_offers_checked_and_gone_for_a_symptom(owner_client, owner):
    flagged(owner, flag="night_pain")
    html = owner_client.get(reverse("diary:patterns")).content.decode()
    assert 'value="checked"' in html and 'value="gone"' in html and "I have been checked" in html


def test_the_episode_page_and_the_banner_agree_on_a_statin(owner_client, owner):
    Medicine.objects.create(owner=owner, name="Atorvastatin", kind="statin", started_on=timezone.localdate() - timedelta(days=5))
    episode = Episode.objects.create(owner=owner, started_at=timezone.now(), intensity=4, kind="cramp")
    EpisodeRedFlag.objects.create(episode=episode, flag="numbness_tingling")
    dashboard = owner_client.get("/").content.decode()
    detail = owner_client.get(reverse("diary:episode-detail", args=[episode.pk])).content.decode()
    assert "Muscle pain or cramps while taking a statin" in dashboard
    assert "Muscle pain or cramps while taking a statin" in detail
