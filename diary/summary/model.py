"""The summary as plain data: GpSummary and the rows of its tables, labels already translated."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from .options import SummaryOptions


@dataclass(frozen=True)
class CountRow:
    slug: str
    label: str
    count: int
    percent: int  # share of the period's episodes, rounded


@dataclass(frozen=True)
class ReliefRow:
    slug: str
    label: str
    tried: int
    helped: int
    partly: int
    no_help: int

    @property
    def unknown(self) -> int:
        return self.tried - self.helped - self.partly - self.no_help


@dataclass(frozen=True)
class MedicineRow:
    name: str
    kind: str
    started_on: date | None
    stopped_on: date | None


@dataclass(frozen=True)
class RedFlagRow:
    slug: str
    label: str
    urgency: str
    urgency_label: str
    dates: tuple[date, ...]
    discussed_on: date | None = None
    first_raised: date | None = None
    status: str = "open"  # open, discussed, checked, gone
    status_label: str = ""


@dataclass(frozen=True)
class AlertRow:
    """One see-a-doctor rule that held in the period, its occurrences grouped."""

    rule: str
    urgency: str
    urgency_label: str
    title: str
    reason: str  # the latest occurrence's reason, naming the diary data behind it
    sources: str
    count: int
    first: date | None
    last: date | None
    discussed_on: date | None = None
    first_raised: date | None = None
    status: str = "open"  # open, discussed, checked, gone
    status_label: str = ""


@dataclass(frozen=True)
class PatternRow:
    """A factor the analysis calls a possible pattern, with its numbers."""

    factor: str
    label: str
    sentence: str
    caveats: tuple[str, ...]
    rate_ratio: float
    ci_low: float
    ci_high: float
    exposed_days: int
    exposed_with_episode: int
    unexposed_days: int
    unexposed_with_episode: int


@dataclass(frozen=True)
class TrendRow:
    measure: str  # frequency | intensity
    label: str
    weeks: int
    recent: float | None
    previous: float | None
    change_percent: int | None
    direction: str
    direction_label: str
    recent_start: date | None = None
    previous_start: date | None = None
    previous_end: date | None = None
    end: date | None = None


@dataclass(frozen=True)
class Numbers:
    episodes: int
    days: int
    per_week: float
    previous_episodes: int
    previous_days_logged: int
    change_percent: int | None  # None when the previous period had no episodes
    median_intensity: float | None
    worst_intensity: int | None
    days_logged: int
    days_logged_percent: int
    checkin_days: int


@dataclass(frozen=True)
class AppendixRow:
    started_at: datetime
    duration_minutes: int | None
    intensity: int
    kind: str
    locations: str
    context: str
    triggers: str
    reliefs: str
    red_flags: str
    notes: str


@dataclass(frozen=True)
class GpSummary:
    options: SummaryOptions
    language_name: str
    display_name: str  # the patient's name as it goes on the summary ("" leaves it out)
    generated_on: date
    numbers: Numbers
    red_flags: tuple[RedFlagRow, ...] = ()
    alerts: tuple[AlertRow, ...] = ()
    trends: tuple[TrendRow, ...] = ()
    chart_svg: str = ""
    locations: tuple[CountRow, ...] = ()
    kinds: tuple[CountRow, ...] = ()
    contexts: tuple[CountRow, ...] = ()
    triggers: tuple[CountRow, ...] = ()
    patterns: tuple[PatternRow, ...] = ()
    patterns_tested: int = 0
    patterns_note: str = ""
    reliefs: tuple[ReliefRow, ...] = ()
    medicines: tuple[MedicineRow, ...] = ()
    questions: str = ""
    appendix: tuple[AppendixRow, ...] = ()
    appendix_more: int = 0  # earlier episodes of the period left out of the appendix (in the CSV)
    red_flag_notes: tuple[tuple[date, str], ...] = field(default=())
    red_flag_notes_more: int = 0  # notes left out of page one; every one is in the appendix
    red_flags_unasked: int = 0  # episodes of the period logged without an answer to the red-flag question
    birth_year: int | None = None
    overview: tuple[str, ...] = ()  # page one's answers to a GP's first questions, in the third person
    experiments: tuple = ()  # experiments.services.ExperimentOutcome of the period (finished or stopped)

    @property
    def has_alerts_or_flags(self) -> bool:
        return bool(self.red_flags or self.alerts)
