"""Titles and reasons of the history rules, naming the diary data behind each (numbers rounded)."""
from __future__ import annotations

from django.utils.translation import gettext, ngettext, npgettext, pgettext

from .base import day, one_decimal, sentence_break
from .history import (
    FLUID_WEEKS, FREQUENCY_WEEKS, PERSISTENT_DAYS, WINDOW_28, DayGrid, fluid_windows, frequency_windows,
    intensity_windows, persistent_windows,
)

TITLES = {
    "regular_spasms": lambda: gettext("Spasms keep coming back"),
    "outside_exercise": lambda: gettext("Spasms outside exercise"),
    "rising_frequency": lambda: gettext("Spasms are getting more frequent"),
    "rising_intensity": lambda: gettext("Spasms are getting worse"),
    "fluid_no_help": lambda: gettext("Spasms continue although you drink more"),
    "persistent_pain": lambda: gettext("Pain that is not getting better"),
}
# Titles that talk to the patient, worded for the doctor in the GP summary (the others read the same).
DOCTOR_TITLES = {
    "fluid_no_help": lambda: pgettext("for the doctor", "Spasms continue although the patient drinks more"),
}


def reason(rule: str, grid: DayGrid, i: int, for_doctor: bool = False) -> tuple[str, str, tuple[int, ...]]:
    """The reason on day i as (facts, advice), and the episodes it speaks of.

    for_doctor: the facts in the third person ("the patient drank...") for the GP summary.
    """
    when = day(grid.day(i))
    if rule == "regular_spasms":
        count = grid.total("episode_days", i - WINDOW_28 + 1, i)
        text = ngettext("Episodes on %(count)d day in the 28 days to %(date)s",
                        "Episodes on %(count)d days in the 28 days to %(date)s", count) % {"count": count, "date": when}
        text += sentence_break().rstrip()
        return (text, gettext("Spasms that keep coming back are worth talking over with your doctor."),
                grid.episode_ids_between(i - WINDOW_28 + 1, i))
    if rule == "outside_exercise":
        outside, days = grid.outside_between(i - WINDOW_28 + 1, i)
        if for_doctor:
            text = npgettext("for the doctor", "On %(count)d day in the 28 days to %(date)s the patient had an episode outside exercise.",
                             "On %(count)d days in the 28 days to %(date)s the patient had an episode outside exercise.", days)
        else:
            text = ngettext("On %(count)d day in the 28 days to %(date)s you had an episode outside exercise.",
                            "On %(count)d days in the 28 days to %(date)s you had an episode outside exercise.", days)
        text %= {"count": days, "date": when}
        return text, gettext("Spasms outside exercise are worth talking over with your doctor."), outside
    if rule == "rising_frequency":
        look = frequency_windows(grid, i)
        # Each count gets its own plural form: the weeks before may hold 1 day with an episode, or none.
        recent_days = ngettext("Episodes on %(count)d day in the %(weeks)d weeks to %(date)s",
                               "Episodes on %(count)d days in the %(weeks)d weeks to %(date)s", look.recent) % {
            "count": look.recent, "weeks": look.weeks, "date": when}
        if look.weeks == FREQUENCY_WEEKS:
            previous_days = ngettext("against %(count)d day in the %(weeks)d weeks before",
                                     "against %(count)d days in the %(weeks)d weeks before", look.previous) % {
                "count": look.previous, "weeks": look.baseline_weeks}
        else:
            previous_days = ngettext(
                "against %(count)d day in the %(weeks)d weeks before the last %(last)d weeks",
                "against %(count)d days in the %(weeks)d weeks before the last %(last)d weeks", look.previous) % {
                "count": look.previous, "weeks": look.baseline_weeks, "last": FREQUENCY_WEEKS}
        parts = {"recent_days": recent_days, "previous_days": previous_days, "p": _p(look.p_value)}
        if look.p_value < 0.0001:  # the rule fires at p <= 0.0003, so "p = < 0.001" would be every alert
            parts["p"] = _p(0.0001)
            text = gettext("%(recent_days)s, %(previous_days)s (a rise this large by chance alone: p < %(p)s).") % parts
        else:
            text = gettext("%(recent_days)s, %(previous_days)s (a rise this large by chance alone: p = %(p)s).") % parts
        return text, gettext("Spasms that come more often are worth getting checked by your GP."), ()
    if rule == "rising_intensity":
        recent, previous, n_recent, n_previous = intensity_windows(grid, i)
        text = gettext("Average intensity %(recent)s over %(n_recent)d episodes in the %(weeks)d weeks to %(date)s, against "
                       "%(previous)s over %(n_previous)d episodes in the %(weeks)d weeks before.") % {
            "recent": one_decimal(recent), "previous": one_decimal(previous), "n_recent": n_recent,
            "n_previous": n_previous, "weeks": FREQUENCY_WEEKS, "date": when}
        return text, gettext("Spasms that get worse are worth getting checked by your GP."), ()
    if rule == "fluid_no_help":
        recent, previous, n_recent, n_previous, days_recent, days_previous = fluid_windows(grid, i)
        if for_doctor:
            text = pgettext("for the doctor", "Over the %(weeks)d weeks to %(date)s the patient drank %(recent)s l a day on average "
                            "(%(n_recent)d logged days), against %(previous)s l in the %(weeks)d weeks before (%(n_previous)d "
                            "logged days), and had episodes on %(days_recent)d days, against %(days_previous)d before.")
        else:
            text = gettext("Over the %(weeks)d weeks to %(date)s you drank %(recent)s l a day on average (%(n_recent)d logged days), "
                           "against %(previous)s l in the %(weeks)d weeks before (%(n_previous)d logged days), and had episodes "
                           "on %(days_recent)d days, against %(days_previous)d before.")
        text %= {
            "weeks": FLUID_WEEKS, "date": when, "recent": one_decimal(recent), "previous": one_decimal(previous),
            "n_recent": n_recent, "n_previous": n_previous, "days_recent": days_recent, "days_previous": days_previous}
        return text, gettext("Spasms that do not settle with more fluid are worth getting checked by your GP."), ()
    if rule == "persistent_pain":
        recorded, pain_days, first, last = persistent_windows(grid, i)
        text = gettext("Pain on %(pain)d of the %(recorded)d days with a recorded pain score in the %(days)d days to %(date)s; "
                       "average %(first)s in the first two weeks and %(last)s in the last two.") % {
            "pain": pain_days, "recorded": recorded, "days": PERSISTENT_DAYS, "date": when,
            "first": one_decimal(first), "last": one_decimal(last)}
        return text, gettext("Pain that is not improving after a few weeks is worth getting checked by your GP."), ()
    raise KeyError(rule)


def _p(value: float) -> str:
    """A p-value rounded to 3 decimals, or to 4 under 0.001 (the frequency rule fires at 0.0003)."""
    return one_decimal_3(value, 4 if value < 0.001 else 3)


def one_decimal_3(value: float, places: int = 3) -> str:
    from decimal import ROUND_HALF_UP, Decimal

    from django.utils.formats import number_format

    step = Decimal(1).scaleb(-places)
    return number_format(Decimal(str(value)).quantize(step, rounding=ROUND_HALF_UP), places, use_l10n=True)


__all__ = ["TITLES", "DOCTOR_TITLES", "reason", "FLUID_WEEKS"]
