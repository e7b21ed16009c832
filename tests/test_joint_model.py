"""The joint model (insights.model) and the badge rule (insights.looks) on plain arrays."""
import math
from statistics import NormalDist

import numpy as np
import pytest

from insights import looks
from insights.model import FactorColumn, cell_counts, design_matrix, fit_joint, fit_poisson


def binary(n_exposed, exposed_with, n_unexposed, unexposed_with):
    values = np.array([1.0] * n_exposed + [0.0] * n_unexposed)
    outcome = np.array([1.0] * exposed_with + [0.0] * (n_exposed - exposed_with)
                       + [1.0] * unexposed_with + [0.0] * (n_unexposed - unexposed_with))
    return values, outcome


def test_it_gives_the_risk_ratio_and_the_katz_variance_for_one_yes_no_factor():
    values, outcome = binary(40, 18, 120, 12)
    x = design_matrix([FactorColumn("running", 0, values)])
    beta, robust, _model = fit_poisson(x, outcome, ridge=0.0)
    assert math.exp(beta[1]) == pytest.approx(4.5, rel=1e-6)
    # The sandwich variance of a log risk ratio is Katz's 1/a - 1/n1 + 1/c - 1/n0 (times n/(n-p)).
    katz = 1 / 18 - 1 / 40 + 1 / 12 - 1 / 120
    assert robust[1, 1] == pytest.approx(katz * 160 / 158, rel=1e-6)


def test_the_weak_ridge_barely_moves_an_estimate_with_data():
    values, outcome = binary(40, 18, 120, 12)
    estimate = fit_joint(outcome, [FactorColumn("running", 0, values)])[0]
    assert estimate.ratio == pytest.approx(4.5, rel=0.03)
    assert estimate.ci_low < 4.5 < estimate.ci_high
    assert (estimate.exposed_days, estimate.exposed_with_episode, estimate.unexposed_days,
            estimate.unexposed_with_episode) == (40, 18, 120, 12)


def test_it_adjusts_for_a_factor_that_travels_with_the_real_one():
    rng = np.random.default_rng(7)
    n = 8000
    running = (rng.random(n) < 0.35).astype(float)
    stretching = np.where(running == 1, rng.random(n) < 0.7, rng.random(n) < 0.1).astype(float)
    outcome = (rng.random(n) < 0.1 * np.where(running == 1, 3.0, 1.0)).astype(float)
    crude = fit_joint(outcome, [FactorColumn("stretching", 0, stretching)])[0]
    joint = {e.factor: e for e in fit_joint(outcome, [FactorColumn("running", 0, running),
                                                      FactorColumn("stretching", 0, stretching)])}
    assert crude.ratio > 1.8  # stretching looks guilty on its own ...
    assert joint["stretching"].ci_low < 1 < joint["stretching"].ci_high  # ... and not beside running
    assert joint["running"].ci_low < 3.0 < joint["running"].ci_high


def test_it_stays_finite_when_a_factor_never_goes_with_an_episode():
    values, outcome = binary(20, 0, 100, 30)
    estimate = fit_joint(outcome, [FactorColumn("swimming", 0, values)])[0]
    assert math.isfinite(estimate.log_ratio) and estimate.ratio < 0.3
    assert math.isfinite(estimate.ci_high) and estimate.ci_high > estimate.ratio
    assert estimate.se > 0.5  # the model-based variance stands in for an unreliable sandwich


def test_it_copes_with_duplicated_and_constant_columns():
    values, outcome = binary(30, 12, 60, 8)
    columns = [FactorColumn("a", 0, values), FactorColumn("b", 0, values.copy()), FactorColumn("c", 0, np.ones(90))]
    estimates = fit_joint(outcome, columns)
    assert all(math.isfinite(e.ratio) and math.isfinite(e.se) for e in estimates)
    assert estimates[0].ratio == pytest.approx(estimates[1].ratio)


def test_it_keeps_a_blank_out_of_both_groups_and_adds_one_missing_indicator_per_pattern():
    values = np.array([1.0, 0.0, np.nan, 1.0, np.nan])
    outcome = np.array([1.0, 0.0, 1.0, 0.0, 0.0])
    assert cell_counts(values, outcome) == (2, 1, 1, 0)
    x = design_matrix([FactorColumn("a", 0, values), FactorColumn("b", 0, values.copy())])
    assert x.shape == (5, 4)  # intercept, a, b, and one shared "missing" column
    assert list(x[:, 1]) == [1.0, 0.0, 0.0, 1.0, 0.0]


# --- the rule -------------------------------------------------------------------------------------

def test_the_boundary_splits_the_budget_and_is_stricter_while_the_diary_is_young():
    full = looks.boundary(10, looks.FULL_INFORMATION)
    assert full == pytest.approx(NormalDist().inv_cdf(1 - looks.ALPHA / 10))
    assert looks.boundary(20, looks.FULL_INFORMATION) > full
    assert looks.boundary(10, looks.FULL_INFORMATION // 4) == pytest.approx(2 * full)
    assert looks.boundary(10, 2 * looks.FULL_INFORMATION) == pytest.approx(full)


def assess_one(n_exposed, exposed_with, n_unexposed, unexposed_with):
    values, outcome = binary(n_exposed, exposed_with, n_unexposed, unexposed_with)
    return looks.assess(outcome, [FactorColumn("running", 0, values)])[0]


@pytest.mark.parametrize("episode_days, tested", [(9, False), (10, True), (11, True)])
def test_it_tests_from_ten_days_with_an_episode(episode_days, tested):
    finding = assess_one(20, episode_days // 2, 40, episode_days - episode_days // 2)
    assert (finding.estimate is not None) is tested
    assert finding.need_episode_days == max(0, 10 - episode_days)


@pytest.mark.parametrize("exposed, tested", [(4, False), (5, True), (6, True)])
def test_it_tests_from_five_logged_days_with_the_factor(exposed, tested):
    finding = assess_one(exposed, 1, 60, 12)
    assert (finding.estimate is not None) is tested
    assert finding.status == ("no_evidence" if tested else "not_enough_data")


def test_it_badges_a_clear_excess_after_a_year_of_days():
    finding = assess_one(120, 48, 200, 20)
    assert finding.status == looks.POSSIBLE and finding.eligible and finding.estimate.z >= finding.boundary


def test_it_never_badges_a_lower_risk_or_a_factor_with_fewer_than_five_episode_days():
    lower = assess_one(120, 2, 200, 60)
    assert lower.estimate.ratio < 1 and lower.status == looks.NO_EVIDENCE
    sparse = assess_one(6, 4, 320, 20)  # 4 of 6 against 20 of 320: big ratio, too few days to trust
    assert sparse.estimate.ratio > 5 and sparse.status == looks.NO_EVIDENCE and not sparse.eligible


def test_the_same_numbers_earn_no_badge_in_a_young_diary():
    old = assess_one(120, 48, 200, 20)
    young = assess_one(30, 12, 50, 5)  # the same shares over a quarter of the days
    assert old.status == looks.POSSIBLE and young.status == looks.NO_EVIDENCE
    assert young.boundary > old.boundary


def test_it_reports_next_day_columns_separately_and_shares_the_budget():
    rng = np.random.default_rng(3)
    n = 330
    ran = (rng.random(n) < 0.35).astype(float)
    outcome = (rng.random(n) < 0.15).astype(float)
    findings = looks.assess(outcome, [FactorColumn("running", 0, ran)],
                            outcome[1:], [FactorColumn("running", 0, ran[1:]), FactorColumn("running", 1, ran[:-1])])
    assert [(f.factor, f.lag) for f in findings] == [("running", 0), ("running", 1)]
    assert findings[0].boundary == pytest.approx(looks.boundary(2, n))


def _per_day_fit(x, y, ridge):
    """The fit one row per day, as insights.model did before it grouped rows (the reference)."""
    import math

    n, p = x.shape
    penalty = np.full(p, ridge)
    penalty[0] = 0.0
    beta = np.zeros(p)
    beta[0] = math.log(max(y.mean(), 0.5 / n))
    for _ in range(100):
        mu = np.exp(np.clip(x @ beta, -30, 30))
        step = np.linalg.solve((x * mu[:, None]).T @ x + np.diag(penalty), x.T @ (y - mu) - penalty * beta)
        beta = beta + step
        if np.max(np.abs(step)) < 1e-12:
            break
    mu = np.exp(np.clip(x @ beta, -30, 30))
    bread = np.linalg.pinv((x * mu[:, None]).T @ x + np.diag(penalty))
    meat = (x * ((y - mu) ** 2)[:, None]).T @ x
    return beta, bread @ meat @ bread * (n / max(n - p, 1)), bread


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_grouped_fit_equals_the_fit_one_row_per_day(seed):
    from insights.model import RIDGE, fit_poisson, grouped

    rng = np.random.default_rng(seed)
    n = 3000
    x = np.column_stack([np.ones(n)] + [(rng.random(n) < share).astype(float) for share in (0.1, 0.3, 0.5, 0.7, 0.05)])
    y = (rng.random(n) < 0.2 * np.exp(0.7 * x[:, 1])).astype(float)
    assert len(grouped(x, y)[0]) <= 32  # five yes/no factors: at most 32 distinct rows
    beta, robust, model = fit_poisson(x, y)
    ref_beta, ref_robust, ref_model = _per_day_fit(x, y, RIDGE)
    assert np.allclose(beta, ref_beta, rtol=1e-7, atol=1e-9)
    assert np.allclose(robust, ref_robust, rtol=1e-6, atol=1e-12)
    assert np.allclose(model, ref_model, rtol=1e-6, atol=1e-12)
