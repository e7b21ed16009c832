"""Episodes per week (per month over long ranges), with the median and worst intensity as lines."""
from __future__ import annotations

from collections import defaultdict
from datetime import date
from statistics import median
from typing import Sequence

import numpy as np
from django.utils.translation import gettext, ngettext
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import FixedLocator, MaxNLocator

from ..analysis import WeekStat, weekly_series
from . import base
from .base import BLUE, MUTED, SKY, SMALL, VERMILLION, BuiltChart, Table, _figure, empty_svg
from .labels import day_label, month_label, number, year_label
from .ranges import _months


def monthly_series(episodes, start: date, end: date) -> list[WeekStat]:
    """Like analysis.weekly_series, one row per calendar month (week_start holds the 1st)."""
    by_month = defaultdict(list)
    for episode in episodes:
        if start <= episode.local_date <= end:
            by_month[episode.local_date.replace(day=1)].append(episode.intensity)
    rows = []
    for month in _months(start, end):
        values = by_month.get(month, [])
        rows.append(WeekStat(month, len(values), float(median(values)) if values else None,
                             max(values) if values else None))
    return rows


def weekly_table(periods: Sequence[WeekStat], monthly: bool = False) -> Table:
    return Table(
        caption=gettext("Episodes and intensity per month") if monthly else gettext("Episodes and intensity per week"),
        headers=(gettext("Month") if monthly else gettext("Week of"), gettext("Episodes"), gettext("Median intensity"),
                 gettext("Worst intensity")),
        rows=tuple(
            (month_label(p.week_start, with_year=True) if monthly else day_label(p.week_start, with_year=True),
             p.episodes, None if p.median_intensity is None else number(p.median_intensity), p.worst_intensity)
            for p in periods
        ),
    )


def _period_ticks(periods: Sequence[WeekStat], max_ticks: int, monthly: bool) -> tuple[list[int], list[str]]:
    if len(periods) <= 6 and not monthly:
        return list(range(len(periods))), [day_label(p.week_start) for p in periods]
    # A tick on the first period of a month, of a quarter, or of a year (or every few years) when long.
    firsts = [i for i, p in enumerate(periods) if p.week_start.day <= 7]
    for every in (1, 2, 3, 6, 12, 24, 36, 60):
        if every < 12:
            chosen = [i for i in firsts if (periods[i].week_start.month - 1) % every == 0]
        else:
            chosen = [i for i in firsts if periods[i].week_start.month == 1
                      and periods[i].week_start.year % (every // 12) == 0]
        if len(chosen) <= max_ticks:
            break
    if every >= 12:  # January ticks: the year says it all
        return chosen, [year_label(periods[i].week_start) for i in chosen]
    spans_years = periods[0].week_start.year != periods[-1].week_start.year
    labels = []
    for n, i in enumerate(chosen):
        day = periods[i].week_start
        labels.append(month_label(day, with_year=spans_years and (n == 0 or day.month <= every)))
    return chosen, labels


def weekly_svg(weeks: Sequence[WeekStat], *, title: str, description: str, size: str = "sm",
               empty_message: str = "", monthly: bool = False) -> str:
    """Bars of episodes per week (or per month, for long ranges), the median and worst intensity as lines."""
    if not weeks or not any(w.episodes for w in weeks):
        return empty_svg(empty_message or gettext("No episodes in this period yet"), title, "weekly", size)
    n = len(weeks)
    narrow = size == "sm"
    fig, ax = _figure(size, 230 if narrow else 260, left=34, right=34, top=58 if narrow else 46, bottom=26)
    x = np.arange(n)
    counts = np.array([w.episodes for w in weeks], dtype=float)
    medians = np.array([np.nan if w.median_intensity is None else w.median_intensity for w in weeks])
    worst = np.array([np.nan if w.worst_intensity is None else w.worst_intensity for w in weeks])

    ax.bar(x, counts, width=0.82 if n < 80 else 1.0, color=SKY, zorder=2, linewidth=0)
    top = max(3.0, counts.max() * 1.12)
    ax.set_ylim(0, top)
    ax.set_xlim(-0.6, n - 0.4)
    ax.yaxis.set_major_locator(MaxNLocator(nbins=4, integer=True))
    ax.grid(axis="y", zorder=0)
    ax.set_axisbelow(True)

    intensity = ax.twinx()
    intensity.set_ylim(0, 10.8)
    intensity.yaxis.set_major_locator(FixedLocator([0, 5, 10]))
    intensity.spines["right"].set_visible(True)
    intensity.spines["top"].set_visible(False)
    intensity.spines["left"].set_visible(False)
    show_markers = n <= 40
    intensity.plot(x, medians, color=BLUE, linewidth=2, marker="o" if show_markers else None, markersize=5, zorder=3)
    intensity.plot(x, worst, color=VERMILLION, linewidth=1.5, linestyle=(0, (4, 2)),
                   marker="^" if show_markers else None, markersize=5, zorder=3)
    if not show_markers:
        # Isolated weeks would vanish without markers: mark single points between gaps.
        for series, colour, marker in ((medians, BLUE, "o"), (worst, VERMILLION, "^")):
            alone = ~np.isnan(series) & np.isnan(np.r_[np.nan, series[:-1]]) & np.isnan(np.r_[series[1:], np.nan])
            intensity.plot(x[alone], series[alone], linestyle="none", marker=marker, markersize=3.5, color=colour)

    ticks, labels = _period_ticks(weeks, 4 if narrow else 7, monthly)
    ax.xaxis.set_major_locator(FixedLocator(ticks))
    ax.set_xticklabels(labels)
    ax.tick_params(axis="x", length=3)
    # Axis captions above the plot, inside its width, so no language gets cut off.
    ax.text(-0.01, 1.03, gettext("episodes"), transform=ax.transAxes, ha="left", va="bottom", fontsize=SMALL,
            color=MUTED)
    ax.text(1.01, 1.03, gettext("intensity"), transform=ax.transAxes, ha="right", va="bottom", fontsize=SMALL,
            color=MUTED)
    handles = [
        Patch(facecolor=SKY, label=gettext("Episodes per month") if monthly else gettext("Episodes per week")),
        Line2D([], [], color=BLUE, linewidth=2, marker="o", markersize=5, label=gettext("Median intensity")),
        Line2D([], [], color=VERMILLION, linewidth=1.5, linestyle=(0, (4, 2)), marker="^", markersize=5,
               label=gettext("Worst intensity")),
    ]
    fig.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, 1.0), ncols=2 if narrow else 3,
               borderaxespad=0.3)
    return base._to_svg(fig, title, description, "weekly")


def _weekly(diary, start, end, titles) -> BuiltChart:
    monthly = (end - start).days > 80 * 7  # 80+ weekly bars are noise on a phone
    periods = monthly_series(diary.episodes, start, end) if monthly else weekly_series(diary.episodes, start, end)
    intensities = sorted(e.intensity for e in diary.episodes if start <= e.local_date <= end)
    if intensities:
        weeks = (end - start).days // 7 + 1
        description = ngettext(
            "%(count)d episode in %(weeks)d weeks.", "%(count)d episodes in %(weeks)d weeks.", len(intensities)
        ) % {"count": len(intensities), "weeks": weeks}
        busiest = max(periods, key=lambda p: p.episodes)
        description += " " + gettext("Median intensity %(median)s, worst %(worst)s.") % {
            "median": number(median(intensities)), "worst": intensities[-1]}
        if monthly:
            description += " " + gettext("Most episodes in %(month)s: %(most)d.") % {
                "month": month_label(busiest.week_start, with_year=True), "most": busiest.episodes}
        else:
            description += " " + gettext("Most episodes in the week of %(week)s: %(most)d.") % {
                "week": day_label(busiest.week_start, with_year=True), "most": busiest.episodes}
        empty = ""
    else:
        description = empty = gettext("No episodes in this period yet")
    title = gettext("Episodes per month") if monthly else titles["weekly"]
    return BuiltChart("weekly", title, description, weekly_table(periods, monthly), periods, empty,
                      extra={"monthly": monthly})
