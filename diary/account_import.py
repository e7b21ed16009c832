"""Import a complete account export (the ZIP of diary.account_export) into a new, empty account.

diary.account_archive reads the ZIP safely (names, sizes, zip bombs). Every part is then
validated first; then everything is written in one transaction, so a problem anywhere saves
nothing. Problems come back as sentences for the user, never as an exception.
"""
from __future__ import annotations

import csv
import io
import zoneinfo
from dataclasses import dataclass, field
from datetime import date, time

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from experiments.models import AdherenceDay, Experiment
from reminders.models import ReminderSetting

from .account_archive import MAX_ARCHIVE_BYTES, ArchiveInvalid, json_of, read_archive, text_of
from .account_export import EXPERIMENTS_FILE, NOT_ASKED_KEY
from .exports import ALERT_NOTE_COLUMNS, MEDICINE_COLUMNS, restore_formula
from .imports import import_files
from .models import AlertNote, CheckIn, CustomFactor, Episode, Medicine
from .signals import bump_data_version

__all__ = ["MAX_ARCHIVE_BYTES", "AccountImportResult", "import_account", "read_archive"]

MAX_CUSTOM_FACTORS = 10
MAX_EXPERIMENTS = 100


@dataclass
class AccountImportResult:
    errors: list[str] = field(default_factory=list)
    counts: dict = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


def _check(name, value, kinds, where):
    """value if it has one of the JSON types kinds, else ArchiveInvalid naming the field."""
    if isinstance(value, bool) and bool not in kinds:
        value = object()  # true is not a number here
    if not isinstance(value, kinds):
        raise ArchiveInvalid([_("%(file)s: %(field)s has the wrong type.") % {"file": where, "field": name}])
    return value


def _validation_messages(where, problem: ValidationError):
    if hasattr(problem, "message_dict"):
        return [f"{where}: {name}: {' '.join(messages)}" for name, messages in problem.message_dict.items()]
    return [f"{where}: {' '.join(problem.messages)}"]


def _clean(instance, where, exclude):
    try:
        instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
        return []
    except ValidationError as problem:
        return _validation_messages(where, problem)


PROFILE_STRINGS = ("timezone", "language", "country", "display_name", "doctor_questions", "chart_range")
BACKGROUND_FLAGS = ("history_of_cancer", "osteoporosis", "long_term_steroids", "weakened_immune_system")


def apply_profile(user, data) -> tuple[list[str], list[CustomFactor], ReminderSetting | None, str]:
    """Set profile fields on user.profile (unsaved); return problems, factors, reminder and email to store."""
    where = "profile.json"
    _check("profile", data, (dict,), where)
    profile = user.profile
    for key in PROFILE_STRINGS:
        if key in data:
            setattr(profile, key, _check(key, data[key], (str,), where))
    background = _check("health_background", data.get("health_background", {}), (dict,), where)
    if "year_of_birth" in background:
        profile.year_of_birth = _check("year_of_birth", background["year_of_birth"], (int, type(None)), where)
    if "pain_duration" in background:
        profile.pain_duration = _check("pain_duration", background["pain_duration"], (str,), where)
    for key in BACKGROUND_FLAGS:
        if key in background:
            setattr(profile, key, _check(key, background[key], (bool,), where))
    problems = _clean(profile, where, exclude=["user"])
    if profile.timezone not in zoneinfo.available_timezones():
        problems.append(_("%(file)s: %(value)s is not a known time zone.") % {"file": where, "value": profile.timezone[:60]})

    factors, labels = [], set()
    for position, raw in enumerate(_check("custom_factors", data.get("custom_factors", []), (list,), where)):
        _check("custom_factors", raw, (dict,), where)
        factor = CustomFactor(
            owner=user, position=position,
            label=_check("label", raw.get("label"), (str,), where),
            kind=_check("kind", raw.get("kind", CustomFactor.Kind.YESNO), (str,), where),
            threshold=_check("threshold", raw.get("threshold"), (int, float, type(None)), where),
        )
        problems += _clean(factor, where, exclude=["owner"])
        if factor.label.casefold() in labels:
            problems.append(_("%(file)s: the factor %(label)s appears twice.") % {"file": where, "label": factor.label})
        labels.add(factor.label.casefold())
        factors.append(factor)
    if len(factors) > MAX_CUSTOM_FACTORS:
        problems.append(ngettext("%(file)s: at most %(max)d own factor.", "%(file)s: at most %(max)d own factors.",
                                     MAX_CUSTOM_FACTORS) % {"file": where, "max": MAX_CUSTOM_FACTORS})

    reminder = None
    if "reminder" in data:
        raw = _check("reminder", data["reminder"], (dict,), where)
        reminder = ReminderSetting.objects.filter(user=user).first() or ReminderSetting(user=user)
        reminder.enabled = _check("enabled", raw.get("enabled", False), (bool,), where)
        reminder.channel = _check("channel", raw.get("channel", reminder.channel), (str,), where)
        try:
            reminder.local_time = time.fromisoformat(_check("local_time", raw.get("local_time", "20:00"), (str,), where))
        except ValueError:
            problems.append(_("%(file)s: reminder time is not a time like 20:00.") % {"file": where})
        else:
            problems += _clean(reminder, where, exclude=["user"])

    not_asked = _check(NOT_ASKED_KEY, data.get(NOT_ASKED_KEY, []), (list,), where)
    if not all(isinstance(row, int) and not isinstance(row, bool) and row > 0 for row in not_asked):
        problems.append(_("%(file)s: %(field)s must list row numbers.") % {"file": where, "field": NOT_ASKED_KEY})
    email = _check("email", data.get("email", ""), (str,), where).strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            problems.append(_("%(file)s: email is not an email address.") % {"file": where})
    return problems, factors, reminder, email


def _csv_rows(name, content, columns):
    """(line, dict) for each row of a CSV with exactly these columns; ArchiveInvalid otherwise."""
    try:
        rows = list(csv.reader(io.StringIO(text_of(name, content), newline=""), strict=True))
    except csv.Error as problem:
        raise ArchiveInvalid([f"{name}: {problem}"]) from None
    if not rows or tuple(cell.strip() for cell in rows[0]) != columns:
        raise ArchiveInvalid([_("%(file)s: the first line should be %(header)s.") % {
            "file": name, "header": ",".join(columns)}])
    result = []
    for line, row in enumerate(rows[1:], start=2):
        if not row:
            continue
        if len(row) != len(columns):
            raise ArchiveInvalid([_("%(file)s, line %(line)d: %(count)d columns, expected %(expected)d.") % {
                "file": name, "line": line, "count": len(row), "expected": len(columns)}])
        result.append((line, dict(zip(columns, row))))
    return result


def _day(raw, where):
    if raw in ("", None):
        return None
    try:
        return date.fromisoformat(raw)
    except (TypeError, ValueError):
        raise ArchiveInvalid([_("%(where)s: %(value)s is not a date like 2025-03-14.") % {
            "where": where, "value": str(raw)[:40]}]) from None


def parse_medicines(user, content):
    medicines, problems = [], []
    for line, row in _csv_rows("medicines.csv", content, MEDICINE_COLUMNS):
        where = f"medicines.csv, line {line}"
        medicine = Medicine(
            owner=user, name=restore_formula(row["name"]), kind=row["kind"],
            started_on=_day(row["started_on"], where), stopped_on=_day(row["stopped_on"], where),
            notes=restore_formula(row["notes"]),
        )
        problems += _clean(medicine, where, exclude=["owner"])
        medicines.append(medicine)
    return medicines, problems


def parse_alert_notes(user, content):
    notes, problems, keys = [], [], set()
    for line, row in _csv_rows("alert_notes.csv", content, ALERT_NOTE_COLUMNS):
        where = f"alert_notes.csv, line {line}"
        note = AlertNote(
            owner=user, rule=row["rule"], key=row["key"], discussed_on=_day(row["discussed_on"], where),
            note=restore_formula(row["note"]), status=row["status"],
        )
        problems += _clean(note, where, exclude=["owner"])
        if note.key in keys:
            problems.append(_("%(where)s: this alert appears twice.") % {"where": where})
        keys.add(note.key)
        notes.append(note)
    return notes, problems


def parse_experiments(user, content):
    where = EXPERIMENTS_FILE
    data = _check("experiments", json_of(where, content), (dict,), where)
    items = _check("experiments", data.get("experiments", []), (list,), where)
    if len(items) > MAX_EXPERIMENTS:
        raise ArchiveInvalid([_("%(file)s: too many experiments.") % {"file": where}])
    parsed, problems = [], []
    for number, raw in enumerate(items, start=1):
        here = f"{where}, experiment {number}"
        _check("experiment", raw, (dict,), here)
        experiment = Experiment(
            owner=user,
            suspect=_check("suspect", raw.get("suspect"), (str,), here),
            custom_label=_check("custom_label", raw.get("custom_label", ""), (str,), here),
            design=_check("design", raw.get("design"), (str,), here),
            weeks=_check("weeks", raw.get("weeks"), (int,), here),
            start_date=_day(_check("start_date", raw.get("start_date"), (str,), here), here),
            seed=_check("seed", raw.get("seed"), (int,), here),
            schedule=_check("schedule", raw.get("schedule"), (str,), here),
            stopped_on=_day(_check("stopped_on", raw.get("stopped_on"), (str, type(None)), here), here),
        )
        problems += _clean(experiment, here, exclude=["owner"])
        if set(experiment.schedule) - {"0", "1"} or len(experiment.schedule) != experiment.weeks * 7:
            problems.append(_("%(where)s: the schedule must be a string of 0 and 1, one for each day.") % {"where": here})
        if experiment.suspect == "custom" and not experiment.custom_label:
            problems.append(_("%(where)s: an experiment on an own factor needs its name.") % {"where": here})
        days, adherence = set(), []
        for entry in _check("adherence", raw.get("adherence", []), (list,), here):
            _check("adherence", entry, (dict,), here)
            day = _day(_check("date", entry.get("date"), (str,), here), here)
            if experiment.start_date and not 0 <= (day - experiment.start_date).days < len(experiment.schedule):
                problems.append(_("%(where)s: adherence for %(date)s is outside the experiment.") % {
                    "where": here, "date": day})
            if day in days:
                problems.append(_("%(where)s: adherence for %(date)s appears twice.") % {"where": here, "date": day})
            days.add(day)
            adherence.append(AdherenceDay(date=day, followed=_check("followed", entry.get("followed"), (bool,), here)))
        parsed.append((experiment, adherence))
    return parsed, problems


# ---------------------------------------------------------------- the whole import

def account_has_data(user) -> bool:
    return any(model.objects.filter(owner=user).exists()
               for model in (Episode, CheckIn, Medicine, AlertNote, CustomFactor, Experiment))


class _RollBack(Exception):
    pass


def import_account(user, data: bytes, now=None) -> AccountImportResult:
    """Read an account export into user's account, which must be empty; all or nothing."""
    now = now or timezone.now()
    result = AccountImportResult()
    if account_has_data(user):
        result.errors.append(_(
            "This account already has entries. A complete export can only be imported into a new, empty account."
        ))
        return result
    try:
        files = read_archive(data)
        profile_data = json_of("profile.json", files["profile.json"])
        problems, factors, reminder, email = apply_profile(user, profile_data)
        not_asked = profile_data.get(NOT_ASKED_KEY, [])
        medicines, more = parse_medicines(user, files.get("medicines.csv", MEDICINE_HEADER))
        problems += more
        alert_notes, more = parse_alert_notes(user, files.get("alert_notes.csv", ALERT_NOTE_HEADER))
        problems += more
        experiments, more = ([], [])
        if EXPERIMENTS_FILE in files:
            experiments, more = parse_experiments(user, files[EXPERIMENTS_FILE])
        problems += more
    except ArchiveInvalid as problem:
        problems = problem.messages
    if problems:
        user.profile.refresh_from_db()
        result.errors = problems
        return result
    try:
        with transaction.atomic():
            _write(user, factors, reminder, email, medicines, alert_notes, experiments)
            diary = import_files(user, [(name, files[name]) for name in ("episodes.csv", "checkins.csv")], now=now)
            if not diary.ok:
                result.errors = [str(error) for error in diary.errors]
                raise _RollBack
            result.errors = _mark_not_asked(user, not_asked)
            if result.errors:
                raise _RollBack
    except _RollBack:
        user.profile.refresh_from_db()
        user.refresh_from_db()
        return result
    result.counts = {
        "episodes": diary.episodes_imported, "checkins": diary.checkins_imported,
        "medicines": len(medicines), "alert_notes": len(alert_notes), "experiments": len(experiments),
    }
    return result


MEDICINE_HEADER = (",".join(MEDICINE_COLUMNS) + "\r\n").encode()
ALERT_NOTE_HEADER = (",".join(ALERT_NOTE_COLUMNS) + "\r\n").encode()


def _mark_not_asked(user, rows) -> list[str]:
    """Episodes logged without the red-flag question, by their row in episodes.csv (its order: started_at, id)."""
    if not rows:
        return []
    ids = list(Episode.objects.filter(owner=user).order_by("started_at", "id").values_list("id", flat=True))
    if max(rows) > len(ids):
        return [_("profile.json: %(field)s names a row episodes.csv does not have.") % {"field": NOT_ASKED_KEY}]
    Episode.objects.filter(owner=user, id__in=[ids[row - 1] for row in rows]).update(red_flags_asked=False)
    return []


def _write(user, factors, reminder, email, medicines, alert_notes, experiments):
    user.profile.save()
    if email and not user.email and not get_user_model().objects.filter(email__iexact=email).exclude(pk=user.pk).exists():
        user.email = email
        user.save(update_fields=["email"])
    CustomFactor.objects.bulk_create(factors)
    if reminder is not None:
        reminder.save()
    for medicine in medicines:
        medicine.save()
    for note in alert_notes:  # in file order (oldest first), so ids keep the order of equal dates
        note.save()
    for experiment, adherence in experiments:
        experiment.save()
        for day in adherence:
            day.experiment = experiment
        AdherenceDay.objects.bulk_create(adherence)
    bump_data_version(user.id)
