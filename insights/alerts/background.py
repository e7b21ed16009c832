"""Rules that read the health background and medicines: cancer, age, bone and immune risks, statins, diuretics."""
from __future__ import annotations

from datetime import date, timedelta

from django.utils.translation import gettext, ngettext, npgettext, pgettext
from django.utils.translation import gettext_lazy as _

from diary.catalogues import Kind, MedicineKind, RedFlag

from .base import (
    ADVICE, NHS_BACK, NHS_STATINS, NICE_NG59, NICE_NG234, S000_MINERALS, S002_MEDICINES, SOON, URGENT, Alert, day,
)
from .lifecycle import Answers, never_reopens, run_alerts, worse_than_answered
from .symptoms import BACK, NECK_OR_BACK, on_statin

AGE_NEW_BACK_PAIN = 50
NEW_PAIN = "new"  # the profile's answer to "how long have you had this?": under 6 weeks
NEW_PAIN_DAYS = 42  # the profile's "new": back pain for under 6 weeks
MEDICINE_WEEKS = 8
MEDICINE_SHOW_WEEKS = 26
CRAMP_KINDS = {Kind.CRAMP, Kind.SPASM}


def _age(background, on: date) -> int | None:
    return on.year - background.year_of_birth if background.year_of_birth else None


def background_alerts(data, answers: Answers, start: date, end: date, *, current: bool) -> list[Alert]:
    bg = data.background
    episodes = [e for e in data.alert_episodes if e.local_date <= end]
    alerts: list[Alert] = []

    # NICE NG234: spinal pain in a person with a history of cancer, to be assessed within 24 hours.
    if bg.history_of_cancer:
        spinal = [e for e in episodes if set(e.locations) & NECK_OR_BACK]

        def cancer_fields(run):
            reason = ngettext(
                "%(count)d episode of neck or back pain from %(first)s to %(last)s, and your health background notes a history of cancer.",
                "%(count)d episodes of neck or back pain from %(first)s to %(last)s, and your health background notes a history of cancer.",
                len(run.episodes)) % {"count": len(run.episodes), "first": day(run.first), "last": day(run.last)}
            facts = reason
            for_doctor = npgettext(
                "for the doctor",
                "%(count)d episode of neck or back pain from %(first)s to %(last)s, and the patient's health background "
                "notes a history of cancer.",
                "%(count)d episodes of neck or back pain from %(first)s to %(last)s, and the patient's health background "
                "notes a history of cancer.",
                len(run.episodes)) % {"count": len(run.episodes), "first": day(run.first), "last": day(run.last)}
            reason += " " + gettext("New spinal pain after cancer needs a doctor's check within 24 hours; "
                                    "tell them about your cancer.")
            return dict(urgency=URGENT, title=gettext("Spinal pain with a history of cancer"), reason=reason, facts=facts,
                        reason_for_doctor=for_doctor,
                        sources=(NICE_NG234,), guidance=("see_doctor",))

        alerts += run_alerts("cancer_spinal_pain", spinal, answers, start, end, current=current,
                             describe=cancer_fields, reopens=worse_than_answered)

    # NICE NG59 and NHS back pain: new back pain at 50 or over, on the user's own answer "new".
    age = _age(bg, end)
    if age is not None and age >= AGE_NEW_BACK_PAIN and getattr(bg, "pain_duration", "") == NEW_PAIN:
        back = [e for e in episodes if set(e.locations) & BACK]
        if current:
            back = [e for e in back if e.local_date > end - timedelta(days=NEW_PAIN_DAYS)]

        def age_fields(run):
            facts = gettext("You told us your back pain is new (under 6 weeks), and you are about %(age)d.") % {"age": age}
            for_doctor = pgettext("for the doctor", "The patient reports new back pain (under 6 weeks) and is about %(age)d.") % {
                "age": age}
            reason = facts + " " + gettext("New back pain after 50 is worth getting checked by your GP.")
            return dict(urgency=SOON, title=gettext("New back pain after 50"), reason=reason, facts=facts,
                        reason_for_doctor=for_doctor,
                        sources=(NICE_NG59, NHS_BACK), guidance=("see_doctor",))

        alerts += run_alerts("background_age", back, answers, start, end, current=current,
                             describe=age_fields, reopens=never_reopens)

    history = [label for label, present in (
        (_("osteoporosis"), bg.osteoporosis),
        (_("long-term steroids"), bg.long_term_steroids),
        (_("a weakened immune system"), bg.weakened_immune_system),
    ) if present]
    if history:
        back = [e for e in episodes if set(e.locations) & BACK]

        def history_fields(run):
            weight_loss = any(RedFlag.WEIGHT_LOSS in e.red_flags for e in run.episodes)
            reason = ngettext(
                "%(count)d episode of back pain from %(first)s to %(last)s, and your health background notes %(history)s.",
                "%(count)d episodes of back pain from %(first)s to %(last)s, and your health background notes %(history)s.",
                len(run.episodes)) % {"count": len(run.episodes), "first": day(run.first), "last": day(run.last),
                                      "history": ", ".join(str(h) for h in history)}
            for_doctor = npgettext(
                "for the doctor",
                "%(count)d episode of back pain from %(first)s to %(last)s, and the patient's health background notes %(history)s.",
                "%(count)d episodes of back pain from %(first)s to %(last)s, and the patient's health background notes %(history)s.",
                len(run.episodes)) % {"count": len(run.episodes), "first": day(run.first), "last": day(run.last),
                                      "history": ", ".join(str(h) for h in history)}
            if weight_loss:
                reason += " " + gettext("You also recorded unexplained weight loss.")
                for_doctor += " " + pgettext("for the doctor", "The patient also recorded unexplained weight loss.")
            facts = reason
            reason += " " + gettext("Back pain with this background is worth getting checked by your GP.")
            return dict(urgency=URGENT if weight_loss else SOON, title=gettext("Back pain with your health background"),
                        title_for_doctor=pgettext("for the doctor", "Back pain with the patient's health background"),
                        reason=reason, facts=facts, reason_for_doctor=for_doctor, sources=(NICE_NG59, NHS_BACK),
                        guidance=("see_doctor", "weight_loss") if weight_loss else ("see_doctor",))

        alerts += run_alerts("background_history", back, answers, start, end, current=current,
                             describe=history_fields, reopens=worse_than_answered)

    alerts += statin_alerts(data, episodes, answers, start, end, current=current)
    alerts += diuretic_alerts(data, start, end)
    return alerts


def statin_alerts(data, episodes, answers: Answers, start: date, end: date, *, current: bool) -> list[Alert]:
    """NHS statins: unexplained muscle pain, tenderness, weakness or cramps: call a doctor or 111 straight away.

    Every episode logged while a statin is taken counts (from its start date, with no diary needed
    before it); after the user's answer only a clearly worse episode raises it again.
    """
    on = [(e, on_statin(data.medicines, e.local_date)) for e in episodes]
    names = {e.id: n for e, n in on if n}
    statin_episodes = [e for e, n in on if n]

    def fields(run):
        first = run.episodes[0]
        reason = ngettext(
            "%(count)d episode of muscle pain, spasm or cramp from %(first)s to %(last)s while you take %(names)s.",
            "%(count)d episodes of muscle pain, spasms or cramps from %(first)s to %(last)s while you take %(names)s.",
            len(run.episodes)) % {"count": len(run.episodes), "first": day(first.local_date), "last": day(run.last),
                                  "names": ", ".join(names[first.id])}
        facts = reason
        for_doctor = npgettext(
            "for the doctor",
            "%(count)d episode of muscle pain, spasm or cramp from %(first)s to %(last)s while the patient takes %(names)s.",
            "%(count)d episodes of muscle pain, spasms or cramps from %(first)s to %(last)s while the patient takes %(names)s.",
            len(run.episodes)) % {"count": len(run.episodes), "first": day(first.local_date), "last": day(run.last),
                                  "names": ", ".join(names[first.id])}
        reason += " " + gettext("The NHS says to call a doctor (in the UK, NHS 111) straight away about unexplained muscle pain, "
                                "tenderness, weakness or cramps on a statin: it can be a sign of muscle damage. "
                                "Do not stop the statin without asking your doctor.")
        return dict(urgency=URGENT, title=gettext("Muscle pain or cramps while taking a statin"), reason=reason, facts=facts,
                    reason_for_doctor=for_doctor, sources=(NHS_STATINS, S002_MEDICINES), guidance=("medication", "see_doctor"))

    return run_alerts("statin_muscle", statin_episodes, answers, start, end, current=current,
                      describe=fields, reopens=worse_than_answered)


def diuretic_alerts(data, start: date, end: date) -> list[Alert]:
    """More cramps in the 8 weeks after starting a diuretic than in the 8 before: advice (seed 000, 002).

    Counts every cramp and spasm of the diary: from data.history when the page read only recent
    records, else from the records.
    """
    alerts = []
    span = timedelta(weeks=MEDICINE_WEEKS)
    first_day = min([d for d in (_first_day(data),) if d is not None] + [end])
    cramps = None
    for medicine in data.medicines:
        if medicine.kind != MedicineKind.DIURETIC or medicine.started_on is None:
            continue
        began = medicine.started_on
        # The diary must cover the 8 weeks before, or "fewer before" only means "no diary before".
        if first_day > began - span or began > end:
            continue
        if began + span <= start and end > began + timedelta(weeks=MEDICINE_SHOW_WEEKS):
            continue
        cramps = _cramps(data) if cramps is None else cramps
        before = [c for c in cramps if began - span <= c[0] < began]
        after = [c for c in cramps if began <= c[0] < began + span and c[0] <= end]
        if len(after) <= len(before):
            continue
        reason = gettext("%(after)d cramps or spasms in the 8 weeks after you started %(name)s on %(date)s, against %(before)d "
                         "in the 8 weeks before. Mention it to your GP or pharmacist.") % {
            "after": len(after), "before": len(before), "name": medicine.name, "date": day(began)}
        for_doctor = pgettext("for the doctor", "%(after)d cramps or spasms in the 8 weeks after the patient started %(name)s "
                              "on %(date)s, against %(before)d in the 8 weeks before.") % {
            "after": len(after), "before": len(before), "name": medicine.name, "date": day(began)}
        alerts.append(Alert("medicine_cramps", f"medicine_cramps:{medicine.kind}:{began.isoformat()}", ADVICE,
                            gettext("More cramps since starting a medicine"), reason,
                            (S000_MINERALS, S002_MEDICINES), ("medication", "see_doctor"),
                            dates=(began,), episode_ids=tuple(c[1] for c in after), first_raised=after[0][0],
                            reason_for_doctor=for_doctor))
    return alerts


def _first_day(data) -> date | None:
    """The diary's first day: of its first episode (in the diary's order) or first check-in."""
    if data.history is not None:
        return data.history.first_day
    return min([e.local_date for e in data.episodes[:1]] + [c.date for c in data.checkins[:1]], default=None)


def _cramps(data) -> list[tuple[date, int]]:
    """(local date, id) of every cramp or spasm of the diary, in the diary's order."""
    if data.history is None:
        return [(e.local_date, e.id) for e in data.episodes if e.kind in CRAMP_KINDS]
    history = data.history
    rows = zip(history.episode_days.tolist(), history.episode_ids.tolist(), history.kinds)
    return [(date.fromordinal(d), i) for d, i, kind in rows if kind in CRAMP_KINDS]
