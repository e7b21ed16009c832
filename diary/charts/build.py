"""From a diary to charts: one slug's rows, table and words, its SVG, and its size without drawing it."""
from __future__ import annotations

from datetime import date

from django.utils.translation import gettext

from .associations import _associations, forest_svg
from .base import WIDTHS, BuiltChart, _Measured, _measuring
from .calendar import _calendar, calendar_svg
from .locations import _locations, bars_svg
from .reliefs import _reliefs, reliefs_svg
from .time_of_day import _time_of_day, time_of_day_svg
from .weekly import _weekly, weekly_svg


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
