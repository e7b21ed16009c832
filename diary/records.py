"""The one place that reads a diary from the database for analysis, charts and summaries.

load_diary() returns plain, frozen records in a fixed number of queries whatever the
diary's size; everything downstream (analysis, alerts, charts, summary, exports) works
on these records and never touches the ORM.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import connection
from django.db.models import FloatField
from django.db.models.functions import Cast
from django.utils import timezone

from .catalogues import EXERCISE_RELATED
from .history import DiaryHistory
from .models import (
    AlertNote, CheckIn, CheckInActivity, CheckInCustomValue, CustomFactor, Episode, EpisodeLocation, EpisodeRedFlag,
    EpisodeRelief, EpisodeTrigger, Medicine,
)

_EXERCISE_CONTEXTS = {c.value for c in EXERCISE_RELATED}


@dataclass(frozen=True)
class EpisodeRecord:
    id: int
    started_at: datetime  # aware, in the owner's timezone
    local_date: date
    intensity: int
    duration_minutes: int | None = None
    kind: str = ""
    side: str = ""
    context: str = ""
    locations: tuple[str, ...] = ()
    triggers: tuple[str, ...] = ()
    reliefs: tuple[tuple[str, str], ...] = ()  # (relief slug, outcome slug or "")
    red_flags: tuple[str, ...] = ()
    notes: str = ""
    red_flags_asked: bool = True  # False: logged without the red-flag question (an old quick log)

    @property
    def hour(self) -> int:
        return self.started_at.hour

    @property
    def weekday(self) -> int:
        return self.local_date.weekday()

    @property
    def exercise_related(self) -> bool:
        return self.context in _EXERCISE_CONTEXTS


@dataclass(frozen=True)
class CheckInRecord:
    date: date
    fluid_litres: float | None = None
    caffeine_drinks: int | None = None
    alcohol_units: float | None = None
    stress: int | None = None
    sleep_hours: float | None = None
    exercise_minutes: int | None = None
    sitting_hours: float | None = None
    worst_pain: int | None = None
    activities: tuple[str, ...] = ()
    notes: str = ""
    # The user's own factors answered that day: label -> bool (yes/no) or float (a number).
    custom: dict = field(default_factory=dict, hash=False)


@dataclass(frozen=True)
class CustomFactorRecord:
    """One of the user's own factors; analysis calls it `custom:<label>`."""

    label: str
    kind: str  # "yesno" or "number"
    threshold: float | None = None  # a number is exposed at or above it; None: not analysable yet
    id: int | None = field(default=None, compare=False)  # the database row, when read from one

    @property
    def factor_id(self) -> str:
        return f"custom:{self.label}"

    def exposed(self, value) -> bool | None:
        """Whether a day with this answer counts as exposed (None: unknown)."""
        if value is None:
            return None
        if self.kind == "yesno":
            return bool(value)
        if self.threshold is None:
            return None
        return float(value) >= self.threshold


@dataclass(frozen=True)
class MedicineRecord:
    name: str
    kind: str
    started_on: date | None = None
    stopped_on: date | None = None
    notes: str = ""


@dataclass(frozen=True)
class AlertNoteRecord:
    rule: str
    key: str
    discussed_on: date
    note: str = ""
    status: str = "discussed"  # the user's answer: discussed, checked or gone


@dataclass(frozen=True)
class Background:
    timezone: str = "UTC"
    country: str = ""
    emergency_number: str = "112"
    display_name: str = ""
    year_of_birth: int | None = None
    history_of_cancer: bool = False
    osteoporosis: bool = False
    long_term_steroids: bool = False
    weakened_immune_system: bool = False
    doctor_questions: str = ""
    pain_duration: str = ""  # "how long have you had this?": new (under 6 weeks), months, years


@dataclass(frozen=True)
class DiaryData:
    today: date
    episodes: tuple[EpisodeRecord, ...] = ()  # oldest first
    checkins: tuple[CheckInRecord, ...] = ()  # oldest first
    medicines: tuple[MedicineRecord, ...] = ()
    alert_notes: tuple[AlertNoteRecord, ...] = ()
    background: Background = field(default_factory=Background)
    custom_factors: tuple[CustomFactorRecord, ...] = ()  # in the user's order
    # The first local date read (None: the whole history). Runs of alerts may have begun before it.
    loaded_from: date | None = None
    # The whole diary up to `today` in columns (diary.history), when the records above are only a
    # recent window: patterns and history alert rules read it instead of the records.
    history: "DiaryHistory | None" = None
    # Episodes before loaded_from that the episode alert rules speak of (red flags, sharp or long
    # episodes, and those the health background makes relevant), oldest first.
    older_alert_episodes: tuple[EpisodeRecord, ...] = ()

    @property
    def alert_episodes(self) -> tuple[EpisodeRecord, ...]:
        """Every episode an episode alert rule may speak of, oldest first."""
        if not self.older_alert_episodes:
            return self.episodes
        return self.older_alert_episodes + self.episodes

    def between(self, start: date | None, end: date | None) -> "DiaryData":
        """The same diary cut to local dates start..end inclusive (None = open)."""
        def inside(day):
            return (start is None or day >= start) and (end is None or day <= end)

        return DiaryData(
            today=self.today,
            episodes=tuple(e for e in self.episodes if inside(e.local_date)),
            checkins=tuple(c for c in self.checkins if inside(c.date)),
            medicines=self.medicines,
            alert_notes=self.alert_notes,
            background=self.background,
            custom_factors=self.custom_factors,
            loaded_from=start if start is not None else self.loaded_from,
            # The cut holds records only: a whole-diary history would not match it.
            older_alert_episodes=tuple(e for e in self.older_alert_episodes if inside(e.local_date)),
        )


# Child rows are read by the ids just loaded, so no query plan ever has to reach a child table
# through its parent. The ids are written into the SQL as integer literals: they are integers we
# just read, and as parameters Django prepared each one (0.1-0.2 s per query for twenty years
# of episodes) and SQLite before 3.32 allowed only 999 of them. A longer list than _MAX_IDS
# (over a hundred heavy years) is read in chunks.
_MAX_IDS = 30_000


def _by_ids(model, parent_field: str, ids: list[int], columns: tuple[str, ...]):
    """Rows of a child table whose parent is one of `ids`, oldest first; no query at all for none."""
    if not ids:
        return []
    quote = connection.ops.quote_name
    column = f"{quote(model._meta.db_table)}.{quote(model._meta.get_field(parent_field).column)}"
    rows = []
    for literal in _literals(ids):
        # Plain ids, slugs and numbers: read as the driver returns them (_raw_rows).
        rows.extend(_raw_rows(
            model.objects.extra(where=[f"{column} IN ({literal})"]).order_by("id").values_list(parent_field, *columns)
        ))
    return rows


def _literals(ids) -> list[str]:
    """The ids as comma-separated integer literals, _max_ids() to a string (built once per id list)."""
    key = id(ids)
    if _LITERALS.get("key") == key and _LITERALS.get("ids") is ids:
        return _LITERALS["chunks"]
    size = _max_ids()
    chunks = [",".join(map(str, map(int, ids[offset:offset + size]))) for offset in range(0, len(ids), size)]
    _LITERALS.update(key=key, ids=ids, chunks=chunks)
    return chunks


_LITERALS: dict = {}


def _max_ids() -> int:
    return _MAX_IDS


def _as_float(name):
    # Decimal columns read as floats in SQL: the records hold floats, and Decimal conversion of
    # twenty years of check-ins cost more than the query.
    return Cast(name, FloatField())


def load_background(user) -> Background:
    profile = user.profile
    return Background(
        timezone=profile.timezone,
        country=profile.country,
        emergency_number=profile.emergency_number,
        display_name=profile.display_name,
        year_of_birth=profile.year_of_birth,
        history_of_cancer=profile.history_of_cancer,
        osteoporosis=profile.osteoporosis,
        long_term_steroids=profile.long_term_steroids,
        weakened_immune_system=profile.weakened_immune_system,
        doctor_questions=profile.doctor_questions,
        pain_duration=profile.pain_duration,
    )


def load_medicines(user) -> tuple[MedicineRecord, ...]:
    return tuple(
        MedicineRecord(name=m.name, kind=m.kind, started_on=m.started_on, stopped_on=m.stopped_on, notes=m.notes)
        for m in Medicine.objects.filter(owner=user).order_by("started_on", "name")
    )


def _episode_records(queryset, tzinfo, notes: bool, known: "HistoryRead | None" = None) -> tuple[EpisodeRecord, ...]:
    """The episodes of `queryset` as records, oldest first, their child rows read by id.

    known: a load_history read of the same diary, whose locations and red flags are reused when it
    covers every episode here (it does not hold episodes dated after its day).
    """
    episode_columns = ["id", "started_at", "local_date", "intensity", "duration_minutes", "kind", "side", "context",
                       "red_flags_asked"] + (["notes"] if notes else [])
    episode_rows = list(queryset.order_by("started_at", "id").values(*episode_columns))
    episode_ids = [row["id"] for row in episode_rows]

    children = {name: defaultdict(list) for name in ("locations", "triggers", "reliefs", "red_flags")}
    covered = known is not None and all(row["local_date"] <= known.end for row in episode_rows)
    if covered:
        children["red_flags"] = known.red_flags_of
    else:
        for episode_id, slug in _by_ids(EpisodeRedFlag, "episode_id", episode_ids, ("flag",)):
            children["red_flags"][episode_id].append(slug)
    if covered and known.all_locations:
        children["locations"] = known.locations_of
    else:
        for episode_id, slug in _by_ids(EpisodeLocation, "episode_id", episode_ids, ("location",)):
            children["locations"][episode_id].append(slug)
    for episode_id, slug in _by_ids(EpisodeTrigger, "episode_id", episode_ids, ("trigger",)):
        children["triggers"][episode_id].append(slug)
    for episode_id, slug, outcome in _by_ids(EpisodeRelief, "episode_id", episode_ids, ("relief", "outcome")):
        children["reliefs"][episode_id].append((slug, outcome))

    episodes = tuple(
        EpisodeRecord(
            id=row["id"],
            started_at=timezone.localtime(row["started_at"], tzinfo),
            local_date=row["local_date"],
            intensity=row["intensity"],
            duration_minutes=row["duration_minutes"],
            kind=row["kind"],
            side=row["side"],
            context=row["context"],
            locations=tuple(children["locations"].get(row["id"], ())),
            triggers=tuple(children["triggers"].get(row["id"], ())),
            reliefs=tuple(children["reliefs"].get(row["id"], ())),
            red_flags=tuple(children["red_flags"].get(row["id"], ())),
            red_flags_asked=row["red_flags_asked"],
            notes=row.get("notes", ""),
        )
        for row in episode_rows
    )
    return episodes


def load_custom_factors(user) -> tuple[CustomFactorRecord, ...]:
    return tuple(
        CustomFactorRecord(label=f["label"], kind=f["kind"], threshold=f["threshold"], id=f["id"])
        for f in CustomFactor.objects.filter(owner=user).order_by("position", "id").values("id", "label", "kind", "threshold")
    )


def load_diary(user, start: date | None = None, end: date | None = None, *, notes: bool = True,
               history: "HistoryRead | None" = None, medicines: tuple | None = None,
               custom_factors: tuple | None = None) -> DiaryData:
    """Read one user's diary (optionally local dates start..end) in at most eleven queries.

    notes=False leaves the free-text notes out (empty strings): pages that never show them
    (dashboard, patterns, charts) read narrower rows. DiaryData.loaded_from records `start`.

    history: a load_history read of the whole diary (diary.page_data): the result carries its
    columns, and the older episodes it selected are read as records in the same queries.
    """
    tzinfo = user.profile.tzinfo  # the profile is cached on the user after the first access
    background = load_background(user)

    episode_filter = {"owner": user}
    checkin_filter = {"owner": user}
    if start is not None:
        episode_filter["local_date__gte"] = start
        checkin_filter["date__gte"] = start
    if end is not None:
        episode_filter["local_date__lte"] = end
        checkin_filter["date__lte"] = end

    episode_query = Episode.objects.filter(**episode_filter)
    if history is not None and history.older_ids and start is not None:
        # The window, and the older episodes the alert rules speak of, in the same queries.
        quote = connection.ops.quote_name
        table = quote(Episode._meta.db_table)
        literal = ",".join(map(str, map(int, history.older_ids)))
        within = {k: v for k, v in episode_filter.items() if k != "local_date__gte"}
        episode_query = Episode.objects.filter(**within).extra(
            where=[f"({table}.{quote('local_date')} >= %s OR {table}.{quote('id')} IN ({literal}))"], params=[start])
    episodes = _episode_records(episode_query, tzinfo, notes, known=history)
    older = ()
    if start is not None:
        older = tuple(e for e in episodes if e.local_date < start)
        episodes = tuple(e for e in episodes if e.local_date >= start)

    checkin_rows = list(
        CheckIn.objects.filter(**checkin_filter).order_by("date").values(
            "id", "date", "caffeine_drinks", "stress", "exercise_minutes", "worst_pain", *(["notes"] if notes else []),
            fluid=_as_float("fluid_litres"), alcohol=_as_float("alcohol_units"), sleep=_as_float("sleep_hours"),
            sitting=_as_float("sitting_hours"),
        )
    )
    checkin_ids = [row["id"] for row in checkin_rows]

    if custom_factors is None:
        custom_factors = load_custom_factors(user)
    factor_kinds = {f.id: (f.label, f.kind) for f in custom_factors}
    custom = defaultdict(dict)
    if custom_factors:  # no factors of their own: no values to read
        for checkin_id, factor_id, value in _by_ids(CheckInCustomValue, "checkin_id", checkin_ids, ("factor_id", "value")):
            label, kind = factor_kinds[factor_id]
            custom[checkin_id][label] = bool(value) if kind == "yesno" else float(value)

    activities = defaultdict(list)
    for checkin_id, slug in _by_ids(CheckInActivity, "checkin_id", checkin_ids, ("activity",)):
        activities[checkin_id].append(slug)
    checkins = tuple(
        CheckInRecord(
            date=row["date"],
            fluid_litres=row["fluid"],
            caffeine_drinks=row["caffeine_drinks"],
            alcohol_units=row["alcohol"],
            stress=row["stress"],
            sleep_hours=row["sleep"],
            exercise_minutes=row["exercise_minutes"],
            sitting_hours=row["sitting"],
            worst_pain=row["worst_pain"],
            activities=tuple(activities.get(row["id"], ())),
            notes=row.get("notes", ""),
            custom=custom.get(row["id"], {}),
        )
        for row in checkin_rows
    )

    if medicines is None:
        medicines = load_medicines(user)
    alert_notes = tuple(
        AlertNoteRecord(rule=n.rule, key=n.key, discussed_on=n.discussed_on, note=n.note, status=n.status)
        for n in AlertNote.objects.filter(owner=user).order_by("discussed_on", "id")
    )
    return DiaryData(
        today=timezone.localdate(timezone=tzinfo),
        episodes=episodes,
        checkins=checkins,
        medicines=medicines,
        alert_notes=alert_notes,
        background=background,
        custom_factors=custom_factors,
        loaded_from=start,
        history=history.history if history is not None else None,
        older_alert_episodes=older,
    )


def local_today(user) -> date:
    return timezone.localdate(timezone=user.profile.tzinfo)


def _raw_rows(queryset) -> list[tuple]:
    """The rows of a values_list queryset as the database driver returns them, without Django's
    per-value converters (a tenth of the cost for twenty years of rows; dates and numbers arrive as
    date and int or float, datetimes as UTC, naive on SQLite)."""
    sql, params = queryset.query.get_compiler(using=queryset.db).as_sql()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()



def episodes_by_ids(user, ids: list[int], *, notes: bool = False) -> tuple[EpisodeRecord, ...]:
    """The owner's episodes with these ids as records, oldest first (no query for none)."""
    if not ids:
        return ()
    literal = ",".join(str(int(i)) for i in ids)
    column = f"{connection.ops.quote_name(Episode._meta.db_table)}.{connection.ops.quote_name('id')}"
    return _episode_records(Episode.objects.filter(owner=user).extra(where=[f"{column} IN ({literal})"]),
                            user.profile.tzinfo, notes)
