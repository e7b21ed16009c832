"""Shared fixtures: an owner, and an outsider who must never see the owner's diary."""
import pytest
from django.contrib.auth import get_user_model


@pytest.fixture(autouse=True)
def fast_hasher_and_cache(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def english_unless_a_test_says_otherwise():
    """Each test starts in English: a request in another language activates it for the whole thread
    (the profile middleware), which would otherwise leak into whatever test runs next."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.activate("en")


@pytest.fixture
def make_user(db):
    def make(username="alice", password="a-good-passphrase-42", **profile_fields):
        user = get_user_model().objects.create_user(username=username, password=password)
        if profile_fields:
            for field, value in profile_fields.items():
                setattr(user.profile, field, value)
            user.profile.save()
        return user

    return make


@pytest.fixture
def owner(make_user):
    return make_user("owner", timezone="Europe/Berlin")


@pytest.fixture
def outsider(make_user):
    return make_user("outsider")


@pytest.fixture
def owner_client(client, owner):
    client.force_login(owner)
    return client


@pytest.fixture
def outsider_client(client, outsider):
    client.force_login(outsider)
    return client
