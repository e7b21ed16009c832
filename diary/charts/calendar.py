"""Worst pain per day as a calendar heatmap: a column per week when short, a row per month when long."""
from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, timedelta

from django.utils.translation import gettext, ngettext
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import FixedLocator

from ..analysis import daily_worst_pain
from . import base
from .base import EMPTY_EDGE, PAIN_BINS, SMALL, WIDTHS, BuiltChart, Table, _figure, empty_svg
from .labels import _label_value, _listed, month_label, weekday_labels
from .ranges import _months


def pain_bin(value: int | None) -> int | None:
    if value is None:
        return None
    for index, (low, high, _colour) in enumerate(PAIN_BINS):
        if low <= value <= high:
            return index
    return len(PAIN_BINS) - 1


def pain_bin_labels() -> list[str]:
    return [gettext("0 good day"), "1–3", "4–6", "7–8", "9–10"]


def calendar_table(days: dict[date, int | None]) -> Table:
    if not days:
        return Table(gettext("Worst pain per day"), (gettext("Month"),), ())
    start, end = min(days), max(days)
    rows = []
    for month in _months(start, end):
        cells = []
        for day_number in range(1, 32):
            try:
                day = month.replace(day=day_number)
            except ValueError:
                cells.append("")
                continue
            cells.append(days.get(day, "") if start <= day <= end else "")
        rows.append((month_label(month, with_year=True), *[None if c is None else c for c in cells]))
    return Table(
        caption=gettext("Worst pain per day (0–10); a dash means nothing was logged that day"),
        headers=(gettext("Month"), *[str(d) for d in range(1, 32)]),
        rows=tuple(rows),
    )


def _draw_cells(ax, xs, ys, values, side: float) -> None:
    """One marker line per colour: the SVG defines the square once and reuses it (small, fast)."""
    groups = defaultdict(lambda: ([], []))
    for x, y, value in zip(xs, ys, values):
        group = groups[pain_bin(value)]
        group[0].append(x)
        group[1].append(y)
    for index, (gx, gy) in groups.items():
        if index is None:
            face, edge = "#ffffff", EMPTY_EDGE
        else:
            face = edge = PAIN_BINS[index][2]
        ax.plot(gx, gy, linestyle="none", marker="s", markersize=side, markerfacecolor=face, markeredgecolor=edge,
                markeredgewidth=0.8)


def _pain_legend(fig: Figure, narrow: bool) -> None:
    handles = [Line2D([], [], linestyle="none", marker="s", markersize=10, markerfacecolor="#ffffff",
                      markeredgecolor=EMPTY_EDGE, label=gettext("no entry"))]
    handles += [
        Line2D([], [], linestyle="none", marker="s", markersize=10, markerfacecolor=colour, markeredgecolor=colour,
               label=label)
        for (_low, _high, colour), label in zip(PAIN_BINS, pain_bin_labels())
    ]
    fig.legend(handles=handles, loc="lower center", bbox_to_anchor=(0.5, 0.0), ncols=3 if narrow else 6,
               fontsize=SMALL, handletextpad=0.3, borderaxespad=0.3)


def calendar_svg(days: dict[date, int | None], *, title: str, description: str, size: str = "sm",
                 empty_message: str = "") -> str:
    """Up to 16 weeks: a column per week, a row per weekday; longer: a row per month, a column per day."""
    if not days or all(v is None for v in days.values()):
        return empty_svg(empty_message or gettext("Nothing logged in this period yet"), title, "calendar", size)
    start, end = min(days), max(days)
    if (end - start).days < 16 * 7:
        return _calendar_weeks(days, start, end, title, description, size)
    return _calendar_months(days, start, end, title, description, size)


def _calendar_weeks(days, start, end, title, description, size) -> str:
    narrow = size == "sm"
    first_monday = start - timedelta(days=start.weekday())
    weeks = (end - first_monday).days // 7 + 1
    width_pt = WIDTHS[size] * 72
    left = 44
    cell = min((width_pt - left - 10) / weeks, 30)
    spare = width_pt - left - 10 - cell * weeks
    left += spare / 2  # centre a short calendar instead of leaving a gap on the right
    right = width_pt - left - cell * weeks
    top, legend_height = 22, (44 if narrow else 26)
    fig, ax = _figure(size, top + cell * 7 + legend_height + 8, left=left, right=right, top=top,
                      bottom=legend_height + 8)
    xs, ys, values = [], [], []
    day = start
    while day <= end:
        xs.append((day - first_monday).days // 7)
        ys.append(day.weekday())
        values.append(days.get(day))
        day += timedelta(days=1)
    _draw_cells(ax, xs, ys, values, cell * 0.86)
    ax.set_xlim(-0.5, weeks - 0.5)
    ax.set_ylim(6.5, -0.5)
    for spine in ax.spines.values():
        spine.set_visible(False)
    # A month name over the first column and over each column where a month begins.
    ticks, labels = [0], [month_label(start)]
    for column in range(1, weeks):
        monday = first_monday + timedelta(days=7 * column)
        sunday = monday + timedelta(days=6)
        if sunday.day <= 7 or monday.day == 1:
            ticks.append(column)
            labels.append(month_label(sunday.replace(day=1)))
    if len(ticks) > 1 and ticks[1] - ticks[0] < 3:  # a start in the month's last days would crowd
        ticks, labels = ticks[1:], labels[1:]
    ax.xaxis.tick_top()
    ax.xaxis.set_major_locator(FixedLocator(ticks))
    ax.set_xticklabels(labels, ha="left")
    ax.tick_params(axis="x", length=0, pad=3, labelsize=SMALL)
    ax.yaxis.set_major_locator(FixedLocator(list(range(7))))
    ax.set_yticklabels(weekday_labels())
    ax.tick_params(axis="y", length=0, pad=4, labelsize=SMALL)
    _pain_legend(fig, narrow)
    return base._to_svg(fig, title, description, "calendar")


def _calendar_months(days, start, end, title, description, size) -> str:
    months = _months(start, end)
    narrow = size == "sm"
    width_pt = WIDTHS[size] * 72
    left, right = (62 if narrow else 78), 8
    cell = min((width_pt - left - right) / 31, 22)
    right = width_pt - left - cell * 31
    top, legend_height = 20, (44 if narrow else 26)
    fig, ax = _figure(size, top + cell * len(months) + legend_height + 8, left=left, right=right, top=top,
                      bottom=legend_height + 8)
    xs, ys, values = [], [], []
    for row, month in enumerate(months):
        for day_number in range(1, 32):
            try:
                day = month.replace(day=day_number)
            except ValueError:
                break
            if start <= day <= end:
                xs.append(day_number)
                ys.append(row)
                values.append(days.get(day))
    _draw_cells(ax, xs, ys, values, cell * 0.84)
    ax.set_xlim(0.5, 31.5)
    ax.set_ylim(len(months) - 0.5, -0.5)
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.xaxis.tick_top()
    ax.xaxis.set_major_locator(FixedLocator([1, 10, 20, 31]))
    ax.tick_params(axis="x", length=0, pad=2, labelsize=SMALL)
    if len(months) <= 14:
        rows = list(range(0, len(months), 2 if narrow else 1))  # rows are too thin for every name on a phone
        labels = [month_label(months[i], with_year=(i == 0 or months[i].month == 1)) for i in rows]
    else:  # years of rows: name the first month and every January, with its year
        rows = [i for i, m in enumerate(months) if m.month in (1, 7)]
        if not rows or rows[0] >= 3:  # name the first row too, unless a named row is right below it
            rows.insert(0, 0)
        labels = [month_label(months[i], with_year=(i == 0 or months[i].month == 1)) for i in rows]
    ax.yaxis.set_major_locator(FixedLocator(rows))
    ax.set_yticklabels(labels)
    ax.tick_params(axis="y", length=0, pad=4, labelsize=SMALL)
    _pain_legend(fig, narrow)
    return base._to_svg(fig, title, description, "calendar")


def _calendar(diary, start, end, titles) -> BuiltChart:
    days = daily_worst_pain(diary.episodes, diary.checkins, start, end)
    logged = [v for v in days.values() if v is not None]
    if logged:
        bins = Counter(pain_bin(v) for v in logged)
        names = [gettext("good day (0)")] + pain_bin_labels()[1:]
        description = ngettext(
            "%(logged)d of %(days)d day logged.", "%(logged)d of %(days)d days logged.", len(days)
        ) % {"logged": len(logged), "days": len(days)}
        description += " " + gettext("Worst pain: %(counts)s.") % {"counts": _listed(
            (_label_value(names[i], bins[i]) for i in range(len(PAIN_BINS)) if bins.get(i)), strong=True)}
        empty = ""
    else:
        description = empty = gettext("Nothing logged in this period yet")
    return BuiltChart("calendar", titles["calendar"], description, calendar_table(days), days, empty)
