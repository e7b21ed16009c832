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

from diary.catalogues import Kind

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
