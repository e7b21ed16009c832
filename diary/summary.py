"""The GP summary: what a diary shows for a period, assembled as plain data in one language.

build_summary() is pure: it takes a DiaryData that covers the period and the period of equal
length before it (for the change in per cent), plus whatever the analysis and alert modules
found, and returns a GpSummary whose labels are already translated into the summary's
language. summary_for_user() reads the database once through diary.records.load_diary and
calls the analysis modules; the view, the PDF and the gp_summary command all go through it,
so the page, the print view and the PDF cannot drift apart.
"""
from __future__ import annotations

import base64
import os
import tempfile
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from statistics import median

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.formats import number_format
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from insights.alerts.look_back import read_from

from .catalogues import Context, Kind, Location, MedicineKind, Outcome, RedFlag, Relief, Side, Trigger
from .records import DiaryData, EpisodeRecord, load_diary

URGENCY_RANK = {"emergency": 0, "urgent": 1, "soon": 2, "advice": 3}
DEFAULT_DAYS = 90
PRESET_DAYS = (30, 90, 180, 365)
MAX_DAYS = 3660
RED_FLAG_NOTES_SHOWN = 4
RED_FLAG_NOTE_CHARS = 160  # ten years; a longer period is almost certainly a typo
# The appendix lists the latest episodes only: 7,000 rows with notes made a 30-140 s, 1.5 GB PDF.
# The CSV beside the summary has every one.
APPENDIX_MAX_ROWS = 100  # ten dense years with notes: 5 s of CPU and 200 MB for the whole PDF



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


def default_period(today: date, days: int = DEFAULT_DAYS) -> tuple[date, date]:
    return today - timedelta(days=days - 1), today


def language_name(code: str) -> str:
    return dict(settings.LANGUAGES).get(code, code)


def _label(choices, slug: str) -> str:
    try:
        return str(choices(slug).label)
    except ValueError:
        return slug


def _urgency_label(urgency: str) -> str:
    # Worded for the doctor reading the summary; the app's own banners speak to the patient.
    labels = {
        "emergency": _("Emergency"),
        "urgent": _("Same day"),
        "soon": _("GP appointment"),
        "advice": _("Advice"),
    }
    return labels.get(urgency, urgency)


def _percent(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0


def _counts(choices, values: list[str], total: int) -> tuple[CountRow, ...]:
    counter = Counter(v for v in values if v)
    return tuple(
        CountRow(slug=slug, label=_label(choices, slug), count=count, percent=_percent(count, total))
        for slug, count in sorted(counter.items(), key=lambda item: (-item[1], item[0]))
    )


def _numbers(episodes: list[EpisodeRecord], previous: list[EpisodeRecord], diary: DiaryData,
             options: SummaryOptions) -> Numbers:
    intensities = [e.intensity for e in episodes]
    checkin_days = {c.date for c in diary.checkins if options.start <= c.date <= options.end}
    days_logged = checkin_days | {e.local_date for e in episodes}
    previous_logged = {c.date for c in diary.checkins if options.previous_start <= c.date <= options.previous_end}
    previous_logged |= {e.local_date for e in previous}
    change = None
    if previous:
        change = round(100 * (len(episodes) - len(previous)) / len(previous))
    return Numbers(
        episodes=len(episodes),
        days=options.days,
        per_week=round(len(episodes) * 7 / options.days, 1),
        previous_episodes=len(previous),
        previous_days_logged=len(previous_logged),
        change_percent=change,
        median_intensity=float(median(intensities)) if intensities else None,
        worst_intensity=max(intensities) if intensities else None,
        days_logged=len(days_logged),
        days_logged_percent=_percent(len(days_logged), options.days),
        checkin_days=len(checkin_days),
    )


def _latest(days) -> date | None:
    days = [d for d in days if d is not None]
    return max(days) if days else None


def _status_label(alert) -> str:
    """Open, discussed on a date, checked on a date, gone: the alert's status at the period's end."""
    when = alert.discussed_on.isoformat() if alert.discussed_on else ""
    if alert.answer == "discussed":
        return _("discussed on %(date)s") % {"date": when}
    if alert.answer == "checked":
        return _("checked on %(date)s") % {"date": when}
    if alert.answer == "gone":
        return _("gone (patient, %(date)s)") % {"date": when}
    if alert.status == "gone":
        return _("no longer holds")
    return _("open")


def _alert_rows(diary: DiaryData, options: SummaryOptions) -> tuple[tuple[RedFlagRow, ...], tuple[AlertRow, ...]]:
    """Red-flag symptoms and the other see-a-doctor alerts of the period, grouped for reading.

    insights.alerts (the one engine) decides what counts, how urgent it is, when each alert was
    first raised and its status at the period's end. One row per symptom and one per rule.
    """
    from guidance.services import cite_source  # sources read as a doctor would cite them, never as file names

    from .alerts import evaluate_alerts

    by_flag: dict[str, list] = {}
    by_rule: dict[str, list] = {}
    for alert in evaluate_alerts(diary, options.start, options.end):
        if alert.rule == "symptom":
            by_flag.setdefault(alert.symptom or alert.key.split(":")[1], []).append(alert)
        else:
            by_rule.setdefault(alert.rule, []).append(alert)

    def most_urgent(alerts):
        rank = min(URGENCY_RANK.get(a.urgency, 9) for a in alerts)
        return [a for a in alerts if URGENCY_RANK.get(a.urgency, 9) == rank]

    def latest(alerts):
        return max(alerts, key=lambda a: (max(a.dates) if a.dates else date.min))

    def first_raised(alerts):
        days = [a.first_raised for a in alerts if a.first_raised]
        return min(days) if days else None

    flags = []
    for slug, alerts in by_flag.items():
        urgency = most_urgent(alerts)[0].urgency
        last = latest(alerts)
        flags.append(RedFlagRow(
            slug=slug, label=_label(RedFlag, slug), urgency=urgency, urgency_label=_urgency_label(urgency),
            dates=tuple(sorted({d for a in alerts for d in a.dates if options.start <= d <= options.end})),
            discussed_on=_latest(a.discussed_on for a in alerts),
            first_raised=first_raised(alerts), status=last.status, status_label=_status_label(last),
        ))
    flags.sort(key=lambda r: (URGENCY_RANK.get(r.urgency, 9), r.dates[0] if r.dates else date.min))

    rows = []
    for rule, alerts in by_rule.items():
        shown = latest(most_urgent(alerts))
        days = sorted({d for a in alerts for d in a.dates if options.start <= d <= options.end} or {d for a in alerts for d in a.dates})
        rows.append(AlertRow(
            rule=rule, urgency=shown.urgency, urgency_label=_urgency_label(shown.urgency),
            # The doctor needs the data in the third person, not the advice to the patient.
            title=shown.doctor_title, reason=shown.doctor_reason,
            sources="; ".join(dict.fromkeys(cite_source(s, options.language, short=True) for a in alerts for s in a.sources)),
            count=len(days), first=days[0] if days else None, last=days[-1] if days else None,
            discussed_on=_latest(a.discussed_on for a in alerts),
            first_raised=first_raised(alerts), status=latest(alerts).status, status_label=_status_label(latest(alerts)),
        ))
    rows.sort(key=lambda r: (URGENCY_RANK.get(r.urgency, 9), -(r.last.toordinal() if r.last else 0)))
    return tuple(flags), tuple(rows)


def _patterns(episodes, checkins, options: SummaryOptions,
              custom_factors=()) -> tuple[tuple[PatternRow, ...], int, str]:
    """Only the factors diary.analysis calls a possible pattern, with their numbers (the user's own included)."""
    from .analysis import MIN_EPISODE_DAYS, factor_associations

    associations = factor_associations(episodes, checkins, options.start, options.end, custom_factors)
    tested = [a for a in associations if a.tested]
    rows = tuple(
        PatternRow(
            factor=a.factor, label=str(a.label), sentence=a.sentence(), caveats=tuple(a.caveats()),
            rate_ratio=a.ratio, ci_low=a.ci_low, ci_high=a.ci_high,
            exposed_days=a.exposed_days, exposed_with_episode=a.exposed_with_episode,
            unexposed_days=a.unexposed_days, unexposed_with_episode=a.unexposed_with_episode,
        )
        for a in associations if a.status == "possible"
    )
    if rows:
        note = ""
    elif tested:
        note = ngettext(
            "%(count)d daily factor had enough check-ins in this period to be compared; none showed a possible "
            "pattern (over a few months only strong links can pass the app's threshold).",
            "%(count)d daily factors had enough check-ins in this period to be compared; none showed a possible "
            "pattern (over a few months only strong links can pass the app's threshold).",
            len(tested),
        ) % {"count": len(tested)}
    else:
        note = _(
            "Not enough data yet to compare daily factors: this needs %(count)d or more days with an episode among "
            "days with a check-in, and 5 or more days with and without each factor."
        ) % {"count": MIN_EPISODE_DAYS}
    return rows, len(tested), note


def _trends(diary: DiaryData, options: SummaryOptions) -> tuple[TrendRow, ...]:
    """The 4-week trend at the end of the period, as diary.analysis defines it."""
    from .analysis import episode_trends, first_record_day

    directions = {"rising": _("rising"), "falling": _("falling"), "stable": _("stable"),
                  "not_enough_data": _("not enough data")}
    labels = {"frequency": _("Episodes per week"), "intensity": _("Mean intensity")}
    rows = []
    for trend in episode_trends(diary.episodes, options.end, first_record_day(diary), weeks_options=(4,)):
        recent_start = options.end - timedelta(days=7 * trend.weeks - 1)  # the windows episode_trends compares
        rows.append(TrendRow(
            recent_start=recent_start, previous_start=recent_start - timedelta(days=7 * trend.weeks),
            previous_end=recent_start - timedelta(days=1), end=options.end,
            measure=trend.measure, label=str(labels.get(trend.measure, trend.measure)), weeks=trend.weeks,
            recent=trend.recent, previous=trend.previous,
            change_percent=round(trend.change_percent) if trend.change_percent is not None else None,
            direction=trend.direction, direction_label=str(directions.get(trend.direction, trend.direction)),
        ))
    return tuple(rows)


def _chart(episodes, options: SummaryOptions) -> str:
    from .analysis import weekly_series
    from .charts import weekly_svg

    weeks = weekly_series(episodes, options.start, options.end)
    svg = weekly_svg(
        weeks, size="lg", title=_("Episodes per week and weekly intensity"),
        description=_("Bars: episodes per week. Lines: median and worst intensity of the week (0-10)."),
    )
    return mark_safe(svg)  # drawn by diary.charts from numbers and our own labels, escaped there


def _reliefs(episodes: list[EpisodeRecord]) -> tuple[ReliefRow, ...]:
    tried: Counter = Counter()
    outcomes: Counter = Counter()
    for episode in episodes:
        for slug, outcome in episode.reliefs:
            tried[slug] += 1
            if outcome:
                outcomes[(slug, outcome)] += 1
    return tuple(
        ReliefRow(
            slug=slug,
            label=_label(Relief, slug),
            tried=count,
            helped=outcomes[(slug, Outcome.HELPED)],
            partly=outcomes[(slug, Outcome.PARTLY)],
            no_help=outcomes[(slug, Outcome.NO_HELP)],
        )
        for slug, count in sorted(tried.items(), key=lambda item: (-item[1], item[0]))
    )


def _medicines(diary: DiaryData, options: SummaryOptions) -> tuple[MedicineRow, ...]:
    """Medicines taken at any time in the period (or with no dates given)."""
    rows = []
    for medicine in diary.medicines:
        if medicine.started_on and medicine.started_on > options.end:
            continue
        if medicine.stopped_on and medicine.stopped_on < options.start:
            continue
        rows.append(MedicineRow(medicine.name, _label(MedicineKind, medicine.kind), medicine.started_on,
                                medicine.stopped_on))
    return tuple(rows)


def _appendix(episodes: list[EpisodeRecord], include_notes: bool) -> tuple[AppendixRow, ...]:
    def join(choices, slugs):
        return ", ".join(_label(choices, s) for s in slugs)

    rows = []
    for e in episodes:
        locations = join(Location, e.locations)
        if e.side:
            locations = f"{locations} ({_label(Side, e.side)})" if locations else _label(Side, e.side)
        reliefs = ", ".join(
            f"{_label(Relief, slug)}: {_label(Outcome, outcome)}" if outcome else _label(Relief, slug)
            for slug, outcome in e.reliefs
        )
        rows.append(
            AppendixRow(
                started_at=e.started_at,
                duration_minutes=e.duration_minutes,
                intensity=e.intensity,
                kind=_label(Kind, e.kind) if e.kind else "",
                locations=locations,
                context=_label(Context, e.context) if e.context else "",
                triggers=join(Trigger, e.triggers),
                reliefs=reliefs,
                red_flags=join(RedFlag, e.red_flags),
                notes=e.notes if include_notes else "",
            )
        )
    return tuple(rows)


def _one_decimal(value: float) -> str:
    """1.5, 2 (not 2.0), in the active language's number format (1,5 in German)."""
    value = round(value, 1)
    return number_format(value, decimal_pos=0 if value == int(value) else 1)


def _red_flag_line(red_flags: tuple[RedFlagRow, ...], alerts: tuple[AlertRow, ...]) -> str:
    """One line on page one that the table of red flags and alerts then details."""
    if not red_flags and not alerts:
        return _("Red flags: none logged, and no alerts were raised in this period.")
    parts = []
    if red_flags:
        parts.append(ngettext(
            "%(count)d red-flag symptom logged (%(which)s)", "%(count)d red-flag symptoms logged (%(which)s)",
            len(red_flags)) % {"count": len(red_flags), "which": ", ".join(
                ngettext("%(label)s: %(days)d day, last %(last)s", "%(label)s: %(days)d days, last %(last)s",
                         len(r.dates)) % {
                    "label": r.label, "days": len(r.dates), "last": r.dates[-1].isoformat()} if r.dates else r.label
                for r in red_flags)})
    if alerts:
        still_open = sum(1 for a in alerts if a.status == "open")
        parts.append(ngettext("%(count)d alert (%(open)d still open)", "%(count)d alerts (%(open)d still open)",
                              len(alerts)) % {"count": len(alerts), "open": still_open})
    return _("Red flags and alerts: %(parts)s; dates and status in the table below.") % {"parts": "; ".join(parts)}


def _overview(numbers: Numbers, trends: tuple[TrendRow, ...], reliefs: tuple[ReliefRow, ...],
              options: SummaryOptions, red_flags: tuple[RedFlagRow, ...] = (),
              alerts: tuple[AlertRow, ...] = ()) -> tuple[str, ...]:
    """Page one's plain answers, in the third person: red flags, how often, how bad, which way, what helped."""
    lines = [_red_flag_line(red_flags, alerts)]
    if numbers.episodes:
        lines.append(ngettext(
            "The patient logged %(count)d episode in %(days)d days (%(per_week)s a week).",
            "The patient logged %(count)d episodes in %(days)d days (%(per_week)s a week).",
            numbers.episodes,
        ) % {"count": numbers.episodes, "days": numbers.days, "per_week": _one_decimal(numbers.per_week)})
        lines.append(_("Intensity, the patient's own 0-10 rating: median %(median)s, worst %(worst)d.") % {
            "median": _one_decimal(numbers.median_intensity or 0), "worst": numbers.worst_intensity or 0})
    else:
        lines.append(ngettext("The patient logged no episodes in this period of %(days)d day.",
                              "The patient logged no episodes in this period of %(days)d days.",
                              numbers.days) % {"days": numbers.days})
    if numbers.change_percent is not None:
        lines.append(_("In the %(days)d days before, %(previous)d episodes (%(change)s).") % {
            "days": numbers.days, "previous": numbers.previous_episodes,
            "change": f"{'+' if numbers.change_percent > 0 else ''}{numbers.change_percent} %"})
    compared = [t for t in trends if t.recent is not None and t.previous is not None]
    if compared:
        first = compared[0]
        measures = "; ".join(_("%(measure)s %(direction)s (%(previous)s → %(recent)s)") % {
            "measure": t.label, "direction": t.direction_label,
            "previous": _one_decimal(t.previous), "recent": _one_decimal(t.recent)} for t in compared)
        lines.append(_("Direction, last %(weeks)d weeks (%(recent_start)s to %(end)s) against the %(weeks)d weeks "
                       "before: %(measures)s.") % {
            "weeks": first.weeks, "recent_start": first.recent_start.isoformat(), "end": first.end.isoformat(),
            "measures": measures})
    elif trends and numbers.episodes:
        lines.append(_("Direction: the diary does not yet reach back far enough to compare the last 4 weeks "
                       "with the 4 before."))
    helped = sorted((r for r in reliefs if r.helped), key=lambda r: (-r.helped / r.tried, -r.tried, r.label))[:3]
    if helped:
        parts = ", ".join(ngettext("%(relief)s (helped %(helped)d of %(tried)d time)",
                                   "%(relief)s (helped %(helped)d of %(tried)d times)", r.tried) % {
            "relief": r.label, "helped": r.helped, "tried": r.tried} for r in helped)
        lines.append(_("Helped most: %(reliefs)s.") % {"reliefs": parts})
    elif reliefs:
        lines.append(_("Nothing the patient tried was logged as helping."))
    return tuple(lines)


def build_summary(diary: DiaryData, options: SummaryOptions, *, with_chart: bool = True) -> GpSummary:
    """Assemble the summary in options.language.

    diary must cover the period and what came before it: the change in per cent compares
    with the period of equal length just before, and the alert rules look back in time.
    """
    with translation.override(options.language):
        episodes = [e for e in diary.episodes if options.start <= e.local_date <= options.end]
        checkins = [c for c in diary.checkins if options.start <= c.date <= options.end]
        previous = [e for e in diary.episodes if options.previous_start <= e.local_date <= options.previous_end]
        total = len(episodes)
        red_flags, alerts = _alert_rows(diary, options)
        patterns, tested, patterns_note = _patterns(episodes, checkins, options,
                                                    getattr(diary, "custom_factors", ()))
        red_flag_notes, more = (), 0
        if options.include_notes:
            # The latest few, shortened, keep page one short; the appendix has every note in full.
            noted = [(e.local_date, e.notes) for e in episodes if e.red_flags and e.notes.strip()]
            more = max(0, len(noted) - RED_FLAG_NOTES_SHOWN)
            red_flag_notes = tuple(
                (day, Truncator(text).chars(RED_FLAG_NOTE_CHARS)) for day, text in noted[-RED_FLAG_NOTES_SHOWN:]
            )
        numbers = _numbers(episodes, previous, diary, options)
        trends = _trends(diary, options)
        reliefs = _reliefs(episodes)
        birth_year = diary.background.year_of_birth if options.birth_year is None else options.birth_year
        return GpSummary(
            options=options,
            language_name=language_name(options.language),
            display_name=(diary.background.display_name if options.patient_name is None else options.patient_name).strip(),
            birth_year=birth_year or None,
            overview=_overview(numbers, trends, reliefs, options, red_flags, alerts),
            generated_on=diary.today,
            numbers=numbers,
            red_flags=red_flags,
            alerts=alerts,
            red_flags_unasked=sum(1 for e in episodes if not e.red_flags_asked),
            trends=trends,
            chart_svg=_chart(episodes, options) if with_chart and episodes else "",
            locations=_counts(Location, [slug for e in episodes for slug in e.locations], total),
            kinds=_counts(Kind, [e.kind for e in episodes], total),
            contexts=_counts(Context, [e.context for e in episodes], total),
            triggers=_counts(Trigger, [slug for e in episodes for slug in e.triggers], total),
            patterns=patterns,
            patterns_tested=tested,
            patterns_note=patterns_note,
            reliefs=reliefs,
            medicines=_medicines(diary, options),
            questions=diary.background.doctor_questions.strip() if options.include_questions else "",
            appendix=_appendix(episodes[-APPENDIX_MAX_ROWS:], options.include_notes) if options.include_appendix else (),
            appendix_more=max(0, total - APPENDIX_MAX_ROWS) if options.include_appendix else 0,
            red_flag_notes=red_flag_notes,
            red_flag_notes_more=more,
        )


def summary_for_user(user, options: SummaryOptions) -> GpSummary:
    """Read the owner's diary once and assemble their summary (only ever request.user's)."""
    # The period, the one of equal length before it (the change in per cent) and the alert rules'
    # look-back (insights.alerts.look_back), never the whole history: a one-year summary costs
    # the same for a one-year and a twenty-year diary. The first-record day the trends need
    # comes from what was read: anything before the look-back is older than their windows.
    # Cached per user, diary version, day, language and options (chart included): a change expires it.
    from experiments.services import results_for  # the experiments app builds on the diary, not the reverse

    from .page_cache import cached, user_key

    summary = cached(user_key("summary", user, options), lambda: build_summary(
        load_diary(user, min(options.previous_start, read_from(options.start)), options.end), options))
    return replace(summary, experiments=tuple(results_for(user, options.start, options.end)))


# --- Rendering: one template for the page, the print view and the PDF ------------------------

SUMMARY_TEMPLATE = "diary/summary_print.html"


@lru_cache(maxsize=1)
def _print_css() -> str:
    path = finders.find("css/print.css")
    return Path(path).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def pdf_cjk_font_path() -> Path | None:
    """The Simplified Chinese face of the bundled Noto Sans CJK collection, as a single font file.

    WeasyPrint reads only the first face of a .ttc (Japanese glyph shapes), so the SC face is
    extracted once with fontTools into a cache file (about 16 MB, about one second, once per
    machine). Falls back to the collection itself if extraction fails.
    """
    from .fonts import CJK_FACE_INDEX, cjk_font_path

    collection = cjk_font_path()
    if not collection.exists():
        return None
    cache_dir = Path(getattr(settings, "FONT_CACHE_DIR", "") or Path(tempfile.gettempdir()) / "spasm-diary-fonts")
    target = cache_dir / f"{collection.stem}-face{CJK_FACE_INDEX}-{collection.stat().st_size}.otf"
    if target.exists():
        return target
    try:
        from fontTools.ttLib import TTCollection

        cache_dir.mkdir(parents=True, exist_ok=True)
        partial = target.with_suffix(f".{os.getpid()}.tmp")
        TTCollection(str(collection)).fonts[CJK_FACE_INDEX].save(str(partial))
        os.replace(partial, target)
        return target
    except (OSError, IndexError, ImportError):
        return collection


def _font_face_css() -> str:
    path = pdf_cjk_font_path()
    if path is None:
        return ""
    return '@font-face { font-family: "Noto Sans CJK SC"; src: url("%s"); }\n' % path.as_uri()


def _local_only_fetcher(allowed_files):
    """A fetcher that lets the PDF load our font and data: URIs only: no network, no other files."""
    import weasyprint  # imported on first PDF: it takes half a second

    allowed = {str(p) for p in allowed_files}

    class LocalOnlyFetcher(weasyprint.URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("data:") or (url.startswith("file:") and url.split("?")[0] in allowed):
                return super().fetch(url, headers)
            raise ValueError(f"The GP summary PDF does not load {url[:80]}")

    return LocalOnlyFetcher(allowed_protocols={"file", "data"})


def render_summary_html(summary: GpSummary, *, standalone: bool = False, request=None, back_url: str = "",
                        pdf: bool = False) -> str:
    """The summary as a chrome-free HTML page in the summary's language.

    standalone inlines the stylesheet (a file that works without the site, and the PDF source).
    """
    context = {"summary": summary, "back_url": back_url}
    if pdf and summary.chart_svg:
        # As an image, WeasyPrint draws the SVG with its SVG renderer directly instead of
        # styling every path as an HTML element (three times faster, no warnings).
        encoded = base64.b64encode(str(summary.chart_svg).encode("utf-8")).decode("ascii")
        context["chart_src"] = "data:image/svg+xml;base64," + encoded
    if standalone or pdf:
        css = (_font_face_css() if pdf else "") + _print_css()
        context["inline_css"] = mark_safe(css)  # our own stylesheet, never user text
    with translation.override(summary.options.language):
        return render_to_string(SUMMARY_TEMPLATE, context, request=request)


def render_summary_document(summary: GpSummary, request=None) -> str:
    """Only the summary itself (no page around it), in the summary's language, for the preview."""
    with translation.override(summary.options.language):
        return render_to_string("diary/summary_document.html", {"summary": summary}, request=request)


def render_summary_pdf(summary: GpSummary) -> bytes:
    html = render_summary_html(summary, pdf=True)
    import weasyprint

    font = pdf_cjk_font_path()
    fetcher = _local_only_fetcher([font.as_uri()] if font else [])
    return weasyprint.HTML(string=html, url_fetcher=fetcher).write_pdf()
