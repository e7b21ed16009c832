"""The summary's period and choices: SummaryOptions, the preset and default lengths, the language's name."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings

DEFAULT_DAYS = 90
PRESET_DAYS = (30, 90, 180, 365)
MAX_DAYS = 3660  # ten years; a longer period is almost certainly a typo


@dataclass(frozen=True)
class SummaryOptions:
    start: date
    end: date
    language: str = "en"
    include_notes: bool = False
    include_questions: bool = False
    include_appendix: bool = False
    # The identification block, editable at export: None takes the profile's, "" / 0 leaves it out.
    patient_name: str | None = None
    birth_year: int | None = None

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def previous_start(self) -> date:
        return self.start - timedelta(days=self.days)

    @property
    def previous_end(self) -> date:
        return self.start - timedelta(days=1)


def default_period(today: date, days: int = DEFAULT_DAYS) -> tuple[date, date]:
    return today - timedelta(days=days - 1), today


def language_name(code: str) -> str:
    return dict(settings.LANGUAGES).get(code, code)
