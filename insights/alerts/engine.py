"""The one alert engine: every rule family judged for a day or a period, with one lifecycle and state.

The banner, the dashboard, the patterns page, the episode page and the GP summary all read
evaluate_alerts(); nothing else decides what is shown or how urgent it is.
"""
from __future__ import annotations

from dataclasses import replace
from datetime import date

from .background import background_alerts
from .base import OPEN, URGENCY_RANK, Alert
from .episodes import episode_rule_alerts
from .history import RULES, DayGrid
from .history_text import DOCTOR_TITLES, TITLES, reason
from .lifecycle import GAP_DAYS, Answers, DayRun, answer_of, day_runs, reaches_banner
from .symptoms import symptom_alerts


def evaluate_alerts(data, start: date | None = None, end: date | None = None, *, today: date | None = None) -> list[Alert]:
    """Every alert of a diary, most urgent open alert first, answered ones after the open ones.

    - evaluate_alerts(data): the alerts the app shows today (data.today).
    - evaluate_alerts(data, today=D): the alerts the app would have shown at the end of day D,
      from the entries and answers dated up to D only (for `patterns --as-of` and simulations).
    - evaluate_alerts(data, start, end): every alert of that period (for the GP summary), each with
      the date it was first raised and its status at `end`: open, discussed (or checked, gone:
      the user's answers), or gone (the condition no longer holds).

    Alert.banner marks, in the day views, the alerts that may reach the banner: open emergency and
    urgent alerts, and soon-level ones during their first week (top_open_alert picks one).
    """
    end = end or today or data.today
    current = start is None
    start = start or end
    answers = Answers(data.alert_notes, end)
    alerts = (
        symptom_alerts(data, answers, start, end, current=current)
        + episode_rule_alerts(data, answers, start, end, current=current)
        + background_alerts(data, answers, start, end, current=current)
        + history_alerts(data, answers, start, end, current=current)
    )
    alerts = [_with_plain_answer(a, answers) for a in alerts]
    if current:
        alerts = [replace(a, banner=reaches_banner(a, end)) for a in alerts]
    return sorted(alerts, key=lambda a: a.sort_key)


def _with_plain_answer(alert: Alert, answers: Answers) -> Alert:
    """Alerts that are not runs of episodes or days (medicine advice) take their answer by key."""
    note = answers.by_key.get(alert.key)
    if alert.status != OPEN or note is None:
        return alert
    return replace(alert, status=answer_of(note), answer=answer_of(note), discussed_on=note.discussed_on, note=note.note)


def history_grid(data, end: date) -> DayGrid | None:
    """The day grid of the history rules up to `end`: from data.history when the page has it, else from the records."""
    if data.history is not None:
        history = data.history
        if not (history.episode_days <= end.toordinal()).any() and not (history.checkin_days <= end.toordinal()).any():
            return None
        return DayGrid.from_history(history, end)
    episodes = tuple(e for e in data.episodes if e.local_date <= end)
    checkins = tuple(c for c in data.checkins if c.date <= end)
    if not episodes and not checkins:
        return None
    return DayGrid(episodes, checkins, end)


BLOCK_DAYS = 365  # days judged at once, walking back, by a rule that judges in bulk (HistoryRule.holds_between)


class JudgedDays:
    """Whether one rule holds on each grid day, judged when first asked and remembered."""

    def __init__(self, rule, grid: DayGrid):
        self.rule, self.grid = rule, grid
        self.known: list[bool | None] = [None] * grid.n

    def __getitem__(self, i: int) -> bool:
        if i < 0:
            raise IndexError(i)
        held = self.known[i]
        if held is None:
            held = self.known[i] = self.rule.holds(self.grid, i)
        return held

    def judge(self, first: int, last: int) -> None:
        """Judge every day of first..last (within the grid)."""
        first, last = max(first, 0), min(last, self.grid.n - 1)
        if first > last:
            return
        if self.rule.holds_between is not None:
            self.known[first:last + 1] = self.rule.holds_between(self.grid, first, last)
            return
        for i in range(first, last + 1):
            self[i]

    @property
    def step(self) -> int:
        """How many days to judge at once when walking back: one unless the rule judges in bulk."""
        return BLOCK_DAYS if self.rule.holds_between is not None else 1


def runs_reaching(holds: JudgedDays, first: int, last: int) -> list[DayRun]:
    """The runs of holding days with a day in first..last, each from its true first day, judging only the days needed.

    Every day of first..last is judged; then, from the earliest holding day found, the days before it
    while the run goes on (a holding day at most GAP_DAYS before the earliest one so far), however long
    ago it began. Exactly the runs day_runs() finds on every day of the diary that reach first..last.
    """
    first = max(first, 0)
    holds.judge(first, last)
    known = holds.known
    earliest = next((i for i in range(first, last + 1) if known[i]), None)
    if earliest is None:
        return []
    i = first - 1
    while i >= 0 and earliest - i <= GAP_DAYS:
        if known[i] is None:
            holds.judge(i - holds.step + 1, i)
        if known[i]:
            earliest = i
        i -= 1
    return day_runs(known, earliest, last)  # every day of earliest..last is judged by now


def history_alerts(data, answers: Answers, start: date, end: date, *, current: bool) -> list[Alert]:
    """Alerts of the history rules: today's runs (current) or those overlapping start..end.

    Each rule is judged only on the days that decide these runs and the user's answers to them
    (see runs_reaching), with the same result as judging it on every day of the diary.
    """
    grid = history_grid(data, end)
    if grid is None:
        return []
    last = grid.index(end)
    first_wanted = max(0, grid.index(start))
    alerts = []
    for rule in RULES:
        holds = JudgedDays(rule, grid)
        # Today's view shows the run still going (a holding day in the last GAP_DAYS + 1 days).
        for run in runs_reaching(holds, last - GAP_DAYS if current else first_wanted, last):
            if current and run.last < last - GAP_DAYS:
                continue
            if not current and (run.last < first_wanted or run.first > last):
                continue
            key = f"{rule.name}:{grid.day(run.first).isoformat()}"
            raised = run.first
            note = answers.by_key.get(key)
            while note is not None:
                # Silenced until the rule's measure clearly worsens against the day of the answer.
                answered = min(max(grid.index(note.discussed_on), 0), last)
                then = rule.measure(grid, answered)
                worse = next((j for j in range(answered + 1, run.last + 1)
                              if holds[j] and rule.worse(rule.measure(grid, j), then)), None)
                if worse is None:
                    break
                key, raised = f"{rule.name}:{grid.day(run.first).isoformat()}:{note.discussed_on.isoformat()}", worse
                note = answers.by_key.get(key)
            shown = run.last
            facts, advice, episode_ids = reason(rule.name, grid, shown)
            for_doctor = reason(rule.name, grid, shown, for_doctor=True)[0]
            finished = run.last < last - GAP_DAYS or (current and not holds[last] and run.last < last)
            status = answer_of(note) if note is not None else ("gone" if finished and not current else OPEN)
            alerts.append(Alert(
                rule=rule.name, key=key, urgency=rule.urgency, title=TITLES[rule.name](), reason=f"{facts} {advice}", facts=facts,
                reason_for_doctor=for_doctor, title_for_doctor=DOCTOR_TITLES[rule.name]() if rule.name in DOCTOR_TITLES else "",
                sources=rule.sources, guidance=rule.guidance, dates=(grid.day(shown),), episode_ids=episode_ids,
                discussed_on=note.discussed_on if note is not None else None, note=getattr(note, "note", "") or "",
                first_raised=grid.day(raised), status=status, answer=answer_of(note) if note is not None else "",
            ))
    return alerts


def top_open_alert(alerts: list[Alert]) -> Alert | None:
    """The most urgent alert that may reach the banner (see evaluate_alerts), or None."""
    for alert in sorted(alerts, key=lambda a: a.sort_key):
        if alert.banner:
            return alert
    return None


__all__ = ["evaluate_alerts", "top_open_alert", "history_alerts", "URGENCY_RANK"]
