"""Privacy and request safety over the whole URL conf, so that a new URL cannot be forgotten."""
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from diary.models import CheckIn, Episode, EpisodeLocation, Medicine

SECRET = "OWNER-SECRET-7f3a"

# URL namespaces and names that carry no owner data (public pages, auth machinery, admin).
PUBLIC_OR_AUTH = {
    "home", "healthz", "set_language", "signup", "login", "logout", "password_change",
    "password_change_done", "password_reset", "password_reset_done", "password_reset_confirm",
    "password_reset_complete",
    "stop-reminders",  # reminders:stop-reminders, a signed link that works without logging in
}
SKIP_NAMESPACES = {"admin", "guidance"}


def iter_patterns(resolver=None, prefix="", namespace=None):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or namespace
            yield from iter_patterns(entry, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            yield namespace, entry.name, prefix + str(entry.pattern), entry.pattern.converters


def owner_routes():
    for namespace, name, route, converters in iter_patterns():
        if namespace in SKIP_NAMESPACES or name in PUBLIC_OR_AUTH or route.startswith("admin/"):
            continue
        yield namespace, name, route, converters


@pytest.fixture
def owner_objects(owner):
    episode = Episode.objects.create(
        owner=owner, started_at=timezone.now() - timedelta(hours=2), intensity=7, notes=SECRET,
    )
    EpisodeLocation.objects.create(episode=episode, location="lower_back")
    checkin = CheckIn.objects.create(owner=owner, date=timezone.localdate() - timedelta(days=1), notes=SECRET)
    medicine = Medicine.objects.create(owner=owner, name="Atorvastatin", kind="statin", notes=SECRET)
    from diary.models import CustomFactor
    from experiments.models import Experiment

    factor = CustomFactor.objects.create(owner=owner, label="secret suspect", kind="yesno")
    experiment = Experiment.objects.create(owner=owner, suspect="no_alcohol", design="days", weeks=6,
                                           start_date=timezone.localdate(), seed=1, schedule="10" * 21)
    return {"pk": episode.pk, "day": checkin.date.isoformat(), "medicine_id": medicine.pk,
            "factor_id": factor.pk, "experiment_id": experiment.pk}


def fill(route, owner_objects):
    """Turn a route like 'episodes/<int:pk>/edit/' into a path for the owner's objects."""
    import re

    def replace(match):
        converter, _, name = match.group(1).rpartition(":")
        if name not in owner_objects:
            raise AssertionError(
                f"URL parameter <{match.group(1)}> in {route!r} has no owner object in this test: "
                "add one to owner_objects so the outsider check covers it."
            )
        return str(owner_objects[name])

    return "/" + re.sub(r"<([^>]+)>", replace, route)


# Parameters that name a calendar day, not an object: every user has their own page for a day,
# so an outsider gets their own (empty) check-in there and must simply never see the owner's.
PER_USER_PARAMETERS = {"day"}


def test_every_object_url_is_404_for_an_outsider(owner_objects, outsider):
    client = Client()
    client.force_login(outsider)
    checked = 0
    for namespace, name, route, converters in owner_routes():
        if not converters or set(converters) <= PER_USER_PARAMETERS:
            continue
        path = fill(route, owner_objects)
        for method in ("get", "post"):
            response = getattr(client, method)(path)
            assert response.status_code == 404, f"{method.upper()} {path} ({name}) gave {response.status_code}"
        checked += 1
    assert checked >= 5  # episode detail, edit and delete, medicine edit and delete at least
    assert Episode.objects.filter(pk=owner_objects["pk"], notes=SECRET).exists()


def test_no_owner_data_reaches_an_outsider_on_any_page(owner_objects, outsider):
    client = Client()
    client.force_login(outsider)
    for namespace, name, route, converters in owner_routes():
        if converters and not set(converters) <= PER_USER_PARAMETERS:
            continue
        path = fill(route, owner_objects)
        response = client.get(path)
        assert response.status_code < 500, f"GET {path} gave {response.status_code}"
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert SECRET.encode() not in body, f"{path} showed the owner's notes to an outsider"


def test_every_post_needs_a_csrf_token(owner_objects, owner):
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    for namespace, name, route, converters in owner_routes():
        path = fill(route, owner_objects) if converters else "/" + route
        response = client.post(path, {"intensity": "5"})
        assert response.status_code in (403, 405), f"POST {path} without CSRF gave {response.status_code}"
    assert Episode.objects.filter(owner=owner).count() == 1


def test_responses_carry_a_content_security_policy_without_inline_scripts(client, db):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    script_src = [part for part in policy.split(";") if part.strip().startswith("script-src")][0]
    assert "'self'" in script_src
    assert "unsafe-inline" not in script_src and "unsafe-eval" not in script_src


def test_no_template_has_an_inline_script():
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent / "templates"
    for template in root.rglob("*.html"):
        text = template.read_text()
        for chunk in text.split("<script")[1:]:
            assert "src=" in chunk.split(">")[0], f"inline <script> in {template}"
        assert " onclick=" not in text and " onchange=" not in text, f"inline handler in {template}"
