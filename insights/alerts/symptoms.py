"""Red-flag symptoms ticked on an episode: their urgency, as the NHS and NICE pages say.

A symptom keeps its urgency until the user answers "I have been checked" or "this has gone",
whatever the episode's age (see lifecycle.py). Each urgency names the page it comes from;
docs/patterns-and-alerts.md quotes the lines.
"""
from __future__ import annotations

from datetime import date, timedelta
from typing import Sequence

from django.utils.translation import gettext, ngettext, npgettext, pgettext
from django.utils.translation import gettext_lazy as _

from diary.catalogues import Kind, Location, MedicineKind, RedFlag

from .base import (
    EMERGENCY, NHS_BACK, NHS_CAUDA_EQUINA, NHS_CRAMP, NHS_SCIATICA, NHS_STATINS, NICE_NG59, NICE_NG234, SOON,
    URGENCY_RANK, URGENT, S002_INTRO, S002_MEDICINES, S002_NERVES, S004, Alert, day,
)
from .lifecycle import RECENT_DAYS, Answers, event_runs, status_of

BACK = {Location.UPPER_BACK, Location.MID_BACK, Location.LOWER_BACK}
NECK_OR_BACK = BACK | {Location.NECK}
SEVERE_PAIN = 7  # "severe muscle pain" with dark urine
# NICE NG234: any of these with a history of cancer is an oncological emergency (possible MSCC).
NEUROLOGICAL = {RedFlag.LEG_WEAKNESS, RedFlag.BOTH_LEGS, RedFlag.SADDLE_NUMBNESS, RedFlag.BLADDER_BOWEL}

# Red flag -> (urgency, sources, why it matters in plain words). Adjusted per episode in triage().
SYMPTOMS = {
    RedFlag.CHEST_PAIN_BREATHLESS: (EMERGENCY, (NHS_BACK, S004), _(
        "Back pain with chest pain or breathlessness can have its cause in the heart; get checked now.")),
    RedFlag.BOTH_LEGS: (EMERGENCY, (NHS_BACK, NHS_SCIATICA, NICE_NG59), _(
        "Symptoms in both legs with back pain can mean pressure on the nerves at the base of the spine; get checked in hospital now.")),
    RedFlag.SADDLE_NUMBNESS: (EMERGENCY, (NHS_BACK, NHS_CAUDA_EQUINA, NICE_NG59), _(
        "Numbness around the genitals, buttocks or inner thighs can mean pressure on the nerves at the base of the spine; get checked in hospital now.")),
    RedFlag.BLADDER_BOWEL: (EMERGENCY, (NHS_BACK, NHS_CAUDA_EQUINA, NICE_NG59), _(
        "New trouble with urine or stools with back pain can mean pressure on the nerves at the base of the spine; get checked in hospital now.")),
    RedFlag.SERIOUS_ACCIDENT: (EMERGENCY, (NHS_BACK,), _(
        "Back pain that started after a serious accident needs a check in hospital now.")),
    RedFlag.DARK_URINE: (URGENT, (NHS_STATINS, S002_MEDICINES), _(
        "Dark urine with muscle pain can be a sign of muscle breakdown, above all on a statin; call a doctor straight away to get checked today.")),
    RedFlag.LEG_WEAKNESS: (URGENT, (NICE_NG59, NHS_SCIATICA), _("A weak leg or foot needs a doctor's check today.")),
    RedFlag.FEVER_UNWELL: (URGENT, (NHS_BACK, NICE_NG59), _("Back pain with a high temperature or feeling very unwell needs a doctor's check today.")),
    RedFlag.AFTER_FALL_OR_INJURY: (URGENT, (NICE_NG59,), _("Pain that started after a fall or strain needs a doctor's check today.")),
    RedFlag.NIGHT_PAIN: (URGENT, (NHS_BACK, NICE_NG59), _("Pain that rest does not ease and that is worse at night needs a doctor's check today.")),
    RedFlag.WEIGHT_LOSS: (URGENT, (NHS_BACK, NICE_NG59), _("Back pain with unexplained weight loss needs a doctor's check today.")),
    RedFlag.BACK_LUMP: (URGENT, (NHS_BACK,), _("A lump or swelling in the back, or a change in its shape, needs a doctor's check today.")),
    RedFlag.WORSE_COUGHING: (URGENT, (NHS_BACK,), _("Back pain made worse by sneezing, coughing or pooing needs a doctor's check today.")),
    RedFlag.BETWEEN_SHOULDERS: (URGENT, (NHS_BACK,), _("Pain high in the back, between the shoulders, needs a doctor's check today.")),
    RedFlag.NUMBNESS_TINGLING: (SOON, (S002_NERVES, NHS_BACK), _("Numbness or tingling is worth getting checked by your GP.")),
    RedFlag.CANNOT_MOVE: (SOON, (S002_INTRO,), _("Pain so bad you cannot move is worth getting checked by your GP.")),
}


def on_statin(medicines: Sequence, when: date) -> list[str]:
    """Names of the statins taken on a day (started on or before it, not stopped before it)."""
    return [m.name for m in medicines if m.kind == MedicineKind.STATIN and m.started_on is not None
            and m.started_on <= when and (m.stopped_on is None or m.stopped_on >= when)]


def triage(flag: str, episode, background, medicines: Sequence) -> tuple[str, tuple, str]:
    """The urgency of one red flag on one episode, its sources and why, given the health background."""
    urgency, sources, why = SYMPTOMS[flag]
    why = str(why)
    if flag == RedFlag.BOTH_LEGS and not (set(episode.locations) & BACK or episode.kind == Kind.RADIATING):
        # NHS back pain and sciatica call both legs an emergency *with back pain* or sciatica; alone
        # (a cramp in both calves) NHS leg cramps says: see a GP with numbness or swelling in the legs.
        urgency, sources = SOON, (NHS_CRAMP,)
        why = gettext("Pain, tingling, weakness or numbness in both legs without back pain is worth getting checked by your GP.")
    if flag == RedFlag.DARK_URINE and episode.intensity >= SEVERE_PAIN:
        # Severe muscle pain with dark urine: possible muscle breakdown (rhabdomyolysis). The NHS
        # statin page says call a doctor or 111 straight away; the brief treats it as an emergency.
        urgency = EMERGENCY
        why = gettext("Dark urine with severe muscle pain can mean muscle breakdown, above all on a statin; get checked now.")
    if flag == RedFlag.AFTER_FALL_OR_INJURY and (background.osteoporosis or background.long_term_steroids):
        why = gettext("With osteoporosis or long-term steroids, even a minor fall or strain can break a bone in the spine; "
                      "get checked today, and ask whether you need an X-ray.")
    if flag in NEUROLOGICAL and background.history_of_cancer:
        urgency, sources = EMERGENCY, (NICE_NG234,) + tuple(s for s in sources if s != NICE_NG234)
        why = gettext("With a history of cancer, this can mean pressure on the spinal cord; get checked in hospital now.")
    return urgency, sources, why


def symptom_alerts(data, answers: Answers, start: date, end: date, *, current: bool) -> list[Alert]:
    """One alert per red flag and run (episodes up to an answer); in a period, the runs with episodes in it."""
    labels = dict(RedFlag.choices)
    alerts = []
    flagged: dict[str, list] = {}
    for episode in data.alert_episodes:
        if episode.local_date > end:
            break
        for flag in dict.fromkeys(episode.red_flags):
            if flag in SYMPTOMS:
                flagged.setdefault(flag, []).append(episode)
    for flag, episodes in flagged.items():
        for run in event_runs(f"symptom:{flag}:", episodes, answers):
            if current:
                # Open whatever its age; answered ones stay on the page for a few weeks, as answered.
                if run.note is not None and max(run.last, run.note.discussed_on) < end - timedelta(days=RECENT_DAYS):
                    continue
            elif not any(start <= e.local_date <= end for e in run.episodes):
                continue
            judged = [(triage(flag, e, data.background, data.medicines), e) for e in run.episodes]
            (urgency, sources, why), worst = min(judged, key=lambda item: (URGENCY_RANK[item[0][0]], -item[1].local_date.toordinal()))
            latest = run.episodes[-1]
            reason = gettext("On %(date)s you recorded “%(symptom)s” with an episode of intensity %(intensity)d.") % {
                "date": day(worst.local_date), "symptom": labels[flag], "intensity": worst.intensity}
            if len(run.episodes) > 1:
                reason += " " + ngettext(
                    "You recorded it on %(count)d episode, the last on %(date)s.",
                    "You recorded it on %(count)d episodes, the last on %(date)s.", len(run.episodes),
                ) % {"count": len(run.episodes), "date": day(latest.local_date)}
            for_doctor = pgettext("for the doctor", "On %(date)s the patient recorded “%(symptom)s” with an episode of "
                                  "intensity %(intensity)d.") % {
                "date": day(worst.local_date), "symptom": labels[flag], "intensity": worst.intensity}
            if len(run.episodes) > 1:
                for_doctor += " " + npgettext(
                    "for the doctor",
                    "The patient recorded it on %(count)d episode, the last on %(date)s.",
                    "The patient recorded it on %(count)d episodes, the last on %(date)s.", len(run.episodes),
                ) % {"count": len(run.episodes), "date": day(latest.local_date)}
            statins = on_statin(data.medicines, worst.local_date)
            if flag == RedFlag.DARK_URINE and statins:
                reason += " " + gettext("You take a statin (%(names)s).") % {"names": ", ".join(statins)}
                for_doctor += " " + pgettext("for the doctor", "The patient takes a statin (%(names)s).") % {
                    "names": ", ".join(statins)}
            facts = reason
            reason += " " + why
            if current and run.note is None and (end - latest.local_date).days >= 2:
                # Its urgency stays (the brief); say how it closes, so an old one is not a mystery.
                reason += " " + gettext("If you have been checked since, or it has gone, say so here and this alert closes.")
            alerts.append(Alert(
                rule="symptom", key=f"symptom:{flag}:{run.episodes[0].id}", urgency=urgency, title=str(labels[flag]),
                reason=reason, sources=sources, guidance=("see_doctor", str(flag)),
                dates=tuple(e.local_date for e in run.episodes), episode_ids=tuple(e.id for e in run.episodes),
                discussed_on=run.note.discussed_on if run.note else None, note=getattr(run.note, "note", "") or "",
                first_raised=run.first, status=status_of(run.note, finished=False),
                answer=status_of(run.note, False) if run.note else "", symptom=str(flag), facts=facts,
                reason_for_doctor=for_doctor,
            ))
    return alerts

