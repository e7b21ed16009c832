"""Computed pages cached per user and diary version: one data_version bump expires them all.

The key holds the user, their data_version (diary.signals bumps it on every change to the
diary, answers and experiments included), their local today, the active language and the
profile fields the computation reads, plus whatever the page adds (period, options). Nothing
is ever deleted: a change gives a new key, and the old entries age out of the bounded cache.
"""
from __future__ import annotations

import hashlib
import io
import pickle
from typing import Callable, TypeVar

from django.core.cache import cache
from django.utils.functional import Promise
from django.utils.translation import get_language

from .records import local_today

CACHE_SECONDS = 60 * 60 * 24 * 7
T = TypeVar("T")

# The profile's fields that the analysis, the alerts and the summary read (records.Background).
PROFILE_FIELDS = (
    "timezone", "country", "emergency_number", "display_name", "year_of_birth", "history_of_cancer", "osteoporosis",
    "long_term_steroids", "weakened_immune_system", "doctor_questions", "pain_duration",
)


def _digest(value) -> str:
    return hashlib.sha256(repr(value).encode()).hexdigest()[:16]


def user_key(kind: str, user, *parts) -> str:
    profile = user.profile
    return ":".join((
        kind, str(user.pk), str(profile.data_version), local_today(user).isoformat(), get_language() or "en",
        _digest(tuple(getattr(profile, name) for name in PROFILE_FIELDS)), _digest(parts),
    ))


class _PlainStrings(pickle.Pickler):
    """Pickles lazy translations as the strings they are now (the key holds the language).

    Unpickled, each lazy string built a new proxy class: 66 of them cost a warm patterns page
    20 ms, more than the rest of its rendering.
    """

    def reducer_override(self, obj):
        if isinstance(obj, Promise):
            return str, (str(obj),)
        return NotImplemented


def _dumps(value) -> bytes:
    buffer = io.BytesIO()
    _PlainStrings(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(value)
    return buffer.getvalue()


def cached(key: str, build: Callable[[], T]) -> T:
    """The value under key, or build() stored there; lazy strings come back as plain strings."""
    stored = cache.get(key)
    if stored is not None:
        return pickle.loads(stored)
    value = build()
    stored = _dumps(value)
    cache.set(key, stored, CACHE_SECONDS)
    return pickle.loads(stored)  # the same plain strings on a cold page as on a warm one
