"""Private by default: every response to a signed-in person says `Cache-Control: private, no-store`
(over the whole URL conf, downloads included); no GET changes state; every cookie has SameSite."""
import pytest
from django.test import Client

from accounts.models import Profile

from .test_security import iter_patterns, owner_objects  # noqa: F401 (fixture)


def fill(route, objects):
    """A path for the route: the owner's objects where known, else a value that may well 404
    (a 404 to a signed-in person must be private too)."""
    import re

    return "/" + re.sub(r"<(?:[^:>]+:)?([^>]+)>", lambda m: str(objects.get(m.group(1), "1")), route)


def directives(response):
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


def private_and_unstored(response):
    found = directives(response)
    if response.has_header("ETag") and {"private", "no-cache"} <= found:
        return True  # revalidated on every use and never kept by a shared cache (chart images)
    return {"private", "no-store"} <= found


def test_every_page_and_download_for_a_signed_in_person_is_private(owner_objects, owner):
    client = Client()
    client.force_login(owner)
    checked = []
    for namespace, name, route, converters in iter_patterns():
        if route.startswith("admin/") or name in {"logout"}:
            continue
        path = fill(route, owner_objects) if converters else "/" + route
        response = client.get(path)
        assert private_and_unstored(response), f"GET {path} ({name}): Cache-Control {response.get('Cache-Control')!r}"
        checked.append(name)
    for name in ("summary-pdf", "summary-csv", "summary-fhir", "episodes-csv", "checkins-csv", "export-all", "settings"):
        assert name in checked


@pytest.mark.django_db
def test_a_visitor_page_is_left_to_the_view(client):
    response = client.get("/")  # the landing page: the same for every visitor
    assert response.get("Cache-Control") != "private, no-store"


def test_no_get_anywhere_changes_the_profile(owner_objects, owner):
    client = Client()
    client.force_login(owner)
    before = Profile.objects.filter(user=owner).values().get()
    for namespace, name, route, converters in iter_patterns():
        if route.startswith("admin/") or name in {"logout"}:
            continue
        path = fill(route, owner_objects) if converters else "/" + route
        client.get(path, {"range": "all", "language": "de", "timezone": "Asia/Tokyo"})
    assert Profile.objects.filter(user=owner).values().get() == before


@pytest.mark.django_db
def test_every_cookie_says_samesite(client, make_user):
    make_user("cookie", password="a-good-passphrase-42")
    client.get("/accounts/login/")
    client.post("/accounts/login/", {"username": "cookie", "password": "a-good-passphrase-42"})
    client.post("/i18n/setlang/", {"language": "de", "next": "/"})
    names = set()
    for name, morsel in client.cookies.items():
        names.add(name)
        assert morsel["samesite"] == "Lax", f"cookie {name} without SameSite"
    assert {"csrftoken", "sessionid", "django_language"} <= names
