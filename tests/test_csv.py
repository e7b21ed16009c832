"""CSV out and in: exact round trip, all-or-nothing import, duplicates, headers, formulas, downloads."""
import csv
import io
import json
import zipfile
from dataclasses import replace
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone

from accounts.models import Profile
from diary.exports import CHECKIN_COLUMNS, EPISODE_COLUMNS, checkins_csv, episodes_csv, neutralise_formula, restore_formula
from diary.imports import MAX_FILE_BYTES, import_files
from diary.models import (
    CheckIn, CheckInActivity, Episode, EpisodeLocation, EpisodeRedFlag, EpisodeRelief, EpisodeTrigger, Medicine,
)
from diary.records import load_diary

UTC = ZoneInfo("UTC")
TRICKY_NOTES = [
    "Plain note",
    "Ünïcödé: Rückenschmerz, 背中の痛み, 🙂",
    'Comma, "double quotes", and; semicolons',
    "Two\nlines\r\nand a CRLF",
    "=1+1",
    "+49 30 123",
    "-3 after stretching",
    "@SUM(A1)",
    "\tstarts with a tab",
    "\rstarts with a CR",
    "'hello",
    "'=already quoted",
    "''",
    "'",
    "",
]


def add_episode(owner, started_at, intensity=5, notes="", locations=(), triggers=(), reliefs=(), red_flags=(), **fields):
    episode = Episode.objects.create(owner=owner, started_at=started_at, intensity=intensity, notes=notes, **fields)
    EpisodeLocation.objects.bulk_create([EpisodeLocation(episode=episode, location=s) for s in locations])
    EpisodeTrigger.objects.bulk_create([EpisodeTrigger(episode=episode, trigger=s) for s in triggers])
    EpisodeRelief.objects.bulk_create([EpisodeRelief(episode=episode, relief=s, outcome=o) for s, o in reliefs])
    EpisodeRedFlag.objects.bulk_create([EpisodeRedFlag(episode=episode, flag=s) for s in red_flags])
    return episode


def add_checkin(owner, day, activities=(), **fields):
    checkin = CheckIn.objects.create(owner=owner, date=day, **fields)
    CheckInActivity.objects.bulk_create([CheckInActivity(checkin=checkin, activity=s) for s in activities])
    return checkin


def build_full_diary(owner):
    """Every field type: empty and full lists, NULL numbers, decimals, times in several timezones."""
    zones = [UTC, ZoneInfo("Asia/Kolkata"), ZoneInfo("America/St_Johns"), ZoneInfo("Pacific/Auckland")]
    start = datetime(2026, 3, 28, 23, 30, 15, 123456, tzinfo=ZoneInfo("Europe/Berlin"))  # the night before DST
    for i, note in enumerate(TRICKY_NOTES):
        add_episode(
            owner, (start + timedelta(hours=7 * i)).astimezone(zones[i % len(zones)]),
            intensity=i % 11, notes=note,
            duration_minutes=None if i % 3 == 0 else i * 7,
            kind=["", "spasm", "cramp", "stabbing", "dull_ache", "stiffness", "radiating"][i % 7],
            side=["", "left", "right", "both", "centre"][i % 5],
            context=["", "during_exercise", "after_exercise", "at_rest", "at_night", "at_work", "lifting_or_moving"][i % 7],
            locations=[[], ["lower_back"], ["neck", "hip_buttock", "leg"]][i % 3],
            triggers=[[], ["running", "dehydration"], ["stress"]][i % 3],
            reliefs=[[], [("heat", "helped"), ("stretch", "partly")], [("nsaid", ""), ("cold", "no_help")]][i % 3],
            red_flags=["night_pain"] if i == 4 else [],
        )
    # Two identical episodes: both must survive the round trip.
    twin = datetime(2026, 4, 2, 8, 0, tzinfo=UTC)
    add_episode(owner, twin, intensity=3, locations=["neck"])
    add_episode(owner, twin, intensity=3, locations=["neck"])
    for i, note in enumerate(TRICKY_NOTES):
        add_checkin(
            owner, date(2026, 3, 1) + timedelta(days=i), notes=note,
            fluid_litres=None if i == 0 else Decimal("0.75") + Decimal("0.5") * i,
            caffeine_drinks=None if i == 1 else i % 5,
            alcohol_units=None if i % 2 else Decimal("2.5"),
            stress=i % 11, sleep_hours=None if i == 2 else Decimal("6.5"),
            exercise_minutes=i * 10, sitting_hours=Decimal("8.0") if i % 2 else None,
            worst_pain=None if i == 3 else (i * 3) % 11,
            activities=[[], ["running", "stretching"], ["swimming"]][i % 3],
        )
    add_checkin(owner, date(2026, 2, 1))  # a logged day with nothing known


def comparable(diary):
    return (
        [replace(e, id=0) for e in diary.episodes],
        list(diary.checkins),
    )


def export_files(user, tmp_path):
    call_command("export_diary", "--username", user.username, "--dir", str(tmp_path), stdout=io.StringIO())
    return [tmp_path / "episodes.csv", tmp_path / "checkins.csv"]


@pytest.mark.parametrize("zone", ["Europe/Berlin", "America/St_Johns", "Pacific/Auckland"])
def test_it_round_trips_a_full_diary_into_a_new_account(make_user, tmp_path, zone):
    original = make_user("original", timezone=zone)
    build_full_diary(original)
    files = export_files(original, tmp_path)

    copy = make_user("copy", timezone=zone)
    out = io.StringIO()
    call_command("import_diary", "--username", "copy", *map(str, files), stdout=out)

    assert comparable(load_diary(copy)) == comparable(load_diary(original))
    assert len(load_diary(copy).episodes) == len(TRICKY_NOTES) + 2
    # And the copy exports to the very same bytes.
    again = tmp_path / "again"
    export_files(copy, again)
    for name in ("episodes.csv", "checkins.csv"):
        assert (again / name).read_bytes() == (tmp_path / name).read_bytes()
    assert "episodes.csv: episodes, 17 imported, 0 skipped" in out.getvalue()


def test_it_keeps_instants_and_recomputes_local_dates_in_the_importers_timezone(make_user):
    berlin = make_user("berlin", timezone="Europe/Berlin")
    add_episode(berlin, datetime(2026, 6, 1, 23, 30, tzinfo=ZoneInfo("Europe/Berlin")))
    text = episodes_csv(load_diary(berlin).episodes)
    assert "2026-06-01T23:30:00+02:00" in text

    new_york = make_user("ny", timezone="America/New_York")
    result = import_files(new_york, [("episodes.csv", text.encode())])
    assert result.ok
    episode = Episode.objects.get(owner=new_york)
    assert episode.started_at == datetime(2026, 6, 1, 21, 30, tzinfo=UTC)
    assert episode.local_date == date(2026, 6, 1)

    tokyo = make_user("tokyo", timezone="Asia/Tokyo")
    import_files(tokyo, [("episodes.csv", text.encode())])
    assert Episode.objects.get(owner=tokyo).local_date == date(2026, 6, 2)


def test_it_writes_the_columns_in_the_briefs_order(owner):
    add_episode(owner, datetime(2026, 5, 1, 9, tzinfo=UTC), intensity=4, locations=["neck", "leg"],
                reliefs=[("heat", "helped"), ("rest", "")])
    add_checkin(owner, date(2026, 5, 1), fluid_litres=Decimal("1.50"), activities=["running", "walking"])
    diary = load_diary(owner)
    episode_rows = list(csv.reader(io.StringIO(episodes_csv(diary.episodes))))
    checkin_rows = list(csv.reader(io.StringIO(checkins_csv(diary.checkins))))
    assert tuple(episode_rows[0]) == EPISODE_COLUMNS == (
        "started_at", "duration_minutes", "intensity", "kind", "locations", "side", "context",
        "triggers", "reliefs", "red_flags", "notes",
    )
    assert episode_rows[1] == ["2026-05-01T11:00:00+02:00", "", "4", "", "neck;leg", "", "", "", "heat:helped;rest", "", ""]
    assert tuple(checkin_rows[0]) == CHECKIN_COLUMNS
    assert checkin_rows[1] == ["2026-05-01", "1.5", "", "", "", "", "running;walking", "", "", "", "", ""]


# ---------------------------------------------------------------- formulas

@pytest.mark.parametrize("note, exported", [
    ("=1+1", "'=1+1"),
    ("+491234", "'+491234"),
    ("-2", "'-2"),
    ("@cmd", "'@cmd"),
    ("\tx", "'\tx"),
    ("\rx", "'\rx"),
    ("'=x", "''=x"),
    ("''", "'''"),
    ("'hello", "'hello"),
    ("'", "'"),
    ("a=b", "a=b"),
    ("", ""),
])
def test_it_neutralises_formulas_and_restores_exactly(note, exported):
    assert neutralise_formula(note) == exported
    assert restore_formula(exported) == note


def test_it_neutralises_formula_notes_in_the_exported_file(owner):
    add_episode(owner, datetime(2026, 5, 1, 9, tzinfo=UTC), notes='=HYPERLINK("http://x","y")')
    add_checkin(owner, date(2026, 5, 1), notes="@SUM(1)")
    diary = load_diary(owner)
    assert list(csv.reader(io.StringIO(episodes_csv(diary.episodes))))[1][-1] == '\'=HYPERLINK("http://x","y")'
    assert list(csv.reader(io.StringIO(checkins_csv(diary.checkins))))[1][CHECKIN_COLUMNS.index("notes")] == "'@SUM(1)"


def test_it_keeps_a_hand_written_leading_apostrophe(owner):
    text = "date,fluid_litres,caffeine_drinks,alcohol_units,stress,sleep_hours,activities,exercise_minutes,sitting_hours,worst_pain,notes\n" \
           "2026-05-01,,,,,,,,,,'tis a good day\n"
    assert import_files(owner, [("c.csv", text.encode())]).ok
    assert CheckIn.objects.get(owner=owner).notes == "'tis a good day"


# ---------------------------------------------------------------- validation

EPISODE_HEADER = ",".join(EPISODE_COLUMNS)
# Written as a file from before the user's own factors: without the optional `custom` column.
CHECKIN_HEADER = ",".join(c for c in CHECKIN_COLUMNS if c != "custom")


def test_it_reports_every_bad_row_with_its_line_and_writes_nothing(owner):
    future = (timezone.now() + timedelta(hours=2)).isoformat()
    text = "\n".join([
        EPISODE_HEADER,                                                            # line 1
        "2026-05-01T09:00:00+02:00,10,5,spasm,lower_back,left,at_rest,running,heat:helped,,ok",  # 2: good
        '2026-05-02T09:00:00+02:00,,4,,,,,,,,"a note over\ntwo lines"',             # 3-4: good
        "2026-05-03T09:00:00+02:00,,11,,,,,,,,",                                    # 5: intensity
        "2026-05-04T09:00:00+02:00,1441,5,,,,,,,,",                                 # 6: duration
        "2026-05-05T09:00:00+02:00,,5,,knee,,,,,,",                                 # 7: unknown location
        "2026-05-06T09:00:00,,5,,,,,,,,",                                           # 8: no offset
        f"{future},,5,,,,,,,,",                                                     # 9: future
        "2026-05-07T09:00:00+02:00,,5,,,,,,heat:great,,",                           # 10: bad outcome
        "yesterday,,,wobbly,,,,,,,",                                                # 11: three problems
        "2026-05-08T09:00:00+02:00,,5",                                             # 12: too few cells
    ]) + "\n"
    result = import_files(owner, [("episodes.csv", text.encode())])
    assert not result.ok
    by_line = {error.line: error.message for error in result.errors}
    assert sorted(by_line) == [5, 6, 7, 8, 9, 10, 11, 12]
    assert "intensity" in by_line[5] and "between 0 and 10" in by_line[5]
    assert "duration_minutes" in by_line[6] and "1440" in by_line[6]
    assert "locations" in by_line[7] and "knee" in by_line[7]
    assert "offset" in by_line[8]
    assert "future" in by_line[9]
    assert "outcome" in by_line[10]
    assert "started_at" in by_line[11] and "intensity" in by_line[11] and "kind" in by_line[11]
    assert "cells" in by_line[12]
    assert "episodes.csv, line 5:" in str(result.errors[0])
    assert Episode.objects.count() == 0


def test_it_validates_checkins_like_the_form(owner):
    text = "\n".join([
        CHECKIN_HEADER,
        "2026-05-01,2.5,2,1.5,4,7.5,running;walking,30,8,3,fine",   # 2: good
        "2026-05-02,16,,,,,,,,,",                                   # 3: fluid above 15
        "2026-05-03,1.255,,,,,,,,,",                                # 4: three decimals
        "2026-05-04,,,,11,,,,,,",                                   # 5: stress
        "2026-05-05,,,,,,yoga,,,,",                                 # 6: unknown activity
        "2026-05-06,,2.5,,,,,,,,",                                  # 7: whole number
        "2026-13-01,,,,,,,,,,",                                     # 8: bad date
        "2026-05-01,2.5,2,1.5,4,7.5,running;walking,30,8,3,fine",   # 9: date twice in the file
        "2099-01-01,,,,,,,,,,",                                     # 10: future
    ]) + "\n"
    result = import_files(owner, [("checkins.csv", text.encode())])
    by_line = {error.line: error.message for error in result.errors}
    assert sorted(by_line) == [3, 4, 5, 6, 7, 8, 9, 10]
    assert "fluid_litres" in by_line[3] and "15" in by_line[3]
    assert "decimal" in by_line[4]
    assert "stress" in by_line[5]
    assert "yoga" in by_line[6]
    assert "whole number" in by_line[7]
    assert "date" in by_line[8]
    assert "twice" in by_line[9] and "line 2" in by_line[9]
    assert "future" in by_line[10]
    assert CheckIn.objects.count() == 0


def test_it_is_all_or_nothing_across_files(owner):
    good = f"{EPISODE_HEADER}\n2026-05-01T09:00:00+02:00,,5,,,,,,,,\n"
    bad = f"{CHECKIN_HEADER}\n2026-05-01,99,,,,,,,,,\n"
    result = import_files(owner, [("episodes.csv", good.encode()), ("checkins.csv", bad.encode())])
    assert [(e.filename, e.line) for e in result.errors] == [("checkins.csv", 2)]
    assert Episode.objects.count() == 0 and CheckIn.objects.count() == 0


def test_it_accepts_a_decimal_comma_and_a_reordered_header(owner):
    text = 'notes,date,fluid_litres,caffeine_drinks,alcohol_units,stress,sleep_hours,activities,exercise_minutes,sitting_hours,worst_pain\n' \
           'x,2026-05-01,"1,75",,,,,,,,\n'
    assert import_files(owner, [("c.csv", text.encode())]).ok
    assert CheckIn.objects.get(owner=owner).fluid_litres == Decimal("1.75")


# ---------------------------------------------------------------- duplicates

def test_it_skips_exact_duplicates_so_a_second_import_changes_nothing(owner, tmp_path):
    build_full_diary(owner)
    diary_before = comparable(load_diary(owner))
    files = [(p.name, p.read_bytes()) for p in export_files(owner, tmp_path)]
    version = Profile.objects.get(user=owner).data_version

    result = import_files(owner, files)
    assert result.ok and not result.written
    assert result.episodes_imported == 0 and result.skipped == len(diary_before[0]) + len(diary_before[1])
    assert comparable(load_diary(owner)) == diary_before
    assert Profile.objects.get(user=owner).data_version == version


def test_it_imports_the_same_file_twice_into_a_new_account_once(make_user):
    user = make_user("fresh")
    text = f"{EPISODE_HEADER}\n2026-05-01T09:00:00+02:00,,5,,neck,,,,,,\n2026-05-02T09:00:00+02:00,,6,,,,,,,,\n"
    first = import_files(user, [("e.csv", text.encode())])
    second = import_files(user, [("e.csv", text.encode())])
    assert (first.episodes_imported, second.episodes_imported, second.skipped) == (2, 0, 2)
    assert Episode.objects.filter(owner=user).count() == 2


def test_it_refuses_to_overwrite_a_different_checkin(owner):
    add_checkin(owner, date(2026, 5, 1), fluid_litres=Decimal("2.0"))
    text = f"{CHECKIN_HEADER}\n2026-05-01,1.0,,,,,,,,,\n2026-05-02,1.0,,,,,,,,,\n"
    result = import_files(owner, [("c.csv", text.encode())])
    assert [e.line for e in result.errors] == [2]
    assert "different check-in" in result.errors[0].message
    assert CheckIn.objects.get(owner=owner).fluid_litres == Decimal("2.0")
    assert CheckIn.objects.filter(owner=owner).count() == 1


def test_it_bumps_the_data_version_once_and_sets_local_dates(owner):
    version = Profile.objects.get(user=owner).data_version
    text = f"{EPISODE_HEADER}\n2026-05-01T23:30:00+00:00,,5,,,,,,,,\n2026-05-02T08:00:00+00:00,,5,,,,,,,,\n"
    assert import_files(owner, [("e.csv", text.encode())]).ok
    assert Profile.objects.get(user=owner).data_version == version + 1
    assert sorted(Episode.objects.values_list("local_date", flat=True)) == [date(2026, 5, 2), date(2026, 5, 2)]


# ---------------------------------------------------------------- files and headers

def test_it_recognises_files_by_header_and_rejects_unknown_ones(owner):
    unknown = import_files(owner, [("x.csv", b"when,how_bad\n2026-05-01,5\n")])
    assert "unknown header" in unknown.errors[0].message and unknown.errors[0].line == 1
    missing = import_files(owner, [("x.csv", b"started_at,intensity\n2026-05-01T09:00:00+00:00,5\n")])
    assert "episodes file" in missing.errors[0].message and "duration_minutes" in missing.errors[0].message
    extra = import_files(owner, [("x.csv", (CHECKIN_HEADER + ",mood\n").encode())])
    assert "check-ins file" in extra.errors[0].message and "mood" in extra.errors[0].message
    assert import_files(owner, [("x.csv", b"")]).errors[0].message == "the file is empty."


def test_it_accepts_utf8_with_and_without_bom(make_user):
    text = f"{EPISODE_HEADER}\n2026-05-01T09:00:00+02:00,,5,,,,,,,,Rücken 🙂\n"
    for name, data in (("bom", ("\ufeff" + text).encode()), ("plain", text.encode())):
        user = make_user(name)
        assert import_files(user, [("e.csv", data)]).ok
        assert Episode.objects.get(owner=user).notes == "Rücken 🙂"


def test_it_refuses_non_utf8_zip_and_oversized_files(owner):
    latin1 = f"{EPISODE_HEADER}\n2026-05-01T09:00:00+02:00,,5,,,,,,,,Rücken\n".encode("latin-1")
    assert "UTF-8" in import_files(owner, [("e.csv", latin1)]).errors[0].message
    assert "ZIP" in import_files(owner, [("all.zip", b"PK\x03\x04rest")]).errors[0].message
    huge = EPISODE_HEADER.encode() + b"\n" + b" " * MAX_FILE_BYTES
    assert "5 MB" in import_files(owner, [("e.csv", huge)]).errors[0].message
    assert Episode.objects.count() == 0


# ---------------------------------------------------------------- commands

def test_it_exits_non_zero_and_lists_row_errors_for_a_bad_file(owner, tmp_path, capsys):
    bad = tmp_path / "episodes.csv"
    bad.write_text(f"{EPISODE_HEADER}\n2026-05-01T09:00:00+02:00,,12,,,,,,,,\n")
    err = io.StringIO()
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import_diary", "--username", "owner", str(bad), stderr=err)
    assert "episodes.csv, line 2: intensity" in err.getvalue()
    assert Episode.objects.count() == 0


def test_it_rejects_unknown_users_and_missing_files(owner, tmp_path):
    with pytest.raises(CommandError, match="No user"):
        call_command("import_diary", "--username", "nobody", str(tmp_path / "x.csv"))
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_diary", "--username", "owner", str(tmp_path / "missing.csv"))
    with pytest.raises(CommandError, match="No user"):
        call_command("export_diary", "--username", "nobody", "--dir", str(tmp_path))


# ---------------------------------------------------------------- web

def test_it_downloads_the_owners_csvs_as_dated_attachments(owner_client, owner, outsider):
    add_episode(owner, datetime(2026, 5, 1, 9, tzinfo=UTC), notes="owner's secret")
    add_episode(outsider, datetime(2026, 5, 1, 9, tzinfo=UTC), notes="outsider's secret")
    add_checkin(outsider, date(2026, 5, 1), notes="outsider's day")
    today = timezone.localdate(timezone=ZoneInfo("Europe/Berlin")).isoformat()

    response = owner_client.get(reverse("diary:episodes-csv"))
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="spasm-diary-episodes-{today}.csv"'
    body = response.content.decode("utf-8-sig")
    assert "owner's secret" in body and "outsider's secret" not in body

    response = owner_client.get(reverse("diary:checkins-csv"))
    assert response["Content-Disposition"].startswith("attachment;")
    assert "outsider's day" not in response.content.decode("utf-8-sig")


def test_it_shows_an_outsider_only_their_own_data(outsider_client, owner):
    add_episode(owner, datetime(2026, 5, 1, 9, tzinfo=UTC), notes="owner's secret")
    for name in ("diary:episodes-csv", "diary:checkins-csv"):
        assert "owner's secret" not in outsider_client.get(reverse(name)).content.decode("utf-8-sig")
    archive = zipfile.ZipFile(io.BytesIO(outsider_client.get(reverse("diary:export-all")).content))
    assert all("owner's secret" not in archive.read(name).decode("utf-8-sig") for name in archive.namelist())


def test_it_requires_login_for_every_data_view(client):
    for name in ("diary:episodes-csv", "diary:checkins-csv", "diary:export-all", "diary:import"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_it_exports_everything_as_a_zip(owner_client, owner):
    build_full_diary(owner)
    Medicine.objects.create(owner=owner, name="Atorvastatin", kind="statin", started_on=date(2026, 1, 5))
    response = owner_client.get(reverse("diary:export-all"))
    assert response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert set(archive.namelist()) == {"episodes.csv", "checkins.csv", "medicines.csv", "alert_notes.csv", "profile.json",
                                        "experiments.json"}
    assert "Atorvastatin,statin,2026-01-05" in archive.read("medicines.csv").decode("utf-8-sig")
    profile = json.loads(archive.read("profile.json"))
    assert profile["username"] == "owner" and profile["timezone"] == "Europe/Berlin"
    assert profile["counts"]["episodes"] == len(TRICKY_NOTES) + 2
    # The ZIP's CSVs import straight back.
    copy_result = import_files(owner, [(n, archive.read(n)) for n in ("episodes.csv", "checkins.csv")], write=False)
    assert copy_result.ok and copy_result.skipped == profile["counts"]["episodes"] + profile["counts"]["checkins"]


def test_it_imports_an_upload_and_reports_counts(owner_client, owner):
    from django.core.files.uploadedfile import SimpleUploadedFile

    episodes = SimpleUploadedFile("episodes.csv", f"{EPISODE_HEADER}\n2026-05-01T09:00:00+02:00,,5,,,,,,,,\n".encode())
    checkins = SimpleUploadedFile("checkins.csv", f"{CHECKIN_HEADER}\n2026-05-01,2,,,,,,,,,\n2026-05-02,2,,,,,,,,,\n".encode())
    response = owner_client.post(reverse("diary:import"), {"files": [episodes, checkins]}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("account:settings")
    assert "Imported 1 episode and 2 check-ins." in response.content.decode()
    assert Episode.objects.filter(owner=owner).count() == 1 and CheckIn.objects.filter(owner=owner).count() == 2


def test_it_shows_row_errors_on_the_account_page_and_saves_nothing(owner_client, owner):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("episodes.csv", f"{EPISODE_HEADER}\n2026-05-01T09:00:00+02:00,,5,,,,,,,,\n2026-05-02T09:00:00+02:00,,15,,,,,,,,\n".encode())
    response = owner_client.post(reverse("diary:import"), {"files": [upload]})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Nothing was imported: 1 problem needs fixing." in page
    assert "episodes.csv, line 3: intensity" in page
    assert 'id="id_display_name"' in page  # the rest of the account page is still there
    assert Episode.objects.count() == 0


def test_it_asks_for_a_file_when_none_is_chosen(owner_client):
    response = owner_client.post(reverse("diary:import"), {})
    assert response.status_code == 400
    assert "Choose one or more CSV files" in response.content.decode()


def test_it_shows_the_data_section_on_the_account_page(owner_client):
    page = owner_client.get(reverse("account:settings")).content.decode()
    assert reverse("diary:export-all") in page and reverse("diary:import") in page
    assert 'enctype="multipart/form-data"' in page and "multiple" in page
