"""The pattern rule held to its targets on synthetic diaries (fixed seeds), and the published table."""
from pathlib import Path

import numpy as np
import pytest

from insights import simulate_patterns as sim

DOC = Path(__file__).resolve().parent.parent / "docs" / "patterns-and-alerts.md"


def test_a_synthetic_diary_is_the_same_for_the_same_seed():
    first = sim.synthetic_diary(np.random.default_rng(5), sim.Scenario(days=60))
    again = sim.synthetic_diary(np.random.default_rng(5), sim.Scenario(days=60))
    assert np.array_equal(first.episode, again.episode) and np.array_equal(first.logged, again.logged)
    assert np.array_equal(np.nan_to_num(first.recorded, nan=-1), np.nan_to_num(again.recorded, nan=-1))
    assert first.recorded.shape == (60, len(sim.FACTORS))


def test_a_synthetic_diary_looks_like_a_real_one():
    diary = sim.synthetic_diary(np.random.default_rng(1), sim.Scenario(days=3650))
    assert 0.84 < diary.logged.mean() < 0.90  # a check-in missing about one day in eight
    assert 0.12 < diary.episode.mean() < 0.16  # about one episode day a week
    running = diary.recorded[:, sim.INDEX["running"]]
    assert 0.27 < running.mean() < 0.36  # two or three runs a week
    assert np.isnan(diary.recorded[:, sim.INDEX["stress"]]).mean() == pytest.approx(sim.BLANK_RATE, abs=0.01)


def test_co_travelling_stretching_follows_running():
    diary = sim.synthetic_diary(np.random.default_rng(2), sim.Scenario(days=3650, stretching_with_running=0.7))
    ran = diary.recorded[:, sim.INDEX["running"]] == 1
    stretched = diary.recorded[:, sim.INDEX["stretching"]] == 1
    assert stretched[ran].mean() == pytest.approx(0.7, abs=0.04)


def test_a_look_sees_only_the_days_up_to_its_end():
    diary = sim.synthetic_diary(np.random.default_rng(3), sim.Scenario(days=200))
    findings = sim.look(diary, 100)
    same_day = [f for f in findings if f.lag == 0]
    assert all(f.exposed_days + f.unexposed_days <= diary.logged[:100].sum() for f in same_day)
    assert {f.lag for f in findings} == {0, 1}


def test_a_tripling_is_found_in_at_least_85_percent_of_one_year_diaries():
    assert sim.power(3.0, 365, diaries=60, seed=11) >= 0.85


@pytest.mark.slow
def test_a_doubling_is_found_in_at_least_45_percent_of_one_year_diaries():
    assert sim.power(2.0, 365, diaries=150, seed=12) >= 0.45


@pytest.mark.slow
def test_a_year_of_weekly_looks_shows_a_false_pattern_in_at_most_10_percent_of_diaries():
    assert sim.false_pattern_rate(100, seed=13) <= 0.10


@pytest.mark.slow
def test_stretching_that_only_travels_with_running_is_rarely_flagged():
    result = sim.co_travelling(3.0, diaries=120, seed=14)
    assert result["running"] >= 0.75  # running itself is still found (a little less often beside its companion)
    assert result["stretching"] <= 0.10


def test_the_day_after_running_is_found_when_it_triples_the_chance():
    assert sim.power(3.0, 365, diaries=60, seed=15, lag=1) >= 0.80


def test_the_table_prints_every_cell():
    table = {
        "seed": 1, "diaries": 2, "null_diaries": 3, "baseline": 0.14, "false_pattern_rate_weekly_year": 0.05,
        "power": {"1.5": {"90": 0, "180": 0.1, "365": 0.2}, "2": {"90": 0, "180": 0.2, "365": 0.5},
                  "3": {"90": 0.1, "180": 0.4, "365": 0.9}},
        "co_travelling": {"2": {"running": 0.5, "stretching": 0.01}, "3": {"running": 0.9, "stretching": 0.02}},
        "next_day_power": {"2": 0.4, "3": 0.9},
    }
    text = sim.markdown_table(table)
    assert "a year of weekly looks (52): **5.0%**" in text
    assert "| 3 | 10% | 40% | 90% |" in text
    assert "| running ratio 3 | 90% | 2.0% |" in text and "| ratio 2 | 40% |" in text


def test_percentages_keep_a_decimal_when_small_and_never_round_up_to_100():
    assert [sim.percent_text(s) for s in (0, 0.005, 0.085, 0.51, 0.9975, 1.0)] == ["0%", "0.5%", "8.5%", "51%", "99%",
                                                                                    "100%"]


def test_the_docs_and_the_page_publish_the_same_simulation():
    doc = DOC.read_text()
    assert f"**{sim.percent_text(sim.PUBLISHED_FALSE_PATTERN_RATE)}**" in doc
    for ratio, cells in sim.PUBLISHED_POWER.items():
        row = f"| {ratio} | " + " | ".join(sim.percent_text(cells[str(days)]) for days in sim.LENGTHS) + " |"
        assert row in doc
    assert sim.PUBLISHED_FALSE_PATTERN_RATE <= 0.10
    assert sim.PUBLISHED_POWER["3"]["365"] >= 0.85 and sim.PUBLISHED_POWER["2"]["365"] >= 0.45


def test_bad_weeks_cluster_episodes_without_changing_their_rate():
    def weekly(bad_weeks):
        diary = sim.synthetic_diary(np.random.default_rng(4), sim.Scenario(days=7 * 520, bad_weeks=bad_weeks))
        return diary.episode.reshape(-1, 7).sum(axis=1)

    plain, clustered = weekly(0.0), weekly(1.0)
    assert clustered.mean() == pytest.approx(plain.mean(), rel=0.1)
    assert clustered.var() > 1.2 * plain.var()
