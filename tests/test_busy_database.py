"""A database still locked after the busy timeout answers 503 with Retry-After, never 500."""
from unittest import mock

import pytest
from django.db import OperationalError
from django.test import Client, RequestFactory

from config.middleware import server_error


@pytest.mark.django_db
def test_it_answers_503_when_a_view_finds_the_database_locked(owner_client):
    with mock.patch("diary.views.episodes.render", side_effect=OperationalError("database is locked")):
        response = owner_client.get("/episodes/quick/")
    assert response.status_code == 503
    assert response["Retry-After"].isdigit()
    assert b"busy" in response.content


@pytest.mark.django_db
def test_it_answers_503_in_the_users_language(owner, client):
    owner.profile.language = "de"
    owner.profile.save()
    client.force_login(owner)
    with mock.patch("diary.views.episodes.render", side_effect=OperationalError("database is locked")):
        response = client.get("/episodes/quick/")
    assert response.status_code == 503
    assert response["Content-Language"] == "de"


@pytest.mark.django_db
def test_other_database_errors_stay_errors(owner):
    client = Client(raise_request_exception=False)
    client.force_login(owner)
    with mock.patch("diary.views.episodes.render", side_effect=OperationalError("no such table: x")):
        response = client.get("/episodes/quick/")
    assert response.status_code == 500


def test_the_500_handler_turns_a_lock_outside_a_view_into_503():
    request = RequestFactory().get("/")
    try:
        raise OperationalError("database is locked")
    except OperationalError:
        response = server_error(request)
    assert response.status_code == 503
    assert response["Retry-After"]


def test_the_500_handler_keeps_other_errors_500():
    request = RequestFactory().get("/")
    try:
        raise ValueError("boom")
    except ValueError:
        response = server_error(request)
    assert response.status_code == 500
