"""Charts: plain diary data in, accessible SVG out (matplotlib Figure only, never pyplot).

Three layers, all pure: *_rows() cut plain records (diary.records) into the rows a chart
draws; *_table() turns the same rows into the "show as table" alternative; *_svg() draws
them. build_chart() ties them together for one chart slug, render_svg() draws a built
chart. Every figure is fixed-size with fixed margins (no constrained layout: it doubles
the time), sized so 12 pt text stays readable on a 375 px phone.
"""
from __future__ import annotations

import contextvars
import io
import logging
import math
import re
import textwrap
import warnings
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from statistics import median
from typing import Any, Iterable, Sequence
from xml.sax.saxutils import escape, quoteattr

import numpy as np
from babel.dates import format_skeleton, get_day_names
from babel.numbers import format_decimal
from django.utils.translation import get_language, gettext, ngettext, pgettext, to_locale
from matplotlib import rcParams
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib import colormaps
from matplotlib.patches import FancyBboxPatch, Patch, Rectangle
from matplotlib.ticker import FixedLocator, MaxNLocator, NullLocator

from .analysis import WeekStat, daily_worst_pain, weekly_series
from .catalogues import Location, Outcome, Relief
from .fonts import register_matplotlib_fonts

logger = logging.getLogger(__name__)

# Bump when the drawing changes, so cached SVGs of an older look expire.
CHART_VERSION = 2

# Okabe-Ito: distinguishable with every common colour-vision deficiency.
ORANGE = "#E69F00"
SKY = "#56B4E9"
GREEN = "#009E73"
BLUE = "#0072B2"
VERMILLION = "#D55E00"
PURPLE = "#CC79A7"
TEXT = "#212529"
MUTED = "#6c757d"
GRID = "#e3e7ea"
EMPTY_EDGE = "#9aa3ab"
NOT_RATED = "#ced4da"

# Worst pain per day: a light blue for a good day (0), then a sequential yellow-to-dark-red
# scale whose lightness falls steadily, so it reads in greyscale and for colour-blind eyes.
PAIN_BINS = ((0, 0, "#d0e4f5"), (1, 3, "#fed976"), (4, 6, "#fd8d3c"), (7, 8, "#e31a1c"), (9, 10, "#800026"))
COUNT_CMAP = "Blues"

WIDTHS = {"sm": 4.5, "lg": 7.5}  # inches; SVG user units are points (72 per inch)
SIZES = tuple(WIDTHS)
# Sizes in points; the narrow drawing shows at about 1 px per point on a 375 px phone.
SMALL = 11.5
MEDIUM = 12.5

rcParams.update(
    {
        "font.family": list(register_matplotlib_fonts()),
        "font.size": 13,
        "axes.labelsize": 13,
        "xtick.labelsize": 12,
        "ytick.labelsize": 12,
        "legend.fontsize": 12,
        "text.color": TEXT,
        "axes.labelcolor": TEXT,
        "axes.edgecolor": "#adb5bd",
        "axes.linewidth": 0.8,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "xtick.color": "#495057",
        "ytick.color": "#495057",
        "xtick.major.size": 3,
        "ytick.major.size": 0,
        "grid.color": GRID,
        "grid.linewidth": 0.8,
        "legend.frameon": False,
        "legend.handlelength": 1.4,
        "legend.columnspacing": 1.0,
        "figure.dpi": 72,
        "savefig.dpi": 72,
        # Text as glyph outlines: the client needs no fonts at all, CJK included.
        "svg.fonttype": "path",
        "svg.hashsalt": "spasm-diary",
    }
)


# ---------------------------------------------------------------------------
# Plain data the charts take


@dataclass(frozen=True)
class Table:
    """A chart's numbers as a table: cells are str, int, float or None (shown as a dash)."""

    caption: str
    headers: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]
    row_headers: bool = True  # the first cell of each row names the row


@dataclass(frozen=True)
class ForestRow:
    label: str
    ratio: float | None
    ci_low: float | None
    ci_high: float | None
    status: str  # "possible", "no_evidence" or "not_enough_data"
    exposed: str = ""  # "3 of 12 days", for the table
    unexposed: str = ""


@dataclass(frozen=True)
class ReliefRow:
    label: str
    helped: int
    partly: int
    no_help: int
    not_rated: int = 0

    @property
    def tried(self) -> int:
        return self.helped + self.partly + self.no_help + self.not_rated


@dataclass(frozen=True)
class BuiltChart:
    slug: str
    title: str
    description: str
    table: Table
    rows: Any = None
    empty_message: str = ""  # set when there is nothing to draw
    extra: dict = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return bool(self.empty_message)


# ---------------------------------------------------------------------------
# Locale helpers: months, weekdays and numbers in the active language


def _babel_locale() -> str:
    language = get_language() or "en"
    return to_locale(language)


def month_label(day: date, with_year: bool = False) -> str:
    skeleton = "yMMM" if with_year else "MMM"
    try:
        return format_skeleton(skeleton, day, locale=_babel_locale())
    except Exception:  # an unknown locale must not break a chart
        return day.strftime("%b %Y" if with_year else "%b")


def year_label(day: date) -> str:
    try:
        return format_skeleton("y", day, locale=_babel_locale())
    except Exception:
        return str(day.year)


def day_label(day: date, with_year: bool = False) -> str:
    try:
        return format_skeleton("yMMMd" if with_year else "MMMd", day, locale=_babel_locale())
    except Exception:
        return day.isoformat()


def weekday_labels() -> list[str]:
    try:
        names = get_day_names("abbreviated", locale=_babel_locale())
        return [names[i] for i in range(7)]
    except Exception:
        return ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]


def number(value: float | int | None, digits: int = 1) -> str:
    if value is None:
        return "–"
    pattern = "#,##0" + ("." + "#" * digits if digits else "")
    try:
        return format_decimal(value, format=pattern, locale=_babel_locale())
    except Exception:
        return f"{value:.{digits}f}".rstrip("0").rstrip(".")


def _listed(items: Iterable[str], strong: bool = False) -> str:
    """Items joined with the language's own separator (Chinese writes "，" and "；", not ", ")."""
    separator = pgettext("strong list separator", "; ") if strong else pgettext("list separator", ", ")
    return separator.join(items)


def _label_value(label: str, value) -> str:
    return pgettext("label and its value", "%(label)s: %(value)s") % {"label": label, "value": value}


def _label(choices, slug: str) -> str:
    try:
        return str(choices(slug).label)
    except ValueError:
        return slug.replace("_", " ").capitalize() if slug else gettext("Not recorded")


def _display_width(text: str) -> int:
    # CJK characters take about two Latin widths.
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _wrap(text: str, width: int) -> str:
    if _display_width(text) <= width:
        return text
    if any(ord(ch) > 0x2E80 for ch in text):
        return "\n".join(text[i:i + width // 2] for i in range(0, len(text), width // 2))
    lines = textwrap.wrap(text, width)
    if len(lines) > 2:  # the full label stays in the chart's table and description
        lines = [lines[0], textwrap.shorten(" ".join(lines[1:]), width, placeholder="…")]
    return "\n".join(lines)


# ---------------------------------------------------------------------------
# Figure plumbing


class _Measured(Exception):
    """Raised by _figure while measuring: a chart's size is known before anything is drawn."""

    def __init__(self, width_pt: float, height_pt: float):
        super().__init__(width_pt, height_pt)
        self.width_pt, self.height_pt = width_pt, height_pt


_measuring = contextvars.ContextVar("chart_measuring", default=False)


def _figure(size: str, height_pt: float, *, left: float, right: float, top: float, bottom: float):
    """A Figure with one Axes placed by fixed margins in points."""
    width_pt = WIDTHS[size] * 72
    if _measuring.get():
        raise _Measured(width_pt, height_pt)
    fig = Figure(figsize=(WIDTHS[size], height_pt / 72))
    fig.subplots_adjust(
        left=left / width_pt,
        right=1 - right / width_pt,
        top=1 - top / height_pt,
        bottom=bottom / height_pt,
    )
    ax = fig.add_subplot()
    return fig, ax


_SVG_ROOT = re.compile(r"<svg\b[^>]*>")


_EDGE_PAD = 3.0  # points kept free between any text and the figure's edge


_TICK_GAP = 4.0  # points between neighbouring tick labels


def _is_number(text: str) -> bool:
    return bool(re.fullmatch(r"[\d.,\s\u2212+-]+", text))


def _thin_colliding_ticks(axis, renderer) -> None:
    """Hide tick labels that would touch their neighbour ("0.250.5"), keeping the first of each clash.

    Only scales are thinned (numbers, dates along the x axis): a row's name is never hidden.
    """
    if not axis.get_visible():
        return
    labels = [tick.label1 for tick in axis._update_ticks() if tick.label1.get_visible() and tick.label1.get_text()]
    vertical = axis.axis_name == "y"
    if vertical and not all(_is_number(label.get_text()) for label in labels):
        return
    boxes = sorted(((label.get_window_extent(renderer), label) for label in labels),
                   key=lambda item: item[0].y0 if vertical else item[0].x0)
    last = None
    for box, label in boxes:
        if last is not None and ((box.y0 < last.y1 + _TICK_GAP) if vertical else (box.x0 < last.x1 + _TICK_GAP)):
            label.set_visible(False)
            continue
        last = box


def _fit_texts(fig: Figure) -> None:
    """Keep every label inside the figure, whatever the language's word lengths.

    The margins above are sized for English; one measuring pass (text extents only, no raster)
    widens a margin by exactly what a longer label needs, and makes room for a legend at the top
    or bottom edge. Cheaper than constrained layout, which solves for everything.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    renderer = FigureCanvasAgg(fig).get_renderer()
    figure_box = fig.bbox
    if not fig.axes:
        return
    for ax in fig.axes:
        if ax.axison:
            for axis in (ax.xaxis, ax.yaxis):
                _thin_colliding_ticks(axis, renderer)
    params = fig.subplotpars
    left, right, top, bottom = params.left, params.right, params.top, params.bottom
    width, height = figure_box.width, figure_box.height
    tight_boxes = [box for box in (ax.get_tightbbox(renderer) for ax in fig.axes) if box is not None]
    for box in tight_boxes:
        left += max(0.0, (figure_box.x0 + _EDGE_PAD - box.x0) / width)
        right -= max(0.0, (box.x1 - figure_box.x1 + _EDGE_PAD) / width)
        bottom += max(0.0, (figure_box.y0 + _EDGE_PAD - box.y0) / height)
        top -= max(0.0, (box.y1 - figure_box.y1 + _EDGE_PAD) / height)
    # A legend along the top or bottom edge: the axes and their captions keep clear of it.
    axes_box = fig.axes[0].get_window_extent(renderer)
    axes_middle = axes_box.y0 + axes_box.height / 2
    for legend in fig.legends:
        box = legend.get_window_extent(renderer)
        if box.y0 > axes_middle:
            overlap = max(b.y1 for b in tight_boxes) - (box.y0 - _EDGE_PAD)
            top -= max(0.0, overlap / height)
        elif box.y1 < axes_middle:
            overlap = (box.y1 + _EDGE_PAD) - min(b.y0 for b in tight_boxes)
            bottom += max(0.0, overlap / height)
    if tight_boxes and (left, right, top, bottom) != (params.left, params.right, params.top, params.bottom) \
            and left < right and bottom < top:
        fig.subplots_adjust(left=left, right=right, top=top, bottom=bottom)


def _to_svg(fig: Figure, title: str, description: str, slug: str) -> str:
    _fit_texts(fig)
    buffer = io.StringIO()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    for warning in caught:  # e.g. "Glyph ... missing from font(s)": worth knowing, never fatal
        logger.warning("chart %s: %s", slug, warning.message)
    svg = _hoist_marker_styles(buffer.getvalue())
    return add_accessible_name(svg, title, description, f"chart-{slug}")


_MARKER_RUN = re.compile(
    r'(<g clip-path="[^"]*")>\n((?:\s*<use xlink:href="#m[0-9a-f]+" x="[^"]*" y="[^"]*" style="[^"]*"/>\n)+)'
)
_USE_STYLE = re.compile(r' style="([^"]*)"/>')


def _hoist_marker_styles(svg: str) -> str:
    """matplotlib repeats one style on every marker; say it once on the group (a calendar shrinks ~3x)."""
    def hoist(match):
        styles = set(_USE_STYLE.findall(match.group(2)))
        if len(styles) != 1:
            return match.group(0)
        return f'{match.group(1)} style="{styles.pop()}">\n' + _USE_STYLE.sub("/>", match.group(2))

    return _MARKER_RUN.sub(hoist, svg)


def add_accessible_name(svg: str, title: str, description: str, id_prefix: str) -> str:
    """Give the SVG root role="img" with a <title> and <desc> that name it for screen readers."""
    match = _SVG_ROOT.search(svg)
    if match is None:
        return svg
    title_id, desc_id = f"{id_prefix}-title", f"{id_prefix}-desc"
    root = match.group(0)
    opened = root[:-1].rstrip("/").rstrip() + f' role="img" aria-labelledby={quoteattr(title_id + " " + desc_id)}>'
    head = f'\n <title id="{title_id}">{escape(title)}</title>\n <desc id="{desc_id}">{escape(description)}</desc>'
    return svg[: match.start()] + opened + head + svg[match.end():]


def empty_svg(message: str, title: str, slug: str, size: str = "sm") -> str:
    """A calm placeholder instead of an error when there is nothing to draw."""
    fig, ax = _figure(size, 110, left=4, right=4, top=4, bottom=4)
    ax.set_axis_off()
    ax.add_patch(
        FancyBboxPatch(
            (0.01, 0.04), 0.98, 0.92, boxstyle="round,pad=0,rounding_size=0.04",
            transform=ax.transAxes, facecolor="#f8f9fa", edgecolor="#dee2e6", linewidth=1,
        )
    )
    ax.text(0.5, 0.5, _wrap(message, 44), ha="center", va="center", color=MUTED, fontsize=13, transform=ax.transAxes)
    return _to_svg(fig, title, message, slug)


def _tick_positions(count: int, max_ticks: int) -> list[int]:
    if count <= max_ticks:
        return list(range(count))
    step = math.ceil(count / max_ticks)
    return list(range(0, count, step))


# ---------------------------------------------------------------------------
# 1. Episodes per week, with the weekly median and worst intensity


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
    return _to_svg(fig, title, description, "weekly")


# ---------------------------------------------------------------------------
# 2. Calendar heatmap of the worst pain per day: a row per month, a column per day


def pain_bin(value: int | None) -> int | None:
    if value is None:
        return None
    for index, (low, high, _colour) in enumerate(PAIN_BINS):
        if low <= value <= high:
            return index
    return len(PAIN_BINS) - 1


def pain_bin_labels() -> list[str]:
    return [gettext("0 good day"), "1–3", "4–6", "7–8", "9–10"]


def _months(start: date, end: date) -> list[date]:
    months, month = [], start.replace(day=1)
    while month <= end:
        months.append(month)
        month = (month + timedelta(days=32)).replace(day=1)
    return months


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
    return _to_svg(fig, title, description, "calendar")


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
    return _to_svg(fig, title, description, "calendar")


# ---------------------------------------------------------------------------
# 3. Factor associations as a forest plot


def forest_table(rows: Sequence[ForestRow]) -> Table:
    def ratio_text(row):
        if row.ratio is None or row.status == "not_enough_data":
            return gettext("not enough data")
        return f"{number(row.ratio, 2)} ({number(row.ci_low, 2)}–{number(row.ci_high, 2)})"

    status_names = {
        "possible": gettext("possible pattern"),
        "no_evidence": gettext("no clear link"),
        "not_enough_data": gettext("not enough data yet"),
    }
    return Table(
        caption=gettext("Share of days with an episode, with and without each factor"),
        headers=(gettext("Factor"), gettext("Days with it: with an episode"), gettext("Days without: with an episode"),
                 gettext("Rate ratio (95% CI)"), gettext("Reading")),
        rows=tuple(
            (r.label, r.exposed or None, r.unexposed or None, ratio_text(r), status_names.get(r.status, r.status))
            for r in rows
        ),
    )


def forest_svg(rows: Sequence[ForestRow], *, title: str, description: str, size: str = "sm",
               empty_message: str = "") -> str:
    if not rows:
        return empty_svg(empty_message or gettext("No check-ins in this period yet"), title, "associations", size)
    narrow = size == "sm"
    row_height = 30
    left = 124 if narrow else 190
    fig, ax = _figure(size, 36 + row_height * len(rows) + 46, left=left, right=14, top=36, bottom=46)
    shown = [r for r in rows if r.status != "not_enough_data" and r.ratio]
    low = min([0.25] + [max(r.ci_low or r.ratio, 0.05) for r in shown])
    high = max([4.0] + [min(r.ci_high or r.ratio, 40) for r in shown])
    ax.set_xscale("log")
    ax.set_xlim(low / 1.15, high * 1.15)
    ticks = [t for t in (0.05, 0.1, 0.25, 0.5, 1, 2, 4, 10, 20, 40) if low / 1.15 <= t <= high * 1.15]
    ax.xaxis.set_major_locator(FixedLocator(ticks))
    ax.xaxis.set_minor_locator(NullLocator())
    ax.set_xticklabels([number(t, 2) for t in ticks])
    ax.set_ylim(len(rows) - 0.5, -0.5)
    ax.axvline(1, color=MUTED, linewidth=1, linestyle=(0, (3, 2)), zorder=1)
    ax.grid(axis="x", zorder=0)
    ax.spines["left"].set_visible(False)
    middle = math.sqrt(low * high)
    for y, row in enumerate(rows):
        if row.status == "not_enough_data" or not row.ratio:
            ax.text(middle, y, gettext("not enough data"), ha="center", va="center", color="#8a939b",
                    fontsize=MEDIUM, style="italic", bbox={"facecolor": "white", "edgecolor": "none", "pad": 1})
            continue
        colour = VERMILLION if row.status == "possible" else BLUE
        lo = max(row.ci_low or row.ratio, low / 1.1)
        hi = min(row.ci_high or row.ratio, high * 1.1)
        ax.plot([lo, hi], [y, y], color=colour, linewidth=2.2, solid_capstyle="round", zorder=2)
        ax.plot([row.ratio], [y], marker="D" if row.status == "possible" else "o", markersize=8, color=colour,
                markeredgecolor="white", markeredgewidth=1, zorder=3)
    ax.yaxis.set_major_locator(FixedLocator(list(range(len(rows)))))
    labels = ax.set_yticklabels([_wrap(r.label, 18 if narrow else 28) for r in rows], linespacing=0.95)
    for label, row in zip(labels, rows):
        if row.status == "not_enough_data" or not row.ratio:
            label.set_color("#8a939b")
    ax.tick_params(axis="y", length=0, pad=6)
    # A reading hint under the tick labels, whatever the number of rows.
    for x, text, align in ((0.49, "◀ " + gettext("fewer episodes"), "right"),
                           (0.51, gettext("more episodes") + " ▶", "left")):
        ax.annotate(text, xy=(x, 0), xycoords="axes fraction", xytext=(0, -22), textcoords="offset points",
                    ha=align, va="top", fontsize=SMALL, color=MUTED)
    handles = [
        Line2D([], [], color=VERMILLION, marker="D", markersize=7, linewidth=2, label=gettext("possible pattern")),
        Line2D([], [], color=BLUE, marker="o", markersize=7, linewidth=2, label=gettext("no clear link")),
    ]
    # Two columns when both names fit side by side on the chart's width, else one under the other.
    columns = 2 if sum(_display_width(h.get_label()) for h in handles) <= (30 if narrow else 60) else 1
    fig.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, 1.0), ncols=columns, borderaxespad=0.3)
    return _to_svg(fig, title, description, "associations")


# ---------------------------------------------------------------------------
# 4. Time of day by weekday: a 7 x 6 grid of four-hour blocks

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
    return _to_svg(fig, title, description, "time-of-day")


# ---------------------------------------------------------------------------
# 5. Locations: horizontal bars


def counts_table(rows: Sequence[tuple[str, int]], caption: str, label_header: str) -> Table:
    total = sum(count for _label, count in rows)
    return Table(
        caption=caption,
        headers=(label_header, gettext("Episodes"), gettext("Share")),
        rows=tuple((label, count, f"{round(100 * count / total)} %" if total else None) for label, count in rows),
    )


def bars_svg(rows: Sequence[tuple[str, int]], *, title: str, description: str, slug: str, size: str = "sm",
             empty_message: str = "") -> str:
    if not rows or not any(count for _label, count in rows):
        return empty_svg(empty_message or gettext("No episodes in this period yet"), title, slug, size)
    narrow = size == "sm"
    bar = 28
    fig, ax = _figure(size, 8 + bar * len(rows) + 10, left=110 if narrow else 170, right=40, top=8, bottom=10)
    y = np.arange(len(rows))
    counts = [count for _label, count in rows]
    ax.barh(y, counts, height=0.7, color=BLUE, linewidth=0)
    peak = max(counts)
    for i, count in enumerate(counts):
        ax.text(count + peak * 0.02, i, str(count), va="center", ha="left", fontsize=MEDIUM, color=TEXT)
    ax.set_ylim(len(rows) - 0.5, -0.5)
    ax.set_xlim(0, peak * 1.08)
    ax.yaxis.set_major_locator(FixedLocator(list(y)))
    ax.set_yticklabels([_wrap(label, 15 if narrow else 26) for label, _count in rows], linespacing=0.95)
    ax.xaxis.set_major_locator(NullLocator())
    for side in ("bottom", "top", "right"):
        ax.spines[side].set_visible(False)
    ax.tick_params(axis="y", length=0, pad=6)
    return _to_svg(fig, title, description, slug)


# ---------------------------------------------------------------------------
# 6. Reliefs by how often they helped: stacked horizontal bars


def outcome_labels() -> dict[str, str]:
    return {
        "helped": str(Outcome.HELPED.label),
        "partly": str(Outcome.PARTLY.label),
        "no_help": str(Outcome.NO_HELP.label),
        "not_rated": gettext("Not rated"),
    }


OUTCOME_COLOURS = {"helped": BLUE, "partly": SKY, "no_help": VERMILLION, "not_rated": NOT_RATED}


def reliefs_table(rows: Sequence[ReliefRow]) -> Table:
    names = outcome_labels()
    return Table(
        caption=gettext("How often each relief helped"),
        headers=(gettext("Relief"), names["helped"], names["partly"], names["no_help"], names["not_rated"],
                 gettext("Tried")),
        rows=tuple((r.label, r.helped, r.partly, r.no_help, r.not_rated, r.tried) for r in rows),
    )


def reliefs_svg(rows: Sequence[ReliefRow], *, title: str, description: str, size: str = "sm",
                empty_message: str = "") -> str:
    if not rows:
        return empty_svg(empty_message or gettext("No reliefs recorded in this period yet"), title, "reliefs", size)
    narrow = size == "sm"
    bar = 30
    legend_rows = 2 if narrow else 1
    top = 10 + 18 * legend_rows
    fig, ax = _figure(size, top + bar * len(rows) + 10, left=118 if narrow else 180, right=28, top=top, bottom=10)
    y = np.arange(len(rows))
    peak = max(r.tried for r in rows)
    left_edge = np.zeros(len(rows))
    names = outcome_labels()
    for key in ("helped", "partly", "no_help", "not_rated"):
        values = np.array([getattr(r, key) for r in rows], dtype=float)
        ax.barh(y, values, left=left_edge, height=0.72, color=OUTCOME_COLOURS[key], linewidth=0.6,
                edgecolor="white", label=names[key])
        for i, value in enumerate(values):
            if value and value / peak >= 0.07:
                ax.text(left_edge[i] + value / 2, i, str(int(value)), ha="center", va="center", fontsize=SMALL,
                        color="#ffffff" if key in ("helped", "no_help") else TEXT)
        left_edge += values
    for i, total in enumerate(left_edge):
        ax.text(total + peak * 0.015, i, str(int(total)), ha="left", va="center", fontsize=SMALL, color=MUTED)
    ax.set_ylim(len(rows) - 0.5, -0.5)
    ax.set_xlim(0, peak * 1.06)
    ax.yaxis.set_major_locator(FixedLocator(list(y)))
    ax.set_yticklabels([_wrap(r.label, 15 if narrow else 26) for r in rows], linespacing=0.95)
    ax.xaxis.set_major_locator(NullLocator())
    for side in ("bottom", "top", "right"):
        ax.spines[side].set_visible(False)
    ax.tick_params(axis="y", length=0, pad=6)
    fig.legend(loc="upper center", bbox_to_anchor=(0.5, 1.0), ncols=2 if narrow else 4, fontsize=SMALL,
               borderaxespad=0.2, handlelength=1.0)
    return _to_svg(fig, title, description, "reliefs")


# ---------------------------------------------------------------------------
# From a diary (plain records) to built charts

CHART_SLUGS = ("weekly", "calendar", "associations", "time-of-day", "locations", "reliefs")


def chart_titles() -> dict[str, str]:
    return {
        "weekly": gettext("Episodes per week"),
        "calendar": gettext("Worst pain per day"),
        "associations": gettext("What goes with days with an episode"),
        "time-of-day": gettext("Time of day and weekday"),
        "locations": gettext("Where it hurts"),
        "reliefs": gettext("What helped"),
    }


# "All" draws at most this far back: a diary imported from 1900 made 3.3 MB charts (127 years of
# calendar cells), and nobody reads more than two decades of spasms off one chart.
LONGEST_RANGE = timedelta(days=20 * 365 + 5)


def range_start(range_code: str, today: date, first_day: date | None) -> date:
    """The first local date of a chart range ending today ("4w", "3m", "12m", "all")."""
    days = {"4w": 27, "3m": 90, "12m": 364}.get(range_code)
    if days is not None:
        return today - timedelta(days=days)
    start = min(first_day, today) if first_day else today
    return max(start, today - LONGEST_RANGE)


def first_logged_day(diary) -> date | None:
    firsts = [items[0].local_date if hasattr(items[0], "local_date") else items[0].date
              for items in (diary.episodes, diary.checkins) if items]
    return min(firsts) if firsts else None


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


def _locations(diary, start, end, titles) -> BuiltChart:
    counts = Counter()
    for episode in diary.episodes:
        if start <= episode.local_date <= end:
            counts.update(episode.locations or ("",))
    ordered = [slug for slug in Location.values if counts.get(slug)]
    if counts.get(""):
        ordered.append("")
    rows = sorted(((_label(Location, slug), counts[slug]) for slug in ordered), key=lambda r: -r[1])
    if rows:
        description = _listed(_label_value(label, count) for label, count in rows) + pgettext("sentence end", ".")
        empty = ""
    else:
        description = empty = gettext("No episodes in this period yet")
    table = counts_table(rows, gettext("Episodes by location (an episode can have several)"), gettext("Location"))
    return BuiltChart("locations", titles["locations"], description, table, rows, empty)


def _reliefs(diary, start, end, titles) -> BuiltChart:
    tally: dict[str, Counter] = defaultdict(Counter)
    for episode in diary.episodes:
        if start <= episode.local_date <= end:
            for slug, outcome in episode.reliefs:
                tally[slug][outcome if outcome in ("helped", "partly", "no_help") else "not_rated"] += 1
    rows = [
        ReliefRow(_label(Relief, slug), c["helped"], c["partly"], c["no_help"], c["not_rated"])
        for slug, c in tally.items()
    ]
    rows.sort(key=lambda r: (-(r.helped + 0.5 * r.partly) / r.tried, -r.tried, r.label))
    if rows:
        described = rows[:4]
        description = " ".join(
            ngettext("%(relief)s helped %(helped)d of %(tried)d time.",
                     "%(relief)s helped %(helped)d of %(tried)d times.", r.tried) % {
                "relief": r.label, "helped": r.helped, "tried": r.tried}
            for r in described
        )
        if len(rows) > len(described):
            description += " " + gettext("The table has all %(count)d.") % {"count": len(rows)}
        empty = ""
    else:
        description = empty = gettext("No reliefs recorded in this period yet")
    return BuiltChart("reliefs", titles["reliefs"], description, reliefs_table(rows), rows, empty)


def forest_rows_from(associations: Iterable[Any], label_for=None) -> list[ForestRow]:
    """Adapt association results (duck-typed: factor, ratio, ci_low, ci_high, status, counts)."""
    rows = []
    for a in associations:
        label = label_for(a.factor) if label_for else str(getattr(a, "label", "") or a.factor)

        def share(with_episode, days):
            if days is None:
                return ""
            return ngettext("%(with_episode)d of %(days)d day", "%(with_episode)d of %(days)d days", days) % {
                "with_episode": with_episode or 0, "days": days}

        rows.append(ForestRow(
            label=label,
            ratio=getattr(a, "ratio", None),
            ci_low=getattr(a, "ci_low", None),
            ci_high=getattr(a, "ci_high", None),
            status=getattr(a, "status", "not_enough_data"),
            exposed=share(getattr(a, "exposed_with_episode", None), getattr(a, "exposed_days", None)),
            unexposed=share(getattr(a, "unexposed_with_episode", None), getattr(a, "unexposed_days", None)),
        ))
    return rows


def _associations(diary, start, end, titles) -> BuiltChart:
    rows = forest_rows_from(*_association_results(diary, start, end))
    possible = [r.label for r in rows if r.status == "possible"]
    if not diary.checkins or not any(start <= c.date <= end for c in diary.checkins):
        description = empty = gettext("No check-ins in this period yet")
        rows = []
    else:
        empty = ""
        if possible:
            description = gettext("Possible patterns: %(factors)s. Association is not cause.") % {
                "factors": _listed(possible)}
        else:
            description = gettext("No possible patterns yet in this period.")
    return BuiltChart("associations", titles["associations"], description, forest_table(rows), rows, empty)


def _association_results(diary, start, end):
    """(associations, label function) over start..end from diary.analysis, the user's own factors included."""
    from .analysis import factor_associations

    results = factor_associations(diary.episodes, diary.checkins, start, end, getattr(diary, "custom_factors", ()))
    return list(results), None  # each association carries its own label (a custom factor's is the user's)


_BUILDERS = {
    "weekly": _weekly,
    "calendar": _calendar,
    "associations": _associations,
    "time-of-day": _time_of_day,
    "locations": _locations,
    "reliefs": _reliefs,
}


def build_chart(slug: str, diary, start: date, end: date) -> BuiltChart:
    """The rows, table and words of one chart over local dates start..end of a DiaryData."""
    return _BUILDERS[slug](diary, start, end, chart_titles())


def chart_size(chart: BuiltChart, size: str = "sm") -> tuple[int, int]:
    """The drawing's width and height in CSS pixels (4/3 of a point), found without drawing it.

    For <img width height>: the page keeps the chart's room before the image arrives, so
    nothing below it jumps. Each chart function sizes its Figure first, so this stops there.
    """
    token = _measuring.set(True)
    try:
        render_svg(chart, size)
    except _Measured as measured:
        return round(measured.width_pt * 4 / 3), round(measured.height_pt * 4 / 3)
    finally:
        _measuring.reset(token)
    raise RuntimeError(f"the {chart.slug} chart was drawn without _figure")


def render_svg(chart: BuiltChart, size: str = "sm") -> str:
    """Draw a built chart as a standalone, accessible SVG document."""
    size = size if size in WIDTHS else "sm"
    common = {"title": chart.title, "description": chart.description, "size": size,
              "empty_message": chart.empty_message}
    if chart.slug == "weekly":
        return weekly_svg(chart.rows, monthly=chart.extra.get("monthly", False), **common)
    if chart.slug == "calendar":
        return calendar_svg(chart.rows, **common)
    if chart.slug == "associations":
        return forest_svg(chart.rows, **common)
    if chart.slug == "time-of-day":
        return time_of_day_svg(chart.rows, **common)
    if chart.slug == "locations":
        return bars_svg(chart.rows, slug="locations", **common)
    if chart.slug == "reliefs":
        return reliefs_svg(chart.rows, **common)
    raise KeyError(chart.slug)
