"""Weekly and daily series used by charts, the dashboard and the summary."""
from datetime import date, datetime, timezone

from diary.analysis import daily_worst_pain, weekly_series
from diary.records import CheckInRecord, EpisodeRecord


def episode(day, intensity, id=1):
    return EpisodeRecord(id=id, started_at=datetime(day.year, day.month, day.day, 9, tzinfo=timezone.utc),
                         local_date=day, intensity=intensity)


def test_it_counts_weeks_including_empty_ones():
    episodes = [episode(date(2026, 11, 2), 4), episode(date(2026, 11, 3), 8), episode(date(2026, 11, 18), 2)]
    weeks = weekly_series(episodes, date(2026, 11, 2), date(2026, 11, 22))
    assert [w.week_start for w in weeks] == [date(2026, 11, 2), date(2026, 11, 9), date(2026, 11, 16)]
    assert [w.episodes for w in weeks] == [2, 0, 1]
    assert weeks[0].median_intensity == 6.0 and weeks[0].worst_intensity == 8
    assert weeks[1].median_intensity is None and weeks[1].worst_intensity is None


def test_it_keeps_days_without_entries_empty_not_zero():
    checkins = [CheckInRecord(date=date(2026, 11, 1), worst_pain=0), CheckInRecord(date=date(2026, 11, 2))]
    worst = daily_worst_pain([episode(date(2026, 11, 3), 6)], checkins, date(2026, 11, 1), date(2026, 11, 4))
    assert worst == {date(2026, 11, 1): 0, date(2026, 11, 2): None, date(2026, 11, 3): 6, date(2026, 11, 4): None}
