"""Reads a whole diary as diary.history columns: narrow queries, no record per row, the settled past cached.

load_history reads the diary in two slices: the settled past (everything before the first day of
the month two months back) and the recent rest. The past's columns are cached under a
fingerprint the database computes on every read (how many episodes and check-ins it holds, the
sum of their ids and their latest `updated_at`), so logging today reads only the recent slice,
while any change to an old entry (an edit saves its row, so its `updated_at` moves; a deletion
or a back-dated entry changes the count and the ids) reads the past afresh. Child rows (places,
triggers, reliefs, red flags, activities, own factors' answers) are only ever written together
with a save of their episode or check-in (diary/services/episodes.py, custom_factors.save_values
within the check-in's save, imports creating new rows), and tests/test_history_reader.py holds
each way of changing an old entry to a fresh read.
"""
from __future__ import annotations

import hashlib
import pickle
import zlib
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from datetime import timezone as dt_timezone

import numpy as np
from django.core.cache import cache
from django.db import connection
from django.db.models import Case, CharField, Count, F, IntegerField, Max, OuterRef, Subquery, Sum, Value, When
from django.db.models.functions import Cast
from django.utils import timezone

from .history import ACTIVITY_BITS, CHECKIN_COLUMNS, DiaryHistory
from .models import (
    CheckIn, CheckInActivity, CheckInCustomValue, CustomFactor, Episode, EpisodeLocation, EpisodeRedFlag, EpisodeRelief,
    EpisodeTrigger,
)
from .records import Background, _as_float, _by_ids, _literals, _raw_rows, load_background, load_medicines

PAST_CACHE_SECONDS = 60 * 60 * 24 * 7
# date.toordinal() of 1970-01-01: numpy counts days from there.
_EPOCH_ORDINAL = 719163


def _ordinals(values):
    """Dates (date objects, or ISO text from SQLite) as an int64 array of date ordinals, parsed by numpy."""
    return np.array(values, dtype="datetime64[D]").astype(np.int64).reshape(-1) + _EPOCH_ORDINAL


def _as_text(name):
    """A date or datetime column read as text on SQLite: its driver converts typed columns in Python
    (half the cost of reading twenty years of rows); PostgreSQL's driver converts them in C."""
    return Cast(name, CharField()) if connection.vendor == "sqlite" else F(name)


def _by_ids_tally(model, parent_field: str, ids: list[int], slug: str, extra: tuple[str, ...] = ()):
    """(slug, *extra, count) of a child table over the parents `ids`, each parent counted once per group."""
    if not ids:
        return []
    quote = connection.ops.quote_name
    column = f"{quote(model._meta.db_table)}.{quote(model._meta.get_field(parent_field).column)}"
    totals: dict = {}
    for literal in _literals(ids):
        rows = (model.objects.extra(where=[f"{column} IN ({literal})"]).order_by().values(slug, *extra)
                .annotate(n=Count(parent_field, distinct=True)).values_list(slug, *extra, "n"))
        for *group, n in rows:
            totals[tuple(group)] = totals.get(tuple(group), 0) + n
    return [(*group, n) for group, n in totals.items()]


@dataclass(frozen=True)
class HistoryRead:
    """What load_history read: the columns, and what load_diary can reuse of it."""

    history: DiaryHistory
    end: date
    older_ids: tuple[int, ...] = ()  # episodes before `older_than` that select_older chose, oldest first
    locations_of: dict = field(default_factory=dict)  # episode id -> location slugs, as load_diary reads them
    red_flags_of: dict = field(default_factory=dict)
    all_locations: bool = True  # False: locations_of holds only the older episodes an alert rule may need


@dataclass
class _Slice:
    """The columns of one slice of a diary (the settled past, or the rest), before they are joined."""

    ids: np.ndarray
    days: np.ndarray
    hours: np.ndarray
    intensity: np.ndarray
    duration: np.ndarray
    kinds: tuple
    contexts: tuple
    locations_of: dict
    red_flags_of: dict
    triggers: Counter
    reliefs: dict
    checkin_days: np.ndarray
    columns: dict
    activity_bits: np.ndarray
    any_activity: np.ndarray
    custom: dict


def _read_slice(user, episodes, checkins, *, tallies: bool, factors: bool, labels: dict, location_candidates,
                background: Background) -> _Slice:
    """The columns of the episodes and check-ins of these querysets (ordered here)."""
    tzinfo = user.profile.tzinfo
    episode_rows = _raw_rows(
        episodes.order_by("started_at", "id")
        .annotate(started=_as_text("started_at") if tallies else Value(None, output_field=IntegerField()),
                  day=_as_text("local_date"))
        .values_list("id", "started", "day", "intensity", "duration_minutes", "kind", "context")
    )
    columns = list(zip(*episode_rows)) or [()] * 7
    ids = np.array(columns[0], dtype=np.int64).reshape(-1)
    intensity = np.array(columns[3], dtype=np.int64).reshape(-1)
    hours = np.zeros(len(ids), dtype=np.int64)
    if tallies:  # the hour of day, in the owner's time zone, only for the descriptive patterns
        local = []
        for started in columns[1]:
            if isinstance(started, str):
                started = datetime.fromisoformat(started)
            if started.tzinfo is None:
                started = started.replace(tzinfo=dt_timezone.utc)
            local.append(started.astimezone(tzinfo).hour)
        hours = np.array(local, dtype=np.int64).reshape(-1)
    ids_list = ids.tolist()

    # Every episode's places for the descriptive tallies; without them, only those of the episodes
    # whose choice by the alert rules depends on them (location_candidates).
    located = ids_list
    if not tallies and location_candidates is not None:
        chosen = location_candidates(kinds=np.array(columns[5], dtype=object), intensity=intensity, background=background)
        located = ids[chosen].tolist()
    locations_of, red_flags_of = defaultdict(list), defaultdict(list)
    for episode_id, slug in _by_ids(EpisodeLocation, "episode_id", located, ("location",)):
        locations_of[episode_id].append(slug)
    for episode_id, slug in _by_ids(EpisodeRedFlag, "episode_id", ids_list, ("flag",)):
        red_flags_of[episode_id].append(slug)
    triggers, reliefs = Counter(), {}
    if tallies:
        triggers.update({slug: n for slug, n in _by_ids_tally(EpisodeTrigger, "episode_id", ids_list, "trigger")})
        for slug, outcome, n in _by_ids_tally(EpisodeRelief, "episode_id", ids_list, "relief", ("outcome",)):
            reliefs.setdefault(slug, Counter())[outcome or "unrated"] += n

    if factors:
        # Each check-in's activities as one number (ACTIVITY_BITS), summed by the database per
        # check-in through the child table's index: no activity row reaches Python. NULL: none ticked.
        weight = Case(*[When(activity=slug, then=Value(bit)) for slug, bit in ACTIVITY_BITS.items()],
                      default=Value(0), output_field=IntegerField())
        activity_bits = Subquery(
            CheckInActivity.objects.filter(checkin=OuterRef("pk")).order_by().values("checkin")
            .annotate(bits=Sum(weight)).values("bits")[:1], output_field=IntegerField())
        checkin_rows = _raw_rows(
            checkins.order_by("date").annotate(
                day=_as_text("date"), fluid=_as_float("fluid_litres"), alcohol=_as_float("alcohol_units"),
                sleep=_as_float("sleep_hours"), sitting=_as_float("sitting_hours"), activity_bits=activity_bits,
            ).values_list("id", "day", "activity_bits", "caffeine_drinks", "stress", "exercise_minutes", "worst_pain",
                          "fluid", "alcohol", "sleep", "sitting")
        )
        by_name = {"caffeine_drinks": 3, "stress": 4, "exercise_minutes": 5, "worst_pain": 6, "fluid_litres": 7,
                   "alcohol_units": 8, "sleep_hours": 9, "sitting_hours": 10}
    else:  # what the alert rules read of a check-in: its day, fluid and worst pain
        checkin_rows = _raw_rows(
            checkins.order_by("date").annotate(
                day=_as_text("date"), fluid=_as_float("fluid_litres"), activity_bits=Value(None, output_field=IntegerField()),
            ).values_list("id", "day", "activity_bits", "worst_pain", "fluid")
        )
        by_name = {"worst_pain": 3, "fluid_litres": 4}
    checkin_columns = list(zip(*checkin_rows)) or [()] * 11
    checkin_ids = list(checkin_columns[0])
    custom = {}
    if factors and labels:
        position = {checkin_id: i for i, checkin_id in enumerate(checkin_ids)}
        custom = {label: np.full(len(checkin_rows), np.nan) for label in labels.values()}
        for checkin_id, factor_id, value in _by_ids(CheckInCustomValue, "checkin_id", checkin_ids, ("factor_id", "value")):
            custom[labels[factor_id]][position[checkin_id]] = float(value)
    return _Slice(
        ids=ids, days=_ordinals(columns[2]), hours=hours, intensity=intensity,
        duration=np.array(columns[4], dtype=float).reshape(-1),  # None becomes nan
        kinds=tuple(columns[5]), contexts=tuple(columns[6]),
        locations_of=dict(locations_of), red_flags_of=dict(red_flags_of), triggers=triggers, reliefs=reliefs,
        checkin_days=_ordinals(checkin_columns[1]),
        columns={name: np.array(checkin_columns[by_name[name]], dtype=float).reshape(-1)
                 for name in CHECKIN_COLUMNS if name in by_name},
        activity_bits=np.array([bits or 0 for bits in checkin_columns[2]], dtype=np.int64).reshape(-1),
        any_activity=np.array([bits is not None for bits in checkin_columns[2]], dtype=bool).reshape(-1),
        custom=custom,
    )


def _joined(past: _Slice, recent: _Slice) -> _Slice:
    reliefs = {slug: Counter(outcomes) for slug, outcomes in past.reliefs.items()}
    for slug, outcomes in recent.reliefs.items():
        reliefs.setdefault(slug, Counter()).update(outcomes)
    return _Slice(
        ids=np.concatenate([past.ids, recent.ids]), days=np.concatenate([past.days, recent.days]),
        hours=np.concatenate([past.hours, recent.hours]), intensity=np.concatenate([past.intensity, recent.intensity]),
        duration=np.concatenate([past.duration, recent.duration]), kinds=past.kinds + recent.kinds,
        contexts=past.contexts + recent.contexts, locations_of={**past.locations_of, **recent.locations_of},
        red_flags_of={**past.red_flags_of, **recent.red_flags_of}, triggers=past.triggers + recent.triggers,
        reliefs=reliefs, checkin_days=np.concatenate([past.checkin_days, recent.checkin_days]),
        columns={name: np.concatenate([past.columns[name], recent.columns[name]]) for name in past.columns},
        activity_bits=np.concatenate([past.activity_bits, recent.activity_bits]),
        any_activity=np.concatenate([past.any_activity, recent.any_activity]),
        custom={label: np.concatenate([past.custom[label], recent.custom[label]]) for label in past.custom},
    )


def settled_before(end: date) -> date:
    """The first day of the month two months before `end`'s: older entries are the settled past."""
    month = end.replace(day=1) - timedelta(days=1)
    return (month.replace(day=1) - timedelta(days=1)).replace(day=1)


def _fingerprint(user, before_instant: datetime, before_day: date) -> tuple:
    """What changes whenever an episode or check-in of the settled past is added, edited or deleted."""
    def summary(queryset):
        found = queryset.aggregate(n=Count("id"), ids=Sum("id"), changed=Max("updated_at"))
        return found["n"], found["ids"], found["changed"].isoformat() if found["changed"] else ""

    return (summary(Episode.objects.filter(owner=user, started_at__lt=before_instant)),
            summary(CheckIn.objects.filter(owner=user, date__lt=before_day)))


def load_history(user, end: date | None = None, *, select_older=None, older_than: date | None = None,
                 background: Background | None = None, medicines: tuple | None = None,
                 custom_factors: tuple | None = None, tallies: bool = True, factors: bool = True,
                 location_candidates=None) -> HistoryRead:
    """The whole diary up to `end` (default: the owner's today) as diary.history columns, in a fixed
    number of narrow queries whatever its length, and the ids of the episodes before `older_than`
    that `select_older` (insights.alerts.selection.older_episodes_needed: columns in, a boolean per
    episode out) chooses: the episodes an alert rule may speak of.

    tallies=False leaves out what only descriptive patterns read (the location, trigger and relief
    tallies and each episode's hour of day; the columns then say so, DiaryHistory.tallied) and
    reads places only of the episodes `location_candidates` names (those whose choice by
    select_older depends on them).
    factors=False reads of a check-in only what the alert rules read (its day, fluid and worst
    pain), for a caller that analyses its own period from records (the GP summary): no factor
    columns, activities or own factors (DiaryHistory.factors_read).
    """
    tzinfo = user.profile.tzinfo
    end = end or timezone.localdate(timezone=tzinfo)
    background = background if background is not None else load_background(user)
    if custom_factors is not None and all(f.id is not None for f in custom_factors):
        labels = {f.id: f.label for f in custom_factors}
    else:
        labels = dict(CustomFactor.objects.filter(owner=user).order_by("position", "id").values_list("id", "label"))
    if not factors:
        labels = {}
    options = dict(tallies=tallies, factors=factors, labels=labels, location_candidates=location_candidates,
                   background=background)
    episodes = Episode.objects.filter(owner=user, local_date__lte=end)
    checkins = CheckIn.objects.filter(owner=user, date__lte=end)

    before_day = settled_before(end)
    before_instant = datetime.combine(before_day, datetime.min.time(), tzinfo)
    fingerprint = _fingerprint(user, before_instant, before_day)
    key = "history-past:" + hashlib.sha256(repr((
        user.pk, str(tzinfo), end >= before_day, before_day.isoformat(), fingerprint, tallies, factors,
        sorted(labels.items()), background, location_candidates is not None,
    )).encode()).hexdigest()
    stored = cache.get(key)
    if stored is not None:
        past = pickle.loads(zlib.decompress(stored))
    else:
        past = _read_slice(user, episodes.filter(started_at__lt=before_instant), checkins.filter(date__lt=before_day),
                           **options)
        cache.set(key, zlib.compress(pickle.dumps(past, protocol=pickle.HIGHEST_PROTOCOL), 1), PAST_CACHE_SECONDS)
    recent = _read_slice(user, episodes.filter(started_at__gte=before_instant), checkins.filter(date__gte=before_day),
                         **options)
    whole = _joined(past, recent)

    older = ()
    if select_older is not None and older_than is not None:
        before = whole.days < older_than.toordinal()  # by start time: a local date may be out of order
        needed = select_older(
            ids=whole.ids[before], days=whole.days[before], kinds=np.array(whole.kinds, dtype=object)[before],
            intensity=whole.intensity[before], duration_minutes=whole.duration[before],
            locations_of=whole.locations_of, red_flags_of=whole.red_flags_of, background=background,
            medicines=medicines if medicines is not None else load_medicines(user))
        older = tuple(whole.ids[before][needed].tolist())

    history = DiaryHistory(
        episode_ids=whole.ids, episode_days=whole.days, hours=whole.hours, intensity=whole.intensity,
        duration=whole.duration, kinds=whole.kinds, contexts=whole.contexts,
        locations=Counter(slug for found in whole.locations_of.values() for slug in set(found)),
        triggers=whole.triggers, reliefs=whole.reliefs, tallied=tallies,
        checkin_days=whole.checkin_days, columns=whole.columns, factors_read=factors,
        activity_bits=whole.activity_bits, any_activity=whole.any_activity, custom=whole.custom,
    )
    return HistoryRead(history=history, end=end, older_ids=older, locations_of=whole.locations_of,
                       red_flags_of=whole.red_flags_of, all_locations=tallies or location_candidates is None)
