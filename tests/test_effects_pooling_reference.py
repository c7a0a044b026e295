"""Effect sizes and random-effects pooling against metafor (R), the statsmodels way."""

import numpy as np
import pandas as pd
import pytest
from conftest import two_by_two_tables
from datafiles import BCG_STUDIES
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose
from results import results_pooling as R
from scipy import stats

from evsynth.inputs.studies import load_studies
from evsynth.synthesis import effects
from evsynth.synthesis.pooling import random_effects

BCG = load_studies(BCG_STUDIES)  # rows in metafor's trial order
TABLES = (BCG["events_1"], BCG["n_1"], BCG["events_2"], BCG["n_2"])
NORMAND = np.array(R.NORMAND, dtype=float).T  # n1, m1, sd1, n2, m2, sd2
RTOL = 1e-10  # closed forms: R and numpy differ only in floating point
RTOL_ITERATIVE = 1e-8  # REML and PM are iterative in both; metafor run with tolerances of 1e-12


@pytest.mark.parametrize("measure", ["RR", "OR", "RD"])
def test_two_group_binary_effects_match_escalc(measure):
    yi, vi = effects.binary_two_group(*TABLES)[measure]
    assert_allclose(yi, getattr(R, f"BCG_{measure}_YI"), rtol=RTOL, atol=1e-15)
    assert_allclose(vi, getattr(R, f"BCG_{measure}_VI"), rtol=RTOL)


@pytest.mark.parametrize("measure", ["MD", "SMD"])
def test_two_group_continuous_effects_match_escalc(measure):
    n1, m1, sd1, n2, m2, sd2 = NORMAND
    yi, vi = effects.continuous_two_group(m1, sd1, n1, m2, sd2, n2)[measure]
    assert_allclose(yi, getattr(R, f"NORMAND_{measure}_YI"), rtol=RTOL)
    assert_allclose(vi, getattr(R, f"NORMAND_{measure}_VI"), rtol=RTOL)


def test_paired_differences_match_escalc_with_no_zero_cell_correction():
    # tables 2 and 3 have nobody worsened: 7 of 32 would be the corrected difference, 7/30 the observed
    _, b, c, _ = np.array(R.PAIR_TABLES, dtype=float).T
    n = np.array(R.PAIR_TABLES, dtype=float).sum(axis=1)
    assert set(effects.binary_paired(b, c, n)) == {"paired_RD"}  # no paired odds ratio
    yi, vi = effects.binary_paired(b, c, n)["paired_RD"]
    assert_allclose(yi, R.PAIRS_MPRD_YI, rtol=RTOL)
    assert_allclose(vi, R.PAIRS_MPRD_VI, rtol=RTOL)


@pytest.mark.parametrize("measure", ["RR", "OR", "RD"])
def test_zero_cells_correct_the_ratios_only(measure):
    # metafor: RR and OR with its default add = 1/2 to = "only0", RD with add = 0
    yi, vi = effects.binary_two_group(*np.array(R.ZERO_TABLES, dtype=float).T)[measure]
    assert_allclose(yi, getattr(R, f"ZERO_{measure}_YI"), rtol=RTOL)
    assert_allclose(vi, getattr(R, f"ZERO_{measure}_VI"), rtol=RTOL)


def test_paired_continuous_effects_match_escalc():
    mean, sd, n = np.array(R.CHANGES).T
    got = effects.continuous_paired(mean, sd, n)
    assert_allclose(got["SMCC"][0], R.SMCC_YI, rtol=RTOL)
    assert_allclose(got["SMCC"][1], R.SMCC_VI, rtol=RTOL)
    assert_allclose(got["MC"][0], R.MC_YI, rtol=RTOL)
    assert_allclose(got["MC"][1], R.MC_VI, rtol=RTOL)


def _compare(result, expected, rtol):
    got = [result.estimate, result.se, result.ci_low, result.ci_high, result.tau2, result.i2, result.q, result.q_p]
    assert_allclose(got, expected[:8], rtol=rtol)
    if len(expected) > 8:
        assert_allclose([result.pi_low, result.pi_high], expected[8:], rtol=rtol)


@pytest.mark.parametrize("method,test", list(R.BCG_RR_POOLED))
def test_random_effects_match_rma_on_the_bcg_trials(method, test):
    result = random_effects(R.BCG_RR_YI, R.BCG_RR_VI, method, hksj=test == "knha")
    _compare(result, R.BCG_RR_POOLED[(method, test)], RTOL if method == "DL" else RTOL_ITERATIVE)


@pytest.mark.parametrize("measure,method", list(R.NORMAND_POOLED))
def test_random_effects_match_rma_on_normand(measure, method):
    yi, vi = getattr(R, f"NORMAND_{measure}_YI"), getattr(R, f"NORMAND_{measure}_VI")
    result = random_effects(yi, vi, method)
    _compare(result, R.NORMAND_POOLED[(measure, method)], RTOL if method == "DL" else RTOL_ITERATIVE)


def test_reml_converges_where_full_fisher_steps_oscillate():
    # found by Hypothesis; metafor needs control = list(stepadj = 0.5) for this set too
    result = random_effects(R.STEP_HALVING_YI, R.STEP_HALVING_VI, "REML")
    _compare(result, R.STEP_HALVING_REML, RTOL_ITERATIVE)


def test_reml_converges_where_fisher_scoring_creeps():
    # found by Hypothesis: from the DL start scoring moves by about 0.005 a step towards 1 and
    # runs out of iterations; the maximum is then found as the root of the REML score
    result = random_effects(R.CREEPING_YI, R.CREEPING_VI, "REML")
    _compare(result, R.CREEPING_REML, RTOL_ITERATIVE)


def test_our_prediction_interval_is_wider_than_metafors_normal_one():
    # Handbook 10.10.4.3 uses t on k - 2 df; metafor's predict() the normal quantile
    ours = random_effects(R.BCG_RR_YI, R.BCG_RR_VI, "REML")
    low, high = R.BCG_RR_REML_METAFOR_PI_Z
    assert ours.pi_low < low and ours.pi_high > high
    assert_allclose(ours.estimate - (ours.estimate - low) * 2.200985160082949 / 1.959963984540054,
                    ours.pi_low, rtol=1e-9)  # qt(.975, 11) / qnorm(.975)


def test_handbook_se_from_p_worked_example():
    # Cochrane Handbook 6.5.2.3: MD 3.8, p = 0.008, df 45 -> t = 2.78, SE = 1.37
    assert effects.t_from_p(0.008, 45) == pytest.approx(2.78, abs=0.005)


def test_pooling_needs_two_effects():
    with pytest.raises(ValueError, match="at least 2"):
        random_effects([0.1], [0.01])


effect_sets = st.lists(st.tuples(st.floats(-3, 3), st.floats(0.001, 2)), min_size=2, max_size=15)


@settings(max_examples=100, deadline=None)
@given(effect_sets, st.sampled_from(["REML", "DL", "PM"]))
@example([(0, 0.125), (1, 1), (1, 1), (1, 1), (1, 1)], "REML")  # found by Hypothesis: needs step halving
@example([(1.5, 0.0625), (1.125, 0.0625), (1.875, 0.0625), (-2.5, 1.875)], "REML")  # found by Hypothesis: creeps
def test_tau2_is_never_negative_and_the_ci_holds_the_estimate(pairs, method):
    yi, vi = np.array(pairs).T
    result = random_effects(yi, vi, method)
    assert result.tau2 >= 0 and 0 <= result.i2 <= 100
    assert result.ci_low <= result.estimate <= result.ci_high


tables = two_by_two_tables(80)


@settings(max_examples=100, deadline=None)
@given(tables)
def test_swapping_groups_inverts_a_ratio(table):
    a, n1, c, n2 = table
    forward, backward = effects.binary_two_group(a, n1, c, n2), effects.binary_two_group(c, n2, a, n1)
    for measure in ("RR", "OR", "RD"):
        assert_allclose(forward[measure][0], -backward[measure][0], atol=1e-12)
        assert_allclose(forward[measure][1], backward[measure][1], rtol=1e-12)


@settings(max_examples=100, deadline=None)
@given(st.floats(0.5, 30), st.floats(0.5, 10), st.integers(3, 200))
def test_a_bound_never_exceeds_the_estimate_it_bounds(mean, sd, n):
    # a study printing "p < 0.05" and its mean change but no SD: its exact p is below the
    # limit, so the bound the package takes from the limit must not exceed the true d_z
    exact_p = 2 * stats.t.sf(mean / (sd / np.sqrt(n)), n - 1)
    assume(exact_p < 0.05)
    row = dict(study_id="s", outcome_id="o", outcome_domain="d", design="one_group_pre_post",
               outcome_type="continuous", n_total=n, test_reported="paired t-test", p_reported="< 0.05",
               direction_reported="favours_intervention", higher_is_better=True, mean_change=mean)
    found = effects.effect_sizes(pd.DataFrame([row])).set_index("measure")
    assert found.at["SMCC", "basis"] == "bound_from_p"
    exact = effects.continuous_paired(mean, sd, n)["SMCC"][0]
    assert found.at["SMCC", "ci_low"] <= exact * (1 + 1e-9)
