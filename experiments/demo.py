"""A finished experiment for the demo diary, fast-forwarded: the plan drawn, followed and analysed.

Pure: takes the demo's plain records and returns them adjusted to the plan. The demo's story
already has too little fluid more than doubling the chance of an episode, so on the "do" days
the plan was followed the person drinks at least 2.5 l, and each episode that a day of low
fluid would have brought is dropped with the chance the planted effect implies (1 - 1/2.6).
"""
from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import date, timedelta

from diary.demo import LOW_FLUID_FACTOR, LOW_FLUID_LITRES, DemoDiary
from insights import experiments as design_rules

from .models import Design, Suspect

DEMO_WEEKS = 8
DAYS_AFTER_END = 7  # finished a week before the diary's last day
ANSWER_RATE = 0.9
FOLLOW_RATE = 0.9


@dataclass(frozen=True)
class DemoExperiment:
    suspect: str
    design: str
    weeks: int
    start_date: date
    seed: int
    schedule: str
    adherence: tuple[tuple[date, bool], ...]


def with_demo_experiment(demo: DemoDiary, seed: int, end: date) -> tuple[DemoDiary, DemoExperiment | None]:
    """The diary reshaped by an 8-week randomised-days experiment on drinking 2.5 l, or (demo, None) if too short."""
    days = DEMO_WEEKS * 7
    last = end - timedelta(days=DAYS_AFTER_END)
    start = last - timedelta(days=days - 1)
    first_logged = min([c.date for c in demo.checkins] + [e.local_date for e in demo.episodes], default=end)
    if start < first_logged:
        return demo, None
    rng = random.Random(seed * 7919 + 1)
    experiment_seed = rng.randrange(2 ** 31)
    plan = design_rules.draw_schedule(design_rules.DAYS, DEMO_WEEKS, experiment_seed)
    adherence, followed_do_days = [], set()
    for index, do in enumerate(plan):
        day = start + timedelta(days=index)
        followed = rng.random() < FOLLOW_RATE
        if rng.random() < ANSWER_RATE:
            adherence.append((day, followed))
        if do and followed:
            followed_do_days.add(day)
    low_fluid_days = {c.date for c in demo.checkins if c.fluid_litres is not None and c.fluid_litres < LOW_FLUID_LITRES}
    checkins = tuple(
        replace(c, fluid_litres=max(c.fluid_litres or 0.0, 2.5 + round(rng.random() * 4) / 4))
        if c.date in followed_do_days else c
        for c in demo.checkins
    )
    episodes = tuple(
        e for e in demo.episodes
        if not (e.local_date in followed_do_days and e.local_date in low_fluid_days
                and rng.random() < 1 - 1 / LOW_FLUID_FACTOR)
    )
    experiment = DemoExperiment(
        suspect=Suspect.FLUID, design=Design.DAYS, weeks=DEMO_WEEKS, start_date=start, seed=experiment_seed,
        schedule="".join("1" if do else "0" for do in plan), adherence=tuple(adherence),
    )
    return replace(demo, episodes=episodes, checkins=checkins), experiment


def save_demo_experiment(user, experiment: DemoExperiment) -> None:
    from .models import AdherenceDay, Experiment

    saved = Experiment.objects.create(
        owner=user, suspect=experiment.suspect, design=experiment.design, weeks=experiment.weeks,
        start_date=experiment.start_date, seed=experiment.seed, schedule=experiment.schedule,
    )
    AdherenceDay.objects.bulk_create(
        [AdherenceDay(experiment=saved, date=day, followed=followed) for day, followed in experiment.adherence])
