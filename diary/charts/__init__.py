"""Charts: plain diary data in, accessible SVG out (matplotlib Figure only, never pyplot).

Three layers, all pure: *_rows() cut plain records (diary.records) into the rows a chart
draws; *_table() turns the same rows into the "show as table" alternative; *_svg() draws
them. build_chart() ties them together for one chart slug, render_svg() draws a built
chart. Every figure is fixed-size with fixed margins (no constrained layout: it doubles
the time), sized so 12 pt text stays readable on a 375 px phone.

Split by chart: weekly.py, calendar.py, associations.py, time_of_day.py, locations.py and
reliefs.py each hold one chart's table, drawing and words; base.py what they share (colours,
fonts, the Figure, the fit pass, SVG output), labels.py their words in the active language,
ranges.py the dates a chart covers, build.py the way from a slug to a chart. Importers keep
using `diary.charts`: the names below are its API.
"""
from .base import (
    BLUE, CHART_VERSION, COUNT_CMAP, EMPTY_EDGE, GREEN, GRID, MEDIUM, MUTED, NOT_RATED, ORANGE, PAIN_BINS, PURPLE, SIZES,
    SKY, SMALL, TEXT, VERMILLION, WIDTHS, BuiltChart, Table, _to_svg, add_accessible_name, empty_svg, rcParams,
)
from .labels import day_label, month_label, number, weekday_labels, year_label
from .ranges import LONGEST_RANGE, first_logged_day, range_start
from .weekly import monthly_series, weekly_svg, weekly_table
from .calendar import calendar_svg, calendar_table, pain_bin, pain_bin_labels
from .associations import ForestRow, forest_rows_from, forest_svg, forest_table
from .time_of_day import HOUR_BLOCKS, hour_block_labels, time_of_day_svg, time_of_day_table
from .locations import bars_svg, counts_table
from .reliefs import OUTCOME_COLOURS, ReliefRow, outcome_labels, reliefs_svg, reliefs_table
from .build import CHART_SLUGS, build_chart, chart_size, chart_titles, render_svg

__all__ = [
    "BLUE", "CHART_SLUGS", "CHART_VERSION", "COUNT_CMAP", "EMPTY_EDGE", "GREEN", "GRID", "HOUR_BLOCKS", "LONGEST_RANGE",
    "MEDIUM", "MUTED", "NOT_RATED", "ORANGE", "OUTCOME_COLOURS", "PAIN_BINS", "PURPLE", "SIZES", "SKY", "SMALL", "TEXT",
    "VERMILLION", "WIDTHS", "BuiltChart", "ForestRow", "ReliefRow", "Table", "add_accessible_name", "bars_svg",
    "build_chart", "calendar_svg", "calendar_table", "chart_size", "chart_titles", "counts_table", "day_label",
    "empty_svg", "first_logged_day", "forest_rows_from", "forest_svg", "forest_table", "hour_block_labels",
    "month_label", "monthly_series", "number", "outcome_labels", "pain_bin", "pain_bin_labels", "range_start",
    "render_svg", "reliefs_svg", "reliefs_table", "time_of_day_svg", "time_of_day_table", "weekday_labels",
    "weekly_svg", "weekly_table", "year_label",
]
