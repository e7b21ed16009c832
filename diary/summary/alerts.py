"""Red-flag symptoms and alerts for the doctor: insights.alerts' findings of the period, grouped into rows."""
from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _

from ..catalogues import RedFlag
from ..records import DiaryData
from .labels import _label
from .model import AlertRow, RedFlagRow
from .options import SummaryOptions

URGENCY_RANK = {"emergency": 0, "urgent": 1, "soon": 2, "advice": 3}


def _urgency_label(urgency: str) -> str:
    # Worded for the doctor reading the summary; the app's own banners speak to the patient.
    labels = {
        "emergency": _("Emergency"),
        "urgent": _("Same day"),
        "soon": _("GP appointment"),
        "advice": _("Advice"),
    }
    return labels.get(urgency, urgency)


def _latest(days) -> date | None:
    days = [d for d in days if d is not None]
    return max(days) if days else None


def _status_label(alert) -> str:
    """Open, discussed on a date, checked on a date, gone: the alert's status at the period's end."""
    when = alert.discussed_on.isoformat() if alert.discussed_on else ""
    if alert.answer == "discussed":
        return _("discussed on %(date)s") % {"date": when}
    if alert.answer == "checked":
        return _("checked on %(date)s") % {"date": when}
    if alert.answer == "gone":
        return _("gone (patient, %(date)s)") % {"date": when}
    if alert.status == "gone":
        return _("no longer holds")
    return _("open")


def _alert_rows(diary: DiaryData, options: SummaryOptions) -> tuple[tuple[RedFlagRow, ...], tuple[AlertRow, ...]]:
    """Red-flag symptoms and the other see-a-doctor alerts of the period, grouped for reading.

    insights.alerts (the one engine) decides what counts, how urgent it is, when each alert was
    first raised and its status at the period's end. One row per symptom and one per rule.
    """
    from guidance.services import cite_source  # sources read as a doctor would cite them, never as file names

    from ..alerts import evaluate_alerts

    by_flag: dict[str, list] = {}
    by_rule: dict[str, list] = {}
    for alert in evaluate_alerts(diary, options.start, options.end):
        if alert.rule == "symptom":
            by_flag.setdefault(alert.symptom or alert.key.split(":")[1], []).append(alert)
        else:
            by_rule.setdefault(alert.rule, []).append(alert)

    def most_urgent(alerts):
        rank = min(URGENCY_RANK.get(a.urgency, 9) for a in alerts)
        return [a for a in alerts if URGENCY_RANK.get(a.urgency, 9) == rank]

    def latest(alerts):
        return max(alerts, key=lambda a: (max(a.dates) if a.dates else date.min))

    def first_raised(alerts):
        days = [a.first_raised for a in alerts if a.first_raised]
        return min(days) if days else None

    flags = []
    for slug, alerts in by_flag.items():
        urgency = most_urgent(alerts)[0].urgency
        last = latest(alerts)
        flags.append(RedFlagRow(
            slug=slug, label=_label(RedFlag, slug), urgency=urgency, urgency_label=_urgency_label(urgency),
            dates=tuple(sorted({d for a in alerts for d in a.dates if options.start <= d <= options.end})),
            discussed_on=_latest(a.discussed_on for a in alerts),
            first_raised=first_raised(alerts), status=last.status, status_label=_status_label(last),
        ))
    flags.sort(key=lambda r: (URGENCY_RANK.get(r.urgency, 9), r.dates[0] if r.dates else date.min))

    rows = []
    for rule, alerts in by_rule.items():
        shown = latest(most_urgent(alerts))
        days = sorted({d for a in alerts for d in a.dates if options.start <= d <= options.end} or {d for a in alerts for d in a.dates})
        rows.append(AlertRow(
            rule=rule, urgency=shown.urgency, urgency_label=_urgency_label(shown.urgency),
            # The doctor needs the data in the third person, not the advice to the patient.
            title=shown.doctor_title, reason=shown.doctor_reason,
            sources="; ".join(dict.fromkeys(cite_source(s, options.language, short=True) for a in alerts for s in a.sources)),
            count=len(days), first=days[0] if days else None, last=days[-1] if days else None,
            discussed_on=_latest(a.discussed_on for a in alerts),
            first_raised=first_raised(alerts), status=latest(alerts).status, status_label=_status_label(latest(alerts)),
        ))
    rows.sort(key=lambda r: (URGENCY_RANK.get(r.urgency, 9), -(r.last.toordinal() if r.last else 0)))
    return tuple(flags), tuple(rows)
