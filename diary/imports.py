"""CSV import (episodes.csv, checkins.csv): recognise, validate every row, then write all or nothing.

import_files() takes the uploaded or named files as (name, bytes) pairs and returns an
ImportResult. If any file or row is bad, nothing is written and every problem is reported with
its file, line and reason. Exact duplicates of what the diary already holds are skipped, so
importing the same file twice changes nothing; a check-in date that is already stored with
different values is an error, never a silent overwrite. write_records() is the one writer of
plain records (import and the demo diary both use it): bulk inserts in one transaction, then
one bump of the owner's data version.
"""
from __future__ import annotations

import codecs
import csv
import io
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from datetime import timezone as dt_timezone
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .catalogues import Activity, Context, Kind, Location, Outcome, RedFlag, Relief, Side, Trigger
from . import custom_factors
from .exports import (
    CHECKIN_COLUMNS, EPISODE_COLUMNS, LIST_SEPARATOR, OPTIONAL_CHECKIN_COLUMNS, OUTCOME_SEPARATOR, restore_formula,
)
from .models import (
    EARLIEST_DIARY_DATE, CheckIn, CheckInActivity, Episode, EpisodeLocation, EpisodeRedFlag, EpisodeRelief, EpisodeTrigger,
)
from .records import CheckInRecord, EpisodeRecord, load_diary
from .signals import bump_data_version

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_FILES = 10
MAX_NOTES_CHARS = 4000
# Problems reported per file; parsing stops there (a million bad rows must not cost a million messages).
MAX_ERRORS = 100
FUTURE_TOLERANCE = timedelta(minutes=5)

EPISODES = "episodes"
CHECKINS = "checkins"


@dataclass(frozen=True)
class RowError:
    filename: str
    line: int | None  # None: the problem is with the whole file
    message: str

    def __str__(self):
        if self.line is None:
            return f"{self.filename}: {self.message}"
        return _("%(file)s, line %(line)d: %(message)s") % {
            "file": self.filename, "line": self.line, "message": self.message,
        }


@dataclass
class FileSummary:
    filename: str
    kind: str = ""
    rows: int = 0
    imported: int = 0
    skipped: int = 0


@dataclass
class ImportResult:
    files: list[FileSummary] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    written: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def episodes_imported(self) -> int:
        return sum(f.imported for f in self.files if f.kind == EPISODES)

    @property
    def checkins_imported(self) -> int:
        return sum(f.imported for f in self.files if f.kind == CHECKINS)

    @property
    def skipped(self) -> int:
        return sum(f.skipped for f in self.files)


class RowInvalid(ValueError):
    """One bad cell; the message says which column and why."""


# ---------------------------------------------------------------- cell parsers

def _column_error(column, message, raw):
    return RowInvalid(_("%(column)s: %(message)s (got “%(value)s”)") % {
        "column": column, "message": message, "value": raw[:40],
    })


def parse_int(column, raw, low, high, required=False):
    raw = raw.strip()
    if not raw:
        if required:
            raise RowInvalid(_("%(column)s: a value is required") % {"column": column})
        return None
    try:
        number = Decimal(raw)
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite() or number != number.to_integral_value():
        raise _column_error(column, _("must be a whole number"), raw)
    # Compare before int(): int(Decimal("1e999999999")) would build a billion-digit number.
    if not low <= number <= high:
        raise _column_error(column, _("must be between %(low)d and %(high)d") % {"low": low, "high": high}, raw)
    return int(number)


def parse_decimal(column, raw, high, places):
    raw = raw.strip()
    if not raw:
        return None
    try:
        # A decimal comma (1,5) is what many European spreadsheets write.
        number = Decimal(raw.replace(",", "."))
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite():
        raise _column_error(column, _("must be a number"), raw)
    if not Decimal(0) <= number <= Decimal(high):
        raise _column_error(column, _("must be between 0 and %(high)s") % {"high": high}, raw)
    if -number.as_tuple().exponent > places:
        raise _column_error(column, ngettext(
            "may have at most %(places)d decimal place", "may have at most %(places)d decimal places", places,
        ) % {"places": places}, raw)
    return float(number)


def parse_choice(column, raw, choices):
    raw = raw.strip()
    if raw and raw not in choices.values:
        raise _column_error(column, _("unknown value"), raw)
    return raw


def parse_slugs(column, raw, choices):
    slugs = []
    for part in raw.split(LIST_SEPARATOR):
        slug = part.strip()
        if not slug:
            continue
        if slug not in choices.values:
            raise _column_error(column, _("unknown value"), slug)
        if slug not in slugs:
            slugs.append(slug)
    return tuple(slugs)


def parse_reliefs(column, raw):
    reliefs = []
    seen = set()
    for part in raw.split(LIST_SEPARATOR):
        part = part.strip()
        if not part:
            continue
        slug, _sep, outcome = part.partition(OUTCOME_SEPARATOR)
        slug, outcome = slug.strip(), outcome.strip()
        if slug not in Relief.values:
            raise _column_error(column, _("unknown value"), slug)
        if outcome and outcome not in Outcome.values:
            raise _column_error(column, _("unknown outcome (helped, partly or no_help)"), part)
        if slug not in seen:
            seen.add(slug)
            reliefs.append((slug, outcome))
    return tuple(reliefs)


def parse_notes(column, raw):
    notes = restore_formula(raw)
    if "\x00" in notes:  # as the forms: PostgreSQL cannot store a NUL character
        raise RowInvalid(_("%(column)s: contains a NUL character") % {"column": column})
    if len(notes) > MAX_NOTES_CHARS:
        raise RowInvalid(_("%(column)s: at most %(max)d characters") % {"column": column, "max": MAX_NOTES_CHARS})
    return notes


def parse_started_at(raw, now):
    raw = raw.strip()
    if not raw:
        raise RowInvalid(_("started_at: a value is required"))
    try:
        started_at = datetime.fromisoformat(raw)
    except ValueError:
        raise _column_error("started_at", _("not a date and time like 2025-03-14T18:30:00+01:00"), raw) from None
    if started_at.tzinfo is None or started_at.utcoffset() is None:
        raise _column_error("started_at", _("needs a UTC offset such as +01:00"), raw)
    # The year first: an offset on 0001-01-01 cannot even be converted to UTC.
    if started_at.year < EARLIEST_DIARY_DATE.year or started_at.astimezone(dt_timezone.utc).date() < EARLIEST_DIARY_DATE:
        raise _column_error("started_at", _("is before 1900"), raw)
    if started_at > now + FUTURE_TOLERANCE:
        raise _column_error("started_at", _("is in the future"), raw)
    return started_at


def parse_date(raw, latest):
    raw = raw.strip()
    if not raw:
        raise RowInvalid(_("date: a value is required"))
    try:
        day = date.fromisoformat(raw)
    except ValueError:
        raise _column_error("date", _("not a date like 2025-03-14"), raw) from None
    if day > latest:
        raise _column_error("date", _("is in the future"), raw)
    if day < EARLIEST_DIARY_DATE:
        raise _column_error("date", _("is before 1900"), raw)
    return day


# ---------------------------------------------------------------- rows to records

class _Cells:
    """Parses a row's cells, collecting every bad cell so a row reports all its problems at once."""

    def __init__(self):
        self.problems = []

    def take(self, parser, *args, **kwargs):
        try:
            return parser(*args, **kwargs)
        except RowInvalid as problem:
            self.problems.append(str(problem))
            return None

    def check(self):
        if self.problems:
            raise RowInvalid("; ".join(self.problems))


def episode_from_row(row: dict, tzinfo, now) -> EpisodeRecord:
    cells = _Cells()
    started_at = cells.take(parse_started_at, row["started_at"], now)
    values = dict(
        intensity=cells.take(parse_int, "intensity", row["intensity"], 0, 10, required=True),
        duration_minutes=cells.take(parse_int, "duration_minutes", row["duration_minutes"], 0, 1440),
        kind=cells.take(parse_choice, "kind", row["kind"], Kind),
        side=cells.take(parse_choice, "side", row["side"], Side),
        context=cells.take(parse_choice, "context", row["context"], Context),
        locations=cells.take(parse_slugs, "locations", row["locations"], Location),
        triggers=cells.take(parse_slugs, "triggers", row["triggers"], Trigger),
        reliefs=cells.take(parse_reliefs, "reliefs", row["reliefs"]),
        red_flags=cells.take(parse_slugs, "red_flags", row["red_flags"], RedFlag),
        notes=cells.take(parse_notes, "notes", row["notes"]),
    )
    cells.check()
    local = timezone.localtime(started_at, tzinfo)
    return EpisodeRecord(id=0, started_at=local, local_date=local.date(), **values)


def checkin_from_row(row: dict, latest_date) -> CheckInRecord:
    cells = _Cells()
    values = dict(
        date=cells.take(parse_date, row["date"], latest_date),
        fluid_litres=cells.take(parse_decimal, "fluid_litres", row["fluid_litres"], 15, 2),
        caffeine_drinks=cells.take(parse_int, "caffeine_drinks", row["caffeine_drinks"], 0, 30),
        alcohol_units=cells.take(parse_decimal, "alcohol_units", row["alcohol_units"], 50, 1),
        stress=cells.take(parse_int, "stress", row["stress"], 0, 10),
        sleep_hours=cells.take(parse_decimal, "sleep_hours", row["sleep_hours"], 24, 1),
        activities=cells.take(parse_slugs, "activities", row["activities"], Activity),
        exercise_minutes=cells.take(parse_int, "exercise_minutes", row["exercise_minutes"], 0, 1440),
        sitting_hours=cells.take(parse_decimal, "sitting_hours", row["sitting_hours"], 24, 1),
        worst_pain=cells.take(parse_int, "worst_pain", row["worst_pain"], 0, 10),
        notes=cells.take(parse_notes, "notes", row["notes"]),
        # Still raw text (label -> "yes" or "6"): typed by import_files, which knows the owner's factors.
        custom=cells.take(parse_custom, row.get("custom", "")) or {},
    )
    cells.check()
    return CheckInRecord(**values)


def parse_custom(raw):
    try:
        return dict(custom_factors.parse_cell(raw))
    except custom_factors.CustomValueInvalid as problem:
        raise RowInvalid(f"custom: {problem}") from None


def episode_key(episode: EpisodeRecord):
    """What makes two episodes the same entry: every field (the instant, not its offset)."""
    return (
        episode.started_at, episode.intensity, episode.duration_minutes, episode.kind, episode.side,
        episode.context, frozenset(episode.locations), frozenset(episode.triggers),
        frozenset(episode.reliefs), frozenset(episode.red_flags), episode.notes,
    )


def checkin_values(checkin: CheckInRecord):
    return (
        checkin.fluid_litres, checkin.caffeine_drinks, checkin.alcohol_units, checkin.stress,
        checkin.sleep_hours, frozenset(checkin.activities), checkin.exercise_minutes,
        checkin.sitting_hours, checkin.worst_pain, checkin.notes, frozenset(checkin.custom.items()),
    )


# ---------------------------------------------------------------- files

@dataclass
class ParsedFile:
    summary: FileSummary
    episodes: list[tuple[int, EpisodeRecord]] = field(default_factory=list)
    checkins: list[tuple[int, CheckInRecord]] = field(default_factory=list)


def _normalise_header(cells):
    return [cell.strip().lower() for cell in cells]


def recognise(header: list[str], filename: str) -> tuple[str, list[RowError]]:
    """The file's kind from its header, or the reason it is not one of ours."""
    columns = set(header)
    for kind, expected, anchor in ((EPISODES, EPISODE_COLUMNS, "started_at"), (CHECKINS, CHECKIN_COLUMNS, "date")):
        optional = OPTIONAL_CHECKIN_COLUMNS if kind == CHECKINS else ()
        if columns == set(expected) and len(header) == len(expected):
            return kind, []
        required = [c for c in expected if c not in optional]
        if columns == set(required) and len(header) == len(required):
            return kind, []
        if anchor in columns:
            missing = [c for c in required if c not in columns]
            unknown = [c for c in header if c not in expected]
            duplicated = sorted({c for c in header if header.count(c) > 1})
            parts = []
            if missing:
                parts.append(_("missing columns: %s") % ", ".join(missing))
            if unknown:
                parts.append(_("unknown columns: %s") % ", ".join(unknown))
            if duplicated:
                parts.append(_("repeated columns: %s") % ", ".join(duplicated))
            label = _("an episodes file") if kind == EPISODES else _("a check-ins file")
            return "", [RowError(filename, 1, _("looks like %(label)s, but the header has %(problems)s.") % {
                "label": label, "problems": "; ".join(parts),
            })]
    return "", [RowError(filename, 1, _(
        "unknown header: expected the columns of episodes.csv (started_at, …) or checkins.csv (date, …)."
    ))]


def _first_non_utf8_byte(data: bytes) -> int | None:
    """The offset of the first byte that is not UTF-8, checked in chunks without a decoded copy."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    view = memoryview(data)
    chunk = 64 * 1024
    for start in range(0, len(data), chunk):
        try:
            decoder.decode(view[start:start + chunk], final=start + chunk >= len(data))
        except UnicodeDecodeError as problem:
            return start + problem.start
    return None


def parse_file(filename: str, data: bytes, tzinfo, now, latest_date) -> tuple[ParsedFile, list[RowError]]:
    parsed = ParsedFile(FileSummary(filename))
    if len(data) > MAX_FILE_BYTES:
        return parsed, [RowError(filename, None, _("the file is larger than %(mb)d MB; split it into smaller files.") % {
            "mb": MAX_FILE_BYTES // (1024 * 1024)})]
    if data.startswith(b"PK\x03\x04"):
        return parsed, [RowError(filename, None, _(
            "this is a ZIP file. Unzip it first and upload episodes.csv and checkins.csv.")
        )]
    if b"\x00" in data:  # text never holds NUL: a spreadsheet's binary format, an image, ...
        return parsed, [RowError(filename, data.count(b"\n", 0, data.index(b"\x00")) + 1, _(
            "this is not a text file (it holds binary data). Save it from your spreadsheet as “CSV UTF-8”."))]
    bad_byte = _first_non_utf8_byte(data)
    if bad_byte is not None:
        return parsed, [RowError(filename, data.count(b"\n", 0, bad_byte) + 1, _(
            "the file is not UTF-8 text. Save it from your spreadsheet as “CSV UTF-8” and try again."))]
    # Decoded as it is read (a StringIO of the whole text took four bytes a character), with or
    # without a byte-order mark; strict: a quote never closed is an error, not rows folded into one.
    text = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8-sig", newline="")
    reader = csv.reader(text, strict=True)
    errors = []
    previous_line = 0
    try:
        header = next((row for row in reader if any(cell.strip() for cell in row)), None)
        if header is None:
            return parsed, [RowError(filename, None, _("the file is empty."))]
        header = _normalise_header(header)
        kind, header_errors = recognise(header, filename)
        if header_errors:
            return parsed, header_errors
        parsed.summary.kind = kind
        previous_line = reader.line_num
        for cells in reader:
            line, previous_line = previous_line + 1, reader.line_num
            if not any(cell.strip() for cell in cells):
                continue
            parsed.summary.rows += 1
            if len(errors) >= MAX_ERRORS:
                # Enough to act on; the rest is only counted, so memory stays flat whatever the file.
                unchecked = 1 + sum(1 for _cells in reader)
                errors.append(RowError(filename, None, ngettext(
                    "stopped after the first %(max)d problems; %(count)d more row was not checked.",
                    "stopped after the first %(max)d problems; %(count)d more rows were not checked.",
                    unchecked) % {"max": MAX_ERRORS, "count": unchecked}))
                break
            if len(cells) != len(header):
                errors.append(RowError(filename, line, _("has %(got)d cells, expected %(expected)d") % {
                    "got": len(cells), "expected": len(header)}))
                continue
            row = dict(zip(header, cells))
            try:
                if kind == EPISODES:
                    parsed.episodes.append((line, episode_from_row(row, tzinfo, now)))
                else:
                    parsed.checkins.append((line, checkin_from_row(row, latest_date)))
            except RowInvalid as problem:
                errors.append(RowError(filename, line, str(problem)))
    except csv.Error as problem:
        start = previous_line + 1
        if "unexpected end of data" in str(problem):
            message = _("a quotation mark opened on this line is never closed.")
        else:
            message = _("cannot be read as CSV: %s") % problem
        errors.append(RowError(filename, start, message))
    return parsed, errors


def import_files(owner, files, now=None, write=True) -> ImportResult:
    """Validate every file and row; write them all (skipping exact duplicates) only if none is bad."""
    now = now or timezone.now()
    tzinfo = owner.profile.tzinfo
    # One day of slack: a diary exported in a timezone ahead of this account's.
    latest_date = timezone.localtime(now, tzinfo).date() + timedelta(days=1)
    result = ImportResult()
    files = list(files)
    if len(files) > MAX_FILES:
        result.errors.append(RowError("", None, _("at most %(max)d files at a time.") % {"max": MAX_FILES}))
        return result

    parsed_files = []
    for filename, data in files:
        parsed, errors = parse_file(filename, data, tzinfo, now, latest_date)
        parsed_files.append(parsed)
        result.files.append(parsed.summary)
        result.errors.extend(errors)

    existing = load_diary(owner)
    _type_custom_answers(existing, parsed_files, result)
    stored_episodes = Counter(episode_key(e) for e in existing.episodes)
    stored_checkins = {c.date: checkin_values(c) for c in existing.checkins}
    seen_dates = {}
    new_episodes, new_checkins = [], []
    for parsed in parsed_files:
        summary = parsed.summary
        for _line, episode in parsed.episodes:
            key = episode_key(episode)
            if stored_episodes[key] > 0:
                stored_episodes[key] -= 1
                summary.skipped += 1
            else:
                new_episodes.append(episode)
                summary.imported += 1
        for line, checkin in parsed.checkins:
            if checkin.date in seen_dates:
                first_file, first_line = seen_dates[checkin.date]
                result.errors.append(RowError(summary.filename, line, _(
                    "%(date)s appears twice (first at %(file)s, line %(line)d); one check-in per day."
                ) % {"date": checkin.date.isoformat(), "file": first_file, "line": first_line}))
                continue
            seen_dates[checkin.date] = (summary.filename, line)
            stored = stored_checkins.get(checkin.date)
            if stored is None:
                new_checkins.append(checkin)
                summary.imported += 1
            elif stored == checkin_values(checkin):
                summary.skipped += 1
            else:
                result.errors.append(RowError(summary.filename, line, _(
                    "your diary already has a different check-in for %(date)s; edit or delete it first."
                ) % {"date": checkin.date.isoformat()}))

    result.errors.sort(key=lambda e: (e.filename, e.line or 0))
    if result.errors:
        for summary in result.files:
            summary.imported = summary.skipped = 0
        return result
    if write:
        write_records(owner, new_episodes, new_checkins)
        result.written = bool(new_episodes or new_checkins)
    return result


def _type_custom_answers(existing, parsed_files, result) -> None:
    """Type each check-in's own-factor answers by the owner's factors (or new ones, at most ten in all)."""
    rows = [(parsed, line, checkin) for parsed in parsed_files for line, checkin in parsed.checkins]
    typed, _new, problems = custom_factors.resolve_imported(
        [(f.label, f.kind) for f in existing.custom_factors],
        [((id(parsed), line), checkin.custom) for parsed, line, checkin in rows],
    )
    for (parsed_id, line), message in problems:
        filename = next(p.summary.filename for p in parsed_files if id(p) == parsed_id)
        result.errors.append(RowError(filename, line, message))
    for parsed in parsed_files:
        parsed.checkins = [
            (line, replace(checkin, custom=typed[(id(parsed), line)])) for line, checkin in parsed.checkins
        ]


# ---------------------------------------------------------------- writer

def _decimal(value):
    return None if value is None else Decimal(repr(value))


def write_records(owner, episodes, checkins) -> None:
    """Insert plain EpisodeRecords and CheckInRecords for owner, in one transaction, one version bump."""
    tzinfo = owner.profile.tzinfo
    with transaction.atomic():
        episode_rows = []
        for record in episodes:
            episode = Episode(
                owner=owner, started_at=record.started_at, intensity=record.intensity,
                duration_minutes=record.duration_minutes, kind=record.kind, side=record.side,
                context=record.context, notes=record.notes,
            )
            # bulk_create skips Episode.save, which is where local_date is normally set.
            episode.local_date = episode.compute_local_date(tzinfo)
            episode_rows.append(episode)
        Episode.objects.bulk_create(episode_rows)
        locations, triggers, reliefs, red_flags = [], [], [], []
        for episode, record in zip(episode_rows, episodes):
            locations += [EpisodeLocation(episode=episode, location=slug) for slug in record.locations]
            triggers += [EpisodeTrigger(episode=episode, trigger=slug) for slug in record.triggers]
            reliefs += [EpisodeRelief(episode=episode, relief=slug, outcome=outcome) for slug, outcome in record.reliefs]
            red_flags += [EpisodeRedFlag(episode=episode, flag=slug) for slug in record.red_flags]
        EpisodeLocation.objects.bulk_create(locations)
        EpisodeTrigger.objects.bulk_create(triggers)
        EpisodeRelief.objects.bulk_create(reliefs)
        EpisodeRedFlag.objects.bulk_create(red_flags)

        checkin_rows = [
            CheckIn(
                owner=owner, date=record.date, fluid_litres=_decimal(record.fluid_litres),
                caffeine_drinks=record.caffeine_drinks, alcohol_units=_decimal(record.alcohol_units),
                stress=record.stress, sleep_hours=_decimal(record.sleep_hours),
                exercise_minutes=record.exercise_minutes, sitting_hours=_decimal(record.sitting_hours),
                worst_pain=record.worst_pain, notes=record.notes,
            )
            for record in checkins
        ]
        CheckIn.objects.bulk_create(checkin_rows)
        CheckInActivity.objects.bulk_create([
            CheckInActivity(checkin=checkin, activity=slug)
            for checkin, record in zip(checkin_rows, checkins)
            for slug in record.activities
        ])
        custom_factors.write_imported(owner, checkin_rows, checkins)
        if episode_rows or checkin_rows:
            bump_data_version(owner.id)
