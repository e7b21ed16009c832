"""The user's own factors: managing them, answering them in the check-in, loading and CSV round trip."""
import pytest
from django.urls import reverse

from diary.models import CheckIn, CheckInCustomValue, CustomFactor
from diary.records import load_diary, local_today

LIST = "/account/factors/"
TODAY = "/checkins/today/"


def make_factor(owner, label="cold weather", kind="yesno", threshold=None, position=0):
    return CustomFactor.objects.create(owner=owner, label=label, kind=kind, threshold=threshold, position=position)


# ---------------------------------------------------------------- managing

def test_it_adds_a_yes_no_factor(owner_client, owner):
    response = owner_client.post(LIST, {"label": "  cold   weather ", "kind": "yesno", "threshold": "5"})
    assert response.status_code == 302
    factor = CustomFactor.objects.get(owner=owner)
    assert (factor.label, factor.kind, factor.threshold) == ("cold weather", "yesno", None)


def test_it_adds_a_number_factor_with_its_threshold(owner_client, owner):
    owner_client.post(LIST, {"label": "hours on feet", "kind": "number", "threshold": "6,5"})
    factor = CustomFactor.objects.get(owner=owner)
    assert factor.kind == "number" and factor.threshold == 6.5


@pytest.mark.parametrize("data, field, message", [
    ({"label": "", "kind": "yesno"}, "label", "Give the factor a name"),
    ({"label": "a=b", "kind": "yesno"}, "label", "cannot contain"),
    ({"label": "=cmd", "kind": "yesno"}, "label", "Start the name with a letter"),
    ({"label": "x" * 41, "kind": "yesno"}, "label", "At most 40 characters"),
    ({"label": "hours", "kind": "number", "threshold": ""}, "threshold", "Give the value from which a day counts"),
    ({"label": "hours", "kind": "number", "threshold": "lots"}, "threshold", "is not a number"),
    ({"label": "hours", "kind": "maybe"}, "kind", "is not one of the options"),
])
def test_it_shows_bad_input_beside_the_field(owner_client, owner, data, field, message):
    response = owner_client.post(LIST, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'id="{field}-error"' in html and message in html
    assert not CustomFactor.objects.exists()


def test_it_refuses_a_second_factor_with_the_same_name(owner_client, owner):
    make_factor(owner, "Cold weather")
    response = owner_client.post(LIST, {"label": "cold WEATHER", "kind": "yesno"})
    assert "already have a factor with this name" in response.content.decode()
    assert CustomFactor.objects.count() == 1


def test_it_allows_ten_factors_and_says_so_beside_the_field_for_the_eleventh(owner_client, owner):
    for i in range(9):
        make_factor(owner, f"factor {i}", position=i)
    assert owner_client.post(LIST, {"label": "tenth", "kind": "yesno"}).status_code == 302
    page = owner_client.get(LIST).content.decode()
    assert "at most 10 own factors" in page and 'id="label-error"' in page
    response = owner_client.post(LIST, {"label": "eleventh", "kind": "yesno"})
    assert response.status_code == 200 and "at most 10 own factors" in response.content.decode()
    assert CustomFactor.objects.filter(owner=owner).count() == 10


def test_the_limit_is_per_user(owner_client, owner, outsider):
    for i in range(10):
        make_factor(outsider, f"factor {i}", position=i)
    assert owner_client.post(LIST, {"label": "mine", "kind": "yesno"}).status_code == 302


def test_it_edits_the_name_and_threshold_but_not_the_kind(owner_client, owner):
    factor = make_factor(owner, "hours on feet", "number", 6)
    url = reverse("diary:custom-factor-edit", args=[factor.pk])
    assert owner_client.get(url).status_code == 200
    response = owner_client.post(url, {"label": "hours standing", "kind": "yesno", "threshold": "7"})
    assert response.status_code == 302
    factor.refresh_from_db()
    assert (factor.label, factor.kind, factor.threshold) == ("hours standing", "number", 7.0)


def test_it_removes_a_factor_and_its_answers_after_asking(owner_client, owner):
    factor = make_factor(owner)
    checkin = CheckIn.objects.create(owner=owner, date=local_today(owner), stress=2)
    CheckInCustomValue.objects.create(checkin=checkin, factor=factor, value=1)
    url = reverse("diary:custom-factor-delete", args=[factor.pk])
    assert "1 recorded answer will be deleted" in owner_client.get(url).content.decode()
    assert owner_client.post(url).status_code == 302
    assert not CustomFactor.objects.exists() and not CheckInCustomValue.objects.exists()
    assert CheckIn.objects.filter(pk=checkin.pk).exists()


@pytest.mark.parametrize("name", ["diary:custom-factor-edit", "diary:custom-factor-delete"])
def test_an_outsider_gets_404(outsider_client, owner, name):
    factor = make_factor(owner)
    url = reverse(name, args=[factor.pk])
    assert outsider_client.get(url).status_code == 404
    assert outsider_client.post(url, {"label": "mine", "kind": "yesno"}).status_code == 404
    factor.refresh_from_db()
    assert factor.label == "cold weather"


def test_the_list_shows_only_your_own(outsider_client, owner):
    make_factor(owner, "secret suspect")
    assert "secret suspect" not in outsider_client.get(LIST).content.decode()


def test_pages_need_a_login(client):
    assert client.get(LIST).status_code == 302


# ---------------------------------------------------------------- check-in

def test_the_check_in_asks_each_factor_and_saves_answers(owner_client, owner):
    cold = make_factor(owner, "cold weather", position=0)
    feet = make_factor(owner, "hours on feet", "number", 6, position=1)
    html = owner_client.get(TODAY).content.decode()
    assert "cold weather" in html and "hours on feet" in html
    response = owner_client.post(TODAY, {f"custom_{cold.pk}": "yes", f"custom_{feet.pk}": "7.5"})
    assert response.status_code == 302
    diary = load_diary(owner)
    assert diary.checkins[0].custom == {"cold weather": True, "hours on feet": 7.5}
    assert [(f.label, f.kind, f.threshold) for f in diary.custom_factors] == [
        ("cold weather", "yesno", None), ("hours on feet", "number", 6.0)]
    html = owner_client.get(TODAY).content.decode()
    assert f'id="id_custom_{cold.pk}_yes" value="yes" checked' in html and 'value="7.5"' in html


def test_a_check_in_with_only_an_own_factor_is_saved_and_blank_stays_unanswered(owner_client, owner):
    cold = make_factor(owner, "cold weather", position=0)
    feet = make_factor(owner, "hours on feet", "number", 6, position=1)
    owner_client.post(TODAY, {f"custom_{cold.pk}": "no", f"custom_{feet.pk}": ""})
    assert load_diary(owner).checkins[0].custom == {"cold weather": False}
    # Editing replaces the answers: clearing one removes it.
    owner_client.post(TODAY, {f"custom_{cold.pk}": "", f"custom_{feet.pk}": "3", "mode": "edit"})
    assert load_diary(owner).checkins[0].custom == {"hours on feet": 3.0}


@pytest.mark.parametrize("value, message", [("lots", "Enter a number"), ("1e9", "out of range")])
def test_a_bad_number_in_the_check_in_is_shown_beside_the_field(owner_client, owner, value, message):
    feet = make_factor(owner, "hours on feet", "number", 6)
    response = owner_client.post(TODAY, {f"custom_{feet.pk}": value, "stress": "3"})
    assert response.status_code == 200
    html = response.content.decode()
    assert f'id="custom_{feet.pk}-error"' in html and message in html
    assert not CheckIn.objects.exists()


def test_an_outsiders_factor_id_in_the_check_in_is_ignored(owner_client, owner, outsider):
    theirs = make_factor(outsider, "theirs")
    owner_client.post(TODAY, {f"custom_{theirs.pk}": "yes", "stress": "2"})
    assert not CheckInCustomValue.objects.exists()


def test_loading_takes_the_same_number_of_queries_with_own_factors_whatever_the_size(owner, make_user):
    from datetime import timedelta

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def build(user, days):
        cold = make_factor(user)
        for offset in range(1, days + 1):
            checkin = CheckIn.objects.create(owner=user, date=local_today(user) - timedelta(days=offset), stress=1)
            CheckInCustomValue.objects.create(checkin=checkin, factor=cold, value=offset % 2)

    big = make_user("big", timezone="Europe/Berlin")
    build(owner, 1)
    build(big, 40)
    counts = []
    for user in (owner, big):
        user.profile  # noqa: B018 - cache the profile, as a request does
        with CaptureQueriesContext(connection) as queries:
            diary = load_diary(user)
        counts.append(len(queries))
    assert counts[0] == counts[1]
    assert sum(1 for c in diary.checkins if c.custom.get("cold weather")) == 20
    assert diary.custom_factors[0].factor_id == "custom:cold weather"


# ---------------------------------------------------------------- CSV

def csv_text(*rows, header="date,stress,custom"):
    from diary.exports import CHECKIN_COLUMNS

    columns = header.split(",")
    full = [",".join(CHECKIN_COLUMNS if "custom" in columns else [c for c in CHECKIN_COLUMNS if c != "custom"])]
    for row in rows:
        cells = dict(zip(columns, row))
        full.append(",".join(f'"{cells.get(c, "")}"' for c in (CHECKIN_COLUMNS if "custom" in columns else
                                                              [c for c in CHECKIN_COLUMNS if c != "custom"])))
    return ("\n".join(full) + "\n").encode()


def test_export_writes_the_custom_column(owner):
    from diary.exports import checkins_csv

    cold = make_factor(owner, "cold weather")
    feet = make_factor(owner, "hours on feet", "number", 6, position=1)
    checkin = CheckIn.objects.create(owner=owner, date=local_today(owner), stress=2)
    CheckInCustomValue.objects.create(checkin=checkin, factor=cold, value=1)
    CheckInCustomValue.objects.create(checkin=checkin, factor=feet, value=6.25)
    text = checkins_csv(load_diary(owner).checkins)
    assert text.splitlines()[0].endswith(",notes,custom")
    assert text.splitlines()[1].endswith(",cold weather=yes;hours on feet=6.25")


def test_import_reads_the_custom_column_and_creates_the_factors(owner):
    from diary.imports import import_files

    result = import_files(owner, [("checkins.csv", csv_text(
        ("2026-05-01", "3", "cold weather=yes;long drive=no;hours on feet=6"),
        ("2026-05-02", "", "Cold Weather=no;hours on feet=7,5"),
    ))])
    assert result.ok, [str(e) for e in result.errors]
    diary = load_diary(owner)
    assert [(f.label, f.kind, f.threshold) for f in diary.custom_factors] == [
        ("cold weather", "yesno", None), ("long drive", "yesno", None), ("hours on feet", "number", None)]
    assert [c.custom for c in diary.checkins] == [
        {"cold weather": True, "long drive": False, "hours on feet": 6.0},
        {"cold weather": False, "hours on feet": 7.5},
    ]


def test_import_uses_the_kind_of_an_existing_factor(owner):
    from diary.imports import import_files

    make_factor(owner, "hours on feet", "number", 6)
    result = import_files(owner, [("checkins.csv", csv_text(("2026-05-01", "", "hours on feet=yes")))])
    assert not result.ok
    assert result.errors[0].line == 2 and "hours on feet" in result.errors[0].message and "not a number" in result.errors[0].message


@pytest.mark.parametrize("cell, message", [
    ("cold weather", "is not label=value"),
    ("cold weather=", "is not label=value"),
    ("-x=yes", "Start the name"),
    ("=yes", "Give the factor a name"),
    ("a=yes;A=no", "appears twice"),
])
def test_import_reports_a_bad_custom_cell_with_its_line(owner, cell, message):
    from diary.imports import import_files

    result = import_files(owner, [("checkins.csv", csv_text(("2026-05-01", "2", ""), ("2026-05-02", "2", cell)))])
    assert [e.line for e in result.errors] == [3]
    assert "custom" in result.errors[0].message and message in result.errors[0].message
    assert not CheckIn.objects.exists()


def test_import_respects_the_limit_of_ten(owner):
    from diary.imports import import_files

    for i in range(8):
        make_factor(owner, f"factor {i}", position=i)
    result = import_files(owner, [("checkins.csv", csv_text(
        ("2026-05-01", "", "factor 0=yes;new one=yes"),
        ("2026-05-02", "", "new two=3"),
        ("2026-05-03", "", "new three=no"),
    ))])
    assert [e.line for e in result.errors] == [4]
    assert "own factor number 11" in result.errors[0].message and "at most 10" in result.errors[0].message
    assert CustomFactor.objects.filter(owner=owner).count() == 8 and not CheckIn.objects.exists()


def test_a_file_without_the_custom_column_imports_as_before(owner):
    from diary.imports import import_files

    result = import_files(owner, [("checkins.csv", csv_text(("2026-05-01", "4"), header="date,stress"))])
    assert result.ok and load_diary(owner).checkins[0].custom == {}
    assert not CustomFactor.objects.exists()


def test_importing_the_same_file_twice_changes_nothing_and_a_different_answer_is_an_error(owner):
    from diary.imports import import_files

    first = csv_text(("2026-05-01", "", "cold weather=yes"))
    assert import_files(owner, [("checkins.csv", first)]).ok
    again = import_files(owner, [("checkins.csv", first)])
    assert again.ok and again.skipped == 1
    changed = import_files(owner, [("checkins.csv", csv_text(("2026-05-01", "", "cold weather=no")))])
    assert not changed.ok and "different check-in" in changed.errors[0].message


def test_export_then_import_gives_back_the_same_diary(owner, make_user):
    from diary.exports import checkins_csv, csv_bytes
    from diary.imports import import_files

    cold = make_factor(owner, "cold weather")
    feet = make_factor(owner, "hours on feet", "number", 6, position=1)
    drive = make_factor(owner, "long drive", position=2)
    for offset in range(1, 30):
        checkin = CheckIn.objects.create(owner=owner, date=local_today(owner).fromordinal(local_today(owner).toordinal() - offset),
                                         stress=offset % 11)
        if offset % 2:
            CheckInCustomValue.objects.create(checkin=checkin, factor=cold, value=offset % 3 == 0)
        if offset % 5:
            CheckInCustomValue.objects.create(checkin=checkin, factor=feet, value=offset / 4)
        if offset == 7:
            CheckInCustomValue.objects.create(checkin=checkin, factor=drive, value=0)
    original = load_diary(owner)
    copy = make_user("copy", timezone="Europe/Berlin")
    result = import_files(copy, [("checkins.csv", csv_bytes(checkins_csv(original.checkins)))])
    assert result.ok, [str(e) for e in result.errors]
    restored = load_diary(copy)
    assert restored.checkins == original.checkins
    assert {(f.label, f.kind) for f in restored.custom_factors} == {(f.label, f.kind) for f in original.custom_factors}
    # The same file into the original diary: every row already there.
    again = import_files(owner, [("checkins.csv", csv_bytes(checkins_csv(original.checkins)))])
    assert again.ok and again.skipped == len(original.checkins)


def test_the_account_export_names_each_factor_with_its_threshold(owner_client, owner):
    import io
    import json
    import zipfile

    make_factor(owner, "hours on feet", "number", 6)
    response = owner_client.get("/account/export/")
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    profile = json.loads(archive.read("profile.json"))
    assert profile["custom_factors"] == [{"label": "hours on feet", "kind": "number", "threshold": 6.0}]


def test_an_own_factor_answered_in_check_ins_is_analysed_on_the_patterns_page(owner_client, owner):
    from datetime import datetime, time, timedelta

    from diary.models import Episode

    cold = make_factor(owner, "cold weather")
    today = local_today(owner)
    for offset in range(1, 61):
        day = today - timedelta(days=offset)
        exposed = offset % 2 == 0
        checkin = CheckIn.objects.create(owner=owner, date=day, stress=2)
        CheckInCustomValue.objects.create(checkin=checkin, factor=cold, value=float(exposed))
        if (exposed and offset % 4 == 0) or offset % 10 == 1:
            Episode.objects.create(owner=owner, started_at=datetime.combine(day, time(9), tzinfo=owner.profile.tzinfo),
                                   intensity=4)
    html = owner_client.get("/patterns/").content.decode()
    assert "cold weather" in html


@pytest.mark.parametrize("value", ["\x00", "nan", "inf", "-inf", "1e999", "9" * 400, "<script>", "１２", " "])
def test_hostile_values_never_give_a_500(owner_client, owner, value):
    feet = make_factor(owner, "hours on feet", "number", 6)
    cold = make_factor(owner, "cold weather", position=1)
    for data in (
        {"label": value, "kind": "yesno"},
        {"label": "x" + value, "kind": "number", "threshold": value},
        {"label": "ok", "kind": value},
    ):
        assert owner_client.post(LIST, data).status_code in (200, 302)
    edit = reverse("diary:custom-factor-edit", args=[feet.pk])
    assert owner_client.post(edit, {"label": value, "threshold": value}).status_code in (200, 302)
    response = owner_client.post(TODAY, {f"custom_{feet.pk}": value, f"custom_{cold.pk}": value, "stress": "1"})
    assert response.status_code in (200, 302)
    for stored in CheckInCustomValue.objects.all():
        assert stored.value == stored.value and abs(stored.value) <= 100000  # finite and in range
