"""In brief: page one's plain answers to a GP's first questions, in the third person."""
from __future__ import annotations

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .model import AlertRow, Numbers, RedFlagRow, ReliefRow, TrendRow
from .options import SummaryOptions


def _one_decimal(value: float) -> str:
    """1.5, 2 (not 2.0), in the active language's number format (1,5 in German)."""
    value = round(value, 1)
    return number_format(value, decimal_pos=0 if value == int(value) else 1)


def _red_flag_line(red_flags: tuple[RedFlagRow, ...], alerts: tuple[AlertRow, ...]) -> str:
    """One line on page one that the table of red flags and alerts then details."""
    if not red_flags and not alerts:
        return _("Red flags: none logged, and no alerts were raised in this period.")
    parts = []
    if red_flags:
        parts.append(ngettext(
            "%(count)d red-flag symptom logged (%(which)s)", "%(count)d red-flag symptoms logged (%(which)s)",
            len(red_flags)) % {"count": len(red_flags), "which": ", ".join(
                ngettext("%(label)s: %(days)d day, last %(last)s", "%(label)s: %(days)d days, last %(last)s",
                         len(r.dates)) % {
                    "label": r.label, "days": len(r.dates), "last": r.dates[-1].isoformat()} if r.dates else r.label
                for r in red_flags)})
    if alerts:
        still_open = sum(1 for a in alerts if a.status == "open")
        parts.append(ngettext("%(count)d alert (%(open)d still open)", "%(count)d alerts (%(open)d still open)",
                              len(alerts)) % {"count": len(alerts), "open": still_open})
    return _("Red flags and alerts: %(parts)s; dates and status in the table below.") % {"parts": "; ".join(parts)}


def _overview(numbers: Numbers, trends: tuple[TrendRow, ...], reliefs: tuple[ReliefRow, ...],
              options: SummaryOptions, red_flags: tuple[RedFlagRow, ...] = (),
              alerts: tuple[AlertRow, ...] = ()) -> tuple[str, ...]:
    """Page one's plain answers, in the third person: red flags, how often, how bad, which way, what helped."""
    lines = [_red_flag_line(red_flags, alerts)]
    if numbers.episodes:
        lines.append(ngettext(
            "The patient logged %(count)d episode in %(days)d days (%(per_week)s a week).",
            "The patient logged %(count)d episodes in %(days)d days (%(per_week)s a week).",
            numbers.episodes,
        ) % {"count": numbers.episodes, "days": numbers.days, "per_week": _one_decimal(numbers.per_week)})
        lines.append(_("Intensity, the patient's own 0-10 rating: median %(median)s, worst %(worst)d.") % {
            "median": _one_decimal(numbers.median_intensity or 0), "worst": numbers.worst_intensity or 0})
    else:
        lines.append(ngettext("The patient logged no episodes in this period of %(days)d day.",
                              "The patient logged no episodes in this period of %(days)d days.",
                              numbers.days) % {"days": numbers.days})
    if numbers.change_percent is not None:
        lines.append(_("In the %(days)d days before, %(previous)d episodes (%(change)s).") % {
            "days": numbers.days, "previous": numbers.previous_episodes,
            "change": f"{'+' if numbers.change_percent > 0 else ''}{numbers.change_percent} %"})
    compared = [t for t in trends if t.recent is not None and t.previous is not None]
    if compared:
        first = compared[0]
        measures = "; ".join(_("%(measure)s %(direction)s (%(previous)s → %(recent)s)") % {
            "measure": t.label, "direction": t.direction_label,
            "previous": _one_decimal(t.previous), "recent": _one_decimal(t.recent)} for t in compared)
        lines.append(_("Direction, last %(weeks)d weeks (%(recent_start)s to %(end)s) against the %(weeks)d weeks "
                       "before: %(measures)s.") % {
            "weeks": first.weeks, "recent_start": first.recent_start.isoformat(), "end": first.end.isoformat(),
            "measures": measures})
    elif trends and numbers.episodes:
        lines.append(_("Direction: the diary does not yet reach back far enough to compare the last 4 weeks "
                       "with the 4 before."))
    helped = sorted((r for r in reliefs if r.helped), key=lambda r: (-r.helped / r.tried, -r.tried, r.label))[:3]
    if helped:
        parts = ", ".join(ngettext("%(relief)s (helped %(helped)d of %(tried)d time)",
                                   "%(relief)s (helped %(helped)d of %(tried)d times)", r.tried) % {
            "relief": r.label, "helped": r.helped, "tried": r.tried} for r in helped)
        lines.append(_("Helped most: %(reliefs)s.") % {"reliefs": parts})
    elif reliefs:
        lines.append(_("Nothing the patient tried was logged as helping."))
    return tuple(lines)
