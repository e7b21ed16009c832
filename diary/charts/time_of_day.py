"""Episodes by weekday and time of day: a 7 x 6 grid of four-hour blocks."""
from __future__ import annotations

from typing import Sequence

import numpy as np
from django.utils.translation import gettext
from matplotlib import colormaps
from matplotlib.patches import Rectangle
from matplotlib.ticker import FixedLocator

from . import base
from .base import COUNT_CMAP, MEDIUM, MUTED, SMALL, TEXT, WIDTHS, BuiltChart, Table, _figure, empty_svg
from .labels import weekday_labels


HOUR_BLOCKS = ((0, 4), (4, 8), (8, 12), (12, 16), (16, 20), (20, 24))


def hour_block_labels() -> list[str]:
    return [f"{a}–{b}" for a, b in HOUR_BLOCKS]


def time_of_day_table(grid: Sequence[Sequence[int]]) -> Table:
    weekdays = weekday_labels()
    return Table(
        caption=gettext("Episodes by weekday and time of day (hours)"),
        headers=(gettext("Weekday"), *hour_block_labels(), gettext("Total")),
        rows=tuple((weekdays[i], *grid[i], sum(grid[i])) for i in range(7)),
    )


def time_of_day_svg(grid: Sequence[Sequence[int]], *, title: str, description: str, size: str = "sm",
                    empty_message: str = "") -> str:
    if not grid or not any(any(row) for row in grid):
        return empty_svg(empty_message or gettext("No episodes in this period yet"), title, "time-of-day", size)
    narrow = size == "sm"
    cell = 30 if narrow else 34
    left = 46
    width_pt = WIDTHS[size] * 72
    grid_width = min(width_pt - left - 10, cell * 6 * (1.6 if narrow else 2.2))
    right = width_pt - left - grid_width
    fig, ax = _figure(size, 26 + cell * 7 + 34, left=left, right=right, top=26, bottom=34)
    values = np.array(grid, dtype=float)
    peak = values.max()
    cmap = colormaps[COUNT_CMAP]
    colours = [[("#f1f3f5" if v == 0 else cmap(0.2 + 0.75 * v / peak)) for v in row] for row in values]
    for y in range(7):
        for x in range(6):
            ax.add_patch(Rectangle(
                (x + 0.04, y + 0.06), 0.92, 0.88, facecolor=colours[y][x], linewidth=0))
            value = int(values[y][x])
            if value:
                ax.text(x + 0.5, y + 0.5, str(value), ha="center", va="center", fontsize=MEDIUM,
                        color="#ffffff" if value / peak > 0.55 else TEXT)
    ax.set_xlim(0, 6)
    ax.set_ylim(7, 0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.xaxis.set_major_locator(FixedLocator([x + 0.5 for x in range(6)]))
    ax.set_xticklabels(hour_block_labels())
    ax.tick_params(axis="x", length=0, labelsize=SMALL)
    ax.yaxis.set_major_locator(FixedLocator([y + 0.5 for y in range(7)]))
    ax.set_yticklabels(weekday_labels())
    ax.tick_params(axis="y", length=0)
    ax.set_xlabel(gettext("hour of the day"), fontsize=SMALL, color=MUTED, labelpad=4)
    return base._to_svg(fig, title, description, "time-of-day")


def _time_of_day(diary, start, end, titles) -> BuiltChart:
    grid = [[0] * len(HOUR_BLOCKS) for _ in range(7)]
    total = 0
    for episode in diary.episodes:
        if start <= episode.local_date <= end:
            grid[episode.weekday][episode.hour // 4] += 1
            total += 1
    if total:
        weekdays = weekday_labels()
        by_day = [sum(row) for row in grid]
        by_block = [sum(grid[d][b] for d in range(7)) for b in range(len(HOUR_BLOCKS))]
        description = gettext("Most episodes on %(weekday)s (%(day_count)d) and between %(hours)s h (%(block_count)d).") % {
            "weekday": weekdays[by_day.index(max(by_day))], "day_count": max(by_day),
            "hours": hour_block_labels()[by_block.index(max(by_block))], "block_count": max(by_block),
        }
        empty = ""
    else:
        description = empty = gettext("No episodes in this period yet")
    return BuiltChart("time-of-day", titles["time-of-day"], description, time_of_day_table(grid), grid, empty)
