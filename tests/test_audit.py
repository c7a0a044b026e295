"""The audit of reported p-values: verdicts, assumptions and tipping points."""

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from evsynth import paths
from evsynth.audit.recheck import COLUMNS, audit, classify_test
from evsynth.audit.recompute import p_from_statistic
from evsynth.audit.verdict import judge
from evsynth.book.tables import with_words
from evsynth.inputs import grim
from evsynth.inputs.printed_p import parse_p
from evsynth.inputs.references import load_references
from evsynth.inputs.studies import load_studies

REVIEW = load_studies(paths.STUDIES, set(load_references(paths.REFERENCES)))


def audited(table, lang="en", **options):
    """The audit with its notes in words, as a reader sees them."""
    return with_words(audit(table, **options), lang, table)


RESULT = audited(REVIEW).set_index(["study_id", "outcome_id"])


def statcheck(statistic_kind, statistic, df1, printed, df2=None, alpha=0.05, decimals=None):
    """Judge a printed APA result as statcheck does, the statistic's rounding included."""
    p = p_from_statistic(statistic_kind, statistic, df1, df2)
    if decimals is None:
        return judge(parse_p([printed]), [p], alpha)[0]
    half = 0.5 * 10.0**-decimals
    ends = p_from_statistic(statistic_kind, np.array([statistic - half, statistic + half]), df1, df2)
    return judge(parse_p([printed]), [p], alpha, p_low=[ends.min()], p_high=[ends.max()])[0]


# statcheck's tests/testthat/test-decisionerror.R: every case there is a decision error
@pytest.mark.parametrize(
    "kind,statistic,df1,df2,printed",
    [
        ("t", 2.20, 28, None, "p = .06"), ("t", 1.20, 28, None, "p = .03"),
        ("F", 22.20, 2, 28, "p = .06"), ("F", 2.20, 2, 28, "p = .03"),
        ("r", 0.22, 28, None, "p = .03"), ("r", 0.52, 28, None, "p = .06"),
        ("chi2", 2.20, 28, None, "p = .03"), ("chi2", 52.20, 28, None, "p = .06"),
        ("z", 1.20, None, None, "p = .03"), ("z", 2.20, None, None, "p = .06"),
        ("Q", 2.20, 28, None, "p = .03"), ("Q", 52.20, 28, None, "p = .06"),
    ],
)
def test_statcheck_documented_decision_errors(kind, statistic, df1, df2, printed):
    assert statcheck(kind, statistic, df1, printed, df2, decimals=2) == "decision_inconsistent"


def test_statcheck_documented_error_in_a_t_test():
    # statcheck's tests/testthat/test-error.R: "t(48) = 1.02, p < .05" is an error and a decision error
    assert statcheck("t", 1.02, 48, "p < .05", decimals=2) == "decision_inconsistent"


T = {p: stats.t.isf(p / 2, 28) for p in (0.04, 0.05, 0.06)}  # statcheck's t.04, t.05, t.06


@pytest.mark.parametrize(
    "statistic,printed,decision_error",
    [  # test-decisionerror.R, pEqualAlphaSig = TRUE (the default)
        (T[0.04], "p = .04", False), (T[0.05] + 1e-4, "p = .04", False), (T[0.06], "p = .04", True),
        (T[0.04], "p = .05", False), (T[0.05], "p = .05", False), (T[0.06], "p = .05", True),
        (T[0.04], "p = .06", True), (T[0.05] + 1e-4, "p = .06", True), (T[0.06], "p = .06", False),
        (T[0.04], "p < .04", False), (T[0.05] + 1e-4, "p < .04", False), (T[0.06], "p < .04", True),
        (T[0.04], "p < .05", False), (T[0.05] + 1e-4, "p < .05", False), (T[0.06], "p < .05", True),
        (T[0.04], "p < .06", False), (T[0.05] + 1e-4, "p < .06", False), (T[0.06], "p < .06", False),
        (T[0.04], "p > .04", False), (T[0.05] + 1e-4, "p > .04", False), (T[0.06], "p > .04", False),
        (T[0.04], "p > .05", True), (T[0.05] + 1e-4, "p > .05", True), (T[0.06], "p > .05", False),
        (T[0.04], "p > .06", True), (T[0.05] + 1e-4, "p > .06", True), (T[0.06], "p > .06", False),
    ],
)
def test_statcheck_decision_rules_at_the_boundary(statistic, printed, decision_error):
    assert (statcheck("t", statistic, 28, printed) == "decision_inconsistent") is decision_error


def test_consistent_and_inconsistent_without_a_flip():
    assert statcheck("t", 2.20, 28, "p = .04", decimals=2) == "consistent"  # p = .036 rounds to .04
    assert statcheck("t", 2.20, 28, "p = .02", decimals=2) == "inconsistent"  # both significant


# GRIM: Brown & Heathers (2017); the die example (20 rolls cannot average 3.48) and the
# scrutiny package's vignette example grim("5.27", 43) == FALSE
@pytest.mark.parametrize("printed,n,fits", [("5.27", 43, False), ("5.92", 49, True)])  # the die: a doctest
def test_grim_for_means(printed, n, fits):
    assert grim.grim_mean(printed, n) is fits


@pytest.mark.parametrize(
    "printed,n,rule",
    [("95,5", 22, "round_half_up"), ("90,9", 22, "round_half_up"), ("50,1", 22, None),
     ("80%", 30, "round_half_up"), ("33.3", 3, "round_half_up")],  # 95,4 and 22,7 of 22: grim.percent_rule's doctest
)
def test_percentages_against_n(printed, n, rule):
    # 21/22 = 95.4545...: rounds to 95.5 and truncates to 95.4; 50.1% of 22 is no count at all
    assert grim.percent_rule(printed, n) == rule


def test_result_has_exactly_the_contract_columns_in_input_order():
    result = audit(REVIEW)
    assert list(result.columns) == COLUMNS
    assert list(zip(result.study_id, result.outcome_id)) == list(zip(REVIEW.study_id, REVIEW.outcome_id))


def test_triansyah_exact_mcnemar_under_minimum_discordance():
    row = RESULT.loc[("triansyah2021", "milk_adequacy")]
    # 7 improved, 0 worsened: p = 2 * 0.5**7, printed 0,016
    assert row.p_recomputed == pytest.approx(2 * 0.5**7, rel=1e-12)
    assert row.verdict == "consistent"
    assert ('improved on "Adequate breast milk production" but not how many got worse; we assume nobody got worse '
            '(worsened = 0).') in row.assumption  # the study's own category, not a generic "favourable" one
    # one worsened mother: 7 vs 1 discordant, p = 2 * (1 + 8) / 2**8 = 0.0703 >= 0.05
    assert row.tipping_point == 1
    assert ("could be anything from 0 to 12; the reported p comes out only if that number is 0. Tipping point: if the "
            "number who got worse were 1, the test would give p = 0.0703, which is not below 0.05") in row.reason
    assert "(>=" not in row.reason and "SPSS" not in row.assumption + row.reason


def test_pilaria_margins_only_no_feasible_tipping_point():
    row = RESULT.loc[("pilaria2018", "milk_adequacy")]
    # 6 -> 27 of 30: at least 21 improved; at most 3 more pairs can change each way
    assert row.p_recomputed == pytest.approx(2 * 0.5**21, rel=1e-12)
    assert row.verdict == "consistent"
    assert row.tipping_point == "none_feasible"
    assert "(21 improved, 0 got worse)" in row.assumption
    assert "Whatever the number of participants who got worse (0 to 3), the test gives the reported p." in row.reason
    assert "Even if as many as 3 participants had got worse, p would stay below 0.05" in row.reason
    assert "only a bound (p < 0.0005)" in row.reason


def test_agustia_printed_p_cannot_come_from_its_own_percentages():
    for outcome, printed in (("lactation_onset", "0,015"), ("milk_flow", "0,024")):
        row = RESULT.loc[("agustia2025", outcome)]
        assert row.verdict == "inconsistent"  # far smaller p, same decision
        assert row.p_recomputed < 1e-4
        assert ("we took 22 and 22 people, a split of the 44 participants under which every reported percentage is "
                "a whole number of people (only if the percentages were cut off, not rounded)") in row.assumption
        assert "n_1" not in row.assumption
        assert row.test_recomputed == "Mann-Whitney U (normal approximation, tie-corrected)"
    onset = RESULT.loc[("agustia2025", "lactation_onset")]
    assert "95,4% matches 21 of 22 people (95.45%) only if the percentage was cut off, not rounded." in onset.reason
    # 21/22 vs 5/22: R's wilcox.test(exact = FALSE, correct = FALSE) gives 1.23534165387771e-06
    assert onset.p_recomputed == pytest.approx(1.23534165387771e-06, rel=1e-8)


@pytest.mark.parametrize(
    "study,words",
    [("putri2025", "outcome type (binary or continuous) is not reported"),
     ("triveni2024", "needs the SD of the change"),
     ("supardi2022", "needs the mean change and the SD of the change")],
)
def test_rows_that_cannot_be_checked_say_why(study, words):
    row = RESULT.xs(study, level="study_id").iloc[0]
    assert row.verdict == "not_checkable" and words in row.reason
    assert np.isnan(row.p_recomputed) and row.test_recomputed == ""


def test_reasons_and_assumptions_exist_in_both_languages():
    english, indonesian = audited(REVIEW, "en"), audited(REVIEW, "id")
    assert (english["verdict"] == indonesian["verdict"]).all()
    assert (english["reason"] != indonesian["reason"]).all()
    assert "0,0703" in indonesian.loc[0, "reason"] and "0.0703" in english.loc[0, "reason"]


def row(**cells):
    base = dict(study_id="s", outcome_id="o", design="one_group_pre_post", outcome_type="binary", n_total=40,
                test_reported="", p_reported="0.05")
    return audited(pd.DataFrame([{**base, **cells}])).iloc[0]


def test_known_discordant_pairs_need_no_assumption():
    result = row(improved=12, worsened=2, test_reported="McNemar", p_reported="0.013")
    assert result.verdict == "consistent" and result.assumption == (
        "We used the version of the test that common statistical software gives for data of this size "
        "(fewer than 25 participants changed category).")
    assert result.tipping_point is None


def test_twenty_five_changes_switch_mcnemar_to_the_corrected_chi_square():
    result = row(improved=30, worsened=12, test_reported="Mc Nemar", p_reported="0,009")
    assert result.test_recomputed == "McNemar chi-square with continuity correction"
    assert result.verdict == "consistent"  # R: 0.00871


def test_wilcoxon_on_paired_binary_data_is_the_uncorrected_mcnemar():
    result = row(improved=12, worsened=2, test_reported="Wilcoxon signed-rank", p_reported="0,008")
    assert result.test_recomputed == "McNemar chi-square without correction"
    assert result.verdict == "consistent"  # R: mcnemar.test(correct = FALSE) 0.00753


def test_a_decision_flip_is_flagged():
    result = row(improved=7, worsened=2, test_reported="McNemar", p_reported="0.03")
    assert result.verdict == "decision_inconsistent"  # exact p = 0.1797


def test_an_unnamed_test_is_an_assumption():
    result = row(design="two_group_post_only", n_1=10, events_1=3, n_2=12, events_2=9, n_total=22,
                 p_reported="0.084")
    assert result.test_recomputed == "Fisher's exact test" and result.verdict == "consistent"
    assert "The test is not named; the Fisher's exact test is assumed" in result.assumption


def test_small_mann_whitney_uses_the_exact_doubled_tail():
    result = row(design="two_group_post_only", n_1=10, events_1=3, n_2=12, events_2=9, n_total=22,
                 test_reported="Mann-Whitney", p_reported="0.05")
    assert result.test_recomputed == "exact Mann-Whitney U (one-sided p doubled)"
    assert "(40 or fewer participants)" in result.assumption


def test_counts_from_percentages_when_group_sizes_are_printed():
    result = row(design="two_group_post_only", n_1=22, n_2=22, n_total=44, pct_1="95,5", pct_2="22,7",
                 test_reported="Fisher", p_reported="0,000")
    assert "21/22, 5/22" in result.assumption and result.verdict == "consistent"


def test_a_percentage_that_is_no_count_of_n_is_named():
    result = row(design="two_group_post_only", n_1=22, n_2=22, n_total=44, events_1=20, events_2=5,
                 pct_1="50,1", pct_2="22,7", test_reported="Fisher", p_reported="0,000")
    assert "50,1% of 22 people is not a whole number of people (GRIM check)." in result.reason


def test_rank_tests_on_continuous_data_are_not_checkable():
    result = row(outcome_type="continuous", mean_change=8.25, sd_change=2.0, test_reported="Wilcoxon")
    assert result.verdict == "not_checkable" and "cannot be recomputed from summary statistics" in result.reason


def test_paired_and_two_group_t_tests_from_summaries():
    paired = row(outcome_type="continuous", n_total=10, mean_change=1.58, sd_change=1.22999548327987,
                 test_reported="paired t-test", p_reported="0.003")
    assert paired.verdict == "consistent"  # R: t.test on sleep differences, 0.00283
    welch = row(design="randomised_two_group", outcome_type="continuous", n_total=20, mean_1=0.75, sd_1=1.789,
                n_1=10, mean_2=2.33, sd_2=2.002, n_2=10, test_reported="Welch t-test", p_reported="0.079")
    assert welch.test_recomputed == "Welch's t-test" and welch.verdict == "consistent"


def test_no_p_reported_is_not_checkable():
    result = row(p_reported="", improved=5, worsened=1)
    assert result.verdict == "not_checkable" and result.reason == "No p-value is reported."


def test_several_splits_that_fit_are_all_considered():
    # 50% and 50% fit every even split of 40; the verdict holds if any split reproduces the print
    result = row(design="two_group_post_only", n_total=40, pct_1="50", pct_2="50", test_reported="Fisher",
                 p_reported="1.000")
    assert result.verdict == "consistent" and "Other splits that fit" in result.reason


@pytest.mark.parametrize("named,family", [("McNemar", "mcnemar"), ("uji Mc Nemar", "mcnemar"),
                                           ("paired t-test", "paired_t"), ("Mann-Whitney U", "mann_whitney"),
                                           ("chi-square", "chi2"), ("Chi-square (Yates)", "chi2_yates"),
                                           ("Fisher's exact", "fisher"), ("", "none"), ("ANOVA", "other"),
                                           ("Wilcoxon", "wilcoxon"), ("independent t-test", "t")])
def test_test_names_are_recognised(named, family):
    assert classify_test(pd.Series([named]))[0] == family


def test_the_statistics_return_codes_and_numbers_not_words():
    import inspect

    from evsynth.book.messages import MESSAGES
    from evsynth.notes import read_notes
    from evsynth.synthesis import synthesise
    from evsynth.synthesis.directions import study_directions, vote_count
    from evsynth.synthesis.effects import effect_sizes
    from evsynth.synthesis.pooling import pool

    for function in (audit, effect_sizes, pool, synthesise, study_directions, vote_count):
        assert "lang" not in inspect.signature(function).parameters, function.__name__
    result, review = audit(REVIEW), synthesise(REVIEW)
    notes = [*result["reason"], *result["assumption"], *review.effects["assumption"], *review.decisions["reason"]]
    keys = [key for cell in notes for key, _ in read_notes(cell)]
    assert len(keys) > 20 and set(keys) <= set(MESSAGES)
    assert set(result["test_recomputed"]) - {""} <= {key.removeprefix("test.") for key in MESSAGES}
