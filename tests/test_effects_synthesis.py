"""The review's effects, directions, vote count and pooling decisions."""

import numpy as np
import pandas as pd
import pytest
from datafiles import BCG_STUDIES
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose
from results import results_pooling as R
from scipy import stats

from evsynth import paths
from evsynth.book.tables import with_words
from evsynth.inputs.references import load_references
from evsynth.inputs.studies import load_studies
from evsynth.synthesis.directions import VOTE_KEYS, study_directions, vote_count
from evsynth.synthesis.effects import EFFECT_COLUMNS, effect_sizes
from evsynth.synthesis.pooling import POOLED_COLUMNS, pool

REVIEW = load_studies(paths.STUDIES, set(load_references(paths.REFERENCES)))
EFFECTS = effect_sizes(REVIEW)


def effect(study, measure):
    return EFFECTS[(EFFECTS.study_id == study) & (EFFECTS.measure == measure)].iloc[0]


def test_every_study_has_an_effect_row_with_an_honest_basis():
    bases = EFFECTS.groupby("study_id")["basis"].agg(set).to_dict()
    assert bases == {
        "triansyah2021": {"reconstructed_counts"}, "putri2025": {"direction_only"},
        "triveni2024": {"bound_from_p"}, "supardi2022": {"bound_from_p"},
        "pilaria2018": {"reconstructed_counts"}, "agustia2025": {"reconstructed_counts"},
    }
    assert list(EFFECTS[EFFECT_COLUMNS].columns) == EFFECT_COLUMNS
    assert (EFFECTS.assumption.str.len() > 0).all()


def test_bounds_are_never_estimates():
    bounds = EFFECTS[EFFECTS.basis == "bound_from_p"]
    standardised = bounds[bounds.measure == "SMCC"]
    assert standardised.estimate.isna().all() and standardised.ci_high.isna().all()
    for study, n in (("triveni2024", 18), ("supardi2022", 30)):
        # p = 0.000 -> p < 0.0005: t = qt(1 - 0.00025, n - 1); d_z >= J t / sqrt(n), J ~ 1 - 3 / (4 (n - 1) - 1)
        t = stats.t.isf(0.0005 / 2, n - 1)
        expected = (1 - 3 / (4 * (n - 1) - 1)) * t / np.sqrt(n)
        assert effect(study, "SMCC").ci_low == pytest.approx(expected, rel=2e-3)


def test_triveni_mean_change_gets_a_conservative_t_interval_and_says_its_test_is_assumed():
    row = effect("triveni2024", "MC")
    assert row.estimate == 8.25
    assert_allclose([row.ci_low, row.ci_high], R.TRIVENI_MC_CI, rtol=1e-10)  # R: qt on 17 df
    words = with_words(EFFECTS[EFFECTS.study_id == "triveni2024"], "en").assumption
    assert words.str.startswith("The test is not named; the paired t-test is assumed").all()
    assert "the t distribution on 17 df" in words.iloc[0]


def test_a_paired_difference_is_the_observed_one():
    # Triansyah: 7 improved, none worsened, of 30; no zero-cell correction (7/32 before)
    row = effect("triansyah2021", "paired_RD")
    assert row.estimate == pytest.approx(7 / 30, rel=1e-12)
    assert not (EFFECTS.measure == "paired_OR").any()


def test_pilaria_difference_is_fixed_by_the_margins():
    row = effect("pilaria2018", "paired_RD")
    assert row.estimate == pytest.approx((27 - 6) / 30)
    # widest at 24 improved, 3 worsened: var = ((24 + 3) - 21^2 / 30) / 30^2
    half = 1.959964 * np.sqrt(((24 + 3) - 21**2 / 30) / 30**2)
    assert (row.ci_low, row.ci_high) == pytest.approx((0.7 - half, 0.7 + half), rel=1e-6)


def test_agustia_risk_ratios_from_reconstructed_groups():
    rr = EFFECTS[(EFFECTS.study_id == "agustia2025") & (EFFECTS.measure == "RR")].set_index("outcome_id")
    assert rr.loc["lactation_onset", "estimate"] == pytest.approx((21 / 22) / (5 / 22))
    assert rr.loc["milk_flow", "estimate"] == pytest.approx((20 / 22) / (5 / 22))
    assert (rr.basis == "reconstructed_counts").all()


def test_vote_count_for_the_review():
    votes = vote_count(study_directions(EFFECTS))
    # 2 x 0.5^6 by hand: six studies, all favouring
    assert votes["milk_production"] == {"k": 6, "n_favouring_intervention": 6, "n_favouring_control": 0,
                                        "n_no_clear_direction": 0, "n_no_events": 0, "n_all_events": 0,
                                        "n_not_estimable": 0, "n_not_reported": 0, "n_tested": 6,
                                        "sign_test_p": 0.03125, "min_attainable_p": 0.03125, "only_direction": None}
    # one study: no sign test, and its direction named instead
    onset = votes["lactation_onset"]
    assert onset["sign_test_p"] is None and onset["min_attainable_p"] is None
    assert onset["only_direction"] == "favours_intervention"
    assert all(tuple(v) == VOTE_KEYS for v in votes.values())


def directions_of(*outcome_directions, bases=None):
    bases = bases or ["counts"] * len(outcome_directions)
    rows = [dict(study_id="s", outcome_id=f"o{i}", outcome_domain="d", design_group="controlled",
                 basis=basis, direction=d, n_total=10, row=i)
            for i, (d, basis) in enumerate(zip(outcome_directions, bases))]
    return study_directions(pd.DataFrame(rows)).iloc[0]


def test_a_study_keeps_its_best_basis():
    assert directions_of("favours_control", bases=["summary_stats"]).basis == "summary_stats"
    assert directions_of("favours_control", "favours_control",
                         bases=["direction_only", "bound_from_p"]).basis == "bound_from_p"


def test_several_outcomes_combine_by_the_70_percent_rule():
    assert directions_of("favours_intervention", "favours_intervention", "favours_intervention",
                         "favours_control").direction == "favours_intervention"  # 75%
    assert directions_of("favours_intervention", "favours_intervention",
                         "favours_control").direction == "mixed"  # 67%
    assert directions_of("favours_control").direction == "favours_control"


def test_a_study_of_unknown_design_is_never_counted_as_controlled():
    # Agustia is one of the two controlled studies; without its design it belongs to neither group
    unknown = REVIEW.assign(design=REVIEW.design.where(REVIEW.study_id != "agustia2025", ""))
    effects = effect_sizes(unknown)
    agustia = effects[effects.study_id == "agustia2025"]
    assert set(agustia.design_group) == {"unknown"} and set(agustia.basis) == {"direction_only"}
    directions = study_directions(effects)
    controlled = vote_count(directions[directions.design_group == "controlled"])["milk_production"]
    assert controlled["k"] == 1  # Putri alone
    _, decisions = pool(effects)
    decided = with_words(decisions[decisions.design_group == "unknown"], "en")
    assert set(decided.outcome_domain) == set(agustia.outcome_domain) and not decided.pooled.any()
    assert decided.reason.str.contains("design of these studies is not reported").all()


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 30), st.integers(0, 30), st.integers(0, 5))
def test_sign_test_matches_scipy_and_never_beats_its_floor(n_for, n_against, n_none):
    directions = pd.DataFrame({"outcome_domain": "d", "direction": ["favours_intervention"] * n_for
                               + ["favours_control"] * n_against + ["none"] * n_none})
    if directions.empty:
        return
    votes = vote_count(directions)["d"]
    assert votes["k"] == n_for + n_against + n_none and votes["n_tested"] == n_for + n_against
    assert votes["n_no_clear_direction"] == n_none  # ties are left out, as the sign test leaves out zeros
    if n_for + n_against < 2:
        assert votes["sign_test_p"] is None and votes["min_attainable_p"] is None
        return
    expected = stats.binomtest(n_for, n_for + n_against).pvalue
    assert votes["sign_test_p"] == pytest.approx(expected, rel=1e-9)
    # the floor is what the same test gives when every counted study favours one side
    assert votes["min_attainable_p"] == pytest.approx(stats.binomtest(n_for + n_against, n_for + n_against).pvalue)
    assert votes["sign_test_p"] >= votes["min_attainable_p"] - 1e-15


def test_the_review_is_not_pooled_and_says_why():
    pooled, decisions = pool(EFFECTS)
    assert pooled.empty and list(pooled.columns) == POOLED_COLUMNS
    assert not decisions.pooled.any()
    reasons = with_words(decisions, "en").set_index(["outcome_domain", "design_group", "measure"]).reason
    assert "no control group" in reasons[("milk_production", "uncontrolled", "paired_RD")]
    assert "only one study with an estimate on RR, and at least two are needed" in reasons[("milk_production", "controlled", "RR")]
    assert "Also not pooled: one study with only a bound" in reasons[("milk_production", "controlled", "RR")]  # Putri


def test_pooling_the_uncontrolled_studies_on_request_notes_the_missing_prediction_interval():
    pooled, decisions = pool(EFFECTS, pool_uncontrolled=True)
    row = pooled[pooled.chosen].set_index("outcome_domain").loc["milk_production"]
    assert row.k == 2 and row.measure == "paired_RD" and np.isnan(row.pi_low)
    decided = with_words(decisions, "en").set_index(["design_group", "measure"]).loc[("uncontrolled", "paired_RD")]
    assert decided.pooled and "prediction interval" in decided.reason


def test_the_bcg_trials_are_pooled_on_the_risk_ratio():
    bcg = effect_sizes(load_studies(BCG_STUDIES))
    pooled, decisions = pool(bcg, hksj=True)
    reml = pooled[~pooled.hksj].set_index("method").loc["REML"]
    estimate, _, low, high, tau2, i2, *_ = R.BCG_RR_POOLED[("REML", "z")]  # metafor's rma on dat.bcg
    assert (reml.estimate, reml.ci_low, reml.ci_high) == pytest.approx(np.exp([estimate, low, high]), rel=1e-8)
    assert (reml.tau2, reml.i2) == pytest.approx((tau2, i2), rel=1e-8)
    assert set(zip(pooled.method, pooled.hksj)) == {(m, h) for m in ("REML", "DL", "PM") for h in (False, True)}
    # the parameters choose one row: REML with the HKSJ adjustment, as metafor's test = "knha"
    chosen = pooled[pooled.chosen]
    assert len(chosen) == 1 and chosen.iloc[0].method == "REML" and chosen.iloc[0].hksj
    _, _, low, high, *_ = R.BCG_RR_POOLED[("REML", "knha")]
    assert (chosen.iloc[0].ci_low, chosen.iloc[0].ci_high) == pytest.approx(np.exp([low, high]), rel=1e-6)
    assert decisions.pooled.all()


def test_effects_in_indonesian():
    indonesian = with_words(EFFECTS, "id")
    assert (indonesian.estimate.fillna(-1) == EFFECTS.estimate.fillna(-1)).all()
    assert "bukan taksiran" in indonesian.set_index("study_id").loc["supardi2022", "assumption"]
