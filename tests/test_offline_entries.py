"""Entries sent from a phone's queue: saved once per client_id, dated by the tap, only to their account."""
import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from diary.forms import tap_time
from diary.models import CheckIn, Episode
from diary.records import local_today

QUICK = "/episodes/quick/"
TODAY = "/checkins/today/"
QUEUE = {"HTTP_X_DIARY_QUEUE": "1"}


def iso(moment):
    return moment.isoformat()


def quick_post(client, client_id, **extra):
    data = {"intensity": "5", "locations": "lower_back", "started": "now", "client_id": str(client_id), **extra}
    return client.post(QUICK, data, **QUEUE)


def test_it_saves_a_quick_log_once_whatever_the_retries(owner_client, owner):
    client_id = uuid.uuid4()
    first = quick_post(owner_client, client_id)
    second = quick_post(owner_client, client_id)
    third = owner_client.post(QUICK, {"intensity": "5", "client_id": str(client_id)})  # a plain form post
    episode = Episode.objects.get(owner=owner)
    assert episode.client_id == client_id
    assert first.status_code == 201 and first.json()["created"] is True
    assert second.status_code == 200 and second.json() == {"ok": True, "created": False, "url": first.json()["url"]}
    assert third.status_code == 302 and third["Location"] == first.json()["url"]
    assert first.json()["url"] == f"/episodes/{episode.pk}/?saved=1"


def test_it_keeps_each_owners_client_ids_apart(owner_client, owner, outsider):
    client_id = uuid.uuid4()
    Episode.objects.create(owner=outsider, intensity=2, client_id=client_id)
    response = quick_post(owner_client, client_id)
    assert response.status_code == 201
    assert Episode.objects.get(owner=owner).client_id == client_id
    assert Episode.objects.get(owner=outsider).intensity == 2


def test_it_dates_a_queued_episode_at_the_tap(owner_client, owner):
    tapped = timezone.now() - timedelta(hours=3)
    response = quick_post(owner_client, uuid.uuid4(), tapped_at=iso(tapped), started="15")
    assert response.status_code == 201
    started = Episode.objects.get(owner=owner).started_at
    assert abs(started - (tapped - timedelta(minutes=15))) < timedelta(seconds=2)


def test_it_corrects_for_a_phone_clock_that_is_wrong(owner_client, owner):
    # The phone's clock is two hours fast; it tapped 30 minutes before it sent.
    phone_now = timezone.now() + timedelta(hours=2)
    response = quick_post(owner_client, uuid.uuid4(), tapped_at=iso(phone_now - timedelta(minutes=30)), sent_at=iso(phone_now))
    assert response.status_code == 201
    started = Episode.objects.get(owner=owner).started_at
    assert abs(started - (timezone.now() - timedelta(minutes=30))) < timedelta(seconds=5)


def test_tap_time_is_the_upload_time_less_the_phone_measured_delay():
    now = timezone.now()
    assert tap_time(now - timedelta(hours=1), None, now) == now - timedelta(hours=1)
    phone = now + timedelta(days=1)
    assert tap_time(phone - timedelta(minutes=5), phone, now) == now - timedelta(minutes=5)


@pytest.mark.parametrize("tapped, ok", [
    (timedelta(minutes=4), True), (timedelta(minutes=6), False),
    (-timedelta(days=89), True), (-timedelta(days=91), False),
])
def test_it_refuses_taps_in_the_future_or_absurdly_old(owner_client, owner, tapped, ok):
    response = quick_post(owner_client, uuid.uuid4(), tapped_at=iso(timezone.now() + tapped))
    assert (response.status_code == 201) is ok
    if not ok:
        assert response.status_code == 400 and "tapped_at" in response.json()["errors"]
        assert not Episode.objects.filter(owner=owner).exists()


@pytest.mark.parametrize("field, value", [("client_id", "not-a-uuid"), ("tapped_at", "yesterday"), ("sent_at", "x" * 300)])
def test_bad_hidden_values_get_a_message_not_a_500(owner_client, owner, field, value):
    response = owner_client.post(QUICK, {"intensity": "5", field: value})
    assert response.status_code == 200
    assert not Episode.objects.exists()
    queued = owner_client.post(QUICK, {"intensity": "5", field: value}, **QUEUE)
    assert queued.status_code == 400 and field in queued.json()["errors"]


def test_it_never_saves_an_entry_queued_for_another_account(owner_client, owner, outsider):
    response = quick_post(owner_client, uuid.uuid4(), queued_for=str(outsider.pk))
    assert response.status_code == 409 and response.json()["reason"] == "other_account"
    checkin = owner_client.post(TODAY, {"worst_pain": "3", "queued_for": str(outsider.pk)}, **QUEUE)
    assert checkin.status_code == 409
    assert not Episode.objects.exists() and not CheckIn.objects.exists()
    assert quick_post(owner_client, uuid.uuid4(), queued_for=str(owner.pk)).status_code == 201


def test_a_queued_post_without_a_session_is_not_saved(client, owner):
    response = quick_post(client, uuid.uuid4())
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not Episode.objects.exists()


def checkin_post(client, client_id, url=TODAY, **extra):
    data = {"worst_pain": "4", "mode": "new", "client_id": str(client_id), **extra}
    return client.post(url, data, **QUEUE)


def test_it_saves_a_check_in_once_whatever_the_retries(owner_client, owner):
    client_id = uuid.uuid4()
    first = checkin_post(owner_client, client_id)
    second = checkin_post(owner_client, client_id)
    checkin = CheckIn.objects.get(owner=owner)
    assert checkin.client_id == client_id and checkin.worst_pain == 4
    assert first.status_code == 201 and second.status_code == 200
    assert second.json()["created"] is False and second.json()["url"] == TODAY


def test_a_different_check_in_for_a_day_already_logged_is_refused_not_merged(owner_client, owner):
    checkin_post(owner_client, uuid.uuid4())
    response = checkin_post(owner_client, uuid.uuid4(), worst_pain="9")
    assert response.status_code == 409 and response.json()["reason"] == "duplicate"
    assert CheckIn.objects.get(owner=owner).worst_pain == 4


def test_a_check_in_tapped_before_midnight_belongs_to_the_day_of_the_tap(owner_client, owner):
    yesterday = local_today(owner) - timedelta(days=1)
    tapped = timezone.now() - timedelta(days=1)
    response = checkin_post(owner_client, uuid.uuid4(), tapped_at=iso(tapped))
    assert response.status_code == 201
    assert response.json()["url"] == f"/checkins/{yesterday.isoformat()}/"
    assert CheckIn.objects.get(owner=owner).date == yesterday


def test_a_check_in_for_a_named_day_keeps_that_day(owner_client, owner):
    day = local_today(owner) - timedelta(days=3)
    response = checkin_post(owner_client, uuid.uuid4(), url=f"/checkins/{day.isoformat()}/", tapped_at=iso(timezone.now()))
    assert response.status_code == 201
    assert CheckIn.objects.get(owner=owner).date == day


def test_an_empty_queued_check_in_is_refused_with_its_message(owner_client, owner):
    response = checkin_post(owner_client, uuid.uuid4(), worst_pain="")
    assert response.status_code == 400 and "__all__" in response.json()["errors"]
    assert not CheckIn.objects.exists()


def test_check_in_client_ids_are_per_owner(owner_client, owner, outsider):
    client_id = uuid.uuid4()
    CheckIn.objects.create(owner=outsider, date=local_today(outsider), worst_pain=1, client_id=client_id)
    assert checkin_post(owner_client, client_id).status_code == 201
    assert CheckIn.objects.get(owner=owner).client_id == client_id


def test_a_check_in_saved_as_the_user_taps_says_so_on_the_next_page(owner_client, owner):
    data = {"worst_pain": "4", "mode": "new", "client_id": str(uuid.uuid4())}
    response = owner_client.post(TODAY, data, **QUEUE, HTTP_X_DIARY_INTERACTIVE="1")
    assert response.status_code == 201
    assert "saved." in owner_client.get(TODAY).content.decode()


def test_a_check_in_sent_later_from_the_queue_leaves_no_message(owner_client, owner):
    assert checkin_post(owner_client, uuid.uuid4()).status_code == 201
    assert "saved." not in owner_client.get(TODAY).content.decode()


EXTREMES = ["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00", "9999-12-31T23:59:59.999999"]


@pytest.mark.parametrize("tapped_at", EXTREMES)
@pytest.mark.parametrize("sent_at", ["", *EXTREMES])
def test_times_at_the_ends_of_the_calendar_get_a_message_not_a_500(owner_client, owner, tapped_at, sent_at):
    for url, data in ((QUICK, {"intensity": "5"}), (TODAY, {"worst_pain": "3"})):
        response = owner_client.post(url, {**data, "tapped_at": tapped_at, "sent_at": sent_at}, **QUEUE)
        # A phone clock far off is fine when the delay it measured is sensible; otherwise a message.
        assert response.status_code in (201, 400)
        if response.status_code == 400:
            assert "tapped_at" in response.json()["errors"]
