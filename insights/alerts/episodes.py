"""Rules about single episodes: a sharp, very painful spasm in the neck or back; a cramp over 10 minutes."""
from __future__ import annotations

from datetime import date

from django.utils.translation import gettext, ngettext, pgettext

from diary.catalogues import Kind

from .base import NHS_CRAMP, S001, SOON, day
from .lifecycle import Answers, run_alerts
from .symptoms import NECK_OR_BACK

SHARP_INTENSITY = 8
SHARP_KINDS = (Kind.STABBING, Kind.SPASM)
LONG_CRAMP_MINUTES = 10


def _times(run) -> str:
    if len(run.episodes) == 1:
        return ""
    return " " + ngettext("It happened on %(count)d episode, the last on %(date)s.",
                          "It happened on %(count)d episodes, the last on %(date)s.", len(run.episodes)) % {
        "count": len(run.episodes), "date": day(run.last)}


def episode_rule_alerts(data, answers: Answers, start: date, end: date, *, current: bool) -> list:
    episodes = [e for e in data.alert_episodes if e.local_date <= end]
    sharp = [e for e in episodes if e.intensity >= SHARP_INTENSITY and e.kind in SHARP_KINDS
             and set(e.locations) & NECK_OR_BACK]
    long_cramps = [e for e in episodes if e.kind == Kind.CRAMP and e.duration_minutes is not None
                   and e.duration_minutes > LONG_CRAMP_MINUTES]
    kinds = dict(Kind.choices)

    def sharp_fields(run):
        first = run.episodes[0]
        facts = gettext("On %(date)s you recorded “%(kind)s” at intensity %(intensity)d in the neck or back.") % {
            "date": day(first.local_date), "kind": kinds[first.kind], "intensity": first.intensity} + _times(run)
        for_doctor = pgettext("for the doctor", "On %(date)s the patient recorded “%(kind)s” at intensity %(intensity)d in the "
                              "neck or back.") % {
            "date": day(first.local_date), "kind": kinds[first.kind], "intensity": first.intensity} + _times(run)
        advice = gettext("Sharp, extremely painful spasms there are worth getting checked by a doctor.")
        return dict(urgency=SOON, title=gettext("Sharp, very painful spasm in the neck or back"),
                    reason=f"{facts} {advice}", facts=facts, reason_for_doctor=for_doctor, sources=(S001,),
                    guidance=("see_doctor", first.kind))

    def cramp_fields(run):
        first = run.episodes[0]
        # NHS leg cramps: "See a GP if ... cramps last longer than 10 minutes" (non-urgent advice).
        facts = gettext("On %(date)s a cramp lasted %(minutes)d minutes.") % {
            "date": day(first.local_date), "minutes": first.duration_minutes} + _times(run)
        advice = gettext("Cramps lasting more than 10 minutes are worth getting checked by your GP.")
        return dict(urgency=SOON, title=gettext("A cramp that lasted more than 10 minutes"), reason=f"{facts} {advice}",
                    facts=facts, sources=(NHS_CRAMP,), guidance=("see_doctor", "cramp"))

    return (run_alerts("sharp_neck_back", sharp, answers, start, end, current=current, describe=sharp_fields)
            + run_alerts("long_cramp", long_cramps, answers, start, end, current=current, describe=cramp_fields))
