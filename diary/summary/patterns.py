"""Possible patterns: the daily factors diary.analysis links with episodes in the period, or why there are none."""
from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .model import PatternRow
from .options import SummaryOptions


def _patterns(episodes, checkins, options: SummaryOptions,
              custom_factors=()) -> tuple[tuple[PatternRow, ...], int, str]:
    """Only the factors diary.analysis calls a possible pattern, with their numbers (the user's own included)."""
    from ..analysis import MIN_EPISODE_DAYS, factor_associations

    associations = factor_associations(episodes, checkins, options.start, options.end, custom_factors)
    tested = [a for a in associations if a.tested]
    rows = tuple(
        PatternRow(
            factor=a.factor, label=str(a.label), sentence=a.sentence(), caveats=tuple(a.caveats()),
            rate_ratio=a.ratio, ci_low=a.ci_low, ci_high=a.ci_high,
            exposed_days=a.exposed_days, exposed_with_episode=a.exposed_with_episode,
            unexposed_days=a.unexposed_days, unexposed_with_episode=a.unexposed_with_episode,
        )
        for a in associations if a.status == "possible"
    )
    if rows:
        note = ""
    elif tested:
        note = ngettext(
            "%(count)d daily factor had enough check-ins in this period to be compared; none showed a possible "
            "pattern (over a few months only strong links can pass the app's threshold).",
            "%(count)d daily factors had enough check-ins in this period to be compared; none showed a possible "
            "pattern (over a few months only strong links can pass the app's threshold).",
            len(tested),
        ) % {"count": len(tested)}
    else:
        note = _(
            "Not enough data yet to compare daily factors: this needs %(count)d or more days with an episode among "
            "days with a check-in, and 5 or more days with and without each factor."
        ) % {"count": MIN_EPISODE_DAYS}
    return rows, len(tested), note
