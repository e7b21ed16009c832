"""What goes with days with an episode: factor associations as a forest plot."""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Iterable, Sequence

from django.utils.translation import gettext, ngettext
from matplotlib.lines import Line2D
from matplotlib.ticker import FixedLocator, NullLocator

from . import base
from .base import BLUE, MEDIUM, MUTED, SMALL, VERMILLION, BuiltChart, Table, _figure, empty_svg
from .labels import _display_width, _listed, _wrap, number


@dataclass(frozen=True)
class ForestRow:
    label: str
    ratio: float | None
    ci_low: float | None
    ci_high: float | None
    status: str  # "possible", "no_evidence" or "not_enough_data"
    exposed: str = ""  # "3 of 12 days", for the table
    unexposed: str = ""


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
    return base._to_svg(fig, title, description, "associations")


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
    from ..analysis import factor_associations

    results = factor_associations(diary.episodes, diary.checkins, start, end, getattr(diary, "custom_factors", ()))
    return list(results), None  # each association carries its own label (a custom factor's is the user's)
