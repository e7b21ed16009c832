"""Fair throttling: the client address through trusted proxies only, lockout per username and
address, a per-address limit on password spraying, and limits on sign-up and password reset."""
import pytest
from django.core import mail
from django.test import Client, RequestFactory

from accounts.throttle import client_address

PASSWORD = "a-good-passphrase-42"


def request_from(remote, forwarded=None):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **meta)


def test_without_a_proxy_the_forwarded_header_is_ignored(settings):
    settings.PROXY_COUNT = 0
    assert client_address(request_from("203.0.113.9", "198.51.100.1")) == "203.0.113.9"


def test_behind_one_proxy_only_the_address_it_saw_counts(settings):
    settings.PROXY_COUNT = 1
    # The client typed "1.2.3.4"; the proxy appended the address it really saw.
    assert client_address(request_from("10.0.0.2", "1.2.3.4, 198.51.100.7")) == "198.51.100.7"
    assert client_address(request_from("10.0.0.2", "198.51.100.7")) == "198.51.100.7"


def test_behind_two_proxies_the_outer_proxys_entry_counts(settings):
    settings.PROXY_COUNT = 2
    # spoofed, client (added by the outer proxy), outer proxy (added by the inner one)
    assert client_address(request_from("10.0.0.3", "6.6.6.6, 198.51.100.8, 10.0.0.2")) == "198.51.100.8"


def test_a_short_or_garbled_chain_falls_back_to_the_socket(settings):
    settings.PROXY_COUNT = 2
    assert client_address(request_from("10.0.0.3", "198.51.100.8")) == "10.0.0.3"
    assert client_address(request_from("10.0.0.3")) == "10.0.0.3"
    settings.PROXY_COUNT = 1
    assert client_address(request_from("10.0.0.3", "1.2.3.4, not-an-address")) == "10.0.0.3"


def log_in(client, username, password, address, proxy="10.0.0.2"):
    return client.post("/accounts/login/", {"username": username, "password": password},
                       REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR=address)


@pytest.mark.django_db
def test_a_stranger_behind_the_same_proxy_cannot_lock_someone_out(settings, make_user):
    settings.PROXY_COUNT = 1
    make_user("alice", password=PASSWORD)
    stranger = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(stranger, "alice", "wrong-guess", "198.51.100.66")
    locked = log_in(stranger, "alice", PASSWORD, "198.51.100.66")
    assert locked.status_code == 429  # that username from that address is paused
    alice = Client()
    response = log_in(alice, "alice", PASSWORD, "203.0.113.5")
    assert response.status_code == 302 and "_auth_user_id" in alice.session


@pytest.mark.django_db
def test_password_spraying_from_one_address_is_stopped(settings, make_user):
    settings.PROXY_COUNT = 1
    usernames = [f"user{i}" for i in range(25)]
    for name in usernames:
        make_user(name, password=PASSWORD)
    attacker = Client()
    reached, refused = 0, 0
    for guess in range(4):  # 100 guesses: 4 per account, under the per-account lockout of 5
        for name in usernames:
            response = log_in(attacker, name, f"Summer202{guess}!", "198.51.100.99")
            if response.status_code == 429:
                refused += 1
            else:
                assert response.status_code == 200  # the form again: wrong password
                reached += 1
    assert reached == settings.LOGIN_FAILURES_PER_ADDRESS
    assert refused == 100 - settings.LOGIN_FAILURES_PER_ADDRESS
    # The refusal is a clear page, and the attacker's address alone is refused.
    page = log_in(attacker, "user0", PASSWORD, "198.51.100.99")
    assert page.status_code == 429 and b"too many failed log-in attempts from your network" in page.content
    assert int(page["Retry-After"]) > 0
    assert log_in(Client(), "user0", PASSWORD, "203.0.113.5").status_code == 302


@pytest.mark.django_db
def test_sign_ups_are_limited_per_address(settings):
    settings.SIGNUPS_PER_ADDRESS = 3
    for index in range(3):
        response = Client().post("/accounts/signup/", {
            "username": f"new{index}", "password1": PASSWORD, "password2": PASSWORD,
        }, REMOTE_ADDR="198.51.100.20")
        assert response.status_code == 302
    refused = Client().post("/accounts/signup/", {
        "username": "new9", "password1": PASSWORD, "password2": PASSWORD,
    }, REMOTE_ADDR="198.51.100.20")
    assert refused.status_code == 429 and b"Too many sign-ups" in refused.content
    assert "Retry-After" in refused
    elsewhere = Client().post("/accounts/signup/", {
        "username": "new9", "password1": PASSWORD, "password2": PASSWORD,
    }, REMOTE_ADDR="203.0.113.20")
    assert elsewhere.status_code == 302


@pytest.mark.django_db
def test_password_reset_is_limited_per_address_and_per_email(settings, make_user):
    user = make_user("resetter", password=PASSWORD)
    user.email = "resetter@example.org"
    user.save()
    statuses = [Client().post("/accounts/password_reset/", {"email": "resetter@example.org"},
                              REMOTE_ADDR="198.51.100.30").status_code for _ in range(20)]
    assert statuses[:settings.PASSWORD_RESETS_PER_EMAIL] == [302] * settings.PASSWORD_RESETS_PER_EMAIL
    assert set(statuses[settings.PASSWORD_RESETS_PER_EMAIL:]) == {429}
    assert len(mail.outbox) == settings.PASSWORD_RESETS_PER_EMAIL
    # Other addresses do not reach the same inbox either, once its hourly quota is spent.
    assert Client().post("/accounts/password_reset/", {"email": "resetter@example.org"},
                         REMOTE_ADDR="203.0.113.30").status_code == 429
    # And one address cannot spray reset mails over many inboxes.
    many = [Client().post("/accounts/password_reset/", {"email": f"x{i}@example.org"},
                          REMOTE_ADDR="198.51.100.31").status_code for i in range(10)]
    assert many.count(302) == settings.PASSWORD_RESETS_PER_ADDRESS


@pytest.mark.django_db
def test_the_refusal_speaks_the_users_language(settings):
    settings.SIGNUPS_PER_ADDRESS = 0
    response = Client().post("/accounts/signup/", {"username": "x"}, REMOTE_ADDR="198.51.100.40",
                             HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 429
    assert response["Content-Language"] == "de"
