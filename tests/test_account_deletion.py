"""Deleting an account leaves nothing: every table is inspected afterwards for the user's id,
username or email, and every session is decoded."""
from datetime import timedelta

import pytest
from django.apps import apps
from django.contrib.sessions.models import Session
from django.db import models
from django.test import Client
from django.utils import timezone

from accounts.models import User
from diary.models import CheckIn, Episode, EpisodeLocation, Medicine

PASSWORD = "a-good-passphrase-42"
USERNAME = "leaver-7f3a"
EMAIL = "leaver-7f3a@example.org"


def user_foreign_keys(model):
    return [field for field in model._meta.get_fields()
            if isinstance(field, models.ForeignKey | models.OneToOneField) and field.related_model is User]


def text_fields(model):
    return [field for field in model._meta.concrete_fields
            if isinstance(field, models.CharField | models.TextField | models.EmailField)]


def rows_that_mention(user_id):
    found = []
    for model in apps.get_models():
        if model is Session:
            continue
        for field in user_foreign_keys(model):
            if model.objects.filter(**{field.attname: user_id}).exists():
                found.append(f"{model._meta.label}.{field.name}")
        for field in text_fields(model):
            for value in (USERNAME, EMAIL):
                if model.objects.filter(**{f"{field.name}__icontains": value}).exists():
                    found.append(f"{model._meta.label}.{field.name} = {value}")
    for session in Session.objects.all():
        if session.get_decoded().get("_auth_user_id") == str(user_id):
            found.append(f"session {session.session_key}")
    return found


@pytest.mark.django_db
def test_deleting_an_account_leaves_no_row_in_any_table(make_user):
    user = make_user(USERNAME, password=PASSWORD)
    user.email = EMAIL
    user.save()
    episode = Episode.objects.create(owner=user, started_at=timezone.now() - timedelta(hours=1), intensity=6)
    EpisodeLocation.objects.create(episode=episode, location="lower_back")
    CheckIn.objects.create(owner=user, date=timezone.localdate(), notes="x")
    Medicine.objects.create(owner=user, name="Atorvastatin", kind="statin")
    # Two wrong passwords (axes attempts), then two devices signed in (sessions, access logs).
    for _ in range(2):
        Client().post("/accounts/login/", {"username": USERNAME, "password": "wrong"})
    phone, laptop = Client(), Client()
    for device in (phone, laptop):
        assert device.post("/accounts/login/", {"username": USERNAME, "password": PASSWORD}).status_code == 302
    Client().post("/accounts/login/", {"username": USERNAME, "password": "wrong again"})
    user_id = user.pk
    assert rows_that_mention(user_id)  # the inspection sees them before the deletion

    response = phone.post("/account/delete/", {"password": PASSWORD})
    assert response.status_code == 302

    assert rows_that_mention(user_id) == []
    assert laptop.get("/account/").status_code == 302  # the other device is signed out too


@pytest.mark.django_db
def test_another_persons_sessions_and_records_stay(make_user):
    make_user(USERNAME, password=PASSWORD)
    make_user("stayer", password=PASSWORD)
    leaver, stayer = Client(), Client()
    leaver.post("/accounts/login/", {"username": USERNAME, "password": PASSWORD})
    stayer.post("/accounts/login/", {"username": "stayer", "password": PASSWORD})
    leaver.post("/account/delete/", {"password": PASSWORD})
    assert stayer.get("/account/").status_code == 200
