"""First run after sign-up: country, a reminder time, the first check-in; each screen skippable,
the whole shown once."""
from datetime import time

import pytest
from django.urls import reverse

from accounts.country_guess import guess_country
from onboarding.models import FirstRun
from reminders.models import ReminderSetting

COUNTRY, REMINDER, CHECKIN = "/welcome/country/", "/welcome/reminder/", "/welcome/check-in/"


def sign_up(client, timezone="Europe/Stockholm", **headers):
    return client.post(reverse("signup"), {
        "username": "newperson", "email": "", "password1": "a-long-passphrase-91",
        "password2": "a-long-passphrase-91", "timezone": timezone,
    }, **headers)


def test_sign_up_leads_to_the_first_screen_with_the_country_guessed_from_the_time_zone(client, db):
    response = sign_up(client)
    assert response["Location"] == COUNTRY
    page = client.get(COUNTRY)
    assert page.status_code == 200
    assert page.context["form"]["country"].value() == "SE"  # guessed at sign-up, shown to confirm
    assert "Step 1 of 3" in page.content.decode()
    # Each country shows its emergency number beside it.
    assert "United Kingdom · 999" in page.content.decode()


def test_the_browser_language_region_decides_when_the_time_zone_does_not(client, db):
    sign_up(client, timezone="UTC")
    page = client.get(COUNTRY, HTTP_ACCEPT_LANGUAGE="de-CH,de;q=0.9,en;q=0.8")
    assert page.context["form"].initial["country"] == "CH"


@pytest.mark.parametrize("zone, accept, language, expected", [
    ("America/New_York", "", "en", "US"), ("America/Toronto", "", "en", "CA"), ("Australia/Sydney", "", "en", "AU"),
    ("Asia/Shanghai", "", "zh-hans", "CN"), ("Europe/Amsterdam", "", "nl", "NL"), ("UTC", "en-GB", "en", "GB"),
    ("UTC", "", "sv", "SE"), ("UTC", "en", "en", ""), ("Africa/Lagos", "yo-NG", "en", ""),
])
def test_the_country_guess(zone, accept, language, expected):
    assert guess_country(zone, accept, language) == expected


def test_saving_the_country_sets_the_emergency_number_and_moves_on(owner_client, owner):
    response = owner_client.post(COUNTRY, {"action": "save", "country": "GB"})
    assert response["Location"] == REMINDER
    owner.profile.refresh_from_db()
    assert owner.profile.country == "GB" and owner.profile.emergency_number == "999"


def test_the_first_screen_also_asks_how_long_the_pain_has_been_there(owner_client, owner):
    page = owner_client.get(COUNTRY).content.decode()
    assert 'name="pain_duration"' in page and "New: under 6 weeks" in page
    owner_client.post(COUNTRY, {"action": "save", "country": "DE", "pain_duration": "new"})
    owner.profile.refresh_from_db()
    assert owner.profile.pain_duration == "new"


def test_a_country_that_is_not_offered_is_a_message_beside_the_field(owner_client, owner):
    response = owner_client.post(COUNTRY, {"action": "save", "country": "XX"})
    assert response.status_code == 200
    assert "invalid-feedback" in response.content.decode()


def test_each_screen_can_be_skipped_without_saving_anything(owner_client, owner):
    assert owner_client.post(COUNTRY, {"action": "skip", "country": "GB"})["Location"] == REMINDER
    assert owner_client.post(REMINDER, {"action": "skip", "local_time": "nonsense"})["Location"] == CHECKIN
    assert owner_client.post(CHECKIN, {"action": "skip"})["Location"] == reverse("home")
    owner.profile.refresh_from_db()
    assert owner.profile.country == ""
    assert not ReminderSetting.objects.exists()
    assert FirstRun.objects.get(user=owner).finished


def test_the_reminder_screen_turns_reminders_on_at_the_chosen_time(owner_client, owner):
    page = owner_client.get(REMINDER)
    assert b"reminders/reminders.js" in page.content
    assert b'name="enabled"' not in page.content  # saving here means "remind me"
    response = owner_client.post(REMINDER, {"action": "save", "local_time": "21:15", "channel": "push"})
    assert response["Location"] == CHECKIN
    setting = ReminderSetting.objects.get(user=owner)
    assert setting.enabled and setting.local_time == time(21, 15)


def test_the_last_screen_leads_to_the_first_check_in_and_offers_an_install_hint(owner_client, owner):
    page = owner_client.get(CHECKIN)
    assert b"data-install-hint hidden" in page.content and b"install-hint.js" in page.content
    response = owner_client.post(CHECKIN, {"action": "checkin"})
    assert response["Location"] == reverse("diary:checkin-today")


def test_it_is_shown_once(owner_client, owner):
    owner_client.post(CHECKIN, {"action": "checkin"})
    for path in ("/welcome/", COUNTRY, REMINDER, CHECKIN):
        response = owner_client.get(path)
        assert response.status_code == 302 and response["Location"] == reverse("home"), path
    owner_client.post(COUNTRY, {"action": "save", "country": "GB"})
    owner.profile.refresh_from_db()
    assert owner.profile.country == ""


def test_skip_setup_ends_the_first_run_from_any_screen(owner_client, owner):
    assert owner_client.post(REMINDER, {"action": "skip_all"})["Location"] == reverse("home")
    assert FirstRun.objects.get(user=owner).finished
    assert owner_client.get(COUNTRY)["Location"] == reverse("home")


def test_a_signed_up_user_skipping_everything_lands_on_the_dashboard(client, db):
    sign_up(client)
    response = client.post(COUNTRY, {"action": "skip_all"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("home")
    assert b"Log an episode" in response.content


def test_the_screens_need_a_login(client, db):
    for path in ("/welcome/", COUNTRY, REMINDER, CHECKIN):
        response = client.get(path)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_one_users_first_run_does_not_touch_anothers(owner_client, owner, outsider):
    owner_client.post(COUNTRY, {"action": "skip_all"})
    assert not FirstRun.objects.filter(user=outsider).exists()


def test_showing_the_screens_changes_nothing(owner_client, owner):
    for path in ("/welcome/", COUNTRY, REMINDER, CHECKIN):
        owner_client.get(path)
    assert not FirstRun.objects.exists()
    assert not ReminderSetting.objects.exists()
