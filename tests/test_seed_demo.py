"""The demo diary: deterministic, realistic, with the planted effects, and a command that never duplicates."""
import io
from datetime import date, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from diary.demo import LOW_FLUID_LITRES, QUIET_DAYS, generate_demo
from diary.models import CheckIn, Episode, EpisodeRedFlag
from diary.records import load_diary

BERLIN = ZoneInfo("Europe/Berlin")
END = date(2026, 6, 30)
SEEDS = range(1, 7)


def demo(seed=1, days=180, **kwargs):
    return generate_demo(days, seed, END, BERLIN, **kwargs)


def episode_rate(days, episode_days):
    return sum(day in episode_days for day in days) / len(days)


def test_it_is_the_same_diary_for_the_same_seed_and_another_for_another():
    assert demo(seed=7) == demo(seed=7)
    assert demo(seed=7) != demo(seed=8)
    assert demo(seed=7).episodes != demo(seed=8).episodes


def test_it_covers_the_asked_days_with_checkins_on_most_of_them():
    for seed in SEEDS:
        diary = demo(seed)
        dates = [c.date for c in diary.checkins]
        assert min(dates) >= END - timedelta(days=179) and max(dates) <= END
        assert len(set(dates)) == len(dates)
        assert 0.80 <= len(dates) / 180 <= 0.95
        assert all(END - timedelta(days=179) <= e.local_date <= END for e in diary.episodes)


def test_it_has_one_to_three_episodes_a_week_and_a_quieter_last_stretch():
    for seed in SEEDS:
        diary = demo(seed)
        quiet_start = END - timedelta(days=QUIET_DAYS - 1)
        before = [e for e in diary.episodes if e.local_date < quiet_start]
        quiet = [e for e in diary.episodes if e.local_date >= quiet_start]
        weeks_before = (180 - QUIET_DAYS) / 7
        assert 1 <= len(before) / weeks_before <= 3
        assert len(quiet) / (QUIET_DAYS / 7) < len(before) / weeks_before
        fluid_before = [c.fluid_litres for c in diary.checkins if c.date < quiet_start]
        fluid_quiet = [c.fluid_litres for c in diary.checkins if c.date >= quiet_start]
        assert sum(fluid_quiet) / len(fluid_quiet) > sum(fluid_before) / len(fluid_before) + 0.3


def test_it_plants_more_episodes_on_running_and_low_fluid_days():
    running, not_running, low, enough = [], [], [], []
    for seed in SEEDS:
        diary = demo(seed)
        for c in diary.checkins:
            (running if "running" in c.activities else not_running).append((seed, c.date))
            (low if c.fluid_litres < LOW_FLUID_LITRES else enough).append((seed, c.date))
        per_seed_running = [c.date for c in diary.checkins if "running" in c.activities]
        per_seed_other = [c.date for c in diary.checkins if "running" not in c.activities]
        own_days = {e.local_date for e in diary.episodes}
        assert episode_rate(per_seed_running, own_days) > episode_rate(per_seed_other, own_days)
    all_episode_days = set()
    for seed in SEEDS:
        all_episode_days |= {(seed, e.local_date) for e in demo(seed).episodes}
    assert episode_rate(running, all_episode_days) > 1.8 * episode_rate(not_running, all_episode_days)
    assert episode_rate(low, all_episode_days) > 1.8 * episode_rate(enough, all_episode_days)


def test_it_makes_plausible_varied_episodes_consistent_with_their_day():
    episodes, checkins = [], {}
    for seed in SEEDS:
        diary = demo(seed)
        episodes += [(seed, e) for e in diary.episodes]
        checkins.update({(seed, c.date): c for c in diary.checkins})
    intensities = [e.intensity for _, e in episodes]
    assert min(intensities) >= 2 and max(intensities) <= 10
    assert 0 < sum(i >= 8 for i in intensities) <= 0.15 * len(intensities)
    assert len({e.kind for _, e in episodes}) >= 4
    assert len({e.context for _, e in episodes}) >= 4
    assert len({slug for _, e in episodes for slug in e.locations}) >= 5
    assert not any(e.red_flags for _, e in episodes)
    assert all(e.reliefs for _, e in episodes)
    for seed, e in episodes:
        checkin = checkins.get((seed, e.local_date))
        if checkin is None:
            continue
        if "running" in e.triggers:
            assert "running" in checkin.activities
        if "dehydration" in e.triggers:
            assert checkin.fluid_litres < LOW_FLUID_LITRES
    heat = [outcome for _, e in episodes for relief, outcome in e.reliefs if relief == "heat"]
    assert heat.count("helped") > len(heat) / 2


def test_it_adds_one_red_flag_only_when_asked():
    diary = demo(with_red_flag=True)
    flagged = [e for e in diary.episodes if e.red_flags]
    assert len(flagged) == 1 and flagged[0] == diary.episodes[-1]


# ---------------------------------------------------------------- the command

def test_it_creates_a_user_and_prints_its_password(db):
    out = io.StringIO()
    call_command("seed_demo", "--username", "newcomer", "--days", "60", "--seed", "3", stdout=out)
    password = out.getvalue().split("password: ")[1].strip()
    user = get_user_model().objects.get(username="newcomer")
    assert user.check_password(password)
    assert CheckIn.objects.filter(owner=user).count() > 40
    yesterday = timezone.localdate(timezone=user.profile.tzinfo) - timedelta(days=1)
    # The demo ends yesterday; about one day in eight has no check-in (which days depends on the
    # weekday the run starts on), so the latest check-in is yesterday or a few days before.
    assert f"ending {yesterday.isoformat()}" in out.getvalue()
    latest = CheckIn.objects.filter(owner=user).latest("date").date
    assert yesterday - timedelta(days=7) <= latest <= yesterday
    assert not Episode.objects.filter(owner=user, started_at__gt=timezone.now()).exists()
    for episode in Episode.objects.filter(owner=user):
        assert episode.local_date == episode.compute_local_date()


def test_it_fills_an_existing_user_with_the_generators_data(owner):
    out = io.StringIO()
    call_command("seed_demo", "--username", "owner", "--days", "90", "--seed", "5", stdout=out)
    assert "password" not in out.getvalue()
    end = timezone.localdate(timezone=BERLIN) - timedelta(days=1)
    # The demo's finished experiment reshapes its "do" days (see experiments/demo.py).
    from experiments.demo import with_demo_experiment

    expected, experiment = with_demo_experiment(generate_demo(90, 5, end, BERLIN), 5, end)
    assert experiment is not None
    stored = load_diary(owner)
    assert [(e.started_at, e.intensity, e.locations, e.triggers, e.reliefs) for e in stored.episodes] == [
        (e.started_at, e.intensity, e.locations, e.triggers, e.reliefs) for e in expected.episodes
    ]
    assert list(stored.checkins) == list(expected.checkins)


def test_it_refuses_to_duplicate_and_replaces_only_when_asked(owner):
    call_command("seed_demo", "--username", "owner", "--days", "60", "--seed", "1", stdout=io.StringIO())
    count = Episode.objects.filter(owner=owner).count()
    with pytest.raises(CommandError, match="--replace"):
        call_command("seed_demo", "--username", "owner", "--days", "60", "--seed", "1", stdout=io.StringIO())
    assert Episode.objects.filter(owner=owner).count() == count

    call_command("seed_demo", "--username", "owner", "--days", "60", "--seed", "1", "--replace", stdout=io.StringIO())
    assert Episode.objects.filter(owner=owner).count() == count
    call_command(
        "seed_demo", "--username", "owner", "--days", "60", "--seed", "1", "--replace", "--with-red-flag",
        stdout=io.StringIO(),
    )
    assert EpisodeRedFlag.objects.filter(episode__owner=owner).count() == 1
    assert CheckIn.objects.filter(owner=owner).values("date").distinct().count() == CheckIn.objects.filter(owner=owner).count()


def test_it_rejects_a_silly_number_of_days(db):
    with pytest.raises(CommandError, match="--days"):
        call_command("seed_demo", "--username", "x", "--days", "0")
