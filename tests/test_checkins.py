"""Daily check-in: optional fields stay NULL, one per local date, week strip, limits, privacy."""
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from diary.models import CheckIn, CheckInActivity
from diary.records import local_today
from diary.services.episodes import DuplicateCheckIn, save_checkin

TODAY = "/checkins/today/"
NULLABLE = ("fluid_litres", "caffeine_drinks", "alcohol_units", "stress", "sleep_hours", "exercise_minutes",
            "sitting_hours", "worst_pain")


def day_url(day):
    return reverse("diary:checkin-date", args=[day])


def test_it_saves_todays_check_in_for_the_local_date(owner_client, owner):
    response = owner_client.post(TODAY, {"fluid_litres": "1.75", "worst_pain": "3", "activities": ["running", "gym"]})
    assert response.status_code == 302 and response["Location"] == TODAY
    checkin = CheckIn.objects.get(owner=owner)
    assert checkin.date == local_today(owner)
    assert checkin.fluid_litres == Decimal("1.75") and checkin.worst_pain == 3
    assert set(checkin.activities.values_list("activity", flat=True)) == {"running", "gym"}


def test_it_keeps_blank_fields_null(owner_client, owner):
    owner_client.post(TODAY, {"caffeine_drinks": "2", "fluid_litres": "", "stress": "", "worst_pain": "", "notes": ""})
    checkin = CheckIn.objects.get(owner=owner)
    assert checkin.caffeine_drinks == 2
    for name in NULLABLE:
        if name != "caffeine_drinks":
            assert getattr(checkin, name) is None, name
    assert not CheckInActivity.objects.exists()


def test_it_records_zero_only_when_zero_is_chosen(owner_client, owner):
    owner_client.post(TODAY, {"worst_pain": "0", "stress": ""})
    checkin = CheckIn.objects.get(owner=owner)
    assert checkin.worst_pain == 0 and checkin.stress is None
    html = owner_client.get(TODAY).content.decode()
    assert 'id="id_stress_unset" value="" checked' in html
    assert 'id="id_worst_pain_0" value="0" checked' in html


def test_it_never_stores_an_empty_check_in(owner_client, owner):
    response = owner_client.post(TODAY, {"stress": "", "notes": "  "})
    assert response.status_code == 200
    assert "Nothing filled in" in response.content.decode()
    assert not CheckIn.objects.exists()


def test_it_creates_nothing_for_untouched_days(owner_client, owner):
    for days in range(7):
        owner_client.get(day_url(local_today(owner) - timedelta(days=days)))
    owner_client.get(TODAY)
    assert not CheckIn.objects.exists()


def test_it_edits_an_existing_date(owner_client, owner):
    day = local_today(owner) - timedelta(days=3)
    save_checkin(owner, day, {"fluid_litres": Decimal("1.0"), "stress": 5, "activities": ["walking"]})
    html = owner_client.get(day_url(day)).content.decode()
    assert 'value="1.00"' in html and 'id="id_stress_5" value="5" checked' in html
    assert '<input type="hidden" name="mode" value="edit"' in html
    response = owner_client.post(day_url(day), {"mode": "edit", "fluid_litres": "2.5", "activities": ["swimming"]})
    assert response.status_code == 302 and response["Location"] == day_url(day)
    checkin = CheckIn.objects.get(owner=owner)
    assert checkin.fluid_litres == Decimal("2.5")
    assert checkin.stress is None  # cleared on the form, so cleared in the diary
    assert list(checkin.activities.values_list("activity", flat=True)) == ["swimming"]


def test_it_refuses_a_second_check_in_for_a_date_and_offers_the_first(owner_client, owner):
    day = local_today(owner) - timedelta(days=1)
    html = owner_client.get(day_url(day)).content.decode()
    assert '<input type="hidden" name="mode" value="new"' in html
    # Meanwhile another tab saved that day.
    save_checkin(owner, day, {"fluid_litres": Decimal("2.0")})
    response = owner_client.post(day_url(day), {"mode": "new", "fluid_litres": "0.5", "notes": "typed in tab 2"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is already a check-in for" in html and f'href="{day_url(day)}"' in html
    assert "typed in tab 2" in html  # what was typed is still on screen
    assert CheckIn.objects.get(owner=owner).fluid_litres == Decimal("2.0")


def test_the_service_refuses_a_duplicate_when_asked_to_create(owner):
    day = date(2025, 1, 1)
    first = save_checkin(owner, day, {"stress": 2})
    with pytest.raises(DuplicateCheckIn) as error:
        save_checkin(owner, day, {"stress": 3}, create_only=True)
    assert error.value.existing.pk == first.pk
    assert save_checkin(owner, day, {"stress": 4}).pk == first.pk
    assert CheckIn.objects.get().stress == 4


@pytest.mark.parametrize("fluid, ok", [("0", True), ("15", True), ("14.75", True), ("15.25", False), ("-0.25", False),
                                       ("lots", False), ("NaN", False), ("1e400", False), ("1.333", False)])
def test_it_limits_fluid_to_0_15_litres(owner_client, owner, fluid, ok):
    response = owner_client.post(TODAY, {"fluid_litres": fluid})
    assert (response.status_code == 302) is ok
    if not ok:
        assert 'id="fluid_litres-error"' in response.content.decode()
        assert not CheckIn.objects.exists()


@pytest.mark.parametrize("field, value", [
    ("stress", "11"), ("stress", "-1"), ("worst_pain", "11"), ("caffeine_drinks", "31"), ("caffeine_drinks", "1.5"),
    ("alcohol_units", "51"), ("sleep_hours", "25"), ("exercise_minutes", "1441"), ("sitting_hours", "24.5"),
    ("activities", "knitting"),
])
def test_it_rejects_out_of_range_values(owner_client, owner, field, value):
    response = owner_client.post(TODAY, {field: value, "notes": "keep me"})
    assert response.status_code == 200
    assert f'id="{field}-error"' in response.content.decode()
    assert not CheckIn.objects.exists()


def test_it_keeps_a_saved_check_in_when_a_change_is_invalid(owner_client, owner):
    save_checkin(owner, local_today(owner), {"fluid_litres": Decimal("2"), "stress": 4})
    response = owner_client.post(TODAY, {"mode": "edit", "fluid_litres": "20", "stress": "1"})
    assert response.status_code == 200
    checkin = CheckIn.objects.get(owner=owner)
    assert (checkin.fluid_litres, checkin.stress) == (Decimal("2"), 4)


def test_it_refuses_future_dates_clearly(owner_client, owner):
    tomorrow = local_today(owner) + timedelta(days=1)
    response = owner_client.get(day_url(tomorrow))
    assert response.status_code == 404
    assert "has not come yet" in response.content.decode()
    assert owner_client.post(day_url(tomorrow), {"stress": "3"}).status_code == 404
    assert not CheckIn.objects.exists()


def test_it_is_404_for_impossible_dates(owner_client):
    assert owner_client.get("/checkins/2025-02-30/").status_code == 404
    assert owner_client.get("/checkins/2025-13-01/").status_code == 404


def test_it_uses_the_users_local_date_for_today(client, make_user, monkeypatch):
    # 23:30 UTC on 14 May is already 15 May in Tokyo and still 14 May in Los Angeles.
    instant = datetime(2025, 5, 14, 23, 30, tzinfo=ZoneInfo("UTC"))
    monkeypatch.setattr(timezone, "now", lambda: instant)
    for name, tz, expected in (("tokyo", "Asia/Tokyo", date(2025, 5, 15)), ("la", "America/Los_Angeles", date(2025, 5, 14))):
        user = make_user(name, timezone=tz)
        client.force_login(user)
        client.post(TODAY, {"stress": "2"})
        assert CheckIn.objects.get(owner=user).date == expected


def test_the_week_strip_marks_logged_days(owner_client, owner):
    today = local_today(owner)
    logged = {today - timedelta(days=1), today - timedelta(days=4)}
    for day in logged:
        save_checkin(owner, day, {"stress": 3})
    save_checkin(owner, today - timedelta(days=9), {"stress": 3})  # outside the strip
    response = owner_client.get(TODAY)
    week = response.context["week"]
    assert [d["date"] for d in week] == [today - timedelta(days=6 - i) for i in range(7)]
    assert {d["date"] for d in week if d["logged"]} == logged
    assert [d["is_today"] for d in week] == [False] * 6 + [True]
    html = response.content.decode()
    assert html.count("week-day is-logged") == 2
    assert "is-today" in html
    for d in week[:-1]:
        assert f'href="{day_url(d["date"])}"' in html


def test_the_week_strip_ends_on_the_shown_day(owner_client, owner):
    shown = local_today(owner) - timedelta(days=10)
    week = owner_client.get(day_url(shown)).context["week"]
    assert week[-1]["date"] == shown and not any(d["is_today"] for d in week)


def test_it_shows_steppers_and_plain_inputs(owner_client):
    html = owner_client.get(TODAY).content.decode()
    assert 'data-step="0.25"' in html and 'data-step="-0.25"' in html
    assert 'type="number" name="fluid_litres"' in html
    assert 'type="number" name="caffeine_drinks"' in html


def test_an_outsider_sees_only_their_own_day(outsider_client, owner, outsider):
    day = local_today(owner) - timedelta(days=1)
    save_checkin(owner, day, {"notes": "owner secret", "stress": 9})
    html = outsider_client.get(day_url(day)).content.decode()
    assert "owner secret" not in html
    assert 'value="9" checked' not in html
    outsider_client.post(day_url(day), {"stress": "1"})
    assert CheckIn.objects.get(owner=owner).stress == 9
    assert CheckIn.objects.get(owner=outsider).stress == 1
