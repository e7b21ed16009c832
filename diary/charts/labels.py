"""Chart words in the active language: months, weekdays, numbers, lists, and labels wrapped to fit."""
from __future__ import annotations

import textwrap
from datetime import date
from typing import Iterable

from babel.dates import format_skeleton, get_day_names
from babel.numbers import format_decimal
from django.utils.translation import get_language, gettext, pgettext, to_locale


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
