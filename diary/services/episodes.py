"""Write an episode or a check-in with its child rows in one transaction.

Callers pass plain data (a form's cleaned_data, or a parsed CSV row):

    save_episode(owner, {"started_at": aware_dt, "intensity": 6, "locations": ["lower_back"],
                         "triggers": ["running"], "reliefs": [("heat", "helped")], "red_flags": []})

Missing keys mean empty. Child rows are bulk-created; editing replaces them.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import Count

from ..models import (
    CheckIn, CheckInActivity, Episode, EpisodeLocation, EpisodeRedFlag, EpisodeRelief, EpisodeTrigger,
)

EPISODE_FIELDS = ("started_at", "duration_minutes", "intensity", "kind", "side", "context", "notes", "client_id",
                  "red_flags_asked")
TEXT_FIELDS = ("kind", "side", "context", "notes")
CHECKIN_FIELDS = (
    "fluid_litres", "caffeine_drinks", "alcohol_units", "stress", "sleep_hours", "exercise_minutes",
    "sitting_hours", "worst_pain", "notes",
)


class DuplicateCheckIn(Exception):
    """A check-in already exists for that owner and date (and the caller asked to create one)."""

    def __init__(self, existing: CheckIn):
        super().__init__(f"check-in for {existing.date} exists")
        self.existing = existing


def _unique(slugs: Iterable[str] | None) -> list[str]:
    return list(dict.fromkeys(s for s in (slugs or ()) if s))


def _relief_pairs(reliefs) -> list[tuple[str, str]]:
    """Accept {slug: outcome} or [(slug, outcome), ...]; the first outcome of a slug wins."""
    if isinstance(reliefs, Mapping):
        reliefs = reliefs.items()
    pairs = {}
    for slug, outcome in reliefs or ():
        if slug and slug not in pairs:
            pairs[slug] = outcome or ""
    return list(pairs.items())


def _apply_fields(episode: Episode, data: Mapping) -> None:
    for name in EPISODE_FIELDS:
        if name in data:
            value = data[name]
            if name in TEXT_FIELDS and value is None:
                value = ""
            setattr(episode, name, value)


def _create_children(episode: Episode, data: Mapping) -> None:
    rows = (
        (EpisodeLocation, [EpisodeLocation(episode=episode, location=s) for s in _unique(data.get("locations"))]),
        (EpisodeTrigger, [EpisodeTrigger(episode=episode, trigger=s) for s in _unique(data.get("triggers"))]),
        (EpisodeRelief, [EpisodeRelief(episode=episode, relief=s, outcome=o) for s, o in _relief_pairs(data.get("reliefs"))]),
        (EpisodeRedFlag, [EpisodeRedFlag(episode=episode, flag=s) for s in _unique(data.get("red_flags"))]),
    )
    for model, objects in rows:
        if objects:  # an empty bulk_create costs nothing, but say so explicitly
            model.objects.bulk_create(objects)


def save_episode(owner, data: Mapping) -> Episode:
    """Create an episode and its children; Episode.save() sets local_date from the owner's timezone."""
    episode = Episode(owner=owner)
    _apply_fields(episode, data)
    with transaction.atomic():
        episode.save()
        _create_children(episode, data)
    return episode


def update_episode(episode: Episode, data: Mapping) -> Episode:
    """Change an episode's fields and replace all its children."""
    _apply_fields(episode, data)
    with transaction.atomic():
        episode.save()
        for model in (EpisodeLocation, EpisodeTrigger, EpisodeRelief, EpisodeRedFlag):
            model.objects.filter(episode=episode).delete()
        _create_children(episode, data)
    # Any prefetched children are stale now.
    getattr(episode, "_prefetched_objects_cache", {}).clear()
    return episode


def save_checkin(owner, day: date, data: Mapping, *, instance: CheckIn | None = None, create_only: bool = False,
                 client_id=None) -> CheckIn:
    """Create or edit the owner's check-in for `day`; fields not given (or None) stay NULL.

    With create_only, an existing check-in for that date raises DuplicateCheckIn instead of
    being overwritten (a form that was opened before another tab saved the same day).
    """
    with transaction.atomic():
        if instance is None:
            instance = CheckIn.objects.filter(owner=owner, date=day).first()
            if instance is not None and create_only:
                raise DuplicateCheckIn(instance)
        checkin = instance or CheckIn(owner=owner, date=day)
        for name in CHECKIN_FIELDS:
            value = data.get(name)
            setattr(checkin, name, "" if name == "notes" and value is None else value)
        if client_id is not None:
            checkin.client_id = client_id
        try:
            with transaction.atomic():
                checkin.save()
        except IntegrityError:
            existing = CheckIn.objects.filter(owner=owner, date=day).first()
            if existing is None:
                raise
            raise DuplicateCheckIn(existing) from None
        if checkin.pk and instance is not None:
            CheckInActivity.objects.filter(checkin=checkin).delete()
        activities = _unique(data.get("activities"))
        if activities:
            CheckInActivity.objects.bulk_create([CheckInActivity(checkin=checkin, activity=a) for a in activities])
    getattr(checkin, "_prefetched_objects_cache", {}).clear()
    return checkin


# Shown on the quick log after the user's own most used triggers, until there are enough.
DEFAULT_QUICK_TRIGGERS = (
    "running", "dehydration", "stress", "prolonged_sitting", "lifting", "overexertion", "poor_sleep", "stretching",
)


def most_used_triggers(owner, count: int = 6) -> list[str]:
    """The owner's most used trigger slugs (most used first, ties by slug), then defaults: one query."""
    used = list(
        EpisodeTrigger.objects.filter(episode__owner=owner)
        .values("trigger").annotate(uses=Count("id")).order_by("-uses", "trigger")
        .values_list("trigger", flat=True)[:count]
    )
    for slug in DEFAULT_QUICK_TRIGGERS:
        if len(used) >= count:
            break
        if slug not in used:
            used.append(slug)
    return used
