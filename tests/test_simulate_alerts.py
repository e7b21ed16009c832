"""simulate_alerts: the published error rates hold (fixed seeds), and the command prints its table."""
from io import StringIO

import pytest
from django.core.management import call_command

from insights.simulate_alerts import (
    DOCTOR_LEVEL_LIMIT, RATES, doctor_level, frequency_second_year, run, tripling_label,
)


@pytest.mark.slow
def test_every_doctor_level_rule_alerts_at_most_5_percent_of_stable_diaries_a_year():
    table = run(users=150, seed=12)
    for name, row in doctor_level(table).items():
        assert max(row["stable"].values()) <= DOCTOR_LEVEL_LIMIT, (name, row["stable"])
    # The published sensitivities (docs/patterns-and-alerts.md), with room for a smaller run.
    assert table["rising_intensity"]["sensitivity"]["+3 points, 2/week"] >= 0.8
    assert table["persistent_pain"]["sensitivity"]["pain 5/10 for 8 weeks"] >= 0.95
    assert table["fluid_no_help"]["sensitivity"]["+0.7 l a day, 1/week"] >= 0.6
    # The frequency rule (published at 400 users: steps 21/51/84% after 16 weeks of history and
    # 39/71/93% after a year, ramps 7/20/45% after a year), with room for a smaller run.
    frequency = table["rising_frequency"]["sensitivity"]
    assert frequency[tripling_label("step", 2.0, 16)] >= 0.8  # the target; 8 weeks against the 8 before gave 54%
    assert frequency[tripling_label("step", 2.0, 52)] >= 0.85
    assert frequency[tripling_label("step", 1.0, 52)] >= 0.65
    assert frequency[tripling_label("step", 0.5, 52)] >= 0.3
    assert frequency[tripling_label("ramp", 2.0, 52)] >= 0.35
    # A longer history raises the power: every step is caught more often after a year.
    for rate in RATES:
        assert frequency[tripling_label("step", rate, 52)] > frequency[tripling_label("step", rate, 16)]
    # Taken together, a "book a GP" history banner shows on well under 1% of a stable diary's days.
    assert max(table["banner_days"].values()) < 0.01


@pytest.mark.slow
def test_the_frequency_rule_stays_under_5_percent_in_a_stable_diarys_second_year():
    """With a full 52-week baseline, at the published run's size and seed: 1.5%, 3.5% and 3.5%."""
    shares = [frequency_second_year(rate, users=400, seed=12) for rate in RATES]
    assert shares == pytest.approx([6 / 400, 14 / 400, 14 / 400])
    assert max(shares) <= DOCTOR_LEVEL_LIMIT


def test_the_command_prints_one_row_per_rule():
    out = StringIO()
    call_command("simulate_alerts", "--users", "3", stdout=out)
    text = out.getvalue()
    for rule in ("regular_spasms", "rising_frequency", "rising_intensity", "fluid_no_help", "persistent_pain"):
        assert f"| {rule} |" in text
    assert "Worst doctor-level rule on stable diaries" in text and "history banner" in text
    assert "| step (3x from the first day) | 52 weeks |" in text and "second year" in text
    out = StringIO()
    call_command("simulate_alerts", "--users", "2", "--json", stdout=out)
    assert "banner_days" in out.getvalue() and "stable_second_year" in out.getvalue()
