"""“Keep me signed in on this device”: 90 days, renewed on use; the default session is unchanged."""
from datetime import timedelta

from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils import timezone

from accounts.keep_signed_in import KEEP_KEY, LONG_SESSION, RENEWED_KEY

LOGIN = "/accounts/login/"
PASSWORD = "a-good-passphrase-42"


def log_in(client, keep):
    data = {"username": "owner", "password": PASSWORD}
    if keep:
        data["keep_signed_in"] = "on"
    response = client.post(LOGIN, data)
    assert response.status_code == 302
    return client.cookies[settings.SESSION_COOKIE_NAME]


def stored_session(client):
    return Session.objects.get(session_key=client.cookies[settings.SESSION_COOKIE_NAME].value)


def test_the_login_page_offers_to_keep_me_signed_in_unticked(client, db):
    html = client.get(LOGIN).content.decode()
    assert 'name="keep_signed_in"' in html and "Keep me signed in on this device" in html
    assert "checked" not in html.split('name="keep_signed_in"')[1].split(">")[0]


def test_without_the_box_the_session_is_as_before(client, owner):
    cookie = log_in(client, keep=False)
    assert cookie["max-age"] == settings.SESSION_COOKIE_AGE == 14 * 24 * 3600
    session = stored_session(client)
    assert KEEP_KEY not in session.get_decoded()


def test_with_the_box_the_session_lasts_90_days(client, owner):
    cookie = log_in(client, keep=True)
    assert cookie["max-age"] == LONG_SESSION.total_seconds()
    expires_in = stored_session(client).expire_date - timezone.now()
    assert timedelta(days=89, hours=23) < expires_in <= LONG_SESSION


def test_a_kept_session_is_renewed_on_use_once_a_day(client, owner):
    log_in(client, keep=True)
    session = client.session
    # Pretend the last renewal was 60 days ago and the stored expiry is 30 days away.
    session[RENEWED_KEY] = (timezone.now() - timedelta(days=60)).date().isoformat()
    session.save()
    Session.objects.filter(session_key=session.session_key).update(expire_date=timezone.now() + timedelta(days=30))
    response = client.get("/episodes/quick/")
    assert response.status_code == 200
    assert response.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == LONG_SESSION.total_seconds()
    assert stored_session(client).expire_date - timezone.now() > timedelta(days=89)
    # A second visit the same day writes nothing.
    again = client.get("/episodes/quick/")
    assert settings.SESSION_COOKIE_NAME not in again.cookies


def test_an_ordinary_session_is_not_renewed(client, owner):
    log_in(client, keep=False)
    response = client.get("/episodes/quick/")
    assert settings.SESSION_COOKIE_NAME not in response.cookies


def test_a_wrong_password_with_the_box_ticked_signs_nobody_in(client, owner):
    response = client.post(LOGIN, {"username": "owner", "password": "wrong", "keep_signed_in": "on"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_logging_out_ends_a_kept_session(client, owner):
    log_in(client, keep=True)
    client.post("/accounts/logout/")
    assert client.get("/episodes/quick/").status_code == 302
