"""Recomputed p-values against R, scipy and statsmodels (independent implementations)."""

import numpy as np
import pytest
from conftest import two_by_two_tables
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose
from results import results_audit as R
from scipy import stats
from statsmodels.stats.contingency_tables import mcnemar as sm_mcnemar

from evsynth.audit import recompute

RTOL = 1e-10  # R and this package evaluate the same closed forms; only floating point differs


@pytest.mark.parametrize("pair,expected", R.MCNEMAR_EXACT.items())
def test_exact_mcnemar_matches_r_binom_test(pair, expected):
    assert_allclose(recompute.mcnemar_exact(*pair), expected, rtol=RTOL)


@pytest.mark.parametrize("pair", R.MCNEMAR_CC)
def test_asymptotic_mcnemar_matches_r(pair):
    assert_allclose(recompute.mcnemar_chi2(*pair, correction=True), R.MCNEMAR_CC[pair], rtol=RTOL)
    assert_allclose(recompute.mcnemar_chi2(*pair, correction=False), R.MCNEMAR[pair], rtol=RTOL)


@pytest.mark.parametrize("table", R.TWO_BY_TWO)
def test_two_by_two_tests_match_r(table):
    expected = R.TWO_BY_TWO[table]
    assert_allclose(recompute.fisher_exact(*table), expected["fisher"], rtol=1e-7)  # R's relErr is 1e-7
    assert_allclose(recompute.chi2_2x2(*table), expected["chi2"], rtol=RTOL)
    assert_allclose(recompute.chi2_2x2(*table, correction=True), expected["chi2_yates"], rtol=RTOL)
    assert_allclose(recompute.mann_whitney_2x2(*table), expected["mann_whitney"], rtol=1e-9)
    assert_allclose(recompute.mann_whitney_2x2(*table, continuity=True), expected["mann_whitney_cc"], rtol=1e-9)


def test_fisher_is_vectorised_over_tables_of_different_sizes():
    tables = np.array(list(R.TWO_BY_TWO)).T
    expected = [v["fisher"] for v in R.TWO_BY_TWO.values()]
    assert_allclose(recompute.fisher_exact(*tables, chunk=2), expected, rtol=1e-7)


def test_t_tests_from_summaries_match_r_on_the_sleep_data():
    assert_allclose(recompute.t_paired(R.SLEEP_CHANGE["mean"], R.SLEEP_CHANGE["sd"], R.SLEEP_CHANGE["n"]),
                    R.SLEEP_PAIRED_P, rtol=1e-9)
    g = R.SLEEP_GROUPS
    args = (g["mean_1"], g["sd_1"], g["n_1"], g["mean_2"], g["sd_2"], g["n_2"])
    assert_allclose(recompute.t_two_sample(*args, equal_var=True), R.SLEEP_STUDENT_P, rtol=1e-9)
    assert_allclose(recompute.t_two_sample(*args, equal_var=False), R.SLEEP_WELCH_P, rtol=1e-9)


def test_mann_whitney_exact_small_sample_is_the_doubled_hypergeometric_tail():
    # 3/10 vs 9/12: the lower tail P(X <= 3) of the hypergeometric, doubled. By hand,
    # sum over x = 0..3 of C(12, x) C(10, 10 - x) / C(22, 10) = 383/8398, so 2 x 383/8398 = 383/4199
    # (R: 2 * phyper(3, 12, 10, 10))
    assert_allclose(recompute.fisher_one_sided_doubled(3, 10, 9, 12), 383 / 4199, rtol=1e-12)


tables = two_by_two_tables()


@settings(max_examples=150, deadline=None)
@given(tables)
def test_two_by_two_tests_agree_with_scipy(table):
    a, n1, c, n2 = table
    observed = np.array([[a, n1 - a], [c, n2 - c]])
    assert_allclose(recompute.fisher_exact(*table), stats.fisher_exact(observed).pvalue, rtol=1e-6)
    if (observed.sum(axis=0) > 0).all():
        for correction in (False, True):
            expected = stats.chi2_contingency(observed, correction=correction).pvalue
            assert_allclose(recompute.chi2_2x2(*table, correction=correction), expected, rtol=1e-9)
        x, y = np.r_[np.ones(a), np.zeros(n1 - a)], np.r_[np.ones(c), np.zeros(n2 - c)]
        expected = stats.mannwhitneyu(x, y, method="asymptotic", use_continuity=False).pvalue
        assert_allclose(recompute.mann_whitney_2x2(*table), expected, rtol=1e-9)


@settings(max_examples=150, deadline=None)
@given(st.integers(0, 80), st.integers(0, 80))
def test_mcnemar_agrees_with_statsmodels(b, c):
    table = [[5, b], [c, 5]]
    assert_allclose(recompute.mcnemar_exact(b, c), sm_mcnemar(table, exact=True).pvalue, rtol=1e-9)
    if b != c:  # statsmodels corrects even when b == c; R, and this package, do not
        assert_allclose(recompute.mcnemar_chi2(b, c), sm_mcnemar(table, exact=False, correction=True).pvalue,
                        rtol=1e-9)
    if b + c:
        assert_allclose(recompute.mcnemar_chi2(b, c, correction=False),
                        sm_mcnemar(table, exact=False, correction=False).pvalue, rtol=1e-9)


@settings(max_examples=100, deadline=None)
@given(tables)
def test_swapping_groups_leaves_two_sided_p_unchanged(table):
    a, n1, c, n2 = table
    for test in (recompute.fisher_exact, recompute.chi2_2x2, recompute.mann_whitney_2x2,
                 recompute.fisher_one_sided_doubled):
        assert_allclose(test(a, n1, c, n2), test(c, n2, a, n1), rtol=1e-9, equal_nan=True)


@settings(max_examples=100, deadline=None)
@given(tables)
def test_p_stays_in_0_1(table):
    for test in (recompute.fisher_exact, recompute.chi2_2x2, recompute.mann_whitney_2x2):
        p = test(*table)
        assert np.isnan(p) or 0 <= p <= 1
    b, c = table[0], table[2]
    assert 0 <= recompute.mcnemar_exact(b, c) <= 1


def test_paired_binary_t_matches_scipy_on_expanded_differences():
    b, c, n = 7, 2, 30
    differences = np.r_[np.ones(b), -np.ones(c), np.zeros(n - b - c)]
    assert_allclose(recompute.paired_binary_t(b, c, n), stats.ttest_1samp(differences, 0).pvalue, rtol=1e-9)


@pytest.mark.parametrize(
    "kind,statistic,df1,df2,expected",
    [
        ("t", 2.20, 28, None, 0.0362254847788378),  # R: 2 * pt(2.20, 28, lower.tail = FALSE)
        ("z", 1.96, None, None, 0.0499957902964),  # two-sided normal, 1.96
        ("chi2", 3.841458820694124, 1, None, 0.05),  # qchisq(.95, 1)
        ("F", 4.195971818557, 1, 28, 0.05),  # qf(.95, 1, 28)
        ("r", 0.3610069, 28, None, 0.05),  # critical r for df 28 at .05
    ],
)
def test_p_from_a_reported_statistic(kind, statistic, df1, df2, expected):
    assert_allclose(recompute.p_from_statistic(kind, statistic, df1, df2), expected, rtol=1e-5)
