"""'Not enough data yet' in the user's terms: more days with an episode and about how many weeks."""
from datetime import date, timedelta

from django.utils import translation

from diary.data_needed import data_needed
from tests.builders import checkin, episode

END = date(2026, 6, 30)


def diary_of(weeks, episode_days):
    """Daily check-ins for `weeks` weeks up to END, with an episode on the first `episode_days` of them."""
    days = [END - timedelta(days=n) for n in range(weeks * 7)][::-1]
    return [episode(d) for d in days[:episode_days]], [checkin(d) for d in days]


def test_it_needs_nothing_at_ten_days_with_an_episode():
    episodes, checkins = diary_of(8, 10)
    assert data_needed(episodes, checkins, END - timedelta(days=365), END) is None


def test_it_counts_what_is_missing_just_under_the_minimum():
    episodes, checkins = diary_of(8, 9)
    needed = data_needed(episodes, checkins, END - timedelta(days=365), END)
    assert needed.episode_days == 1 and needed.weeks == 1
    assert needed.text == ("Not enough data yet. Patterns are compared from 10 days with an episode among days "
                           "with a check-in: 1 more is needed, about 1 more week of check-ins at your pace so far.")


def test_it_estimates_the_weeks_from_the_pace_so_far():
    episodes, checkins = diary_of(4, 2)  # 2 days with an episode in 4 weeks: half a day a week
    needed = data_needed(episodes, checkins, END - timedelta(days=365), END)
    assert (needed.episode_days, needed.weeks) == (8, 16)
    assert "8 more are needed, about 16 more weeks of check-ins at your pace so far." in needed.text


def test_it_ignores_episodes_on_days_without_a_check_in():
    episodes, checkins = diary_of(2, 0)
    episodes = [episode(END - timedelta(days=100 + n)) for n in range(12)]
    needed = data_needed(episodes, checkins, END - timedelta(days=365), END)
    assert needed.episode_days == 10 and needed.weeks is None
    assert needed.text == ("Not enough data yet. Patterns are compared from 10 days with an episode among days "
                           "with a check-in: 10 more are needed.")


def test_it_asks_for_check_ins_when_there_are_none():
    needed = data_needed([episode(END)], [], END - timedelta(days=90), END)
    assert needed.checkin_days == 0
    assert "10 more are needed. Check in daily, on good days too" in needed.text


def test_it_gives_no_estimate_beyond_two_years():
    episodes, checkins = diary_of(52, 1)
    assert data_needed(episodes, checkins, END - timedelta(days=365), END).weeks is None


def test_it_speaks_the_users_language():
    episodes, checkins = diary_of(8, 9)
    with translation.override("de"):
        text = data_needed(episodes, checkins, END - timedelta(days=365), END).text
    assert text  # translated once the lead merges the catalogues; never a crash on a missing entry
