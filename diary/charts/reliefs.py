"""What helped: each relief's outcomes as stacked horizontal bars."""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Sequence

import numpy as np
from django.utils.translation import gettext, ngettext
from matplotlib.ticker import FixedLocator, NullLocator

from ..catalogues import Outcome, Relief
from . import base
from .base import BLUE, MUTED, NOT_RATED, SKY, SMALL, TEXT, VERMILLION, BuiltChart, Table, _figure, empty_svg
from .labels import _label, _wrap


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
    return base._to_svg(fig, title, description, "reliefs")


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
