"""Sign-up asks the country, so the emergency number is right from the first minute (issue 12)."""
import re

import pytest
from django.urls import reverse

from accounts.models import User

PASSWORD = "a-long-passphrase-91"


def sign_up(client, **fields):
    data = {"username": "newperson", "email": "", "password1": PASSWORD, "password2": PASSWORD,
            "timezone": "UTC", "country": ""}
    data.update(fields)
    return client.post(reverse("signup"), data)


def test_it_asks_the_country_with_each_emergency_number(client, db):
    html = client.get(reverse("signup")).content.decode()
    assert 'name="country"' in html
    assert "China (mainland) · 120" in html and "United Kingdom · 999" in html
    assert "data-zone-countries" in html  # the page's script pre-selects from the time zone


def test_the_browser_language_pre_selects_the_country(client, db):
    response = client.get(reverse("signup"), HTTP_ACCEPT_LANGUAGE="de-CH,de;q=0.9")
    assert response.context["form"]["country"].value() == "CH"


def test_a_chosen_country_is_stored_and_decides_the_emergency_number(client, db):
    sign_up(client, country="CN", timezone="Europe/Berlin")
    profile = User.objects.get(username="newperson").profile
    assert profile.country == "CN"
    assert profile.emergency_number == "120"


@pytest.mark.parametrize("zone, expected", [("Asia/Shanghai", "CN"), ("Europe/London", "GB"), ("UTC", "")])
def test_left_empty_the_country_is_guessed_from_the_time_zone(client, db, zone, expected):
    sign_up(client, timezone=zone)
    assert User.objects.get(username="newperson").profile.country == expected


def test_a_form_with_errors_keeps_the_choice_and_is_not_re_guessed(client, db):
    response = sign_up(client, country="SE", password2="something-else-entirely")
    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(r'<option value="SE"[^>]*selected', html)
    assert "data-zone-countries" not in html
    assert not User.objects.filter(username="newperson").exists()


def test_an_unknown_country_gets_a_message_beside_the_field(client, db):
    response = sign_up(client, country="XX")
    assert response.status_code == 200
    assert response.context["form"].errors["country"]
