"""Assembly: build_summary() puts the sections together; summary_for_user() reads the diary once and caches."""
from __future__ import annotations

from dataclasses import replace

from django.utils import translation
from django.utils.text import Truncator

from ..catalogues import Context, Kind, Location, Trigger
from ..history_reader import load_history
from ..records import DiaryData, load_background, load_custom_factors, load_diary, load_medicines
from .alerts import _alert_rows
from .episodes import _appendix, _counts
from .frequency import _chart, _numbers, _trends
from .model import GpSummary
from .options import SummaryOptions, language_name
from .overview import _overview
from .patterns import _patterns
from .reliefs import _medicines, _reliefs

RED_FLAG_NOTES_SHOWN = 4
RED_FLAG_NOTE_CHARS = 160
# The appendix lists the latest episodes only: 7,000 rows with notes made a 30-140 s, 1.5 GB PDF.
# The CSV beside the summary has every one.
APPENDIX_MAX_ROWS = 100  # ten dense years with notes: 5 s of CPU and 200 MB for the whole PDF


def build_summary(diary: DiaryData, options: SummaryOptions, *, with_chart: bool = True) -> GpSummary:
    """Assemble the summary in options.language.

    diary must cover the period and the period of equal length just before it (the change in
    per cent), and for the alerts and the trend either the whole diary as records or the whole
    diary's columns (diary.history, as load_summary_diary reads it): the alert rules look back
    as far as a run of alerts goes.
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
    # Cached per user, diary version, day, language and options (chart included): a change expires it.
    from experiments.services import results_for  # the experiments app builds on the diary, not the reverse

    from ..page_cache import cached, user_key

    summary = cached(user_key("summary", user, options),
                     lambda: build_summary(load_summary_diary(user, options), options))
    return replace(summary, experiments=tuple(results_for(user, options.start, options.end)))


def load_summary_diary(user, options: SummaryOptions) -> DiaryData:
    """The diary a summary needs: records of its period and the one before, the rest as columns.

    Full records (notes included) only from options.previous_start: what the summary shows and
    the change in per cent. Everything up to options.end as diary.history columns, and full records
    of the older episodes an episode alert rule may speak of (insights.alerts.selection): the
    alerts and the trend are those of the whole diary, with a run's true first day and its answers
    however long ago it began (tests/test_summary_alert_history.py), and a one-year summary reads
    as many records for a one-year as for a twenty-year diary.
    """
    from insights.alerts.selection import location_candidates, older_episodes_needed  # the rules say which they read

    medicines = load_medicines(user)
    custom_factors = load_custom_factors(user)
    # No tallies of triggers and reliefs: the summary counts those of its period, from its records.
    read = load_history(user, options.end, select_older=older_episodes_needed, older_than=options.previous_start,
                        background=load_background(user), medicines=medicines, custom_factors=custom_factors,
                        tallies=False, factors=False, location_candidates=location_candidates)
    return load_diary(user, options.previous_start, options.end, history=read, medicines=medicines,
                      custom_factors=custom_factors)
