"""Full episode form, detail, edit, delete and history: validation, time zones, privacy, queries."""
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from diary.models import Episode, EpisodeLocation, EpisodeRedFlag, EpisodeRelief, EpisodeTrigger
from diary.services.episodes import save_episode, update_episode

NEW = "/episodes/new/"
BERLIN = ZoneInfo("Europe/Berlin")


def local_input(dt, tz=BERLIN):
    return timezone.localtime(dt, tz).strftime("%Y-%m-%dT%H:%M")


def valid(**overrides):
    data = {"started_at": local_input(timezone.now() - timedelta(hours=1)), "intensity": "5"}
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def make_episode(owner, minutes_ago=60, **fields):
    data = {"started_at": timezone.now() - timedelta(minutes=minutes_ago), "intensity": 5}
    data.update(fields)
    return save_episode(owner, data)


# --- the service ------------------------------------------------------------------------------------

def test_it_saves_an_episode_with_children_in_few_queries(owner):
    owner.profile  # the profile is loaded once per request by the middleware
    with CaptureQueriesContext(connection) as queries:
        episode = save_episode(owner, {
            "started_at": timezone.now(), "intensity": 6, "locations": ["neck", "leg"], "triggers": ["stress"],
            "reliefs": [("heat", "helped"), ("rest", "")], "red_flags": ["night_pain"],
        })
    writes = [q["sql"] for q in queries.captured_queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE"))]
    # One insert for the episode, the data-version bump, one bulk insert per child table.
    assert len(writes) <= 6, writes
    assert sorted(episode.locations.values_list("location", flat=True)) == ["leg", "neck"]
    assert list(episode.reliefs.order_by("relief").values_list("relief", "outcome")) == [("heat", "helped"), ("rest", "")]


def test_it_replaces_children_on_update(owner):
    episode = make_episode(owner, locations=["neck"], triggers=["stress"], reliefs={"heat": "helped"}, red_flags=["fever_unwell"])
    update_episode(episode, {"intensity": 3, "locations": ["leg"], "triggers": [], "reliefs": [("cold", "no_help")]})
    episode.refresh_from_db()
    assert episode.intensity == 3
    assert list(EpisodeLocation.objects.filter(episode=episode).values_list("location", flat=True)) == ["leg"]
    assert not EpisodeTrigger.objects.filter(episode=episode).exists()
    assert not EpisodeRedFlag.objects.filter(episode=episode).exists()
    assert list(EpisodeRelief.objects.filter(episode=episode).values_list("relief", "outcome")) == [("cold", "no_help")]


def test_it_rolls_back_the_episode_when_a_child_fails(owner, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(EpisodeTrigger.objects, "bulk_create", broken)
    with pytest.raises(RuntimeError):
        save_episode(owner, {"started_at": timezone.now(), "intensity": 4, "locations": ["neck"], "triggers": ["stress"]})
    assert not Episode.objects.exists()
    assert not EpisodeLocation.objects.exists()


# --- the full form ----------------------------------------------------------------------------------

def test_it_saves_every_field_of_the_full_form(owner_client, owner):
    response = owner_client.post(NEW, valid(
        duration_minutes="20", intensity="8", kind="stabbing", locations=["lower_back", "leg"], side="right",
        context="after_exercise", triggers=["running", "dehydration"], relief_heat="helped", relief_stretch="partly",
        relief_rest="tried", relief_cold="", red_flags=["numbness_tingling"], notes="Bent to tie a shoe.",
    ))
    episode = Episode.objects.get(owner=owner)
    assert response.status_code == 302 and response["Location"] == episode.get_absolute_url()
    assert (episode.duration_minutes, episode.intensity, episode.kind, episode.side, episode.context) == (
        20, 8, "stabbing", "right", "after_exercise")
    assert set(episode.triggers.values_list("trigger", flat=True)) == {"running", "dehydration"}
    assert set(episode.reliefs.values_list("relief", "outcome")) == {("heat", "helped"), ("stretch", "partly"), ("rest", "")}
    assert list(episode.red_flags.values_list("flag", flat=True)) == ["numbness_tingling"]
    assert episode.notes == "Bent to tie a shoe."


def test_it_shows_the_red_flag_question_collapsed_until_one_is_ticked(owner_client, owner):
    html = owner_client.get(NEW).content.decode()
    assert "<details>" in html and "Any of these?" in html
    episode = make_episode(owner, red_flags=["saddle_numbness"])
    html = owner_client.get(reverse("diary:episode-edit", args=[episode.pk])).content.decode()
    assert "<details open>" in html
    assert 'value="saddle_numbness" id="id_red_flags_saddle_numbness" checked' in html


@pytest.mark.parametrize("intensity, ok", [("0", True), ("10", True), ("-1", False), ("11", False), ("5.5", False), ("", False)])
def test_it_limits_intensity_to_0_10(owner_client, intensity, ok):
    response = owner_client.post(NEW, valid(intensity=intensity))
    assert (response.status_code == 302) is ok
    if not ok:
        assert 'id="intensity-error"' in response.content.decode()
        assert not Episode.objects.exists()


@pytest.mark.parametrize("minutes_ahead, ok", [(4, True), (6, False), (60 * 24 * 365, False)])
def test_it_refuses_a_start_more_than_5_minutes_ahead(owner_client, minutes_ahead, ok):
    started = timezone.now() + timedelta(minutes=minutes_ahead)
    response = owner_client.post(NEW, valid(started_at=local_input(started)))
    assert (response.status_code == 302) is ok
    if not ok:
        assert "cannot be in the future" in response.content.decode()


@pytest.mark.parametrize("duration, ok", [("0", True), ("1440", True), ("-1", False), ("1441", False), ("ten", False),
                                          ("99999999999999999999999", False), ("", True)])
def test_it_limits_duration_to_0_1440(owner_client, duration, ok):
    response = owner_client.post(NEW, valid(duration_minutes=duration))
    assert (response.status_code == 302) is ok
    if not ok:
        assert 'id="duration_minutes-error"' in response.content.decode()


@pytest.mark.parametrize("field, value", [
    ("kind", "twinge"), ("locations", "elbow"), ("side", "up"), ("context", "in_space"), ("triggers", "moon"),
    ("red_flags", "hiccups"), ("relief_heat", "cured"), ("relief_nonsense", "helped"),
])
def test_it_rejects_unknown_slugs(owner_client, field, value):
    response = owner_client.post(NEW, valid(**{field: value}))
    if field == "relief_nonsense":  # unknown relief fields are ignored, never stored
        assert response.status_code == 302
        assert not EpisodeRelief.objects.exists()
        return
    assert response.status_code == 200
    assert "is not one of the options" in response.content.decode()
    assert not Episode.objects.exists()


@pytest.mark.parametrize("started", ["", "yesterday", "2025-13-45T99:99", "0001-01-01T00:00", "1899-12-31T23:00",
                                     "'; DROP TABLE diary_episode; --"])
def test_it_never_fails_on_a_malformed_start(owner_client, started):
    response = owner_client.post(NEW, valid(started_at=started))
    assert response.status_code == 200
    assert 'id="started_at-error"' in response.content.decode()


def test_it_escapes_hostile_notes(owner_client, owner):
    owner_client.post(NEW, valid(notes="<script>alert(1)</script>"))
    episode = Episode.objects.get(owner=owner)
    html = owner_client.get(episode.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html


def test_it_keeps_the_saved_episode_when_an_edit_is_invalid(owner_client, owner):
    episode = make_episode(owner, intensity=4, locations=["neck"])
    url = reverse("diary:episode-edit", args=[episode.pk])
    response = owner_client.post(url, valid(intensity="12", locations="leg"))
    assert response.status_code == 200
    episode.refresh_from_db()
    assert episode.intensity == 4
    assert list(episode.locations.values_list("location", flat=True)) == ["neck"]
    # The form shows what was posted, so nothing typed is lost either.
    assert 'value="leg" checked' in response.content.decode()


def test_it_edits_an_episode(owner_client, owner):
    episode = make_episode(owner, intensity=4, locations=["neck"], reliefs={"heat": "helped"})
    url = reverse("diary:episode-edit", args=[episode.pk])
    html = owner_client.get(url).content.decode()
    assert 'id="id_intensity_4" value="4" checked' in html
    assert '<option value="helped" selected>' in html
    response = owner_client.post(url, valid(intensity="6", locations=["leg"], relief_heat="no_help"))
    assert response.status_code == 302
    episode.refresh_from_db()
    assert episode.intensity == 6
    assert list(episode.reliefs.values_list("relief", "outcome")) == [("heat", "no_help")]


# --- time zones -------------------------------------------------------------------------------------

@pytest.mark.parametrize("tz_name, local, expected_utc, expected_date", [
    ("Europe/Berlin", "2025-01-14T23:30", datetime(2025, 1, 14, 22, 30), date(2025, 1, 14)),
    ("Europe/Berlin", "2025-01-15T00:30", datetime(2025, 1, 14, 23, 30), date(2025, 1, 15)),
    ("America/Los_Angeles", "2025-07-14T23:30", datetime(2025, 7, 15, 6, 30), date(2025, 7, 14)),
    ("America/Los_Angeles", "2025-07-15T00:30", datetime(2025, 7, 15, 7, 30), date(2025, 7, 15)),
])
def test_it_stores_utc_and_files_the_episode_under_its_local_date(client, make_user, tz_name, local, expected_utc, expected_date):
    user = make_user("tz", timezone=tz_name)
    client.force_login(user)
    response = client.post(NEW, valid(started_at=local))
    assert response.status_code == 302
    episode = Episode.objects.get(owner=user)
    assert episode.started_at == expected_utc.replace(tzinfo=ZoneInfo("UTC"))
    assert episode.local_date == expected_date
    html = client.get(episode.get_absolute_url()).content.decode()
    assert local.replace("T", " ")[-5:] in html  # shown in the user's zone again
    assert "2025-" + local[5:10] in client.get(reverse("diary:episode-edit", args=[episode.pk])).content.decode()


def test_it_reports_a_time_that_does_not_exist_locally(owner_client):
    # 02:30 on the last Sunday of March does not exist in Berlin (clocks jump from 02:00 to 03:00).
    response = owner_client.post(NEW, valid(started_at="2025-03-30T02:30"))
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert 'id="started_at-error"' in response.content.decode()


# --- detail and delete ------------------------------------------------------------------------------

def test_it_shows_everything_on_the_detail_page(owner_client, owner):
    episode = make_episode(owner, intensity=7, duration_minutes=25, kind="cramp", locations=["leg"], side="left",
                           context="at_night", triggers=["dehydration"], reliefs={"stretch": "partly"},
                           red_flags=["dark_urine"], notes="Woke me at 3.")
    html = owner_client.get(episode.get_absolute_url()).content.decode()
    for text in ("Intensity 7 of 10", "25 minutes", "Cramp", "Leg", "Left", "At night (woke me)",
                 "Too little fluid, heavy sweating", "Stretching", "Partly", "Dark (brown or red) urine", "Woke me at 3.",
                 reverse("diary:episode-edit", args=[episode.pk]), reverse("diary:episode-delete", args=[episode.pk])):
        assert text in html, text


def test_it_shows_the_see_a_doctor_banner_for_an_emergency_symptom(owner_client, owner):
    episode = make_episode(owner, intensity=6, red_flags=["saddle_numbness"])
    html = owner_client.get(episode.get_absolute_url()).content.decode()
    assert "alert-emergency" in html


def test_it_deletes_only_after_confirmation(owner_client, owner):
    episode = make_episode(owner)
    url = reverse("diary:episode-delete", args=[episode.pk])
    response = owner_client.get(url)
    assert response.status_code == 200 and "Delete this episode?" in response.content.decode()
    assert Episode.objects.filter(pk=episode.pk).exists()
    response = owner_client.post(url)
    assert response.status_code == 302 and response["Location"] == reverse("diary:episode-list")
    assert not Episode.objects.filter(pk=episode.pk).exists()


# --- privacy ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["diary:episode-detail", "diary:episode-edit", "diary:episode-delete"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_it_is_404_for_an_outsider(outsider_client, owner, name, method):
    episode = make_episode(owner, intensity=9, notes="private")
    response = getattr(outsider_client, method)(reverse(name, args=[episode.pk]), valid(intensity="1"))
    assert response.status_code == 404
    episode.refresh_from_db()
    assert episode.intensity == 9 and episode.notes == "private"


def test_it_is_404_for_a_missing_or_absurd_id(owner_client):
    assert owner_client.get("/episodes/999999/").status_code == 404
    assert owner_client.get("/episodes/99999999999999999999999999/").status_code == 404


def test_it_lists_only_the_users_own_episodes(outsider_client, owner, outsider):
    make_episode(owner, notes="owner's")
    make_episode(outsider, intensity=2)
    response = outsider_client.get("/episodes/")
    assert [e.owner_id for e in response.context["page"].object_list] == [outsider.pk]


# --- history ----------------------------------------------------------------------------------------

def test_it_lists_newest_first_and_paginates_by_25(owner_client, owner):
    for i in range(30):
        make_episode(owner, minutes_ago=60 * (i + 1), intensity=i % 11)
    page1 = owner_client.get("/episodes/").context["page"]
    assert len(page1.object_list) == 25 and page1.paginator.num_pages == 2
    starts = [e.started_at for e in page1.object_list]
    assert starts == sorted(starts, reverse=True)
    page2 = owner_client.get("/episodes/?page=2").context["page"]
    assert len(page2.object_list) == 5
    assert page2.object_list[0].started_at < starts[-1]
    # Nonsense page numbers fall back to a real page.
    assert owner_client.get("/episodes/?page=abc").status_code == 200
    assert owner_client.get("/episodes/?page=999").context["page"].number == 2


def test_it_keeps_filters_in_the_page_links(owner_client, owner):
    for i in range(30):
        make_episode(owner, minutes_ago=60 * (i + 1), intensity=8)
    html = owner_client.get("/episodes/?min_intensity=7").content.decode()
    assert "?min_intensity=7&amp;page=2" in html


def test_it_filters_history(owner_client, owner):
    tz = BERLIN
    def at(day, hour=12):
        return datetime(2025, 5, day, hour, tzinfo=tz)
    a = save_episode(owner, {"started_at": at(1), "intensity": 3, "locations": ["neck"], "triggers": ["stress"]})
    b = save_episode(owner, {"started_at": at(5), "intensity": 7, "locations": ["lower_back", "neck"], "triggers": ["running"]})
    c = save_episode(owner, {"started_at": at(9), "intensity": 9, "locations": ["leg"], "triggers": ["running", "stress"]})

    def ids(query):
        response = owner_client.get("/episodes/?" + query)
        assert response.status_code == 200
        return {e.pk for e in response.context["page"].object_list}

    assert ids("date_from=2025-05-05") == {b.pk, c.pk}
    assert ids("date_to=2025-05-05") == {a.pk, b.pk}
    assert ids("date_from=2025-05-02&date_to=2025-05-08") == {b.pk}
    assert ids("location=neck") == {a.pk, b.pk}
    assert ids("trigger=stress") == {a.pk, c.pk}
    assert ids("min_intensity=7") == {b.pk, c.pk}
    assert ids("min_intensity=7&trigger=stress&location=leg") == {c.pk}


@pytest.mark.parametrize("query, field", [
    ("date_from=notadate", "date_from"), ("date_to=2025-02-30", "date_to"), ("location=elbow", "location"),
    ("trigger=%3Cscript%3E", "trigger"), ("min_intensity=eleven", "min_intensity"), ("min_intensity=11", "min_intensity"),
    ("date_from=2025-05-09&date_to=2025-05-01", "date_to"),
])
def test_it_explains_bad_filters_and_never_fails(owner_client, owner, query, field):
    make_episode(owner)
    response = owner_client.get("/episodes/?" + query)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'id="{field}-error"' in html
    assert "Some filters could not be used" in html
    # The other filters (none here) still apply, so the diary is still listed.
    assert response.context["page"].paginator.count == 1


def test_it_reads_history_in_a_fixed_number_of_queries(owner_client, owner):
    def fill(count):
        for i in range(count):
            make_episode(owner, minutes_ago=30 * (i + 1), locations=["neck", "leg"], triggers=["stress"],
                         red_flags=["night_pain"] if i % 3 == 0 else [])

    def queries_for(path):
        with CaptureQueriesContext(connection) as captured:
            assert owner_client.get(path).status_code == 200
        return len(captured)

    fill(5)
    few = queries_for("/episodes/")
    fill(45)
    assert queries_for("/episodes/") == few
    assert queries_for("/episodes/?page=2") == few
    assert queries_for("/episodes/?location=neck&trigger=stress&min_intensity=1") == few
