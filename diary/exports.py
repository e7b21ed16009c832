"""CSV export of a diary in the brief's format (episodes.csv, checkins.csv) and the export-all ZIP.

Everything here works on the plain records of diary.records (load_diary reads a diary in a
fixed number of queries); nothing touches the ORM.

Formula neutralisation. A spreadsheet runs a cell that starts with = + - @, a tab or a
carriage return as a formula, so a note such as "=HYPERLINK(...)" could act when the file is
opened. Only free-text cells can start that way (slugs, dates and non-negative numbers never
do), so only text cells are neutralised: such a note is written with one apostrophe in front
("=1+1" -> "'=1+1"), which spreadsheets show as text. To keep the round trip exact, the import
removes a leading apostrophe only where the export could have added it, i.e. when it is
followed by a formula character or by another apostrophe. For that rule to be reversible, a
note that itself starts with an apostrophe followed by one of those characters ("'=x", "''")
also gets one apostrophe in front on export. A note such as "'hello" (apostrophe then an
ordinary character) is written and read back unchanged.
"""
from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import date, datetime

from .custom_factors import format_cell
from .records import CheckInRecord, DiaryData, EpisodeRecord

EPISODE_COLUMNS = (
    "started_at", "duration_minutes", "intensity", "kind", "locations", "side", "context",
    "triggers", "reliefs", "red_flags", "notes",
)
CHECKIN_COLUMNS = (
    "date", "fluid_litres", "caffeine_drinks", "alcohol_units", "stress", "sleep_hours",
    "activities", "exercise_minutes", "sitting_hours", "worst_pain", "notes", "custom",
)
# Optional on import: a file written before the user's own factors existed has no `custom` column.
OPTIONAL_CHECKIN_COLUMNS = ("custom",)
MEDICINE_COLUMNS = ("name", "kind", "started_on", "stopped_on", "notes")
ALERT_NOTE_COLUMNS = ("rule", "key", "discussed_on", "note", "status")

LIST_SEPARATOR = ";"
OUTCOME_SEPARATOR = ":"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"


def neutralise_formula(text: str) -> str:
    """Prefix a text cell with an apostrophe where a spreadsheet would run it (see module doc)."""
    if text.startswith(FORMULA_STARTS) or (
        text.startswith(QUOTE) and len(text) > 1 and text[1] in FORMULA_STARTS + (QUOTE,)
    ):
        return QUOTE + text
    return text


def restore_formula(text: str) -> str:
    """The inverse of neutralise_formula: drop the apostrophe only where the export added it."""
    if text.startswith(QUOTE) and len(text) > 1 and text[1] in FORMULA_STARTS + (QUOTE,):
        return text[1:]
    return text


def format_number(value) -> str:
    """A number as the shortest plain decimal ("1.5", "2", "0.25"); None as an empty cell."""
    if value is None:
        return ""
    if isinstance(value, int):
        return str(value)
    return f"{value:.2f}".rstrip("0").rstrip(".")


def format_started_at(started_at: datetime) -> str:
    """ISO 8601 with the UTC offset, in the timezone the record carries (the owner's)."""
    return started_at.isoformat()


def episode_row(episode: EpisodeRecord) -> list[str]:
    reliefs = LIST_SEPARATOR.join(
        f"{slug}{OUTCOME_SEPARATOR}{outcome}" if outcome else slug for slug, outcome in episode.reliefs
    )
    return [
        format_started_at(episode.started_at),
        format_number(episode.duration_minutes),
        str(episode.intensity),
        episode.kind,
        LIST_SEPARATOR.join(episode.locations),
        episode.side,
        episode.context,
        LIST_SEPARATOR.join(episode.triggers),
        reliefs,
        LIST_SEPARATOR.join(episode.red_flags),
        neutralise_formula(episode.notes),
    ]


def checkin_row(checkin: CheckInRecord) -> list[str]:
    return [
        checkin.date.isoformat(),
        format_number(checkin.fluid_litres),
        format_number(checkin.caffeine_drinks),
        format_number(checkin.alcohol_units),
        format_number(checkin.stress),
        format_number(checkin.sleep_hours),
        LIST_SEPARATOR.join(checkin.activities),
        format_number(checkin.exercise_minutes),
        format_number(checkin.sitting_hours),
        format_number(checkin.worst_pain),
        neutralise_formula(checkin.notes),
        format_cell(checkin.custom),  # labels start with a letter or digit: never a formula
    ]


def _write(columns, rows) -> str:
    out = io.StringIO()
    # CRLF line ends as RFC 4180 asks; a newline inside a note stays inside its quoted cell.
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerows(rows)
    return out.getvalue()


def episodes_csv(episodes) -> str:
    """episodes.csv for the given EpisodeRecords (oldest first, as load_diary returns them)."""
    return _write(EPISODE_COLUMNS, (episode_row(e) for e in episodes))


def checkins_csv(checkins) -> str:
    return _write(CHECKIN_COLUMNS, (checkin_row(c) for c in checkins))


def medicines_csv(medicines) -> str:
    def iso(day):
        return day.isoformat() if day else ""

    return _write(
        MEDICINE_COLUMNS,
        ([neutralise_formula(m.name), m.kind, iso(m.started_on), iso(m.stopped_on), neutralise_formula(m.notes)]
         for m in medicines),
    )


def alert_notes_csv(alert_notes) -> str:
    return _write(
        ALERT_NOTE_COLUMNS,
        ([n.rule, n.key, n.discussed_on.isoformat(), neutralise_formula(n.note), n.status] for n in alert_notes),
    )


def profile_json(username: str, diary: DiaryData, language: str, exported_at: datetime, extra=None) -> str:
    """The settings of the account; `extra` adds keys the diary records do not hold (email, chart range, reminder)."""
    background = diary.background
    data = {
        "username": username,
        "exported_at": exported_at.isoformat(),
        "timezone": background.timezone,
        "language": language,
        "country": background.country,
        "display_name": background.display_name,
        "health_background": {
            "year_of_birth": background.year_of_birth,
            "pain_duration": background.pain_duration,
            "history_of_cancer": background.history_of_cancer,
            "osteoporosis": background.osteoporosis,
            "long_term_steroids": background.long_term_steroids,
            "weakened_immune_system": background.weakened_immune_system,
        },
        "doctor_questions": background.doctor_questions,
        # checkins.csv carries the answers; the thresholds the user set live here.
        "custom_factors": [
            {"label": f.label, "kind": f.kind, "threshold": f.threshold} for f in diary.custom_factors
        ],
        "counts": {
            "episodes": len(diary.episodes),
            "checkins": len(diary.checkins),
            "medicines": len(diary.medicines),
            "alert_notes": len(diary.alert_notes),
        },
        **(extra or {}),
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def export_all_zip(username: str, diary: DiaryData, language: str, exported_at: datetime,
                   extra_profile=None, extra_files=()) -> bytes:
    """Everything a user has, as a ZIP of CSV files (UTF-8 with BOM, for spreadsheets) and profile.json.

    extra_profile: more keys for profile.json; extra_files: (name, text) pairs such as experiments.json.
    """
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, text in (
            ("episodes.csv", episodes_csv(diary.episodes)),
            ("checkins.csv", checkins_csv(diary.checkins)),
            ("medicines.csv", medicines_csv(diary.medicines)),
            ("alert_notes.csv", alert_notes_csv(diary.alert_notes)),
        ):
            archive.writestr(name, csv_bytes(text))
        archive.writestr(
            "profile.json", profile_json(username, diary, language, exported_at, extra_profile).encode("utf-8"),
        )
        for name, text in extra_files:
            archive.writestr(name, text.encode("utf-8"))
    return buffer.getvalue()


def csv_bytes(text: str) -> bytes:
    """UTF-8 with a byte-order mark, so spreadsheets open accents and emoji correctly; import accepts both."""
    return text.encode("utf-8-sig")


def dated_filename(stem: str, day: date, extension: str) -> str:
    return f"spasm-diary-{stem}-{day.isoformat()}.{extension}"
