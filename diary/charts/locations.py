"""Where it hurts: episodes per body location as horizontal bars."""
from __future__ import annotations

from collections import Counter
from typing import Sequence

import numpy as np
from django.utils.translation import gettext, pgettext
from matplotlib.ticker import FixedLocator, NullLocator

from ..catalogues import Location
from . import base
from .base import BLUE, MEDIUM, TEXT, BuiltChart, Table, _figure, empty_svg
from .labels import _label, _label_value, _listed, _wrap


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
    return base._to_svg(fig, title, description, slug)


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
