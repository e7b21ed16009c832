"""The settled past's columns are cached, and every way of changing an old entry reads them afresh."""
from datetime import timedelta

import numpy as np
import pytest
from django.core.cache import cache
from django.utils import timezone

from diary import custom_factors
from diary.demo import generate_demo
from diary.history_reader import load_history, settled_before
from diary.imports import write_records
from diary.models import CheckIn, CustomFactor, Episode
from diary.records import load_diary
from diary.services.episodes import save_checkin, save_episode, update_episode
from tests.test_page_data import _same_columns, long_diary  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db


def _today(user):
    return timezone.localdate(timezone=user.profile.tzinfo)


def _old_episode(user):
    return Episode.objects.filter(owner=user, local_date__lt=settled_before(_today(user)) - timedelta(days=30)).order_by("id")[5]


def _old_checkin(user):
    return CheckIn.objects.filter(owner=user, date__lt=settled_before(_today(user)) - timedelta(days=30)).order_by("id")[5]


def _episode_data(episode, **changes):
    data = {
        "started_at": episode.started_at, "intensity": episode.intensity, "duration_minutes": episode.duration_minutes,
        "kind": episode.kind, "side": episode.side, "context": episode.context, "notes": episode.notes,
        "locations": [r.location for r in episode.locations.all()], "triggers": [r.trigger for r in episode.triggers.all()],
        "reliefs": [(r.relief, r.outcome) for r in episode.reliefs.all()], "red_flags": [r.flag for r in episode.red_flags.all()],
    }
    data.update(changes)
    return data


def _checkin_data(checkin, **changes):
    data = {name: getattr(checkin, name) for name in ("fluid_litres", "caffeine_drinks", "alcohol_units", "stress",
                                                       "sleep_hours", "exercise_minutes", "sitting_hours", "worst_pain",
                                                       "notes")}
    data["activities"] = [a.activity for a in checkin.activities.all()]
    data.update(changes)
    return data


def _reads_fresh(user, **options):
    """The columns now, through the cache, equal those read with an empty cache."""
    through_cache = load_history(user, **options).history
    cache.clear()
    _same_columns(through_cache, load_history(user, **options).history)
    return through_cache


def _slices_read(user, monkeypatch, **options) -> int:
    """How many slices load_history read from the database (2: the past and the rest; 1: the rest)."""
    import diary.history_reader as reader

    calls = []
    real = reader._read_slice

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(reader, "_read_slice", counting)
    load_history(user, **options)
    monkeypatch.setattr(reader, "_read_slice", real)
    return len(calls)


def test_the_past_is_read_once_and_todays_entry_only_reads_the_rest(long_diary, monkeypatch):
    cache.clear()
    assert _slices_read(long_diary, monkeypatch) == 2
    save_episode(long_diary, {"intensity": 6, "locations": ["lower_back"], "started_at": timezone.now()})
    assert _slices_read(long_diary, monkeypatch) == 1
    episode = _old_episode(long_diary)
    update_episode(episode, _episode_data(episode, intensity=(episode.intensity + 1) % 11))
    assert _slices_read(long_diary, monkeypatch) == 2
    columns = _reads_fresh(long_diary)
    assert int(columns.intensity[-1]) == 6


@pytest.mark.parametrize("change", [
    "intensity", "places", "red_flag", "delete", "back_dated", "checkin", "activities", "own_factor_answer",
    "own_factor_deleted", "time_zone", "import",
])
def test_every_change_to_an_old_entry_is_read(long_diary, change):
    user = long_diary
    cache.clear()
    before = load_history(user).history
    assert not load_history(user, tallies=False).red_flags_of.get(_old_episode(user).id)  # cached too
    episode, checkin = _old_episode(user), _old_checkin(user)
    if change == "intensity":
        update_episode(episode, _episode_data(episode, intensity=(episode.intensity + 3) % 11))
    elif change == "places":
        update_episode(episode, _episode_data(episode, locations=["neck", "leg"]))
    elif change == "red_flag":
        update_episode(episode, _episode_data(episode, red_flags=["leg_weakness"]))
    elif change == "delete":
        episode.delete()
    elif change == "back_dated":
        save_episode(user, {"intensity": 9, "locations": ["neck"], "kind": "stabbing",
                            "started_at": episode.started_at + timedelta(hours=1)})
    elif change == "checkin":
        save_checkin(user, checkin.date, _checkin_data(checkin, fluid_litres=0.4, stress=9), instance=checkin)
    elif change == "activities":
        save_checkin(user, checkin.date, _checkin_data(checkin, activities=["running", "swimming"]), instance=checkin)
    elif change == "own_factor_answer":
        factor = CustomFactor.objects.get(owner=user, label="long drive")
        saved = save_checkin(user, checkin.date, _checkin_data(checkin), instance=checkin)
        custom_factors.save_values(saved, {factor: 7.0})
    elif change == "own_factor_deleted":
        CustomFactor.objects.filter(owner=user, label="cold weather").delete()
    elif change == "time_zone":
        user.profile.timezone = "Asia/Tokyo"
        user.profile.save()
        user.refresh_from_db()
    elif change == "import":
        old_day = settled_before(_today(user)) - timedelta(days=400)
        demo = generate_demo(20, 3, old_day, user.profile.tzinfo)
        taken = set(CheckIn.objects.filter(owner=user).values_list("date", flat=True))
        write_records(user, demo.episodes, [c for c in demo.checkins if c.date not in taken])
    flags_after = load_history(user, tallies=False).red_flags_of.get(episode.id)  # through the cache
    after = _reads_fresh(user)
    differs = [name for name in ("episode_ids", "intensity", "checkin_days", "activity_bits", "hours")
               if not np.array_equal(getattr(before, name), getattr(after, name))]
    differs += [name for name in before.columns if not np.array_equal(before.columns[name], after.columns[name], equal_nan=True)]
    differs += [name for name in ("locations", "custom") if getattr(before, name).keys() != getattr(after, name).keys()
                or (name == "locations" and getattr(before, name) != getattr(after, name))]
    if change == "own_factor_answer":
        differs += ["custom"] if not np.array_equal(before.custom["long drive"], after.custom["long drive"], equal_nan=True) else []
    if change == "red_flag":
        assert flags_after == ["leg_weakness"]
    else:
        assert differs, f"{change}: the columns did not change"


def test_it_equals_the_records_after_changes(long_diary):
    """Through the cache, after today's entry and an old edit, the columns still equal every record's."""
    from diary.history import from_records

    cache.clear()
    load_history(long_diary)
    save_episode(long_diary, {"intensity": 4, "locations": ["neck"], "started_at": timezone.now() - timedelta(hours=2)})
    episode = _old_episode(long_diary)
    update_episode(episode, _episode_data(episode, intensity=10, kind="spasm", locations=["neck"]))
    records = load_diary(long_diary)
    expected = from_records(
        [e for e in records.episodes if e.local_date <= records.today], [c for c in records.checkins if c.date <= records.today],
        records.custom_factors)
    _same_columns(load_history(long_diary).history, expected)


def test_the_settled_past_ends_two_months_back():
    from datetime import date

    assert settled_before(date(2026, 12, 1)) == date(2026, 10, 1)
    assert settled_before(date(2026, 12, 31)) == date(2026, 10, 1)
    assert settled_before(date(2026, 1, 15)) == date(2025, 11, 1)
    assert settled_before(date(2026, 3, 31)) == date(2026, 1, 1)
