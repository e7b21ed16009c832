"""Where, what and when: the episodes' locations, kinds, contexts and triggers counted, and the appendix's rows."""
from __future__ import annotations

from collections import Counter

from ..catalogues import Context, Kind, Location, Outcome, RedFlag, Relief, Side, Trigger
from ..records import EpisodeRecord
from .labels import _label, _percent
from .model import AppendixRow, CountRow


def _counts(choices, values: list[str], total: int) -> tuple[CountRow, ...]:
    counter = Counter(v for v in values if v)
    return tuple(
        CountRow(slug=slug, label=_label(choices, slug), count=count, percent=_percent(count, total))
        for slug, count in sorted(counter.items(), key=lambda item: (-item[1], item[0]))
    )


def _appendix(episodes: list[EpisodeRecord], include_notes: bool) -> tuple[AppendixRow, ...]:
    def join(choices, slugs):
        return ", ".join(_label(choices, s) for s in slugs)

    rows = []
    for e in episodes:
        locations = join(Location, e.locations)
        if e.side:
            locations = f"{locations} ({_label(Side, e.side)})" if locations else _label(Side, e.side)
        reliefs = ", ".join(
            f"{_label(Relief, slug)}: {_label(Outcome, outcome)}" if outcome else _label(Relief, slug)
            for slug, outcome in e.reliefs
        )
        rows.append(
            AppendixRow(
                started_at=e.started_at,
                duration_minutes=e.duration_minutes,
                intensity=e.intensity,
                kind=_label(Kind, e.kind) if e.kind else "",
                locations=locations,
                context=_label(Context, e.context) if e.context else "",
                triggers=join(Trigger, e.triggers),
                reliefs=reliefs,
                red_flags=join(RedFlag, e.red_flags),
                notes=e.notes if include_notes else "",
            )
        )
    return tuple(rows)
