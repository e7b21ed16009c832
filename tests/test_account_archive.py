"""The complete account export (a ZIP of CSV and JSON) and its import into a new, empty account."""
import io
import json
import zipfile
from datetime import date, time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from diary.account_export import account_zip
from diary.account_import import MAX_ARCHIVE_BYTES, import_account
from diary.models import AlertNote, CheckIn, CheckInCustomValue, CustomFactor, Episode, Medicine
from experiments.models import AdherenceDay, Experiment
from reminders.models import PushSubscription, ReminderSetting

from .test_csv import build_full_diary

VOLATILE = ("username", "exported_at")


def build_whole_account(owner):
    build_full_diary(owner)
    profile = owner.profile
    owner.email = "owner@example.org"
    owner.save()
    profile.display_name, profile.country, profile.language = "Ana Owner", "SE", "sv"
    profile.chart_range, profile.year_of_birth, profile.pain_duration = "12m", 1970, "years"
    profile.osteoporosis, profile.doctor_questions = True, "Is it my statin?\n=Second line"
    profile.save()
    old_quick_log = Episode.objects.filter(owner=owner).order_by("started_at", "id")[2]
    Episode.objects.filter(pk=old_quick_log.pk).update(red_flags_asked=False)
    hours = CustomFactor.objects.create(owner=owner, label="hours on feet", kind="number", threshold=6, position=0)
    cold = CustomFactor.objects.create(owner=owner, label="cold weather", kind="yesno", position=1)
    for i, checkin in enumerate(CheckIn.objects.filter(owner=owner).order_by("date")[:4]):
        CheckInCustomValue.objects.create(checkin=checkin, factor=hours, value=4.5 + i)
        CheckInCustomValue.objects.create(checkin=checkin, factor=cold, value=float(i % 2))
    Medicine.objects.create(owner=owner, name="Atorvastatin", kind="statin", started_on=date(2026, 1, 5), notes="+10 mg")
    Medicine.objects.create(owner=owner, name="Magnesium", kind="other")
    AlertNote.objects.create(owner=owner, rule="regular_spasms", key="regular_spasms",
                             discussed_on=date(2026, 4, 1), note="GP: fine", status="checked")
    AlertNote.objects.create(owner=owner, rule="symptom", key="symptom:night_pain:2026-03-30",
                             discussed_on=date(2026, 4, 1), note="", status="gone")
    experiment = Experiment.objects.create(
        owner=owner, suspect="custom", custom_label="cold weather", design="days", weeks=6,
        start_date=date(2026, 3, 2), seed=12345, schedule="10" * 21, stopped_on=date(2026, 3, 20),
    )
    AdherenceDay.objects.create(experiment=experiment, date=date(2026, 3, 2), followed=True)
    AdherenceDay.objects.create(experiment=experiment, date=date(2026, 3, 3), followed=False)
    Experiment.objects.create(owner=owner, suspect="no_alcohol", design="weeks", weeks=8,
                              start_date=date(2026, 4, 6), seed=7, schedule="1" * 28 + "0" * 28)
    ReminderSetting.objects.create(user=owner, enabled=True, local_time=time(21, 15), channel="email")
    PushSubscription.objects.create(owner=owner, endpoint="https://push.example/secret-endpoint",
                                    p256dh="SECRET-P256DH", auth="SECRET-AUTH")


def files_of(content: bytes) -> dict:
    archive = zipfile.ZipFile(io.BytesIO(content))
    files = {name: archive.read(name) for name in archive.namelist()}
    profile = json.loads(files.pop("profile.json"))
    for key in VOLATILE:
        profile.pop(key)
    return {**files, "profile.json": profile}


def zip_of(files: dict, compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def nothing_in(user):
    return not any(model.objects.filter(owner=user).exists()
                   for model in (Episode, CheckIn, Medicine, AlertNote, CustomFactor, Experiment))


# ---------------------------------------------------------------- export

def test_the_export_holds_every_setting_and_no_push_secret(owner_client, owner):
    build_whole_account(owner)
    content = owner_client.get(reverse("diary:export-all")).content
    files = files_of(content)
    assert set(files) == {"episodes.csv", "checkins.csv", "medicines.csv", "alert_notes.csv", "profile.json",
                          "experiments.json"}
    profile = files["profile.json"]
    assert profile["email"] == "owner@example.org" and profile["chart_range"] == "12m"
    assert profile["language"] == "sv" and profile["country"] == "SE" and profile["display_name"] == "Ana Owner"
    assert profile["health_background"]["pain_duration"] == "years"
    assert profile["reminder"] == {"enabled": True, "local_time": "21:15", "channel": "email"}
    assert profile["episode_rows_without_red_flag_question"] == [3]
    assert profile["custom_factors"][0] == {"label": "hours on feet", "kind": "number", "threshold": 6.0}
    assert "cold weather=no;hours on feet=4.5" in files["checkins.csv"].decode("utf-8-sig")
    experiments = json.loads(files["experiments.json"])["experiments"]
    assert [e["suspect"] for e in experiments] == ["custom", "no_alcohol"]
    assert experiments[0]["adherence"] == [{"date": "2026-03-02", "followed": True},
                                           {"date": "2026-03-03", "followed": False}]
    assert b"SECRET" not in content and b"secret-endpoint" not in content


def test_an_outsider_downloads_only_their_own_empty_account(outsider_client, owner):
    build_whole_account(owner)
    files = files_of(outsider_client.get(reverse("diary:export-all")).content)
    assert files["profile.json"]["email"] == "" and files["profile.json"]["custom_factors"] == []
    assert json.loads(files["experiments.json"]) == {"experiments": []}
    assert all(b"Atorvastatin" not in files[name] for name in ("medicines.csv", "episodes.csv"))


def test_a_form_sent_without_a_file_says_so_beside_the_field(owner_client):
    response = owner_client.post(reverse("diary:import-archive"))
    assert response.status_code == 400
    assert 'id="archive-file-error"' in response.content.decode()


def test_the_import_page_needs_a_login(client):
    response = client.post(reverse("diary:import-archive"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


# ---------------------------------------------------------------- round trip

def test_export_import_export_gives_the_same_files(owner, make_user):
    build_whole_account(owner)
    first = account_zip(owner, timezone.now())
    owner.delete()  # moving the diary: the old account is gone, its email is free
    copy = make_user("copy")
    result = import_account(copy, first)
    assert result.ok, result.errors
    assert result.counts["experiments"] == 2 and result.counts["medicines"] == 2
    copy.refresh_from_db()
    second = account_zip(copy, timezone.now())
    assert files_of(second) == files_of(first)
    assert copy.email == "owner@example.org" and copy.profile.timezone == "Europe/Berlin"
    assert not PushSubscription.objects.filter(owner=copy).exists()


def test_an_email_another_account_still_uses_is_not_copied(owner, make_user):
    build_whole_account(owner)
    copy = make_user("copy")
    assert import_account(copy, account_zip(owner, timezone.now())).ok
    copy.refresh_from_db()
    assert copy.email == "" and copy.profile.display_name == "Ana Owner"


def test_the_account_page_imports_the_zip_into_a_new_account(client, owner, make_user):
    build_whole_account(owner)
    content = account_zip(owner, timezone.now())
    copy = make_user("copy")
    client.force_login(copy)
    response = client.post(reverse("diary:import-archive"),
                           {"archive": SimpleUploadedFile("spasm-diary.zip", content)})
    assert response.status_code == 302 and response["Location"] == reverse("account:settings")
    assert response.cookies["django_language"].value == "sv"  # the page now speaks the imported language
    assert Episode.objects.filter(owner=copy).count() == Episode.objects.filter(owner=owner).count()


def test_the_command_imports_the_zip(tmp_path, owner, make_user, capsys):
    build_whole_account(owner)
    path = tmp_path / "export.zip"
    path.write_bytes(account_zip(owner, timezone.now()))
    copy = make_user("copy")
    call_command("import_diary", "--username", "copy", str(path))
    assert "2 experiments" in capsys.readouterr().out
    assert CheckIn.objects.filter(owner=copy).count() == CheckIn.objects.filter(owner=owner).count()
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import_diary", "--username", "copy", str(path))  # no longer empty


def test_it_refuses_an_account_that_already_has_entries(owner_client, owner, make_user):
    other = make_user("other")
    content = account_zip(other, timezone.now())
    Medicine.objects.create(owner=owner, name="Mine", kind="other")
    response = owner_client.post(reverse("diary:import-archive"), {"archive": SimpleUploadedFile("a.zip", content)})
    assert response.status_code == 400
    assert "new, empty account" in response.content.decode()


# ---------------------------------------------------------------- hostile and wrong zips

def good_files(owner):
    archive = zipfile.ZipFile(io.BytesIO(account_zip(owner, timezone.now())))
    return {name: archive.read(name) for name in archive.namelist()}


def bomb() -> bytes:
    """A 100 MB file of zeros that packs into about 100 kB."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        with archive.open("episodes.csv", "w", force_zip64=True) as member:
            chunk = b"0" * (1024 * 1024)
            for _ in range(100):
                member.write(chunk)
    return buffer.getvalue()


def lying_bomb(owner) -> bytes:
    """A bomb whose header claims a small unpacked size: reading must still stop at the limit."""
    files = good_files(owner)
    files["checkins.csv"] = files["checkins.csv"] + b"2026-01-01" + b"," * 11 + b"\r\n" * (8 * 1024 * 1024)
    content = bytearray(zip_of(files))
    archive = zipfile.ZipFile(io.BytesIO(bytes(content)))
    info = archive.getinfo("checkins.csv")
    small = (1000).to_bytes(4, "little")
    # The local header's and the central directory's uncompressed size (offsets 22 and 24).
    content[info.header_offset + 22:info.header_offset + 26] = small
    central = None
    for offset in range(len(content) - 4):
        if content[offset:offset + 4] == b"PK\x01\x02":
            name_length = int.from_bytes(content[offset + 28:offset + 30], "little")
            if content[offset + 46:offset + 46 + name_length] == b"checkins.csv":
                content[offset + 24:offset + 28] = small
                central = offset
    assert central is not None
    return bytes(content)


@pytest.mark.parametrize("case, expected", [
    ("not_a_zip", "not a ZIP file"),
    ("traversal", "does not export: ../../etc/passwd"),
    ("absolute", "does not export: /tmp/evil.csv"),
    ("directory", "does not export: data/"),
    ("extra_file", "does not export: evil.py"),
    ("missing_profile", "has no profile.json"),
    ("bomb", "episodes.csv is larger than"),
    ("bad_json", "profile.json is not valid JSON"),
    ("profile_list", "profile.json: profile has the wrong type"),
    ("bad_timezone", "Mars/Olympus is not a known time zone"),
    ("bad_language", "language"),
    ("bad_medicine", "medicines.csv, line 2"),
    ("bad_episode", "episodes.csv, line 2"),
    ("bad_experiment", "experiments.json, experiment 1"),
    ("binary", "is not UTF-8 text"),
    ("duplicate", "holds profile.json twice"),
    ("row_out_of_range", "names a row episodes.csv does not have"),
    ("nan_threshold", "profile.json is not valid JSON"),
    ("adherence_outside", "is outside the experiment"),
    ("row_not_a_number", "must list row numbers"),
])
def test_a_bad_zip_gets_a_clear_message_and_saves_nothing(client, make_user, case, expected):
    source = make_user("source")
    build_full_diary(source)
    Medicine.objects.create(owner=source, name="Ibuprofen", kind="other")
    files = good_files(source)
    profile = json.loads(files["profile.json"])
    if case == "not_a_zip":
        content = b"started_at,duration_minutes\r\n"
    elif case in ("traversal", "absolute", "directory", "extra_file"):
        name = {"traversal": "../../etc/passwd", "absolute": "/tmp/evil.csv", "directory": "data/",
                "extra_file": "evil.py"}[case]
        content = zip_of({**files, name: b"x"})
    elif case == "missing_profile":
        content = zip_of({k: v for k, v in files.items() if k != "profile.json"})
    elif case == "bomb":
        content = bomb()
    elif case == "bad_json":
        content = zip_of({**files, "profile.json": b"{not json"})
    elif case == "profile_list":
        content = zip_of({**files, "profile.json": b"[1, 2]"})
    elif case in ("bad_timezone", "bad_language"):
        profile.update(timezone="Mars/Olympus") if case == "bad_timezone" else profile.update(language="xx")
        content = zip_of({**files, "profile.json": json.dumps(profile)})
    elif case == "bad_medicine":
        content = zip_of({**files, "medicines.csv": b"name,kind,started_on,stopped_on,notes\r\nX,poison,,,\r\n"})
    elif case == "bad_episode":
        header = files["episodes.csv"].decode("utf-8-sig").splitlines()[0]
        content = zip_of({**files, "episodes.csv": f"{header}\r\n2026-05-01T09:00:00+02:00,,15,,,,,,,,\r\n".encode()})
    elif case == "bad_experiment":
        experiments = {"experiments": [{"suspect": "no_alcohol", "design": "days", "weeks": 6,
                                        "start_date": "2026-01-01", "seed": 1, "schedule": "1x" * 21}]}
        content = zip_of({**files, "experiments.json": json.dumps(experiments)})
    elif case == "binary":
        content = zip_of({**files, "medicines.csv": b"\xff\xfe\x00\x00binary"})
    elif case in ("row_out_of_range", "row_not_a_number"):
        profile["episode_rows_without_red_flag_question"] = [999] if case == "row_out_of_range" else ["1"]
        content = zip_of({**files, "profile.json": json.dumps(profile)})
    elif case == "nan_threshold":
        profile["custom_factors"] = [{"label": "x", "kind": "number", "threshold": float("nan")}]
        content = zip_of({**files, "profile.json": json.dumps(profile)})
    elif case == "adherence_outside":
        experiments = {"experiments": [{"suspect": "no_alcohol", "design": "days", "weeks": 6, "seed": 1,
                                        "start_date": "2026-01-01", "schedule": "10" * 21,
                                        "adherence": [{"date": "2026-03-01", "followed": True}]}]}
        content = zip_of({**files, "experiments.json": json.dumps(experiments)})
    elif case == "duplicate":
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            for name, data in files.items():
                archive.writestr(name, data)
            with pytest.warns(UserWarning):
                archive.writestr("profile.json", b"{}")
        content = buffer.getvalue()
    target = make_user("target")
    client.force_login(target)
    response = client.post(reverse("diary:import-archive"), {"archive": SimpleUploadedFile("x.zip", content)})
    assert response.status_code == 400
    page = response.content.decode()
    assert expected in page, page[page.find("archive-errors"):][:600]
    assert nothing_in(target)
    target.profile.refresh_from_db()
    assert target.profile.timezone != "Mars/Olympus" and target.profile.country == ""


def test_a_bomb_with_a_lying_header_stops_at_the_limit(owner, make_user):
    build_full_diary(owner)
    target = make_user("target")
    result = import_account(target, lying_bomb(owner))
    assert not result.ok and any("checkins.csv" in error for error in result.errors)
    assert nothing_in(target)


def test_a_late_problem_rolls_back_the_settings_already_written(owner, make_user):
    """Settings are written before the diary's rows are checked against the account: all go together."""
    build_whole_account(owner)
    files = good_files(owner)
    checkins = files["checkins.csv"].decode("utf-8-sig").splitlines()
    files["checkins.csv"] = "\r\n".join(checkins + [checkins[1]]).encode()  # the same day twice
    target = make_user("target")
    result = import_account(target, zip_of(files))
    assert not result.ok and any("appears twice" in error for error in result.errors)
    assert nothing_in(target) and not ReminderSetting.objects.filter(user=target, enabled=True).exists()
    target.refresh_from_db()
    assert target.email == "" and target.profile.country == ""


def test_an_upload_of_a_few_megabytes_reaches_the_import(owner_client):
    """The request-size middleware lets this path take the archive's 20 MB (not the 1 MB of a form)."""
    response = owner_client.post(reverse("diary:import-archive"),
                                 {"archive": SimpleUploadedFile("big.zip", b"0" * (3 * 1024 * 1024))})
    assert response.status_code == 400 and "not a ZIP file" in response.content.decode()


def test_an_upload_over_the_limit_is_refused(owner_client):
    response = owner_client.post(reverse("diary:import-archive"),
                                 {"archive": SimpleUploadedFile("big.zip", b"PK" + b"0" * MAX_ARCHIVE_BYTES)})
    assert response.status_code == 400 and "larger than 20 MB" in response.content.decode()
    response = owner_client.post(reverse("diary:import-archive"),
                                 {"archive": SimpleUploadedFile("huge.zip", b"0" * (MAX_ARCHIVE_BYTES + 512 * 1024))})
    assert response.status_code == 413
