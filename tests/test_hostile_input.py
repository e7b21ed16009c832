"""Property-based: random and hostile values posted to the entry forms and the CSV import.

Whatever arrives, the answer is never a 500 and never a partial write: either the whole record
is stored, or nothing changes.
"""
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from diary.models import (
    CheckIn, CheckInActivity, Episode, EpisodeLocation, EpisodeRedFlag, EpisodeRelief, EpisodeTrigger,
)

HOSTILE = [
    "", " ", "-1", "11", "10.5", "1e30", "NaN", "inf", "٣", "0x10", "99999999999999999999",
    "<script>alert(1)</script>", "=HYPERLINK(\"http://x\")", "+cmd|' /C calc'!A0", "'; DROP TABLE diary_episode;--",
    "2026-02-30T10:00", "0001-01-01T00:00", "9999-12-31T23:59", "lower_back;neck", "LOWER_BACK", "now", "15",
]
values = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=60).filter(lambda s: "\x00" not in s))
field_values = st.one_of(values, st.lists(values, max_size=3))

QUICK_FIELDS = ["intensity", "locations", "triggers", "started", "kind", "side", "context"]
FULL_FIELDS = ["started_at", "duration_minutes", "intensity", "kind", "locations", "side", "context",
               "triggers", "red_flags", "notes", "relief_heat", "relief_cold"]
CHECKIN_FIELDS = ["fluid_litres", "caffeine_drinks", "alcohol_units", "stress", "sleep_hours", "activities",
                  "exercise_minutes", "sitting_hours", "worst_pain", "notes"]
TABLES = (Episode, EpisodeLocation, EpisodeTrigger, EpisodeRelief, EpisodeRedFlag, CheckIn, CheckInActivity)

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def counts():
    return tuple(model.objects.count() for model in TABLES)


def payload(data, names):
    return {name: value for name, value in zip(names, data) if value is not None}


def post_and_check(client, path, data):
    """Post inside a savepoint that is rolled back, so each example starts from the same diary."""
    sid = transaction.savepoint()
    try:
        before = counts()
        response = client.post(path, data)
        assert response.status_code < 500
        after = counts()
        if response.status_code == 302:  # stored: the record and only its children
            assert after[0] >= before[0] and after[5] >= before[5]
        else:  # refused: nothing at all was written
            assert after == before, (path, data)
        return response
    finally:
        transaction.savepoint_rollback(sid)


@pytest.mark.django_db
@SETTINGS
@given(data=st.lists(st.one_of(st.none(), field_values), min_size=len(QUICK_FIELDS), max_size=len(QUICK_FIELDS)))
def test_quick_log_never_fails_or_half_writes(owner_client, data):
    post_and_check(owner_client, "/episodes/quick/", payload(data, QUICK_FIELDS))


@pytest.mark.django_db
@SETTINGS
@given(data=st.lists(st.one_of(st.none(), field_values), min_size=len(FULL_FIELDS), max_size=len(FULL_FIELDS)))
def test_full_episode_form_never_fails_or_half_writes(owner_client, data):
    post_and_check(owner_client, "/episodes/new/", payload(data, FULL_FIELDS))


@pytest.mark.django_db
@SETTINGS
@given(data=st.lists(st.one_of(st.none(), field_values), min_size=len(CHECKIN_FIELDS), max_size=len(CHECKIN_FIELDS)))
def test_check_in_never_fails_or_half_writes(owner_client, data):
    post_and_check(owner_client, "/checkins/today/", payload(data, CHECKIN_FIELDS))


EPISODE_HEADER = "started_at,duration_minutes,intensity,kind,locations,side,context,triggers,reliefs,red_flags,notes"
GOOD_ROW = "2026-01-05T08:00:00+01:00,10,5,spasm,lower_back,left,at_rest,running,heat:helped,,fine"
cells = st.one_of(st.sampled_from(HOSTILE), st.text(alphabet=st.characters(blacklist_categories=("Cs",),
                                                                      blacklist_characters="\x00"), max_size=20))


@pytest.mark.django_db
@SETTINGS
@given(bad=st.lists(cells, min_size=11, max_size=11))
def test_csv_import_is_all_or_nothing(owner_client, bad):
    import csv
    import io

    buffer = io.StringIO()
    csv.writer(buffer).writerow(bad)
    body = "\n".join([EPISODE_HEADER, GOOD_ROW, buffer.getvalue().strip("\r\n"), GOOD_ROW.replace("08:00", "09:00")])
    sid = transaction.savepoint()
    try:
        before = counts()
        upload = SimpleUploadedFile("episodes.csv", body.encode("utf-8"), content_type="text/csv")
        response = owner_client.post("/account/import/", {"files": [upload]})
        assert response.status_code < 500
        added = counts()[0] - before[0]
        assert added in (0, 2, 3), added  # all rows, all but an exact duplicate, or none
        if response.status_code == 400:
            assert added == 0
    finally:
        transaction.savepoint_rollback(sid)


def test_script_payloads_in_notes_are_escaped(owner_client, owner):
    from django.utils import timezone

    episode = Episode.objects.create(owner=owner, started_at=timezone.now(), intensity=4,
                                     notes="<script>alert(1)</script>")
    for path in (f"/episodes/{episode.pk}/", "/episodes/"):
        html = owner_client.get(path).content.decode()
        assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in owner_client.get(f"/episodes/{episode.pk}/").content.decode()


OTHER_FORMS = {
    "/account/": ["display_name", "timezone", "language", "country", "year_of_birth", "history_of_cancer",
                  "osteoporosis", "long_term_steroids", "weakened_immune_system"],
    "/account/medicines/": ["name", "kind", "started_on", "stopped_on", "notes"],
    "/account/delete/": ["password"],
    "/summary/": ["period", "start", "end", "lang", "notes", "questions", "appendix", "doctor_questions"],
    "/alerts/discussed/": ["key", "rule", "discussed_on", "note", "next"],
    "/i18n/setlang/": ["language", "next"],
    "/accounts/password_change/": ["old_password", "new_password1", "new_password2"],
}


@pytest.mark.django_db
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.lists(st.one_of(st.none(), field_values), min_size=9, max_size=9))
@pytest.mark.parametrize("path", list(OTHER_FORMS))
def test_every_other_form_answers_hostile_input_without_a_500(owner_client, owner, path, data):
    from accounts.models import User
    from diary.models import AlertNote, Medicine

    sid = transaction.savepoint()
    try:
        before = (counts(), Medicine.objects.count(), AlertNote.objects.count(), User.objects.count())
        response = owner_client.post(path, payload(data, OTHER_FORMS[path]))
        assert response.status_code < 500
        after = (counts(), Medicine.objects.count(), AlertNote.objects.count(), User.objects.count())
        assert after[0] == before[0]  # none of these forms touches episodes or check-ins
        if response.status_code != 302:
            assert after == before
        for get_path in (path, f"{path}?{'&'.join(f'{n}=x' for n in OTHER_FORMS[path])}"):
            assert owner_client.get(get_path).status_code < 500
    finally:
        transaction.savepoint_rollback(sid)
        owner_client.force_login(User.objects.get(pk=owner.pk))
