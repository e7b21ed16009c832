"""Quick log: three taps to save, presets for the start, most used triggers, same as last time."""
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from diary.models import Episode
from diary.services.episodes import DEFAULT_QUICK_TRIGGERS, most_used_triggers, save_episode

URL = "/episodes/quick/"


def test_it_saves_an_episode_from_one_post_with_three_fields(owner_client, owner):
    before = timezone.now()
    response = owner_client.post(URL, {"intensity": "6", "locations": "lower_back", "started": "now"})
    episode = Episode.objects.get(owner=owner)
    assert response.status_code == 302
    assert response["Location"] == reverse("diary:episode-detail", args=[episode.pk]) + "?saved=1"
    assert episode.intensity == 6
    assert list(episode.locations.values_list("location", flat=True)) == ["lower_back"]
    assert before - timedelta(seconds=1) <= episode.started_at <= timezone.now()


def test_it_needs_only_intensity(owner_client, owner):
    response = owner_client.post(URL, {"intensity": "3"})
    assert response.status_code == 302
    assert Episode.objects.get(owner=owner).intensity == 3


def test_it_shows_a_success_message_and_offers_detail(owner_client, owner):
    response = owner_client.post(URL, {"intensity": "4", "locations": "neck"}, follow=True)
    html = response.content.decode()
    episode = Episode.objects.get(owner=owner)
    assert "Saved. When you feel up to it" in html and "Episode saved." not in html  # one message, not two
    assert reverse("diary:episode-edit", args=[episode.pk]) in html
    assert "Add detail" in html


@pytest.mark.parametrize("minutes", ["15", "30", "60"])
def test_it_sets_the_start_from_a_preset(owner_client, owner, minutes):
    now = timezone.now()
    owner_client.post(URL, {"intensity": "5", "started": minutes})
    started = Episode.objects.get(owner=owner).started_at
    assert abs((now - started) - timedelta(minutes=int(minutes))) < timedelta(seconds=5)


@pytest.mark.parametrize("data, field", [
    ({}, "intensity"),
    ({"intensity": "11"}, "intensity"),
    ({"intensity": "-1"}, "intensity"),
    ({"intensity": "six"}, "intensity"),
    ({"intensity": "5", "locations": "elbow"}, "locations"),
    ({"intensity": "5", "triggers": "moon_phase"}, "triggers"),
    ({"intensity": "5", "started": "90"}, "started"),
    ({"intensity": "5", "kind": "<script>"}, "kind"),
])
def test_it_rejects_bad_input_beside_the_field(owner_client, owner, data, field):
    response = owner_client.post(URL, data)
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert f'id="{field}-error"' in response.content.decode() or field in ("kind",)
    assert not Episode.objects.exists()


def test_it_keeps_what_was_tapped_after_an_error(owner_client):
    response = owner_client.post(URL, {"locations": "neck", "triggers": "caffeine"})
    html = response.content.decode()
    assert 'id="id_locations_neck" value="neck" checked' in html
    # A ticked trigger stays on screen even when it is not among the shown ones.
    assert 'value="caffeine" checked' in html


def test_it_shows_eleven_intensity_buttons_and_big_save(owner_client):
    html = owner_client.get(URL).content.decode()
    assert "tap-row scale-11" in html
    for n in range(11):
        assert f'id="id_intensity_{n}" value="{n}"' in html
    assert 'name="started" id="id_started_now" value="now" checked' in html
    assert 'type="submit"' in html


def test_it_orders_triggers_by_the_users_own_use_then_defaults(owner_client, owner, outsider):
    now = timezone.now() - timedelta(hours=1)
    for _ in range(3):
        save_episode(owner, {"started_at": now, "intensity": 4, "triggers": ["caffeine"]})
    for _ in range(2):
        save_episode(owner, {"started_at": now, "intensity": 4, "triggers": ["footwear", "stress"]})
    # Someone else's habits never count.
    for _ in range(5):
        save_episode(outsider, {"started_at": now, "intensity": 4, "triggers": ["hormonal"]})
    slugs = most_used_triggers(owner, 6)
    assert slugs[:3] == ["caffeine", "footwear", "stress"]
    assert "hormonal" not in slugs
    assert slugs[3:] == [s for s in DEFAULT_QUICK_TRIGGERS if s not in slugs[:3]][:3]
    html = owner_client.get(URL).content.decode()
    assert html.index('value="caffeine"') < html.index('value="footwear"') < html.index('value="stress"')
    assert html.index('value="stress"') < html.index('value="running"')


def test_it_offers_defaults_to_a_new_user(owner):
    assert most_used_triggers(owner, 6) == list(DEFAULT_QUICK_TRIGGERS[:6])


def test_it_prefills_same_as_last_time(owner_client, owner):
    earlier = timezone.now() - timedelta(days=2)
    save_episode(owner, {"started_at": earlier - timedelta(days=1), "intensity": 2, "locations": ["neck"]})
    save_episode(owner, {
        "started_at": earlier, "intensity": 7, "locations": ["lower_back", "hip_buttock"], "kind": "spasm",
        "side": "left", "context": "at_work", "triggers": ["hormonal"],
    })
    html = owner_client.get(URL + "?same=1").content.decode()
    assert 'id="id_intensity_7" value="7" checked' in html
    assert 'value="lower_back" checked' in html and 'value="hip_buttock" checked' in html
    assert 'value="neck" checked' not in html
    assert 'value="hormonal" checked' in html
    assert '<input type="hidden" name="kind" value="spasm">' in html
    assert '<input type="hidden" name="side" value="left">' in html
    assert '<input type="hidden" name="context" value="at_work">' in html
    # It still needs Save: nothing new was written.
    assert Episode.objects.filter(owner=owner).count() == 2


def test_it_saves_the_copied_fields(owner_client, owner):
    owner_client.post(URL, {"intensity": "7", "locations": "lower_back", "kind": "spasm", "side": "left",
                            "context": "at_work"})
    episode = Episode.objects.get(owner=owner)
    assert (episode.kind, episode.side, episode.context) == ("spasm", "left", "at_work")


def test_it_offers_same_as_last_time_only_with_a_previous_episode(owner_client, owner):
    assert "?same=1" not in owner_client.get(URL).content.decode()
    save_episode(owner, {"started_at": timezone.now(), "intensity": 3})
    assert "?same=1" in owner_client.get(URL).content.decode()


def test_it_never_copies_from_someone_else(outsider_client, owner):
    save_episode(owner, {"started_at": timezone.now(), "intensity": 9, "locations": ["neck"]})
    html = outsider_client.get(URL + "?same=1").content.decode()
    assert "checked" not in html.replace('value="now" checked', "")


def test_it_asks_anonymous_visitors_to_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302 and "/login" in response["Location"]
