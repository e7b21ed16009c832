"""Robustness: random and hostile values posted to every form and fed to the CSV import.

Properties, for every form: the response is never a 500; invalid input writes nothing (every
diary table, the profile and the user are exactly as before); valid input writes exactly the
expected rows and leaves every other saved record alone; no NUL character ever reaches the
database (PostgreSQL refuses them). The CSV import is all or nothing with line-numbered errors.

Each Hypothesis example runs inside a savepoint that is rolled back afterwards, so examples
start from the same small diary (see `diary_owner`).
"""
from __future__ import annotations

import csv
import io
import string
import zoneinfo
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.utils import timezone
from django.utils.html import escape
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.models import Country, Profile
from diary.alerts import alerts_for_user
from diary.catalogues import MedicineKind
from diary.charts import CHART_SLUGS, SIZES
from diary.exports import CHECKIN_COLUMNS, EPISODE_COLUMNS
from diary.imports import import_files
from diary.models import (
    AlertNote, CheckIn, CheckInActivity, Episode, EpisodeLocation, EpisodeRedFlag, EpisodeRelief, EpisodeTrigger,
    Medicine,
)
from diary.services.episodes import save_checkin, save_episode
from tests.strategies import (
    ODD_DATETIMES, PAYLOADS, SCRIPT, Activity, Context, Kind, Location, Outcome, RedFlag, Relief, Side, Trigger,
    any_text, dateish, hostile_text, labelled_choice, labelled_decimal, labelled_int, labelled_notes,
    labelled_relief, labelled_slugs, labelled_started_at, numberish, url_date, verdict,
)

pytestmark = pytest.mark.django_db

PASSWORD = "a-good-passphrase-42"
BERLIN = ZoneInfo("Europe/Berlin")
DIARY_MODELS = (
    Episode, EpisodeLocation, EpisodeTrigger, EpisodeRelief, EpisodeRedFlag, CheckIn, CheckInActivity, Medicine,
    AlertNote,
)
ALL_MODELS = (*DIARY_MODELS, Profile, get_user_model())


def examples(n):
    return settings(
        max_examples=n, deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                               HealthCheck.data_too_large, HealthCheck.filter_too_much],
    )


# --- state ---------------------------------------------------------------------------------------

def snapshot():
    """Every row of every diary table, the profiles and the users (password hashes included)."""
    state = {}
    for model in ALL_MODELS:
        rows = model.objects.order_by("pk").values_list()
        if model is get_user_model():
            rows = rows.values_list("pk", "username", "password", "email", "is_active")
        state[model.__name__] = {row[0]: row for row in rows}
    return state


def assert_no_nul(state):
    for name, rows in state.items():
        for row in rows.values():
            for value in row:
                assert not (isinstance(value, str) and "\x00" in value), f"NUL stored in {name}: {row!r}"


def assert_unchanged(before, after):
    for name in before:
        assert after[name] == before[name], f"{name} changed"


def assert_only(before, after, *, added=None, changed=(), removed=None):
    """Rows of the models not named are exactly as before; named ones grew/changed as stated."""
    added, removed = added or {}, removed or {}
    for name in before:
        old, new = before[name], after[name]
        gained = set(new) - set(old)
        lost = set(old) - set(new)
        assert len(gained) == added.get(name, 0), f"{name}: {len(gained)} rows added"
        assert len(lost) == removed.get(name, 0), f"{name}: {len(lost)} rows removed"
        if name not in changed:
            assert all(new[pk] == old[pk] for pk in set(old) & set(new)), f"{name}: a saved row changed"
    assert_no_nul(after)


def new_rows(before, after, name):
    return [after[name][pk] for pk in sorted(set(after[name]) - set(before[name]))]


@contextmanager
def rolled_back(client=None, user=None):
    """Run one example in a savepoint that is always rolled back; log the user in afresh inside it."""
    cache.clear()
    sid = transaction.savepoint()
    try:
        if client is not None and user is not None:
            client.force_login(user)
        yield
    finally:
        transaction.savepoint_rollback(sid)
        cache.clear()


def ok(response):
    assert response.status_code < 500, response.status_code
    return response


# --- a small diary to protect -------------------------------------------------------------------

@pytest.fixture
def diary_owner(owner, outsider):
    today = timezone.localdate(timezone=BERLIN)
    yesterday = datetime.combine(today - timedelta(days=1), datetime.min.time(), tzinfo=BERLIN).replace(hour=9)
    first = save_episode(owner, {
        "started_at": yesterday, "intensity": 6, "duration_minutes": 20, "kind": "cramp", "side": "left",
        "context": "at_rest", "notes": "baseline", "locations": ["lower_back", "leg"], "triggers": ["running"],
        "reliefs": [("heat", "helped"), ("rest", "")], "red_flags": ["both_legs"],
    })
    save_episode(owner, {"started_at": yesterday - timedelta(days=10), "intensity": 3, "locations": ["neck"]})
    save_checkin(owner, today - timedelta(days=1), {"stress": 4, "fluid_litres": Decimal("1.5"),
                                                  "activities": ["walking"], "notes": "baseline"})
    Medicine.objects.create(owner=owner, name="Magnesium", started_on=today - timedelta(days=30))
    AlertNote.objects.create(owner=owner, rule="regular_spasms", key="regular_spasms", note="old")
    theirs = save_episode(outsider, {"started_at": yesterday, "intensity": 9, "locations": ["neck"]})
    owner.first_episode, owner.outsider_episode = first, theirs
    return owner


@pytest.fixture
def client_for(diary_owner):
    client = Client(raise_request_exception=True)
    return client


def with_repeats(draw, value):
    """Sometimes send a field twice: Django reads the last value, so the junk goes first."""
    if isinstance(value, list) or not draw(st.booleans()):
        return value
    return [draw(hostile_text), value]


def junk_fields(draw):
    names = st.text(alphabet=string.ascii_lowercase + "_", min_size=1, max_size=12)
    return draw(st.dictionaries(names, hostile_text, max_size=3))


# --- quick log -----------------------------------------------------------------------------------

QUICK_STARTED = st.one_of(
    st.sampled_from(["now", "15", "30", "60", ""]).map(lambda v: (v, True)),
    st.sampled_from(["0", "45", "-15", "1e9", "now ", "NOW", "\x00", "99999999999999999999"]).map(lambda v: (v, False)),
    any_text.map(lambda v: (v, None)),
)


@st.composite
def quick_log_posts(draw):
    fields = {
        "intensity": draw(labelled_int(0, 10, required=True)),
        "locations": draw(labelled_slugs(Location)),
        "triggers": draw(labelled_slugs(Trigger)),
        "started": draw(QUICK_STARTED),
        "kind": draw(labelled_choice(Kind)),
        "side": draw(labelled_choice(Side)),
        "context": draw(labelled_choice(Context)),
    }
    dropped = draw(st.sets(st.sampled_from(sorted(fields))))
    data, labels = {}, []
    for name, (value, label) in fields.items():
        if name in dropped:
            labels.append(name != "intensity")  # a missing intensity is an error; the rest are optional
            continue
        data[name] = with_repeats(draw, value)
        labels.append(label)
    data.update({k: v for k, v in junk_fields(draw).items() if k not in fields})
    return data, verdict(labels)


def _last(value):
    return value[-1] if isinstance(value, list) and value and not isinstance(value, str) else value


@examples(50)
@given(post=quick_log_posts())
def test_it_never_fails_or_half_writes_a_quick_log(client_for, diary_owner, post):
    data, expected = post
    with rolled_back(client_for, diary_owner):
        before = snapshot()
        started = timezone.now()
        response = ok(client_for.post("/episodes/quick/", data))
        after = snapshot()
        if expected is not None:
            assert (response.status_code == 302) is expected, (response.status_code, data)
        if response.status_code != 302:
            assert_unchanged(before, after)
            return
        locations, triggers = set(data.get("locations", [])), set(data.get("triggers", []))
        assert_only(before, after, added={
            "Episode": 1, "EpisodeLocation": len(locations), "EpisodeTrigger": len(triggers)}, changed={"Profile"})
        episode = Episode.objects.get(pk=new_rows(before, after, "Episode")[0][0])
        assert episode.owner_id == diary_owner.pk
        assert 0 <= episode.intensity <= 10
        if expected:
            assert episode.intensity == int(_last(data["intensity"]))
            minutes = {"now": 0, "": 0, "15": 15, "30": 30, "60": 60}[_last(data.get("started", ""))]
            assert started - timedelta(minutes=minutes, seconds=5) <= episode.started_at <= timezone.now()
        assert {r.location for r in episode.locations.all()} == locations
        assert {r.trigger for r in episode.triggers.all()} == triggers
        for name in ("kind", "side", "context"):
            assert getattr(episode, name) == _last(data.get(name, ""))


# --- the full episode form: new and edit ---------------------------------------------------------

@st.composite
def episode_posts(draw):
    fields = {
        "started_at": draw(labelled_started_at()),
        "duration_minutes": draw(labelled_int(0, 1440)),
        "intensity": draw(labelled_int(0, 10, required=True)),
        "kind": draw(labelled_choice(Kind)),
        "side": draw(labelled_choice(Side)),
        "context": draw(labelled_choice(Context)),
        "locations": draw(labelled_slugs(Location)),
        "triggers": draw(labelled_slugs(Trigger)),
        "red_flags": draw(labelled_slugs(RedFlag, max_size=3)),
        "notes": draw(labelled_notes()),
    }
    for slug in draw(st.lists(st.sampled_from(Relief.values), max_size=4, unique=True)):
        fields["relief_" + slug] = draw(labelled_relief())
    required = {"started_at", "intensity"}
    dropped = draw(st.sets(st.sampled_from(sorted(fields)), max_size=3))
    data, labels = {}, []
    for name, (value, label) in fields.items():
        if name in dropped:
            labels.append(name not in required)
            continue
        data[name] = with_repeats(draw, value)
        labels.append(label)
    if draw(st.booleans()):
        data["relief_" + draw(st.sampled_from(("bogus", "HEAT", "heat ", "")))] = draw(hostile_text)  # ignored
    data.update({k: v for k, v in junk_fields(draw).items() if k not in fields and not k.startswith("relief_")})
    return data, verdict(labels)


def _check_saved_episode(episode, data, expected):
    assert 0 <= episode.intensity <= 10
    assert episode.duration_minutes is None or 0 <= episode.duration_minutes <= 1440
    assert episode.local_date == timezone.localtime(episode.started_at, BERLIN).date()
    assert datetime(1900, 1, 1, tzinfo=ZoneInfo("UTC")) <= episode.started_at <= timezone.now() + timedelta(minutes=5)
    assert {r.location for r in episode.locations.all()} == set(data.get("locations", []))
    assert {r.trigger for r in episode.triggers.all()} == set(data.get("triggers", []))
    assert {r.flag for r in episode.red_flags.all()} == set(data.get("red_flags", []))
    reliefs = {}
    for slug in Relief.values:
        value = _last(data.get("relief_" + slug, ""))
        if value:
            reliefs[slug] = "" if value == "tried" else value
    assert {r.relief: r.outcome for r in episode.reliefs.all()} == reliefs
    assert episode.notes == _last(data.get("notes", "")).strip()
    for name in ("kind", "side", "context"):
        assert getattr(episode, name) == _last(data.get(name, ""))
    if expected:
        assert episode.intensity == int(_last(data["intensity"]))
        local = timezone.localtime(episode.started_at, BERLIN)
        assert local.strftime("%Y-%m-%dT%H:%M") == _last(data["started_at"])
        duration = _last(data.get("duration_minutes", ""))
        assert episode.duration_minutes == (int(duration) if duration else None)


def _child_counts(data):
    reliefs = sum(1 for slug in Relief.values if _last(data.get("relief_" + slug, "")))
    return {"EpisodeLocation": len(set(data.get("locations", []))), "EpisodeTrigger": len(set(data.get("triggers", []))),
            "EpisodeRedFlag": len(set(data.get("red_flags", []))), "EpisodeRelief": reliefs}


@examples(50)
@given(post=episode_posts())
def test_it_never_fails_or_half_writes_a_new_episode(client_for, diary_owner, post):
    data, expected = post
    with rolled_back(client_for, diary_owner):
        before = snapshot()
        response = ok(client_for.post("/episodes/new/", data))
        after = snapshot()
        if expected is not None:
            assert (response.status_code == 302) is expected, (response.status_code, data)
        if response.status_code != 302:
            assert_unchanged(before, after)
            return
        assert_only(before, after, added={"Episode": 1, **_child_counts(data)}, changed={"Profile"})
        episode = Episode.objects.get(pk=new_rows(before, after, "Episode")[0][0])
        assert episode.owner_id == diary_owner.pk
        _check_saved_episode(episode, data, expected)


@examples(40)
@given(post=episode_posts())
def test_it_never_fails_or_half_writes_an_edit(client_for, diary_owner, post):
    data, expected = post
    episode = diary_owner.first_episode
    with rolled_back(client_for, diary_owner):
        before = snapshot()
        response = ok(client_for.post(f"/episodes/{episode.pk}/edit/", data))
        after = snapshot()
        if expected is not None:
            assert (response.status_code == 302) is expected, (response.status_code, data)
        if response.status_code != 302:
            assert_unchanged(before, after)
            return
        # The episode's children are replaced: other episodes' rows stay exactly as they were.
        own = {name: {pk for pk, row in before[name].items() if row[1] == episode.pk}
               for name in ("EpisodeLocation", "EpisodeTrigger", "EpisodeRelief", "EpisodeRedFlag")}
        for name, pks in own.items():
            assert not pks & set(after[name]), f"old {name} rows kept"
            others = {pk: row for pk, row in before[name].items() if pk not in pks}
            assert all(after[name].get(pk) == row for pk, row in others.items())
            assert len(new_rows(before, after, name)) == _child_counts(data)[name]
        assert set(after["Episode"]) == set(before["Episode"])
        assert all(after["Episode"][pk] == row for pk, row in before["Episode"].items() if pk != episode.pk)
        for name in ("CheckIn", "CheckInActivity", "Medicine", "AlertNote"):
            assert after[name] == before[name]
        assert_no_nul(after)
        _check_saved_episode(Episode.objects.get(pk=episode.pk), data, expected)


# --- delete, detail and hostile ids --------------------------------------------------------------

@examples(30)
@given(which=st.sampled_from(["own", "outsider", "missing", "huge"]), method=st.sampled_from(["get", "post"]),
       extra=st.dictionaries(st.sampled_from(["confirm", "pk", "id", "next", "owner"]), hostile_text, max_size=3))
def test_it_deletes_one_own_episode_with_its_children_and_nothing_else(client_for, diary_owner, which, method, extra):
    pk = {"own": diary_owner.first_episode.pk, "outsider": diary_owner.outsider_episode.pk,
          "missing": 10**6, "huge": 10**30}[which]
    with rolled_back(client_for, diary_owner):
        before = snapshot()
        for page in ("", "edit/"):
            assert ok(client_for.get(f"/episodes/{pk}/{page}")).status_code == (200 if which == "own" else 404)
        response = ok(getattr(client_for, method)(f"/episodes/{pk}/delete/", extra))
        after = snapshot()
        if which != "own":
            assert response.status_code == 404
        if which != "own" or method == "get":
            assert_unchanged(before, after)
            return
        assert response.status_code == 302
        children = {name: sum(1 for row in before[name].values() if row[1] == pk)
                    for name in ("EpisodeLocation", "EpisodeTrigger", "EpisodeRelief", "EpisodeRedFlag")}
        assert_only(before, after, removed={"Episode": 1, **children}, changed={"Profile"})
        assert pk not in after["Episode"]


# --- history filters, patterns, charts: GET parameters never write and never fail ---------------

@examples(40)
@given(params=st.fixed_dictionaries({}, optional={
    "date_from": dateish, "date_to": dateish, "location": st.one_of(st.sampled_from(Location.values), hostile_text),
    "trigger": st.one_of(st.sampled_from(Trigger.values), hostile_text), "min_intensity": numberish,
    "page": numberish,
}))
def test_it_answers_any_history_filter(client_for, diary_owner, params):
    with rolled_back(client_for, diary_owner):
        before = snapshot()
        response = ok(client_for.get("/episodes/", params))
        assert response.status_code == 200
        assert_unchanged(before, snapshot())


@examples(30)
@given(slug=st.one_of(st.sampled_from(CHART_SLUGS), st.from_regex(r"\A[a-z\-]{1,12}\Z")),
       params=st.fixed_dictionaries({}, optional={
           "range": st.one_of(st.sampled_from(["4w", "3m", "12m", "all", "ALL", "", "0", "-1w"]), any_text),
           "size": st.one_of(st.sampled_from([*SIZES, "", "xxl", "0"]), any_text),
       }),
       period=st.one_of(st.sampled_from(["90", "180", "365", "all", "0", "-90", "9" * 30, ""]), any_text))
def test_it_answers_any_chart_and_patterns_parameter(client_for, diary_owner, slug, params, period):
    with rolled_back(client_for, diary_owner):
        before = snapshot()
        response = ok(client_for.get(f"/charts/{slug}.svg", params))
        if slug in CHART_SLUGS:
            assert response.status_code == 200
            assert response["Content-Type"].startswith("image/svg+xml")
        else:
            assert response.status_code == 404
        assert ok(client_for.get("/patterns/", {"period": period})).status_code == 200
        assert ok(client_for.get("/guidance/", {"q": period})).status_code == 200
        assert_unchanged(before, snapshot())
        # A ?range= on the dashboard is shown, never saved (no state change by GET); a POST
        # remembers a valid range on the profile, and only a valid one.
        chart_range = params.get("range", "")
        assert ok(client_for.get("/", {"range": chart_range})).status_code == 200
        assert_unchanged(before, snapshot())
        assert ok(client_for.post("/", {"range": chart_range})).status_code == 302
        after = snapshot()
        assert_only(before, after, changed={"Profile"})
        remembered = Profile.objects.get(user=diary_owner).chart_range
        assert remembered == (chart_range if chart_range in ("4w", "3m", "12m", "all") else "3m")


# --- daily check-in ------------------------------------------------------------------------------

CHECKIN_NUMBERS = {
    "fluid_litres": lambda: labelled_decimal(15, 2), "caffeine_drinks": lambda: labelled_int(0, 30),
    "alcohol_units": lambda: labelled_decimal(50, 1), "stress": lambda: labelled_int(0, 10),
    "sleep_hours": lambda: labelled_decimal(24, 1), "exercise_minutes": lambda: labelled_int(0, 1440),
    "sitting_hours": lambda: labelled_decimal(24, 1), "worst_pain": lambda: labelled_int(0, 10),
}


@st.composite
def checkin_posts(draw):
    fields = {name: draw(make()) for name, make in CHECKIN_NUMBERS.items()}
    fields["activities"] = draw(labelled_slugs(Activity))
    fields["notes"] = draw(labelled_notes())
    mode = draw(st.one_of(st.sampled_from(["", "new", "edit"]), hostile_text))
    fields["mode"] = (mode, "\x00" not in mode)
    dropped = draw(st.sets(st.sampled_from(sorted(fields))))
    data = {name: with_repeats(draw, value) for name, (value, _label) in fields.items() if name not in dropped}
    labels = [label for name, (_value, label) in fields.items() if name not in dropped]
    data.update({k: v for k, v in junk_fields(draw).items() if k not in fields})
    return data, verdict(labels)


def _checkin_is_empty(data):
    return all(not str(_last(data.get(name, ""))).strip() for name in [*CHECKIN_NUMBERS, "notes"]) \
        and not data.get("activities")


@examples(50)
@given(post=checkin_posts(), day=st.one_of(
    st.just("today"), st.just("yesterday"),
    st.dates(min_value=date(1900, 1, 1), max_value=date.today() - timedelta(days=2)).map(date.isoformat),
    url_date))
def test_it_never_fails_or_half_writes_a_checkin(client_for, diary_owner, post, day):
    data, expected = post
    today = timezone.localdate(timezone=BERLIN)
    if day == "yesterday":
        day = (today - timedelta(days=1)).isoformat()
    url = "/checkins/today/" if day == "today" else f"/checkins/{day}/"
    with rolled_back(client_for, diary_owner):
        before = snapshot()
        page = ok(client_for.get(url))
        response = ok(client_for.post(url, data))
        after = snapshot()
        try:
            the_day = today if day == "today" else date.fromisoformat(day)
        except ValueError:
            the_day = None
        if the_day is None or the_day > today or the_day.year < 1900:
            assert page.status_code == response.status_code == 404
            assert_unchanged(before, after)
            return
        assert page.status_code == 200
        existing = CheckIn.objects.filter(owner=diary_owner, date=the_day).exists() and \
            any(row[2] == the_day for row in before["CheckIn"].values())
        duplicate = existing and _last(data.get("mode", "")) == "new"
        if expected is not None:
            should_save = expected and not _checkin_is_empty(data) and not duplicate
            assert (response.status_code == 302) is should_save, (response.status_code, data)
        if response.status_code != 302:
            assert_unchanged(before, after)
            return
        checkin = CheckIn.objects.get(owner=diary_owner, date=the_day)
        activities = set(data.get("activities", []))
        old_activities = sum(1 for row in before["CheckInActivity"].values() if row[1] == checkin.pk)
        assert_only(before, after, added={"CheckIn": 0 if existing else 1, "CheckInActivity": len(activities)},
                    removed={"CheckInActivity": old_activities}, changed={"CheckIn", "Profile"})
        assert all(after["CheckIn"][pk] == row for pk, row in before["CheckIn"].items() if pk != checkin.pk)
        assert {a.activity for a in checkin.activities.all()} == activities
        assert checkin.notes == _last(data.get("notes", "")).strip()
        for name in CHECKIN_NUMBERS:
            raw = str(_last(data.get(name, ""))).strip()
            value = getattr(checkin, name)
            if expected:
                assert value == (Decimal(raw) if raw else None), name
            assert value is None or value >= 0


# --- account settings, delete account, questions, language ---------------------------------------

TIMEZONES = sorted(zoneinfo.available_timezones())
LANGUAGE_CODES = [code for code, _name in django_settings.LANGUAGES]


def labelled_from(values, junk=("", "xx", "\x00", SCRIPT)):
    return st.one_of(st.sampled_from(values).map(lambda v: (v, True)),
                     st.sampled_from(junk).filter(lambda v: v not in values).map(lambda v: (v, False)),
                     any_text.filter(lambda v: v not in values).map(lambda v: (v, False)))


BOOLEAN_FIELDS = ("history_of_cancer", "osteoporosis", "long_term_steroids", "weakened_immune_system")


@st.composite
def profile_posts(draw):
    fields = {
        "display_name": draw(labelled_notes(max_length=120)),
        "timezone": draw(labelled_from(TIMEZONES, junk=("", "Mars/Olympus", "UTC ", "../etc", "\x00"))),
        "language": draw(labelled_from(LANGUAGE_CODES, junk=("", "fr", "EN", "zh", "\x00"))),
        "country": draw(labelled_from(Country.values)),
        "year_of_birth": draw(st.one_of(
            st.one_of(st.integers(1900, 2100).map(str), st.just("")).map(lambda v: (v, True)),
            st.one_of(st.integers(-10**30, 1899), st.integers(2101, 10**30)).map(lambda v: (str(v), False)),
            numberish.map(lambda v: (v, None)))),
    }
    for name in BOOLEAN_FIELDS:
        fields[name] = (draw(st.one_of(st.just("on"), hostile_text)), True)
    required = {"timezone", "language"}
    dropped = draw(st.sets(st.sampled_from(sorted(fields)), max_size=2))
    data = {name: with_repeats(draw, value) for name, (value, _l) in fields.items() if name not in dropped}
    labels = [label for name, (_v, label) in fields.items() if name not in dropped] + \
        [name not in required for name in dropped]
    return data, verdict(labels)


@examples(40)
@given(post=profile_posts())
def test_it_never_fails_or_half_writes_account_settings(client_for, diary_owner, post):
    data, expected = post
    with rolled_back(client_for, diary_owner):
        before = snapshot()
        response = ok(client_for.post("/account/", data))
        after = snapshot()
        if expected is not None:
            assert (response.status_code == 302) is expected, (response.status_code, data)
        if response.status_code != 302:
            assert_unchanged(before, after)
            return
        assert_only(before, after, changed={"Profile"})
        profile = Profile.objects.get(user=diary_owner)
        assert profile.timezone in zoneinfo.available_timezones()
        assert profile.language in LANGUAGE_CODES
        assert profile.display_name == _last(data.get("display_name", "")).strip()
        assert profile.year_of_birth is None or 1900 <= profile.year_of_birth <= 2100
        for name in BOOLEAN_FIELDS:
            if _last(data.get(name)) == "on":
                assert getattr(profile, name) is True
            if name not in data:
                assert getattr(profile, name) is False


@examples(30)
@given(password=st.one_of(st.just((PASSWORD, True)), st.sampled_from(
    ["", " " + PASSWORD, PASSWORD.upper(), PASSWORD + "\x00", "password"]).map(lambda v: (v, False)),
    hostile_text.filter(lambda v: v != PASSWORD).map(lambda v: (v, False))), method=st.sampled_from(["get", "post"]))
def test_it_deletes_the_account_only_with_the_password_and_then_everything(client_for, diary_owner, password, method):
    value, expected = password
    with rolled_back(client_for, diary_owner):
        before = snapshot()
        response = ok(getattr(client_for, method)("/account/delete/", {"password": value}))
        after = snapshot()
        if method == "get" or not expected:
            assert response.status_code == 200
            assert_unchanged(before, after)
            return
        assert response.status_code == 302
        assert diary_owner.pk not in after["User"]
        for name in ("Episode", "CheckIn", "Medicine", "AlertNote"):
            assert all(row[1] != diary_owner.pk for row in after[name].values()), name
        assert diary_owner.outsider_episode.pk in after["Episode"]
        outsider_rows = {pk: row for pk, row in before["Episode"].items() if row[1] != diary_owner.pk}
        assert all(after["Episode"][pk] == row for pk, row in outsider_rows.items())


@examples(30)
@given(questions=labelled_notes(max_length=2000), query=st.dictionaries(
    st.sampled_from(["period", "start", "end", "lang", "notes"]), hostile_text, max_size=3))
def test_it_saves_doctor_questions_whole_or_not_at_all(client_for, diary_owner, questions, query):
    value, expected = questions
    from urllib.parse import urlencode

    with rolled_back(client_for, diary_owner):
        before = snapshot()
        response = ok(client_for.post("/summary/?" + urlencode(query), {"doctor_questions": value}))
        after = snapshot()
        # 400: Django refuses to redirect to a URL over 16,384 characters (an absurd query string).
        assert response.status_code in ((302, 400) if expected else (200, 400))
        if response.status_code == 200:
            assert_unchanged(before, after)
            return
        if response.status_code == 400 and after == before:
            return  # refused before saving
        # Saved (the 400 case: saved, then the redirect back was refused as absurdly long).
        assert_only(before, after, changed={"Profile"})
        assert Profile.objects.get(user=diary_owner).doctor_questions == value.strip()


NEXT_URLS = ("/", "/episodes/", "//evil.example/", "https://evil.example/", "javascript:alert(1)", "/\nLocation: x",
             "/%0d%0aSet-Cookie:x=1", "http://testserver/patterns/", "\\\\evil.example", "/\\evil.example", "")


@examples(30)
@given(language=st.one_of(st.sampled_from(LANGUAGE_CODES), hostile_text),
       next_url=st.one_of(st.sampled_from(NEXT_URLS), hostile_text), signed_in=st.booleans())
def test_it_switches_language_only_to_a_known_one(client_for, diary_owner, language, next_url, signed_in):
    with rolled_back(client_for, diary_owner if signed_in else None):
        client = client_for if signed_in else Client()
        before = snapshot()
        response = ok(client.post("/i18n/setlang/", {"language": language, "next": next_url}))
        after = snapshot()
        location = response.get("Location", "")
        assert not location.startswith(("//", "http:", "https:", "javascript:")) or location.startswith(
            "http://testserver/")
        if signed_in and language in LANGUAGE_CODES:
            assert_only(before, after, changed={"Profile"})
            assert Profile.objects.get(user=diary_owner).language == language
        else:
            assert_unchanged(before, after)


# --- mark an alert as discussed ------------------------------------------------------------------

@examples(40)
@given(key=st.one_of(st.just("REAL"), st.sampled_from(["regular_spasms", "symptom:both_legs:1", ""]), hostile_text),
       discussed_on=st.one_of(st.just(None), dateish), note=hostile_text,
       next_url=st.one_of(st.sampled_from(NEXT_URLS), hostile_text))
def test_it_marks_only_a_real_alert_as_discussed(client_for, diary_owner, key, discussed_on, note, next_url):
    real = next(a.key for a in alerts_for_user(diary_owner) if a.rule == "symptom")
    key = real if key == "REAL" else key
    data = {"key": key, "note": note, "next": next_url}
    if discussed_on is not None:
        data["discussed_on"] = discussed_on
    today = timezone.localdate(timezone=BERLIN)
    with rolled_back(client_for, diary_owner):
        before = snapshot()
        response = ok(client_for.post("/alerts/discussed/", data))
        after = snapshot()
        if key != real:
            assert response.status_code == 404
            assert_unchanged(before, after)
            return
        assert response.status_code == 302
        assert not response["Location"].startswith(("//", "http", "javascript:", "\\"))
        try:
            day = date.fromisoformat(discussed_on.strip()) if discussed_on and discussed_on.strip() else today
        except ValueError:
            day = None
        if day is None or day > today:
            assert_unchanged(before, after)
            return
        assert_only(before, after, added={"AlertNote": 1}, changed={"Profile"})
        saved = AlertNote.objects.get(owner=diary_owner, key=real)
        assert saved.discussed_on == day
        assert len(saved.note) <= 400
        assert saved.note == saved.note.strip()


# --- sign-up, login, password change -------------------------------------------------------------

USERNAME_ALPHABET = "abcdefghij"
PASSWORD_ALPHABET = "klmnopqrst2468!#"


@st.composite
def signup_posts(draw):
    username = draw(st.one_of(
        st.text(USERNAME_ALPHABET, min_size=3, max_size=20).map(lambda v: (v, True)),
        st.sampled_from(["", "owner", "OWNER", "a b", "\x00", "x" * 151, SCRIPT]).map(lambda v: (v, False)),
        hostile_text.map(lambda v: (v, None))))
    strong = draw(st.text(PASSWORD_ALPHABET, min_size=12, max_size=30).map(lambda v: "k" + v))
    password1 = draw(st.one_of(st.just((strong, True)), st.sampled_from(
        ["", "password", "12345678", "short"]).map(lambda v: (v, False)), hostile_text.map(lambda v: (v, None))))
    same = draw(st.booleans())
    password2 = password1[0] if same else draw(hostile_text)
    email = draw(st.one_of(st.sampled_from(["", "me@example.com"]).map(lambda v: (v, True)),
                           st.sampled_from(["not an email", "a@", "@b", "\x00@x.org"]).map(lambda v: (v, False)),
                           hostile_text.map(lambda v: (v, None))))
    tz = draw(st.one_of(st.sampled_from(TIMEZONES), hostile_text))  # a bad one falls back, never an error
    data = {"username": username[0], "password1": password1[0], "password2": password2, "email": email[0],
            "timezone": tz}
    labels = [username[1], password1[1], email[1], True if same else (False if password2 != password1[0] else None)]
    return data, verdict(labels)


@examples(40)
@given(post=signup_posts())
def test_it_signs_up_whole_or_not_at_all(diary_owner, post):
    data, expected = post
    with rolled_back():
        client = Client(raise_request_exception=True)
        before = snapshot()
        response = ok(client.post("/accounts/signup/", data))
        after = snapshot()
        if expected is not None:
            assert (response.status_code == 302) is expected, (response.status_code, data)
        if response.status_code != 302:
            assert_unchanged(before, after)
            return
        assert_only(before, after, added={"User": 1, "Profile": 1})
        user = get_user_model().objects.get(pk=new_rows(before, after, "User")[0][0])
        assert user.check_password(data["password1"])
        assert user.profile.timezone in zoneinfo.available_timezones()


@examples(30)
@given(username=st.one_of(st.just("owner"), hostile_text), password=st.one_of(st.just(PASSWORD), hostile_text),
       next_url=st.one_of(st.sampled_from(NEXT_URLS), hostile_text))
def test_it_logs_in_only_with_the_right_password_and_never_fails(diary_owner, username, password, next_url):
    with rolled_back():
        client = Client(raise_request_exception=True)
        before = snapshot()
        response = ok(client.post("/accounts/login/?next=" + "x", {"username": username, "password": password,
                                                                  "next": next_url}))
        after = snapshot()
        signed_in = "_auth_user_id" in client.session
        assert signed_in is (username == "owner" and password == PASSWORD)
        if signed_in:
            location = response["Location"]
            assert not location.startswith(("//", "http", "javascript:"))
        assert_only(before, after, changed={"User"})  # last_login only
        assert all(after["User"][pk][2] == row[2] for pk, row in before["User"].items())
        # The password-reset form takes the same hostile text as an email address.
        before = snapshot()
        assert ok(Client().post("/accounts/password_reset/", {"email": username})).status_code in (200, 302)
        assert_unchanged(before, snapshot())


@examples(30)
@given(old=st.one_of(st.just((PASSWORD, True)), hostile_text.filter(lambda v: v != PASSWORD).map(lambda v: (v, False))),
       new=st.one_of(st.text(PASSWORD_ALPHABET, min_size=12, max_size=30).map(lambda v: "k" + v).map(lambda v: (v, True)),
                     st.sampled_from(["", "password", "12345678"]).map(lambda v: (v, False)),
                     hostile_text.map(lambda v: (v, None))),
       same=st.booleans(), other=hostile_text)
def test_it_changes_the_password_whole_or_not_at_all(client_for, diary_owner, old, new, same, other):
    data = {"old_password": old[0], "new_password1": new[0], "new_password2": new[0] if same else other}
    expected = verdict([old[1], new[1], True if same else (False if other != new[0] else None)])
    with rolled_back(client_for, diary_owner):
        before = snapshot()
        response = ok(client_for.post("/accounts/password_change/", data))
        after = snapshot()
        if expected is not None:
            assert (response.status_code == 302) is expected, (response.status_code, data)
        user = get_user_model().objects.get(pk=diary_owner.pk)
        if response.status_code != 302:
            assert_unchanged(before, after)
            assert user.check_password(PASSWORD)
            return
        assert_only(before, after, changed={"User"})
        assert user.check_password(new[0])


# --- medicines -----------------------------------------------------------------------------------

@st.composite
def medicine_posts(draw):
    today = date.today()
    started = draw(st.one_of(
        st.dates(min_value=date(1900, 1, 1), max_value=today - timedelta(days=400)).map(lambda d: (d.isoformat(), True)),
        st.just(("", True)),
        st.dates(min_value=today + timedelta(days=2), max_value=date(9999, 12, 31)).map(lambda d: (d.isoformat(), False)),
        st.dates(min_value=date(1, 1, 1), max_value=date(1899, 12, 31)).map(lambda d: (d.isoformat(), False)),
        dateish.map(lambda v: (v, None))))
    stopped = draw(st.one_of(
        st.dates(min_value=today - timedelta(days=399), max_value=today - timedelta(days=1)).map(
            lambda d: (d.isoformat(), True)),
        st.just(("", True)), dateish.map(lambda v: (v, None))))
    fields = {
        "name": draw(st.one_of(st.sampled_from(["Atorvastatin", SCRIPT, "背中", "=HYPERLINK(\"x\")"]).map(
            lambda v: (v, True)), labelled_notes(max_length=120).map(lambda t: (t[0], t[1] and bool(t[0].strip()))))),
        "kind": draw(labelled_choice(MedicineKind, blank_ok=False)),
        "started_on": started, "stopped_on": stopped, "notes": draw(labelled_notes(max_length=400)),
    }
    dropped = draw(st.sets(st.sampled_from(sorted(fields)), max_size=2))
    data = {name: with_repeats(draw, value) for name, (value, _l) in fields.items() if name not in dropped}
    labels = [label for name, (_v, label) in fields.items() if name not in dropped] + \
        [name not in ("name", "kind") for name in dropped]
    return data, verdict(labels)


@examples(40)
@given(post=medicine_posts(), edit=st.booleans())
def test_it_never_fails_or_half_writes_a_medicine_and_every_page_still_renders(client_for, diary_owner, post, edit):
    data, expected = post
    medicine = Medicine.objects.get(owner=diary_owner)
    url = f"/account/medicines/{medicine.pk}/edit/" if edit else "/account/medicines/"
    with rolled_back(client_for, diary_owner):
        before = snapshot()
        response = ok(client_for.post(url, data))
        after = snapshot()
        if expected is not None:
            assert (response.status_code == 302) is expected, (response.status_code, data)
        if response.status_code != 302:
            assert_unchanged(before, after)
            return
        assert_only(before, after, added={"Medicine": 0 if edit else 1}, changed={"Medicine", "Profile"})
        saved = Medicine.objects.get(pk=medicine.pk) if edit else Medicine.objects.exclude(pk=medicine.pk).get()
        assert saved.owner_id == diary_owner.pk
        assert saved.name == _last(data["name"]).strip()
        assert saved.started_on is None or saved.started_on <= date.today()
        # A medicine with any accepted dates must not break the pages that read it.
        for page in ("/", "/patterns/", "/summary/", "/summary/fhir/", "/account/medicines/"):
            assert ok(client_for.get(page)).status_code == 200, page


# --- GP summary options --------------------------------------------------------------------------

SUMMARY_ENDPOINTS = ("/summary/", "/summary/print/", "/summary/csv/", "/summary/fhir/")


@examples(40)
@given(endpoint=st.sampled_from(SUMMARY_ENDPOINTS), params=st.fixed_dictionaries({}, optional={
    "period": st.one_of(st.sampled_from(["30", "90", "180", "365", "custom", "0", "-1", "3660", ""]), hostile_text),
    "start": dateish, "end": dateish,
    "lang": st.one_of(st.sampled_from(LANGUAGE_CODES), st.sampled_from(["fr", "", "EN", "zh"]), hostile_text),
    "notes": st.one_of(st.just("on"), hostile_text), "questions": st.one_of(st.just("on"), hostile_text),
    "appendix": st.one_of(st.just("on"), hostile_text),
    "format": st.one_of(st.sampled_from(["", "html", "print", "csv", "fhir", "xml", "PDF"]), hostile_text),
}))
def test_it_answers_any_summary_option(client_for, diary_owner, endpoint, params):
    with rolled_back(client_for, diary_owner):
        before = snapshot()
        response = ok(client_for.get(endpoint, params))
        # 400: Django refuses to redirect back to the page with a query string over 16,384 characters.
        assert response.status_code in (200, 302, 400)
        assert_unchanged(before, snapshot())


RECENT_DAY = st.dates(min_value=date.today() - timedelta(days=400), max_value=date.today()).map(date.isoformat)


@examples(8)
@given(params=st.fixed_dictionaries({"start": st.one_of(RECENT_DAY, dateish), "end": st.one_of(RECENT_DAY, dateish)},
                                    optional={"period": st.sampled_from(["custom", "30", "bogus"]),
                                              "lang": st.sampled_from([*LANGUAGE_CODES, "xx"]),
                                              "notes": st.just("on"), "appendix": st.just("on")}))
def test_it_answers_any_summary_pdf_period(client_for, diary_owner, params):
    with rolled_back(client_for, diary_owner):
        before = snapshot()
        response = ok(client_for.get("/summary/pdf/", params))
        assert response.status_code in (200, 302)
        if response.status_code == 200:
            assert response.content.startswith(b"%PDF")
        assert_unchanged(before, snapshot())


# --- extreme but valid diaries: every page still renders ----------------------------------------

@st.composite
def extreme_diaries(draw):
    """Episodes and check-ins at the edges the forms allow: 1900, today, 0 and 10, the longest notes."""
    today = date.today()
    edge_days = st.one_of(st.sampled_from([date(1900, 1, 2), date(1901, 1, 1), today - timedelta(days=1), today]),
                          st.dates(min_value=date(1900, 1, 2), max_value=today))
    episodes = draw(st.lists(st.fixed_dictionaries({
        "day": edge_days, "intensity": st.sampled_from([0, 10, 5]),
        "duration_minutes": st.sampled_from([None, 0, 1440]),
        "locations": st.lists(st.sampled_from(Location.values), unique=True, max_size=7),
        "triggers": st.lists(st.sampled_from(Trigger.values), unique=True, max_size=17),
        "reliefs": st.lists(st.tuples(st.sampled_from(Relief.values), st.sampled_from(["", *Outcome.values])),
                            max_size=5),
        "red_flags": st.lists(st.sampled_from(RedFlag.values), unique=True, max_size=12),
        "context": st.sampled_from(["", *Context.values]), "kind": st.sampled_from(["", *Kind.values]),
        "notes": st.sampled_from(["", SCRIPT, "背" * 4000, "=HYPERLINK(\"x\")"]),
    }), min_size=1, max_size=4))
    checkins = draw(st.lists(st.fixed_dictionaries({
        "fluid_litres": st.sampled_from([None, Decimal("0"), Decimal("15")]),
        "caffeine_drinks": st.sampled_from([None, 0, 30]), "alcohol_units": st.sampled_from([None, Decimal("50")]),
        "stress": st.sampled_from([None, 0, 10]), "sleep_hours": st.sampled_from([None, Decimal("0"), Decimal("24")]),
        "exercise_minutes": st.sampled_from([None, 1440]), "sitting_hours": st.sampled_from([None, Decimal("24")]),
        "worst_pain": st.sampled_from([None, 10]), "activities": st.lists(st.sampled_from(Activity.values), max_size=7),
    }), max_size=3))
    days = draw(st.lists(edge_days, min_size=len(checkins), max_size=len(checkins), unique=True))
    return episodes, list(zip(days, checkins))


PAGES = ("/", "/episodes/", "/patterns/?period=all", "/patterns/?period=90", "/summary/", "/checkins/today/",
         "/summary/?period=custom&start=1900-01-01&end=1909-12-31", "/summary/csv/?notes=on",
         "/summary/fhir/", "/episodes/export.csv", "/checkins/export.csv", "/account/export/", "/account/")


@examples(5)
@given(diary=extreme_diaries(), chart_range=st.sampled_from(["all", "4w", "12m"]))
def test_it_renders_every_page_for_an_extreme_but_valid_diary(client_for, diary_owner, diary, chart_range):
    episodes, checkins = diary
    with rolled_back(client_for, diary_owner):
        for fields in episodes:
            fields = dict(fields)
            day = fields.pop("day")
            fields["started_at"] = datetime.combine(day, datetime.min.time(), tzinfo=BERLIN).replace(hour=12)
            save_episode(diary_owner, fields)
        for day, fields in checkins:
            save_checkin(diary_owner, day, fields, instance=CheckIn.objects.filter(owner=diary_owner, date=day).first())
        for url in PAGES:
            assert ok(client_for.get(url)).status_code == 200, url
        for slug in CHART_SLUGS:
            assert ok(client_for.get(f"/charts/{slug}.svg", {"range": chart_range, "size": "lg"})).status_code == 200


# --- CSV import ----------------------------------------------------------------------------------

OFFSETS = ("+00:00", "+01:00", "+02:00", "-05:00", "+05:30", "+14:00", "-12:00", "Z")


@st.composite
def valid_episode_row(draw):
    day = draw(st.dates(min_value=date(1901, 1, 1), max_value=date.today() - timedelta(days=2)))
    moment = datetime.combine(day, datetime.min.time()) + timedelta(seconds=draw(st.integers(0, 86399)))
    return {
        "started_at": moment.isoformat() + draw(st.sampled_from(OFFSETS)),
        "intensity": str(draw(st.integers(0, 10))),
        "duration_minutes": draw(st.one_of(st.just(""), st.integers(0, 1440).map(str))),
        "kind": draw(st.sampled_from(["", *Kind.values])), "side": draw(st.sampled_from(["", *Side.values])),
        "context": draw(st.sampled_from(["", *Context.values])),
        "locations": ";".join(draw(st.lists(st.sampled_from(Location.values), max_size=3))),
        "triggers": ";".join(draw(st.lists(st.sampled_from(Trigger.values), max_size=3))),
        "reliefs": ";".join(f"{slug}:{outcome}" if outcome else slug for slug, outcome in draw(st.lists(
            st.tuples(st.sampled_from(Relief.values), st.sampled_from(["", *Outcome.values])), max_size=3))),
        "red_flags": ";".join(draw(st.lists(st.sampled_from(RedFlag.values), max_size=2))),
        "notes": draw(st.one_of(st.sampled_from([p for p in PAYLOADS if "\x00" not in p]),
                                any_text.filter(lambda v: "\x00" not in v))),
    }


@st.composite
def valid_checkin_row(draw, day):
    def maybe(strategy):
        return draw(st.one_of(st.just(""), strategy))
    return {
        "date": day.isoformat(), "fluid_litres": maybe(st.integers(0, 1500).map(lambda n: f"{n / 100:.2f}")),
        "caffeine_drinks": maybe(st.integers(0, 30).map(str)),
        "alcohol_units": maybe(st.integers(0, 500).map(lambda n: f"{n / 10:.1f}")),
        "stress": str(draw(st.integers(0, 10))), "sleep_hours": maybe(st.integers(0, 240).map(lambda n: f"{n / 10}")),
        "activities": ";".join(draw(st.lists(st.sampled_from(Activity.values), max_size=3, unique=True))),
        "exercise_minutes": maybe(st.integers(0, 1440).map(str)),
        "sitting_hours": maybe(st.integers(0, 240).map(lambda n: f"{n / 10}")),
        "worst_pain": maybe(st.integers(0, 10).map(str)), "notes": draw(st.sampled_from(["", "ok", SCRIPT, "=1+1"])),
    }


BAD_CELLS = {
    "started_at": ("", "0001-01-01T00:30:00+01:00", "0001-01-01T00:00:00", "9999-12-31T23:59:59+00:00",
                   "2025-02-30T10:00:00+01:00", "1000-01-01T00:00:00+00:00", "1899-12-31T12:00:00+00:00", "yesterday"),
    "intensity": ("", "11", "-1", "NaN", "inf", "1e999999", "1e99", "5.5", "ten", "\x00"),
    "duration_minutes": ("1441", "-5", "1e999999999", "sNaN", "20 min"),
    "kind": ("Spasm", "bogus", SCRIPT), "locations": ("neck;spine", ";bogus;"), "reliefs": ("heat:great", "magic"),
    "notes": ("x" * 4001, "a\x00b"),
    "date": ("", "0000-00-00", "2025-02-30", "9999-12-31", "0001-01-01", "1899-12-31", "today"),
    "fluid_litres": ("15.01", "-1", "1.234", "NaN", "1e999999", "lots"), "stress": ("11", "1e999999", "-0.5"),
    "activities": ("gym;flying",),
}


def _csv_bytes(columns, rows):
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerows([[row.get(c, "") for c in columns] if isinstance(row, dict) else row for row in rows])
    return out.getvalue().encode("utf-8")


def _first_line(columns, rows, row):
    """The physical line on which a row starts, as an editor numbers it and the importer reports it:
    a quoted cell may hold line breaks (\\n, \\r or \\r\\n), so a row is not always one line."""
    before = rows[:next(i for i, r in enumerate(rows) if r is row)]
    text = _csv_bytes(columns, before).decode("utf-8")
    return 1 + len(io.StringIO(text, newline="").readlines())


@st.composite
def import_batches(draw):
    """An episodes file and a check-ins file of valid rows, with some bad or random rows mixed in."""
    episodes = draw(st.lists(valid_episode_row(), max_size=6))
    days = draw(st.lists(st.dates(min_value=date(1901, 1, 1), max_value=date.today() - timedelta(days=3)),
                         max_size=5, unique=True))
    checkins = [draw(valid_checkin_row(day)) for day in days]
    bad_lines = {"episodes.csv": [], "checkins.csv": []}
    unknown = False
    for filename, rows, columns in (("episodes.csv", episodes, EPISODE_COLUMNS), ("checkins.csv", checkins, CHECKIN_COLUMNS)):
        for _ in range(draw(st.integers(0, 2))):
            position = draw(st.integers(0, len(rows)))
            good = [r for r in rows if isinstance(r, dict)]
            if draw(st.booleans()) and good:
                row = dict(draw(st.sampled_from(good)))
                column = draw(st.sampled_from([c for c in columns if c in BAD_CELLS]))
                row[column] = draw(st.sampled_from(BAD_CELLS[column]))
                rows.insert(position, row)
                bad_lines[filename].append(row)
            else:  # random cells, maybe the wrong number of them
                rows.insert(position, draw(st.lists(hostile_text, min_size=0, max_size=len(columns) + 1)))
                unknown = True
    return episodes, checkins, bad_lines, unknown


@examples(40)
@given(batch=import_batches(), through_view=st.booleans())
def test_it_imports_everything_or_nothing_with_line_numbers(client_for, diary_owner, batch, through_view):
    episodes, checkins, bad, unknown = batch
    files = [("episodes.csv", _csv_bytes(EPISODE_COLUMNS, episodes)), ("checkins.csv", _csv_bytes(CHECKIN_COLUMNS, checkins))]
    expected = None if unknown else not (bad["episodes.csv"] or bad["checkins.csv"])
    with rolled_back(client_for, diary_owner):
        before = snapshot()
        if through_view:
            uploads = [SimpleUploadedFile(name, content, "text/csv") for name, content in files]
            response = ok(client_for.post("/account/import/", {"files": uploads}))
            imported = response.status_code == 302
            assert response.status_code in (302, 400)
            errors = None
        else:
            result = import_files(diary_owner, files)
            imported, errors = result.ok, result.errors
        after = snapshot()
        if expected is not None:
            assert imported is expected, errors
        if not imported:
            assert_unchanged(before, after)
            if errors is not None:
                assert errors and all(e.line is None or e.line >= 2 for e in errors)
                if expected is False:
                    lines = {(e.filename, e.line) for e in errors}
                    for filename, rows, columns in (("episodes.csv", episodes, EPISODE_COLUMNS),
                                                    ("checkins.csv", checkins, CHECKIN_COLUMNS)):
                        if bad[filename] and b"\x00" in dict(files)[filename]:
                            # A NUL byte makes it a binary file: refused whole, at the first one.
                            assert any(e.filename == filename for e in errors), [str(e) for e in errors]
                            continue
                        for row in bad[filename]:
                            line = _first_line(columns, rows, row)
                            assert (filename, line) in lines, (filename, line, [str(e) for e in errors])
            return
        total_episodes = sum(1 for r in episodes if isinstance(r, dict) or len(r) == len(EPISODE_COLUMNS))
        total_checkins = sum(1 for r in checkins if isinstance(r, dict) or len(r) == len(CHECKIN_COLUMNS))
        assert len(new_rows(before, after, "Episode")) == total_episodes
        assert len(new_rows(before, after, "CheckIn")) == total_checkins
        assert_only(before, after, added={
            name: len(new_rows(before, after, name)) for name in before}, changed={"Profile"})
        for row in new_rows(before, after, "Episode"):
            assert row[1] == diary_owner.pk
        for episode in Episode.objects.filter(pk__in=[r[0] for r in new_rows(before, after, "Episode")]):
            assert episode.started_at.year >= 1900
            assert 0 <= episode.intensity <= 10


@examples(40)
@given(content=st.one_of(
    st.binary(max_size=300),
    st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=300).map(lambda t: t.encode("utf-8")),
    st.tuples(st.sampled_from([EPISODE_COLUMNS, CHECKIN_COLUMNS, EPISODE_COLUMNS[::-1], (*CHECKIN_COLUMNS, "x"),
                               tuple(c.upper() for c in EPISODE_COLUMNS), ("date", "date")]),
              st.lists(st.lists(st.one_of(hostile_text, st.sampled_from(sum(BAD_CELLS.values(), ()))),
                                max_size=12), max_size=4)).map(lambda t: _csv_bytes(t[0], t[1])),
    st.sampled_from([b"", b"\xef\xbb\xbf", b"PK\x03\x04rest", b"\xff\xfe\x00\x00", b'"unterminated\n', b"\x00" * 10,
                     ("started_at," * 20000).encode(), b"date\n" + b"x" * 200000])),
    filename=st.one_of(st.just("episodes.csv"), hostile_text))
def test_it_never_raises_on_any_file(client_for, diary_owner, content, filename):
    with rolled_back(client_for, diary_owner):
        before = snapshot()
        result = import_files(diary_owner, [(filename, content)])
        after = snapshot()
        lines = content.count(b"\n") + content.count(b"\r") + 1
        for error in result.errors:
            assert error.line is None or 1 <= error.line <= lines, str(error)
            assert str(error)
        if not result.ok or not result.written:
            assert_unchanged(before, after)
        else:
            assert_only(before, after, added={name: len(new_rows(before, after, name)) for name in before},
                        changed={"Profile"})
        # A browser sends the file's base name; Django refuses to build an upload named "/" or "."
        # (the import above already took the raw name).
        sent_name = filename.replace("\x00", "").replace("\\", "/").rsplit("/", 1)[-1].strip(". ") or "x.csv"
        upload = SimpleUploadedFile(sent_name, content, "text/csv")
        response = ok(client_for.post("/account/import/", {"files": [upload]}))
        assert response.status_code in (302, 400)


# --- payloads in notes are inert in HTML ---------------------------------------------------------

@examples(15)
@given(note=st.sampled_from([p for p in PAYLOADS if "<" in p or "{" in p]))
def test_it_shows_saved_payloads_escaped_never_raw(client_for, diary_owner, note):
    with rolled_back(client_for, diary_owner):
        response = client_for.post("/episodes/new/", {
            "started_at": (timezone.localtime(timezone=BERLIN) - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
            "intensity": "5", "notes": note})
        assert response.status_code == 302
        detail = client_for.get(response["Location"]).content.decode()
        assert escape(note) in detail
        history = client_for.get("/episodes/").content.decode()
        for page in (detail, history):
            assert "<" not in note or note not in page
            assert "<script>alert(1)" not in page
        if "{{" in note:
            assert note in detail  # shown as typed: a template tag in a note is never evaluated


def test_it_escapes_a_script_note_on_detail_and_history(owner_client, owner):
    episode = save_episode(owner, {"started_at": timezone.now() - timedelta(hours=1), "intensity": 4, "notes": SCRIPT})
    detail = owner_client.get(f"/episodes/{episode.pk}/").content.decode()
    history = owner_client.get("/episodes/").content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in detail
    assert SCRIPT not in detail and SCRIPT not in history


# --- regression tests for bugs these properties found -------------------------------------------

def test_it_answers_404_for_a_checkin_day_too_early_to_show_a_week(owner_client):
    for day in ("0001-01-01", "0001-01-07", "1899-12-31"):
        assert owner_client.get(f"/checkins/{day}/").status_code == 404
        assert owner_client.post(f"/checkins/{day}/", {"stress": "3"}).status_code == 404
    assert not CheckIn.objects.exists()


def test_it_refuses_a_summary_period_before_1900_instead_of_failing(owner_client):
    for url in ("/summary/", "/summary/print/", "/summary/pdf/", "/summary/csv/", "/summary/fhir/"):
        response = owner_client.get(url, {"period": "custom", "start": "0001-01-01", "end": "0001-01-05"})
        assert response.status_code in (200, 302), url
    page = owner_client.get("/summary/", {"period": "custom", "start": "0001-01-01", "end": "0001-01-05"})
    assert "1900" in page.content.decode()


def _one_episode_file(**cells):
    row = {c: "" for c in EPISODE_COLUMNS}
    row.update({"started_at": "2025-01-01T10:00:00+01:00", "intensity": "5"}, **cells)
    return [("episodes.csv", _csv_bytes(EPISODE_COLUMNS, [row]))]


def test_it_reports_an_import_date_before_1900_instead_of_failing(owner):
    for started_at in ("0001-01-01T00:30:00+01:00", "1000-01-01T00:00:00+00:00", "1899-12-31T22:00:00+00:00"):
        result = import_files(owner, _one_episode_file(started_at=started_at))
        assert [(e.line, "started_at" in e.message) for e in result.errors] == [(2, True)], started_at
    checkins = [("checkins.csv", _csv_bytes(CHECKIN_COLUMNS, [{"date": "0001-01-01", "stress": "3"}]))]
    assert [e.line for e in import_files(owner, checkins).errors] == [2]
    assert not Episode.objects.exists() and not CheckIn.objects.exists()


def test_it_refuses_a_huge_exponent_in_an_import_quickly(owner):
    import time

    started = time.perf_counter()
    result = import_files(owner, _one_episode_file(intensity="1e999999999", duration_minutes="-1e999999999"))
    assert time.perf_counter() - started < 1
    assert [e.line for e in result.errors] == [2]


def test_it_refuses_a_nul_character_in_imported_notes(owner):
    result = import_files(owner, _one_episode_file(notes="a\x00b"))
    assert [e.line for e in result.errors] == [2]
    assert not Episode.objects.exists()


def test_it_signs_up_with_a_timezone_too_long_for_a_file_name_using_the_default(client):
    response = client.post("/accounts/signup/", {
        "username": "newcomer", "password1": "kqrst-lmnop-2468", "password2": "kqrst-lmnop-2468",
        "timezone": "Europe/" + "x" * 5000})
    assert response.status_code == 302
    assert get_user_model().objects.get(username="newcomer").profile.timezone == django_settings.TIME_ZONE


def test_it_deletes_the_account_with_a_password_that_ends_in_a_space(client, make_user):
    user = make_user("spacey", password="a-good-passphrase-42 ")
    client.force_login(user)
    assert client.post("/account/delete/", {"password": "a-good-passphrase-42"}).status_code == 200
    assert client.post("/account/delete/", {"password": "a-good-passphrase-42 "}).status_code == 302
    assert not get_user_model().objects.filter(username="spacey").exists()


def test_it_never_stores_a_nul_character_in_an_alert_note(client_for, diary_owner):
    client_for.force_login(diary_owner)
    key = next(a.key for a in alerts_for_user(diary_owner) if a.rule == "symptom")
    response = client_for.post("/alerts/discussed/", {"key": key, "note": "\x00 asked about\x00 magnesium \x00"})
    assert response.status_code == 302
    assert AlertNote.objects.get(owner=diary_owner, key=key).note == "asked about magnesium"


def test_it_refuses_a_medicine_started_before_1900_so_the_rules_never_overflow(owner_client, owner):
    for started, stopped in (("0001-01-01", ""), ("1899-12-31", ""), ("", "0001-01-02")):
        response = owner_client.post("/account/medicines/", {"name": "Statin", "kind": "statin",
                                                             "started_on": started, "stopped_on": stopped})
        assert response.status_code == 200
        assert "1900" in response.content.decode()
    assert not Medicine.objects.exists()
    Medicine.objects.create(owner=owner, name="Statin", kind="statin", started_on=date(1900, 1, 1))
    for page in ("/", "/patterns/", "/summary/"):
        assert owner_client.get(page).status_code == 200, page


def test_it_records_a_failed_login_with_an_absurdly_long_username_without_failing(client, owner):
    from axes.models import AccessAttempt

    for username in ("x" * 5000, "owner" + "\u00e9" * 300):
        response = client.post("/accounts/login/", {"username": username, "password": "wrong"})
        assert response.status_code == 200
    assert all(len(a.username) <= 255 for a in AccessAttempt.objects.all())
    assert AccessAttempt.objects.count() == 2
