"""Episodes and intensity: the period's numbers against the period before, the 4-week trend, the weekly chart."""
from __future__ import annotations

from datetime import timedelta
from statistics import median

from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from ..records import DiaryData, EpisodeRecord
from .labels import _percent
from .model import Numbers, TrendRow
from .options import SummaryOptions


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


def _trends(diary: DiaryData, options: SummaryOptions) -> tuple[TrendRow, ...]:
    """The 4-week trend at the end of the period, as diary.analysis defines it."""
    from ..analysis import column_trends, episode_trends, first_record_day

    directions = {"rising": _("rising"), "falling": _("falling"), "stable": _("stable"),
                  "not_enough_data": _("not enough data")}
    labels = {"frequency": _("Episodes per week"), "intensity": _("Mean intensity")}
    rows = []
    # The records may start at the period before (summary_for_user): for a period shorter than the
    # trend's 8 weeks the whole diary's columns, when read, hold the episodes the windows compare.
    history = getattr(diary, "history", None)
    if history is not None:
        trends = column_trends(history, options.end, first_record_day(diary), weeks_options=(4,))
    else:
        trends = episode_trends(diary.episodes, options.end, first_record_day(diary), weeks_options=(4,))
    for trend in trends:
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
    from ..analysis import weekly_series
    from ..charts import weekly_svg

    weeks = weekly_series(episodes, options.start, options.end)
    svg = weekly_svg(
        weeks, size="lg", title=_("Episodes per week and weekly intensity"),
        description=_("Bars: episodes per week. Lines: median and worst intensity of the week (0-10)."),
    )
    return mark_safe(svg)  # drawn by diary.charts from numbers and our own labels, escaped there
