"""Which episodes older than a page's window the episode alert rules can still speak of.

A page reads full records only for recent days and the whole diary in columns (diary.history);
the rules over single episodes (symptoms.py, episodes.py, background.py) may still name an
episode from any year: a red flag stays open until answered, a run of sharp spasms keeps its
first episode, a statin's run counts every episode since its start. The loader asks
older_episode_needed() of every older episode and reads full records only for those. It must
never say False of an episode a rule could use: when unsure, True.
"""
from __future__ import annotations

from datetime import date
from typing import Sequence

import numpy as np

from diary.catalogues import Kind, MedicineKind

from .background import NEW_PAIN
from .episodes import LONG_CRAMP_MINUTES, SHARP_INTENSITY, SHARP_KINDS
from .symptoms import BACK, NECK_OR_BACK, on_statin


def older_episode_needed(*, kind: str, intensity: int, duration_minutes: int | None, locations: Sequence[str],
                         red_flags: Sequence[str], local_date: date, background, medicines: Sequence) -> bool:
    """Whether any episode rule may speak of this episode (given the health background and medicines)."""
    if red_flags:  # symptoms (and the weight loss a background run mentions)
        return True
    if kind == Kind.CRAMP and duration_minutes is not None and duration_minutes > LONG_CRAMP_MINUTES:  # long_cramp
        return True
    places = set(locations)
    if places & NECK_OR_BACK:
        if intensity >= SHARP_INTENSITY and kind in SHARP_KINDS:  # sharp_neck_back
            return True
        if background.history_of_cancer:  # cancer_spinal_pain
            return True
    if places & BACK:
        if background.osteoporosis or background.long_term_steroids or background.weakened_immune_system:
            return True  # background_history
        if background.year_of_birth and background.pain_duration == NEW_PAIN:
            return True  # background_age: its age is taken on the day judged, so any older episode may count
    return bool(on_statin(medicines, local_date))  # statin_muscle: every episode while a statin is taken


def older_episodes_needed(*, ids, days, kinds, intensity, duration_minutes, locations_of: dict, red_flags_of: dict,
                          background, medicines: Sequence) -> np.ndarray:
    """older_episode_needed for a whole diary's columns at once (a boolean per episode).

    ids, days (date ordinals), kinds, intensity and duration_minutes (nan unknown) are one entry per
    episode; locations_of and red_flags_of map an episode id to its slugs. Equal to calling
    older_episode_needed on each episode (tests/test_alert_selection.py), in a few array operations.
    """
    ids = np.asarray(ids)
    n = len(ids)
    index = {int(episode_id): i for i, episode_id in enumerate(ids.tolist())}
    needed = np.zeros(n, dtype=bool)
    for episode_id, flags in red_flags_of.items():
        if flags and episode_id in index:
            needed[index[episode_id]] = True
    kinds = np.asarray(kinds, dtype=str).reshape(-1)  # fixed-width text: compared in C
    intensity = np.asarray(intensity)
    with np.errstate(invalid="ignore"):
        needed |= (kinds == str(Kind.CRAMP)) & (np.asarray(duration_minutes, dtype=float) > LONG_CRAMP_MINUTES)
    neck_or_back, back = np.zeros(n, dtype=bool), np.zeros(n, dtype=bool)
    for episode_id, slugs in locations_of.items():
        i = index.get(episode_id)
        if i is not None:
            places = set(slugs)
            neck_or_back[i], back[i] = bool(places & NECK_OR_BACK), bool(places & BACK)
    sharp_kind = np.isin(kinds, [str(k) for k in SHARP_KINDS])
    needed |= neck_or_back & (intensity >= SHARP_INTENSITY) & sharp_kind
    if background.history_of_cancer:
        needed |= neck_or_back
    if background.osteoporosis or background.long_term_steroids or background.weakened_immune_system:
        needed |= back
    if background.year_of_birth and background.pain_duration == NEW_PAIN:
        needed |= back
    days = np.asarray(days)
    for medicine in medicines:
        if medicine.kind == MedicineKind.STATIN and medicine.started_on is not None:
            taking = days >= medicine.started_on.toordinal()
            if medicine.stopped_on is not None:
                taking &= days <= medicine.stopped_on.toordinal()
            needed |= taking
    return needed


def location_candidates(*, kinds, intensity, background) -> np.ndarray:
    """Which episodes' places older_episodes_needed may depend on (a boolean per episode): with a
    health background that makes neck or back pain count, every episode; else the sharp, severe
    ones. The loader reads places only for these."""
    kinds = np.asarray(kinds, dtype=str).reshape(-1)
    if (background.history_of_cancer or background.osteoporosis or background.long_term_steroids
            or background.weakened_immune_system or (background.year_of_birth and background.pain_duration == NEW_PAIN)):
        return np.ones(len(kinds), dtype=bool)
    return (np.asarray(intensity) >= SHARP_INTENSITY) & np.isin(kinds, [str(k) for k in SHARP_KINDS])
