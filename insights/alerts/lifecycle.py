"""One alert state: runs of a rule, the user's answers, what stays silent and what reaches the banner.

- A symptom or an episode rule raises a run of episodes. An answer ("discussed with a doctor",
  "I have been checked", "this has gone") dated D closes the run it belongs to: every episode of
  the run up to D. A later episode starts a new run, unless the rule says it must clearly worsen
  first (statins, cancer background, health background).
- A history rule holds on some days. Holding days at most GAP_DAYS apart are one run, so a
  short break neither drops the card nor changes its key. An answer silences the run until the
  rule's own measure clearly worsens against its value on the day of the answer.
- The key names the rule and the run's first episode or first day, so it stays the same while
  the run lasts and an answer carries over from one day to the next.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Callable, Sequence

from .base import ADVICE, DISCUSSED, EMERGENCY, GONE, OPEN, SOON, URGENT

GAP_DAYS = 14  # holding days this close together are one run
NEW_DAYS = 7  # a soon-level alert reaches the banner during its first week
RECENT_DAYS = 28  # an answered or finished alert stays on the page (as such) this long


def answer_of(note) -> str:
    return getattr(note, "status", "") or DISCUSSED


class Answers:
    """The user's answers known at the end of `today`, by key."""

    def __init__(self, notes: Sequence, today: date):
        self.notes = tuple(sorted((n for n in notes if n.discussed_on <= today), key=lambda n: (n.discussed_on, n.key)))
        self.by_key = {n.key: n for n in self.notes}

    def with_prefix(self, prefix: str) -> list:
        return [n for n in self.notes if n.key.startswith(prefix)]


@dataclass
class EventRun:
    """Episodes of one rule between two answers."""

    episodes: list = field(default_factory=list)
    note: object = None

    @property
    def first(self) -> date:
        return self.episodes[0].local_date

    @property
    def last(self) -> date:
        return self.episodes[-1].local_date


def event_runs(prefix: str, episodes: Sequence, answers: Answers,
               reopens: Callable[[list, object], bool] | None = None) -> list[EventRun]:
    """Split a rule's episodes (oldest first) into runs closed by the answers whose key starts with prefix.

    An episode after an answered run starts a new run when `reopens(answered_episodes, episode)`
    says so (default: always); otherwise it joins the answered run and stays silent.
    """
    notes = answers.with_prefix(prefix)
    runs: list[EventRun] = []
    current = EventRun()
    answered: list = []
    for episode in episodes:
        if current.episodes:
            closing = [n for n in notes if current.first <= n.discussed_on < episode.local_date]
            if closing:
                current.note = closing[-1]
                runs.append(current)
                answered.extend(current.episodes)
                current = EventRun()
        if not current.episodes and answered and reopens is not None and not reopens(answered, episode):
            runs[-1].episodes.append(episode)
            continue
        current.episodes.append(episode)
    if current.episodes:
        closing = [n for n in notes if n.discussed_on >= current.first]
        current.note = closing[-1] if closing else None
        runs.append(current)
    return runs


def worse_than_answered(answered: list, episode) -> bool:
    """A clear worsening after an answer: 2 points above the worst answered episode, or a new place."""
    worst = max(e.intensity for e in answered)
    seen = {loc for e in answered for loc in e.locations}
    return episode.intensity >= worst + 2 or bool(set(episode.locations) - seen)


def never_reopens(answered: list, episode) -> bool:
    return False


@dataclass(frozen=True)
class DayRun:
    """Days on which a history rule held, holding days at most GAP_DAYS apart bridged."""

    first: int
    last: int


def day_runs(holds: Sequence[bool], first: int = 0, end: int | None = None) -> list[DayRun]:
    """The runs among days first..end (default: all) of `holds`, indexed by day.

    Runs that begin before `first` are cut there: the caller starts at a run's first day.
    """
    runs: list[DayRun] = []
    start = last = None
    for i in range(first, len(holds) if end is None else end + 1):
        if not holds[i]:
            continue
        if last is not None and i - last <= GAP_DAYS:
            last = i
            continue
        if start is not None:
            runs.append(DayRun(start, last))
        start = last = i
    if start is not None:
        runs.append(DayRun(start, last))
    return runs


def status_of(note, finished: bool) -> str:
    if note is not None:
        return answer_of(note)
    return GONE if finished else OPEN


def reaches_banner(alert, today: date) -> bool:
    """Only open emergency and urgent alerts, and soon-level ones in their first week, reach the banner."""
    if alert.status != OPEN or alert.urgency == ADVICE:
        return False
    if alert.urgency in (EMERGENCY, URGENT):
        return True
    return alert.urgency == SOON and alert.first_raised is not None and alert.first_raised >= today - timedelta(days=NEW_DAYS - 1)


def run_alerts(rule: str, episodes: Sequence, answers: Answers, start: date, end: date, *, current: bool,
               describe: Callable, reopens=None, current_days: int | None = RECENT_DAYS) -> list:
    """Alerts of an episode rule: one per run. `describe(run)` returns the Alert's other fields.

    current_days: in today's view an open run shows while its last episode is this recent
    (None: whatever its age, as symptoms do); an answered run shows as answered for as long.
    """
    from .base import Alert

    alerts = []
    for run in event_runs(f"{rule}:", episodes, answers, reopens):
        if current:
            latest = max(run.last, run.note.discussed_on) if run.note else run.last
            if (run.note is not None or current_days is not None) and latest < end - timedelta(days=current_days or RECENT_DAYS):
                continue
        elif not any(start <= e.local_date <= end for e in run.episodes):
            continue
        fields = describe(run)
        alerts.append(Alert(
            rule=rule, key=f"{rule}:{run.episodes[0].id}", dates=tuple(e.local_date for e in run.episodes),
            episode_ids=tuple(e.id for e in run.episodes),
            discussed_on=run.note.discussed_on if run.note else None, note=getattr(run.note, "note", "") or "",
            first_raised=run.first, status=status_of(run.note, finished=False),
            answer=answer_of(run.note) if run.note else "", **fields,
        ))
    return alerts
