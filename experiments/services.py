"""Experiment services: start one, record adherence, and the planned analysis as plain results for pages."""
from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date

from django.core.cache import cache
from django.db import transaction

from diary.records import load_diary, local_today
from diary.signals import bump_data_version
from insights import experiments as design_rules

from .models import AdherenceDay, Experiment


class AlreadyRunning(Exception):
    def __init__(self, experiment):
        super().__init__("an experiment is already running")
        self.experiment = experiment


@dataclass(frozen=True)
class TodayPlan:
    experiment: Experiment
    day: date
    do: bool
    day_number: int
    followed: bool | None  # the answer given so far, None if none


@dataclass(frozen=True)
class ExperimentOutcome:
    experiment: Experiment
    result: design_rules.ExperimentResult


def running_for(user, today: date) -> Experiment | None:
    for experiment in Experiment.objects.filter(owner=user, stopped_on__isnull=True).order_by("-start_date", "-id")[:3]:
        if experiment.is_running(today):
            return experiment
    return None


def start_experiment(user, *, suspect: str, design: str, weeks: int, start_date: date, custom_label: str = "",
                     seed: int | None = None) -> Experiment:
    """Draw the schedule once (seeded, stored) and save the experiment; one running experiment at a time."""
    seed = secrets.randbits(31) if seed is None else seed
    plan = design_rules.draw_schedule(design, weeks, seed)
    with transaction.atomic():
        running = running_for(user, local_today(user))
        if running is not None:
            raise AlreadyRunning(running)
        return Experiment.objects.create(
            owner=user, suspect=suspect, custom_label=custom_label, design=design, weeks=weeks,
            start_date=start_date, seed=seed, schedule="".join("1" if do else "0" for do in plan),
        )


def record_adherence(experiment: Experiment, day: date, followed: bool) -> None:
    if experiment.assignment_on(day) is None:
        return
    AdherenceDay.objects.update_or_create(experiment=experiment, date=day, defaults={"followed": followed})
    bump_data_version(experiment.owner_id)


def plan_for(user, day: date, today: date | None = None) -> TodayPlan | None:
    """The running experiment's plan for a day (two queries), or None."""
    today = today or local_today(user)
    experiment = running_for(user, today)
    if experiment is None or experiment.assignment_on(day) is None:
        return None
    answer = AdherenceDay.objects.filter(experiment=experiment, date=day).values_list("followed", flat=True).first()
    return TodayPlan(experiment=experiment, day=day, do=experiment.assignment_on(day),
                     day_number=(day - experiment.start_date).days + 1, followed=answer)


def stop_experiment(experiment: Experiment, today: date) -> None:
    experiment.stopped_on = today
    experiment.save(update_fields=["stopped_on"])
    bump_data_version(experiment.owner_id)


def _analyse(experiment: Experiment, diary, adherence: dict, today: date) -> design_rules.ExperimentResult:
    if experiment.stopped_on is not None:
        through, stopped = min(experiment.stopped_on, experiment.end_date), experiment.stopped_on <= experiment.end_date
    else:
        through, stopped = min(today, experiment.end_date), False
    inside = diary.between(experiment.start_date, experiment.end_date)
    return design_rules.analyse(
        design=experiment.design, weeks=experiment.weeks, seed=experiment.seed, start=experiment.start_date,
        schedule=experiment.plan, episode_dates={e.local_date for e in inside.episodes},
        recorded_dates={c.date for c in inside.checkins}, adherence=adherence, through=through,
        stopped_early=stopped,
    )


CACHE_SECONDS = 7 * 24 * 3600
RESULT_VERSION = 1  # bump when the analysis changes


def _cache_key(experiment: Experiment, today: date) -> str:
    # data_version moves on every diary change, adherence answer and stop (diary.signals).
    return f"experiment{RESULT_VERSION}:{experiment.pk}:{experiment.owner.profile.data_version}:{today.isoformat()}"


def outcome_of(experiment: Experiment, today: date | None = None) -> ExperimentOutcome:
    today = today or local_today(experiment.owner)
    key = _cache_key(experiment, today)
    result = cache.get(key)
    if result is None:
        diary = load_diary(experiment.owner, experiment.start_date, experiment.end_date)
        adherence = dict(experiment.adherence.values_list("date", "followed"))
        result = _analyse(experiment, diary, adherence, today)
        cache.set(key, result, CACHE_SECONDS)
    return ExperimentOutcome(experiment, result)


def results_for(user, start: date | None = None, end: date | None = None) -> list[ExperimentOutcome]:
    """Finished or stopped experiments (overlapping start..end when given), newest first, in a fixed number of queries."""
    today = local_today(user)
    experiments = [
        e for e in Experiment.objects.filter(owner=user).order_by("-start_date", "-id")
        if not e.is_running(today)
        and (start is None or e.end_date >= start) and (end is None or e.start_date <= end)
    ]
    if not experiments:
        return []
    for experiment in experiments:
        experiment.owner = user  # the profile (and its data version) is already loaded
    results = {e.pk: cache.get(_cache_key(e, today)) for e in experiments}
    missing = [e for e in experiments if results[e.pk] is None]
    if missing:
        diary = load_diary(user, min(e.start_date for e in missing), max(e.end_date for e in missing))
        answers: dict[int, dict] = {e.pk: {} for e in missing}
        for experiment_id, day, followed in AdherenceDay.objects.filter(experiment__in=missing).values_list(
                "experiment_id", "date", "followed"):
            answers[experiment_id][day] = followed
        for experiment in missing:
            results[experiment.pk] = _analyse(experiment, diary, answers[experiment.pk], today)
            cache.set(_cache_key(experiment, today), results[experiment.pk], CACHE_SECONDS)
    return [ExperimentOutcome(e, results[e.pk]) for e in experiments]


def record_from_checkin(user, day: date, answer: str | None) -> None:
    """The check-in's "did you follow the plan?" (yes/no; anything else is no answer)."""
    if answer not in ("yes", "no"):
        return
    experiment = running_for(user, local_today(user))
    if experiment is not None:
        record_adherence(experiment, day, answer == "yes")
