"""When to see a doctor: the brief's symptom and history rules as pure functions over diary records.

Windows (the brief leaves them open; chosen so an old alarm does not shout forever):
- Symptom alerts look at episodes of the last 28 days. An emergency symptom is an emergency
  ("call now") for 3 days; from day 4 to day 28 it stays as an urgent alert ("if you have not
  been checked yet, see a doctor today"). Other symptoms keep their urgency for 28 days.
- History rules are judged on the current day. Each alert's key names the rule and the day the
  condition began to hold (its current unbroken run), so marking it as discussed lasts while the
  condition lasts, and a new run later is a new alert.
- For a summary period (evaluate_alerts(data, start, end)) symptoms of every episode in the
  period keep their own urgency, and a history rule counts when it held on any day of the period.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Callable

from django.utils.formats import date_format, number_format
from django.utils.translation import gettext, ngettext, pgettext
from django.utils.translation import gettext_lazy as _

from .analysis import frequency_direction, intensity_direction
from .catalogues import Context, Kind, Location, MedicineKind, RedFlag
from .records import DiaryData, EpisodeRecord, load_diary

EMERGENCY, URGENT, SOON, ADVICE = "emergency", "urgent", "soon", "advice"
URGENCY_RANK = {EMERGENCY: 0, URGENT: 1, SOON: 2, ADVICE: 3}
URGENCY_LABELS = {
    EMERGENCY: _("Emergency: call now"),
    URGENT: _("See a doctor today"),
    SOON: _("Book a GP appointment"),
    ADVICE: _("Mention it to your GP or pharmacist"),
}

SYMPTOM_WINDOW_DAYS = 28
EMERGENCY_DAYS = 3
REGULAR_SPASMS = 4  # episodes in 28 days
OUTSIDE_EXERCISE = 2  # episodes in 28 days with a recorded context that is not exercise
SHARP_INTENSITY = 8
FLUID_HIGH = 2.0  # litres a day, average of the last 14 days
FLUID_RISE = 0.5  # litres a day more than the 14 days before
FLUID_MIN_LOGS = 7  # fluid logged on at least half of a 14-day window
PERSISTENT_WEEKS = 6
PERSISTENT_MIN_LOGGED = 12
LONG_CRAMP_MINUTES = 10
AGE_NEW_BACK_PAIN = 50
NEW_PAIN_DAYS = 42
MEDICINE_WEEKS = 8
MEDICINE_SHOW_WEEKS = 26
SEVERE_PAIN = 7  # "severe muscle pain" with dark urine
RUN_LOOKBACK_DAYS = 365

BACK = {Location.UPPER_BACK, Location.MID_BACK, Location.LOWER_BACK}
NECK_OR_BACK = BACK | {Location.NECK}
CRAMP_KINDS = {Kind.CRAMP, Kind.SPASM}


@dataclass(frozen=True)
class Source:
    file: str = ""
    section: str = ""
    guideline: str = ""

    def as_dict(self) -> dict:
        return {"guideline": self.guideline} if self.guideline else {"file": self.file, "section": self.section}

    def __str__(self):
        return self.guideline or f"{self.file}, {self.section}"


SEED_000 = "000_3a3248568156e5b1.txt"
SEED_001 = "001_7a4535e076f31f54.txt"
SEED_002 = "002_6382be78da2ead00.txt"
SEED_004 = "004_c87b215f75f3e9e9.txt"
S000_WARNING = Source(SEED_000, "Warnung")
S000_MINERALS = Source(SEED_000, "Mineralischer Verlust")
S001 = Source(SEED_001, "Vad orsakar muskelspasmer?")
S002_INTRO = Source(SEED_002, "Spierkrampen en spierspasmen in de rug: oorzaken van krampen")
S002_MEDICINES = Source(SEED_002, "Medicijnen")
S002_NERVES = Source(SEED_002, "Zenuwschade")
S004 = Source(SEED_004, "为什么一跑步后背会刺痛(为什么跑步时背部会突然刺痛?)")
NICE_NG59 = Source(guideline="NICE NG59")
NHS_BACK = Source(guideline="NHS: Back pain")
NHS_CRAMP = Source(guideline="NHS: Leg cramps")

# Red flag -> (urgency, sources, why it matters in plain words).
SYMPTOMS = {
    RedFlag.CHEST_PAIN_BREATHLESS: (EMERGENCY, (S004,), _(
        "Back pain with chest pain or breathlessness can have its cause in the heart; get checked now.")),
    RedFlag.BOTH_LEGS: (EMERGENCY, (NICE_NG59, NHS_BACK), _(
        "Symptoms in both legs with back pain can mean pressure on the nerves at the base of the spine; get checked in hospital now.")),
    RedFlag.SADDLE_NUMBNESS: (EMERGENCY, (NICE_NG59, NHS_BACK), _(
        "Numbness around the genitals, buttocks or inner thighs can mean pressure on the nerves at the base of the spine; get checked in hospital now.")),
    RedFlag.BLADDER_BOWEL: (EMERGENCY, (NICE_NG59, NHS_BACK), _(
        "New trouble with urine or stools with back pain can mean pressure on the nerves at the base of the spine; get checked in hospital now.")),
    RedFlag.DARK_URINE: (EMERGENCY, (S002_MEDICINES, NHS_CRAMP), _(
        "Dark urine with severe muscle pain can mean muscle breakdown, above all on a statin; get checked now.")),
    RedFlag.LEG_WEAKNESS: (URGENT, (NICE_NG59, NHS_BACK), _("A weak leg or foot needs a doctor's check today.")),
    RedFlag.FEVER_UNWELL: (URGENT, (NICE_NG59, NHS_BACK), _("Back pain with fever or feeling very unwell needs a doctor's check today.")),
    RedFlag.AFTER_FALL_OR_INJURY: (URGENT, (NICE_NG59, NHS_BACK), _("Pain that started after a fall or injury needs a doctor's check today.")),
    RedFlag.NIGHT_PAIN: (URGENT, (NICE_NG59, NHS_BACK), _("Pain that rest does not ease and that is worse at night needs a doctor's check today.")),
    RedFlag.WEIGHT_LOSS: (URGENT, (NICE_NG59, NHS_BACK), _("Back pain with unexplained weight loss needs a doctor's check today.")),
    RedFlag.NUMBNESS_TINGLING: (SOON, (S002_NERVES, NHS_BACK), _("Numbness or tingling is worth getting checked by your GP.")),
    RedFlag.CANNOT_MOVE: (SOON, (S002_INTRO,), _("Pain so bad you cannot move is worth getting checked by your GP.")),
}


@dataclass(frozen=True)
class Alert:
    rule: str
    key: str
    urgency: str
    title: str
    reason: str
    sources: tuple[Source, ...]
    guidance: tuple[str, ...]
    dates: tuple[date, ...] = ()
    episode_ids: tuple[int, ...] = ()
    discussed_on: date | None = None
    note: str = ""

    @property
    def discussed(self) -> bool:
        return self.discussed_on is not None

    @property
    def action(self):
        return URGENCY_LABELS[self.urgency]

    @property
    def sort_key(self):
        latest = max(self.dates).toordinal() if self.dates else 0
        return (self.discussed, URGENCY_RANK[self.urgency], -latest, self.key)

    def as_dict(self) -> dict:
        return {
            "rule": self.rule, "urgency": self.urgency, "reason": self.reason,
            "sources": [s.as_dict() for s in self.sources], "guidance": list(self.guidance),
        }


def _sentence_break() -> str:
    # Translators: ends one sentence and starts the next ("." and a space in English, "。" in Chinese).
    return pgettext("sentence break", ". ")


def _one_decimal(value: float) -> str:
    """A number with one decimal in the active language's format (2.1 in English, 2,1 in German)."""
    return number_format(value, 1, use_l10n=True)


def _day(value: date) -> str:
    return date_format(value, "DATE_FORMAT")


# --- symptoms ------------------------------------------------------------------------------------

def symptom_alerts(data: DiaryData, start: date, end: date, *, current: bool) -> list[Alert]:
    labels = dict(RedFlag.choices)
    on_statin = [m.name for m in data.medicines if m.kind == MedicineKind.STATIN and (m.stopped_on is None or m.stopped_on >= start)]
    alerts = []
    for episode in data.episodes:
        if not (start <= episode.local_date <= end) or not episode.red_flags:
            continue
        for flag in dict.fromkeys(episode.red_flags):
            if flag not in SYMPTOMS:
                continue
            urgency, sources, why = SYMPTOMS[flag]
            reason = gettext("On %(date)s you recorded “%(symptom)s” with an episode of intensity %(intensity)d.") % {
                "date": _day(episode.local_date), "symptom": labels[flag], "intensity": episode.intensity,
            }
            if flag == RedFlag.DARK_URINE:
                if episode.intensity < SEVERE_PAIN:
                    urgency = URGENT
                    why = _("Dark urine with muscle pain needs a doctor's check today, above all on a statin.")
                if on_statin:
                    reason += " " + gettext("You take a statin (%(names)s).") % {"names": ", ".join(on_statin)}
            reason += " " + str(why)
            if current and urgency == EMERGENCY and (end - episode.local_date).days > EMERGENCY_DAYS:
                urgency = URGENT
                reason += " " + gettext("If you have not been checked since, see a doctor today.")
            alerts.append(Alert(
                rule="symptom", key=f"symptom:{flag}:{episode.id}", urgency=urgency, title=str(labels[flag]),
                reason=reason, sources=sources, guidance=("see_doctor", str(flag)),
                dates=(episode.local_date,), episode_ids=(episode.id,),
            ))
    return alerts


def episode_rule_alerts(data: DiaryData, start: date, end: date) -> list[Alert]:
    """Rules about one episode: sharp neck/back pain at 8+, a cramp longer than 10 minutes."""
    alerts = []
    for e in data.episodes:
        if not (start <= e.local_date <= end):
            continue
        if e.intensity >= SHARP_INTENSITY and e.kind in (Kind.STABBING, Kind.SPASM) and set(e.locations) & NECK_OR_BACK:
            alerts.append(Alert(
                rule="sharp_neck_back", key=f"sharp_neck_back:{e.id}", urgency=SOON,
                title=gettext("Sharp, very painful spasm in the neck or back"),
                reason=gettext("On %(date)s you recorded “%(kind)s” at intensity %(intensity)d in the neck or back. "
                               "Sharp, extremely painful spasms there are worth getting checked by a doctor.") % {
                    "date": _day(e.local_date), "kind": dict(Kind.choices)[e.kind], "intensity": e.intensity},
                sources=(S001,), guidance=("see_doctor", e.kind), dates=(e.local_date,), episode_ids=(e.id,),
            ))
        if e.kind == Kind.CRAMP and e.duration_minutes is not None and e.duration_minutes > LONG_CRAMP_MINUTES:
            alerts.append(Alert(
                rule="long_cramp", key=f"long_cramp:{e.id}", urgency=SOON,
                title=gettext("A cramp that lasted more than 10 minutes"),
                reason=gettext("On %(date)s a cramp lasted %(minutes)d minutes. Cramps lasting more than 10 minutes "
                               "are worth getting checked by your GP.") % {"date": _day(e.local_date), "minutes": e.duration_minutes},
                sources=(NHS_CRAMP,), guidance=("see_doctor", "cramp"), dates=(e.local_date,), episode_ids=(e.id,),
            ))
    return alerts


# --- history rules over a day grid ---------------------------------------------------------------

class DayGrid:
    """Per-day counts from the diary's first day to `end`, with prefix sums for O(1) windows."""

    def __init__(self, data: DiaryData, end: date):
        days = [d for d in (data.episodes[0].local_date if data.episodes else None,
                            data.checkins[0].date if data.checkins else None) if d is not None]
        self.first = min(days + [end])
        self.end = end
        n = (end - self.first).days + 1
        self.n = n
        episodes, non_exercise, intensity, at_rest = [0] * n, [0] * n, [0] * n, [0] * n
        fluid, fluid_n, worst = [0.0] * n, [0] * n, [None] * n
        self.by_day: dict[int, list[EpisodeRecord]] = {}
        for e in data.episodes:
            i = (e.local_date - self.first).days
            if not 0 <= i < n:
                continue
            episodes[i] += 1
            intensity[i] += e.intensity
            if e.context and e.context not in (Context.DURING_EXERCISE, Context.AFTER_EXERCISE):
                non_exercise[i] += 1
            if e.context == Context.AT_REST:
                at_rest[i] += 1
            worst[i] = e.intensity if worst[i] is None else max(worst[i], e.intensity)
            self.by_day.setdefault(i, []).append(e)
        for c in data.checkins:
            i = (c.date - self.first).days
            if not 0 <= i < n:
                continue
            if c.fluid_litres is not None:
                fluid[i] += c.fluid_litres
                fluid_n[i] += 1
            if c.worst_pain is not None:
                worst[i] = c.worst_pain if worst[i] is None else max(worst[i], c.worst_pain)
        pain_known = [0 if w is None else 1 for w in worst]
        pain_day = [1 if w else 0 for w in worst]
        worst_sum = [w or 0 for w in worst]
        self.sums = {name: self._prefix(values) for name, values in {
            "episodes": episodes, "non_exercise": non_exercise, "intensity": intensity, "at_rest": at_rest,
            "fluid": fluid, "fluid_n": fluid_n, "pain_known": pain_known, "pain_day": pain_day, "worst": worst_sum,
        }.items()}

    @staticmethod
    def _prefix(values):
        total, out = 0, [0]
        for v in values:
            total += v
            out.append(total)
        return out

    def index(self, day: date) -> int:
        return (day - self.first).days

    def day(self, i: int) -> date:
        return self.first + timedelta(days=i)

    def total(self, name: str, start: int, end: int):
        """Sum of `name` over grid days start..end inclusive (clipped to the grid)."""
        start, end = max(start, 0), min(end, self.n - 1)
        if end < start:
            return 0
        prefix = self.sums[name]
        return prefix[end + 1] - prefix[start]

    def episodes_between(self, start: int, end: int) -> list[EpisodeRecord]:
        return [e for i in range(max(start, 0), min(end, self.n - 1) + 1) for e in self.by_day.get(i, ())]


def _latest_run(grid: DayGrid, holds: Callable[[int], bool], first: int, last: int) -> tuple[int, int] | None:
    """The latest day in first..last where the rule holds, and the first day of that unbroken run."""
    for i in range(last, first - 1, -1):
        if holds(i):
            start = i
            while start - 1 >= max(0, i - RUN_LOOKBACK_DAYS) and holds(start - 1):
                start -= 1
            return start, i
    return None


def _regular_spasms(grid: DayGrid, i: int) -> bool:
    return grid.total("episodes", i - 27, i) >= REGULAR_SPASMS


def _outside_exercise(grid: DayGrid, i: int) -> bool:
    return grid.total("non_exercise", i - 27, i) >= OUTSIDE_EXERCISE


def _fluid(grid: DayGrid, i: int):
    recent_n, previous_n = grid.total("fluid_n", i - 13, i), grid.total("fluid_n", i - 27, i - 14)
    recent = grid.total("fluid", i - 13, i) / recent_n if recent_n else None
    previous = grid.total("fluid", i - 27, i - 14) / previous_n if previous_n else None
    return recent_n, recent, previous_n, previous


def _fluid_no_help(grid: DayGrid, i: int) -> bool:
    recent_n, recent, previous_n, previous = _fluid(grid, i)
    if recent_n < FLUID_MIN_LOGS:
        return False
    more_fluid = recent >= FLUID_HIGH or (previous_n >= FLUID_MIN_LOGS and recent - previous >= FLUID_RISE - 1e-9)
    recent_episodes, previous_episodes = grid.total("episodes", i - 13, i), grid.total("episodes", i - 27, i - 14)
    return more_fluid and recent_episodes >= 2 and recent_episodes >= previous_episodes


def _trend_windows(grid: DayGrid, i: int, weeks: int):
    length = 7 * weeks
    recent = (i - length + 1, i)
    previous = (i - 2 * length + 1, i - length)
    return recent, previous, previous[0] + 6 >= 0


def _rising(grid: DayGrid, i: int) -> list[tuple[str, int, float, float]]:
    """Rising measures at day i: (measure, weeks, recent value, previous value)."""
    found = []
    for weeks in (4, 8):
        recent, previous, covered = _trend_windows(grid, i, weeks)
        if not covered:
            continue
        n_recent, n_previous = grid.total("episodes", *recent), grid.total("episodes", *previous)
        if frequency_direction(n_recent, n_previous) == "rising":
            found.append(("frequency", weeks, n_recent, n_previous))
        if n_recent >= 2 and n_previous >= 2:
            mean_recent = grid.total("intensity", *recent) / n_recent
            mean_previous = grid.total("intensity", *previous) / n_previous
            if intensity_direction(mean_recent, mean_previous) == "rising":
                found.append(("intensity", weeks, mean_recent, mean_previous))
    return found


def _persistent(grid: DayGrid, i: int):
    """(pain days, logged days, first-week average, last-week average) when pain persisted 6+ weeks."""
    start = i - 7 * PERSISTENT_WEEKS + 1
    if start < 0:
        return None
    logged, pain = grid.total("pain_known", start, i), grid.total("pain_day", start, i)
    if logged < PERSISTENT_MIN_LOGGED or 2 * pain <= logged:
        return None
    averages = []
    for week in range(PERSISTENT_WEEKS):
        a = start + 7 * week
        if grid.total("pain_day", a, a + 6) == 0:
            return None
        averages.append(grid.total("worst", a, a + 6) / grid.total("pain_known", a, a + 6))
    first, last = averages[0], averages[-1]
    fall = first - last
    if fall >= 2 or (first > 0 and fall >= 0.3 * first):
        return None
    return pain, logged, first, last


def history_alerts(data: DiaryData, grid: DayGrid, first: int, last: int) -> list[Alert]:
    alerts = []

    def run(rule, holds):
        found = _latest_run(grid, holds, first, last)
        if found is None:
            return None
        start, day = found
        return f"{rule}:{grid.day(start).isoformat()}", day

    found = run("regular_spasms", lambda i: _regular_spasms(grid, i))
    if found:
        key, i = found
        count = grid.total("episodes", i - 27, i)
        at_rest = grid.total("at_rest", i - 27, i)
        reason = ngettext("%(count)d episode in the 28 days to %(date)s", "%(count)d episodes in the 28 days to %(date)s", count) % {
            "count": count, "date": _day(grid.day(i))}
        if at_rest:
            reason += ngettext(", %(count)d of them at rest", ", %(count)d of them at rest", at_rest) % {"count": at_rest}
        reason += _sentence_break() + gettext("Spasms that keep coming back are worth getting checked by your GP.")
        alerts.append(Alert("regular_spasms", key, SOON, gettext("Spasms keep coming back"), reason, (S000_WARNING,),
                            ("see_doctor", "prevention"), dates=(grid.day(i),),
                            episode_ids=tuple(e.id for e in grid.episodes_between(i - 27, i))))

    found = run("fluid_no_help", lambda i: _fluid_no_help(grid, i))
    if found:
        key, i = found
        recent_n, recent, previous_n, previous = _fluid(grid, i)
        count = grid.total("episodes", i - 13, i)
        reason = gettext("Over the 14 days to %(date)s you drank %(litres)s l a day on average (on %(days)d logged days)") % {
            "date": _day(grid.day(i)), "litres": _one_decimal(recent), "days": recent_n}
        if previous is not None and previous_n >= FLUID_MIN_LOGS:
            reason += gettext(", against %(litres)s l in the 14 days before") % {"litres": _one_decimal(previous)}
        reason += ngettext(", and still had %(count)d episode.", ", and still had %(count)d episodes.", count) % {"count": count}
        reason += " " + gettext("Spasms that do not settle with more fluid are worth getting checked by your GP.")
        alerts.append(Alert("fluid_no_help", key, SOON, gettext("Spasms continue although you drink more"), reason,
                            (S000_WARNING,), ("see_doctor", "dehydration", "low_minerals"), dates=(grid.day(i),)))

    found = run("outside_exercise", lambda i: _outside_exercise(grid, i))
    if found:
        key, i = found
        outside = [e for e in grid.episodes_between(i - 27, i)
                   if e.context and e.context not in (Context.DURING_EXERCISE, Context.AFTER_EXERCISE)]
        contexts = dict(Context.choices)
        where = ", ".join(dict.fromkeys(str(contexts[e.context]) for e in outside))
        reason = ngettext(
            "%(count)d episode in the 28 days to %(date)s happened outside exercise (%(where)s).",
            "%(count)d episodes in the 28 days to %(date)s happened outside exercise (%(where)s).", len(outside),
        ) % {"count": len(outside), "date": _day(grid.day(i)), "where": where}
        reason += " " + gettext("Spasms outside exercise are worth getting checked by your GP.")
        alerts.append(Alert("outside_exercise", key, SOON, gettext("Spasms outside exercise"), reason, (S000_WARNING,),
                            ("see_doctor", "stress", "prolonged_sitting"), dates=(grid.day(i),),
                            episode_ids=tuple(e.id for e in outside)))

    found = run("rising_trend", lambda i: bool(_rising(grid, i)))
    if found:
        key, i = found
        parts = []
        for measure, weeks, recent, previous in _rising(grid, i):
            if measure == "frequency":
                parts.append(gettext("%(recent)d episodes in the last %(weeks)d weeks against %(previous)d in the %(weeks)d weeks before") % {
                    "recent": recent, "previous": previous, "weeks": weeks})
            else:
                parts.append(gettext("average intensity %(recent)s in the last %(weeks)d weeks against %(previous)s before") % {
                    "recent": _one_decimal(recent), "previous": _one_decimal(previous), "weeks": weeks})
        reason = pgettext("list separator", "; ").join(parts) + _sentence_break() + gettext(
            "Spasms that come more often or get worse are worth getting checked by your GP.")
        alerts.append(Alert("rising_trend", key, SOON, gettext("Spasms are getting more frequent or worse"),
                            reason[0].upper() + reason[1:], (S002_INTRO,), ("see_doctor", "prevention"), dates=(grid.day(i),)))

    found = run("persistent_pain", lambda i: _persistent(grid, i) is not None)
    if found:
        key, i = found
        pain, logged, first_avg, last_avg = _persistent(grid, i)
        reason = gettext("Pain on %(pain)d of %(logged)d logged days over the 6 weeks to %(date)s; weekly average %(first)s "
                         "in the first week and %(last)s in the last.") % {
            "pain": pain, "logged": logged, "date": _day(grid.day(i)), "first": _one_decimal(first_avg), "last": _one_decimal(last_avg)}
        reason += " " + gettext("Pain that is not improving after a few weeks is worth getting checked by your GP.")
        alerts.append(Alert("persistent_pain", key, SOON, gettext("Pain that is not getting better"), reason,
                            (S004, NHS_BACK), ("see_doctor", "treatment", "exercises"), dates=(grid.day(i),)))
    return alerts


# --- health background and medicines -------------------------------------------------------------

def background_alerts(data: DiaryData, start: date, end: date) -> list[Alert]:
    bg = data.background
    recent_back = [e for e in data.episodes if start <= e.local_date <= end and set(e.locations) & BACK]
    if not recent_back:
        return []
    weight_loss = any(RedFlag.WEIGHT_LOSS in e.red_flags for e in data.episodes if start <= e.local_date <= end)
    urgency = URGENT if weight_loss else SOON
    guidance = ("see_doctor", "weight_loss") if weight_loss else ("see_doctor",)
    extra = (" " + gettext("You also recorded unexplained weight loss.")) if weight_loss else ""
    alerts = []
    first_back = next(e.local_date for e in data.episodes if set(e.locations) & BACK)
    age = end.year - bg.year_of_birth if bg.year_of_birth else None
    if age is not None and age >= AGE_NEW_BACK_PAIN and (end - first_back).days < NEW_PAIN_DAYS:
        reason = gettext("Back pain first recorded on %(date)s, at about %(age)d years of age. New back pain after 50 is "
                         "worth getting checked by your GP.") % {"date": _day(first_back), "age": age}
        alerts.append(Alert("background_age", f"background_age:{first_back.isoformat()}:{urgency}", urgency,
                            gettext("New back pain after 50"), reason + extra, (NICE_NG59, NHS_BACK), guidance,
                            dates=(first_back,), episode_ids=tuple(e.id for e in recent_back)))
    history = [
        (slug, label) for slug, label, present in (
            ("cancer", _("a history of cancer"), bg.history_of_cancer),
            ("osteoporosis", _("osteoporosis"), bg.osteoporosis),
            ("steroids", _("long-term steroids"), bg.long_term_steroids),
            ("immune", _("a weakened immune system"), bg.weakened_immune_system),
        ) if present
    ]
    if history:
        count = len(recent_back)
        reason = ngettext(
            "%(count)d episode of back pain between %(start)s and %(end)s, and your health background notes %(history)s.",
            "%(count)d episodes of back pain between %(start)s and %(end)s, and your health background notes %(history)s.",
            count,
        ) % {"count": count, "start": _day(recent_back[0].local_date), "end": _day(recent_back[-1].local_date),
             "history": ", ".join(str(label) for _slug, label in history)}
        reason += " " + gettext("Back pain with this background is worth getting checked by your GP.")
        alerts.append(Alert("background_history", f"background_history:{'+'.join(s for s, _l in history)}:{urgency}", urgency,
                            gettext("Back pain with your health background"), reason + extra, (NICE_NG59, NHS_BACK), guidance,
                            dates=(recent_back[-1].local_date,), episode_ids=tuple(e.id for e in recent_back)))
    return alerts


def medicine_alerts(data: DiaryData, start: date, end: date, first_day: date) -> list[Alert]:
    alerts = []
    span = timedelta(weeks=MEDICINE_WEEKS)
    for medicine in data.medicines:
        if medicine.kind not in (MedicineKind.STATIN, MedicineKind.DIURETIC) or medicine.started_on is None:
            continue
        began = medicine.started_on
        # The diary must cover the 8 weeks before, or "fewer before" only means "no diary before".
        if first_day > began - span or began > end:
            continue
        # Shown for 26 weeks after the start, or in any period that overlaps the 8 weeks after.
        if began + span <= start and end > began + timedelta(weeks=MEDICINE_SHOW_WEEKS):
            continue
        before = [e for e in data.episodes if began - span <= e.local_date < began and e.kind in CRAMP_KINDS]
        after = [e for e in data.episodes if began <= e.local_date < began + span and e.local_date <= end and e.kind in CRAMP_KINDS]
        if len(after) <= len(before):
            continue
        reason = gettext("%(after)d cramps or spasms in the 8 weeks after you started %(name)s on %(date)s, against %(before)d "
                         "in the 8 weeks before. Mention it to your GP or pharmacist.") % {
            "after": len(after), "before": len(before), "name": medicine.name, "date": _day(began)}
        alerts.append(Alert("medicine_cramps", f"medicine_cramps:{medicine.kind}:{began.isoformat()}", ADVICE,
                            gettext("More cramps since starting a medicine"), reason,
                            (S000_MINERALS, S002_MEDICINES), ("medication", "see_doctor"),
                            dates=(began,), episode_ids=tuple(e.id for e in after)))
    return alerts


# --- entry points --------------------------------------------------------------------------------

def evaluate_alerts(data: DiaryData, start: date | None = None, end: date | None = None) -> list[Alert]:
    """Every alert of a diary, most urgent open alert first, discussed ones after the open ones.

    Without `start`: the alerts of today (symptoms of the last 28 days, history rules holding
    today). With `start`: everything that held at any time between start and end (for summaries).
    """
    end = end or data.today
    current = start is None
    window_start = end - timedelta(days=SYMPTOM_WINDOW_DAYS - 1) if current else start
    grid = DayGrid(data, end)
    last = grid.index(end)
    first = last if current else max(0, grid.index(window_start))
    alerts = (
        symptom_alerts(data, window_start, end, current=current)
        + episode_rule_alerts(data, window_start, end)
        + history_alerts(data, grid, first, last)
        + background_alerts(data, window_start, end)
        + medicine_alerts(data, window_start, end, grid.first)
    )
    notes = {n.key: n for n in data.alert_notes}
    alerts = [
        replace(a, discussed_on=notes[a.key].discussed_on, note=notes[a.key].note) if a.key in notes else a
        for a in alerts
    ]
    return sorted(alerts, key=lambda a: a.sort_key)


def top_open_alert(alerts: list[Alert]) -> Alert | None:
    """The most urgent alert not yet discussed with a doctor that merits a banner (emergency, urgent, soon)."""
    for alert in sorted(alerts, key=lambda a: a.sort_key):
        if not alert.discussed and alert.urgency != ADVICE:
            return alert
    return None


def alerts_for_user(user) -> list[Alert]:
    return evaluate_alerts(load_diary(user))
