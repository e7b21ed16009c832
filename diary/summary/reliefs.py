"""What was tried, and medicines: each relief's outcomes and the medicines taken in the period."""
from __future__ import annotations

from collections import Counter

from ..catalogues import MedicineKind, Outcome, Relief
from ..records import DiaryData, EpisodeRecord
from .labels import _label
from .model import MedicineRow, ReliefRow
from .options import SummaryOptions


def _reliefs(episodes: list[EpisodeRecord]) -> tuple[ReliefRow, ...]:
    tried: Counter = Counter()
    outcomes: Counter = Counter()
    for episode in episodes:
        for slug, outcome in episode.reliefs:
            tried[slug] += 1
            if outcome:
                outcomes[(slug, outcome)] += 1
    return tuple(
        ReliefRow(
            slug=slug,
            label=_label(Relief, slug),
            tried=count,
            helped=outcomes[(slug, Outcome.HELPED)],
            partly=outcomes[(slug, Outcome.PARTLY)],
            no_help=outcomes[(slug, Outcome.NO_HELP)],
        )
        for slug, count in sorted(tried.items(), key=lambda item: (-item[1], item[0]))
    )


def _medicines(diary: DiaryData, options: SummaryOptions) -> tuple[MedicineRow, ...]:
    """Medicines taken at any time in the period (or with no dates given)."""
    rows = []
    for medicine in diary.medicines:
        if medicine.started_on and medicine.started_on > options.end:
            continue
        if medicine.stopped_on and medicine.stopped_on < options.start:
            continue
        rows.append(MedicineRow(medicine.name, _label(MedicineKind, medicine.kind), medicine.started_on,
                                medicine.stopped_on))
    return tuple(rows)
