"""Effect sizes with 95% confidence intervals, each with its basis and assumption.

Every row of an extraction table gets at least one effect row, on its native metric:

- two groups, binary: risk ratio (RR), odds ratio (OR), risk difference (RD);
- one group before/after, binary: paired risk difference (paired_RD);
- two groups, continuous: mean difference (MD) and Hedges' g (SMD);
- one group before/after, continuous: mean change (MC) and the standardised mean change
  (SMCC: standardised by the SD of the change, with Hedges' correction, so a g).

Formulas, small-sample corrections and the zero-cell rule follow metafor's
``escalc`` (Viechtbauer 2010): a ratio from a table with a zero cell gets 0.5 added to
every cell (``add = 1/2, to = "only0"``), a difference in proportions none (``add = 0``);
a study with no events in either group, or events in everyone of both groups, has no
estimate on any measure (``drop00 = TRUE``): it says nothing about which group fares
better, so it gets no direction either (Cochrane Handbook 10.4.4.2), and is left out of
the sign test and of pooling, the risk difference included;
confidence intervals are normal-based, as in ``summary.escalc``, except for a mean whose
SE comes from a t statistic, which takes t on the same degrees of freedom. Where a study
prints only a censored p ("0.000", "< 0.05"), the Cochrane Handbook's conversion (section
6.5.2.3) at the censoring limit gives a *bound*, never an estimate, and the t-test behind
it is an assumption where the study names none; a study with nothing more than a reported
direction gets a ``direction_only`` row, and a row with neither an effect nor a reported
direction a ``no_estimate`` row whose direction says why (:data:`evsynth.vocabulary.NO_DIRECTION`).

References
----------
.. [1] Viechtbauer, W. (2010). Conducting meta-analyses in R with the metafor package.
   Journal of Statistical Software, 36(3), 1-48.
.. [2] Higgins, J. P. T., et al. (Eds.) (2023). Cochrane Handbook for Systematic Reviews
   of Interventions, version 6.4, section 6.5.2.3 (standard errors from P values).
.. [3] Agresti, A. (2013). Categorical Data Analysis (3rd ed.), section 11.1 (paired
   proportions).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import special, stats

from evsynth.inputs.contract import complete
from evsynth.inputs.counts import floats, paired_counts, two_group_counts
from evsynth.inputs.printed_p import censored, parse_p
from evsynth.notes import notes_json
from evsynth.vocabulary import (
    DIRECTION_ONLY_MEASURE,
    DIRECTIONS,
    NO_EFFECT_MEASURE,
    KIND_MEASURES,
    RATIO_MEASURES,
    UNCONTROLLED,
    chosen_measure,
    design_group,
    row_kinds,
)

EFFECT_COLUMNS = ["study_id", "outcome_id", "outcome_domain", "measure", "estimate", "ci_low", "ci_high",
                  "basis", "assumption"]
_Z = stats.norm.isf(0.025)


# ----------------------------------------------------------------------------- formulas (vectorised)

def _zero_corrected(*cells):
    """Add 0.5 to every cell of each table that has a zero cell (metafor's default)."""
    cells = [np.asarray(c, dtype=float) for c in cells]
    has_zero = np.logical_or.reduce([c == 0 for c in cells])
    return [np.where(has_zero, c + 0.5, c) for c in cells], has_zero


def binary_two_group(events_1, n_1, events_2, n_2):
    """log RR, log OR and RD with their sampling variances: ``{measure: (yi, vi)}``.

    A table with a zero cell gets 0.5 added to every cell for the ratios, which are
    undefined otherwise (metafor's default ``add = 1/2, to = "only0"``); the risk difference
    is taken from the counts as observed (metafor's ``add = 0``).

    Parameters
    ----------
    events_1, n_1 : array_like
        Events and size of group 1, the intervention group (the extraction table's
        ``events_1`` and ``n_1``).
    events_2, n_2 : array_like
        Events and size of group 2, the control group (``events_2``, ``n_2``).

    Returns
    -------
    dict
        ``{"RR": (yi, vi), "OR": (yi, vi), "RD": (yi, vi)}``: each effect on the analysis
        scale (log for RR and OR) and its sampling variance, as arrays broadcast over the
        inputs. A table with no events in either group (or events in everyone) is not
        screened out here: :func:`effect_sizes` gives it no estimate (``drop00``).

    References
    ----------
    .. [1] Viechtbauer, W. (2010). Conducting meta-analyses in R with the metafor package.
       Journal of Statistical Software, 36(3), 1-48.

    Examples
    --------
    BCG trial 1 (Aronson 1948): 4/123 vaccinated vs 11/139 controls. metafor's
    ``escalc(measure = "RR", ai = 4, n1i = 123, ci = 11, n2i = 139)`` gives yi = -0.8893
    (RR 0.4109) and vi = 0.3256; with ``"OR"``, yi = -0.9387 and vi = 0.3571:

    >>> yi, vi = binary_two_group(4, 123, 11, 139)["RR"]
    >>> round(float(np.exp(yi)), 4), round(float(vi), 4)
    (0.4109, 0.3256)
    >>> yi, vi = binary_two_group(4, 123, 11, 139)["OR"]
    >>> round(float(yi), 4), round(float(vi), 4)
    (-0.9387, 0.3571)

    A zero cell: 0/20 vs 5/20. ``escalc(measure = "RR", ai = 0, n1i = 20, ci = 5, n2i = 20)``
    gives yi = -2.3979, vi = 2.0866 (0.5 added to each cell); ``escalc(measure = "RD", ...,
    add = 0)`` gives -0.25 and 0.009375 (nothing added):

    >>> effects = binary_two_group(0, 20, 5, 20)
    >>> [round(float(v), 6) for v in (*effects["RR"], *effects["RD"])]
    [-2.397895, 2.08658, -0.25, 0.009375]
    """
    a, n1, c, n2 = (np.asarray(v, dtype=float) for v in (events_1, n_1, events_2, n_2))
    r1, r2 = a / n1, c / n2
    difference = (r1 - r2, r1 * (1 - r1) / n1 + r2 * (1 - r2) / n2)
    (a, b, c, d), _ = _zero_corrected(a, n1 - a, c, n2 - c)
    m1, m2 = a + b, c + d
    return {
        "RR": (np.log((a / m1) / (c / m2)), 1 / a - 1 / m1 + 1 / c - 1 / m2),
        "OR": (np.log(a * d / (b * c)), 1 / a + 1 / b + 1 / c + 1 / d),
        "RD": difference,
    }


def binary_paired(improved, worsened, n):
    """Paired risk difference (b - c) / n with its variance ((b + c) - (b - c)^2 / n) / n^2
    (Agresti 2013, 11.1): ``{"paired_RD": (yi, vi)}``.

    A difference in proportions needs no zero-cell correction, so none is added (metafor's
    ``MPRD`` with ``add = 0``): 7 improved and none worsened of 30 is 7/30.

    Parameters
    ----------
    improved : array_like
        Discordant pairs that moved into the favourable category (the extraction table's
        ``improved``; *b* of the before-by-after 2x2 table).
    worsened : array_like
        Discordant pairs that moved out of it (``worsened``; *c*).
    n : array_like
        Participants analysed, i.e. pairs (``n_total``).

    Returns
    -------
    dict
        ``{"paired_RD": (yi, vi)}``: the after-minus-before difference in the proportion in
        the favourable category and its sampling variance, arrays broadcast over the inputs.

    References
    ----------
    .. [1] Agresti, A. (2013). Categorical Data Analysis (3rd ed.). Wiley. Section 11.1.
    .. [2] Viechtbauer, W. (2010). Conducting meta-analyses in R with the metafor package.
       Journal of Statistical Software, 36(3), 1-48.

    Examples
    --------
    metafor's ``escalc(measure = "MPRD", ai = 10, bi = 7, ci = 0, di = 13, add = 0)`` (10
    in the category before and after, 7 after only, 13 neither) gives yi = 0.2333 and
    vi = 0.005963:

    >>> yi, vi = binary_paired(7, 0, 30)["paired_RD"]
    >>> round(float(yi), 4), round(float(vi), 6)
    (0.2333, 0.005963)
    """
    b, c, n = (np.asarray(v, dtype=float) for v in (improved, worsened, n))
    return {"paired_RD": ((b - c) / n, ((b + c) - (b - c) ** 2 / n) / n**2)}


def hedges_correction(df):
    """metafor's exact small-sample correction J(m) = Gamma(m/2) / (sqrt(m/2) Gamma((m-1)/2)).

    Multiplying a standardised difference by J(m) removes its small-sample bias and makes
    it Hedges' g; J(m) is close to the familiar approximation 1 - 3 / (4m - 1).

    Parameters
    ----------
    df : array_like
        Degrees of freedom m of the SD that standardises: ``n_1 + n_2 - 2`` for two groups,
        ``n_total - 1`` for a one-group before/after change.

    Returns
    -------
    ndarray of float
        J(m) for m > 1: below 1, rising towards 1 as m grows.

    References
    ----------
    .. [1] Hedges, L. V. (1981). Distribution theory for Glass's estimator of effect size
       and related estimators. Journal of Educational Statistics, 6(2), 107-128.

    Examples
    --------
    metafor's ``metafor:::.cmicalc(c(18, 45))`` gives 0.9576464 and 0.9832245:

    >>> hedges_correction([18, 45]).round(7).tolist()
    [0.9576464, 0.9832245]
    """
    m = np.asarray(df, dtype=float)
    return np.exp(special.gammaln(m / 2) - 0.5 * np.log(m / 2) - special.gammaln((m - 1) / 2))


def continuous_two_group(mean_1, sd_1, n_1, mean_2, sd_2, n_2):
    """MD and Hedges' g (metafor's SMD, large-sample variance) with their variances.

    Parameters
    ----------
    mean_1, sd_1, n_1 : array_like
        Mean, SD and size of group 1, the intervention group (the extraction table's
        ``mean_1``, ``sd_1``, ``n_1``).
    mean_2, sd_2, n_2 : array_like
        The same for group 2, the control group (``mean_2``, ``sd_2``, ``n_2``).

    Returns
    -------
    dict
        ``{"MD": (yi, vi), "SMD": (yi, vi)}``: the difference in means, group 1 minus group 2,
        with variance ``sd_1^2 / n_1 + sd_2^2 / n_2``; and g, that difference over the pooled
        SD times :func:`hedges_correction` on ``n_1 + n_2 - 2`` df, with variance
        ``1 / n_1 + 1 / n_2 + g^2 / (2 (n_1 + n_2))``. Arrays broadcast over the inputs.

    References
    ----------
    .. [1] Hedges, L. V. (1981). Distribution theory for Glass's estimator of effect size
       and related estimators. Journal of Educational Statistics, 6(2), 107-128.
    .. [2] Viechtbauer, W. (2010). Conducting meta-analyses in R with the metafor package.
       Journal of Statistical Software, 36(3), 1-48.

    Examples
    --------
    The first study of ``dat.normand1999``: metafor's ``escalc(measure = "SMD", m1i = 55,
    sd1i = 47, n1i = 155, m2i = 75, sd2i = 64, n2i = 156)`` gives yi = -0.3552 and
    vi = 0.013065; with ``"MD"``, yi = -20 and vi = 40.5080:

    >>> effects = continuous_two_group(55, 47, 155, 75, 64, 156)
    >>> [round(float(v), 4) for v in effects["MD"]], [round(float(v), 6) for v in effects["SMD"]]
    ([-20.0, 40.508], [-0.35517, 0.013065])
    """
    m1, s1, n1, m2, s2, n2 = (np.asarray(v, dtype=float) for v in (mean_1, sd_1, n_1, mean_2, sd_2, n_2))
    pooled = np.sqrt(((n1 - 1) * s1**2 + (n2 - 1) * s2**2) / (n1 + n2 - 2))
    g = hedges_correction(n1 + n2 - 2) * (m1 - m2) / pooled
    return {
        "MD": (m1 - m2, s1**2 / n1 + s2**2 / n2),
        "SMD": (g, 1 / n1 + 1 / n2 + g**2 / (2 * (n1 + n2))),
    }


def continuous_paired(mean_change, sd_change, n):
    """Mean change (MC) and the standardised mean change (metafor's SMCC): standardised by the
    SD of the change and Hedges-corrected, so a g.

    Parameters
    ----------
    mean_change, sd_change : array_like
        Mean and SD of the within-person change (the extraction table's ``mean_change``,
        ``sd_change``).
    n : array_like
        Participants analysed (``n_total``).

    Returns
    -------
    dict
        ``{"MC": (yi, vi), "SMCC": (yi, vi)}``: the mean change with variance
        ``sd_change^2 / n``; and g, ``mean_change / sd_change`` times
        :func:`hedges_correction` on ``n - 1`` df, with variance ``1 / n + g^2 / (2 n)``.
        Arrays broadcast over the inputs.

    References
    ----------
    .. [1] Gibbons, R. D., Hedeker, D. R., & Davis, J. M. (1993). Estimation of effect size
       from a series of experiments involving paired comparisons. Journal of Educational
       Statistics, 18(3), 271-279.
    .. [2] Viechtbauer, W. (2010). Conducting meta-analyses in R with the metafor package.
       Journal of Statistical Software, 36(3), 1-48.

    Examples
    --------
    A mean change of 2.5 (SD 1.8) in 20 participants. metafor's ``escalc(measure = "SMCC",
    m1i = 2.5, m2i = 0, sd1i = 1.8, sd2i = 0, ni = 20, ri = 0)`` (the change's SD entered as
    ``sd1i``) gives yi = 1.3332 and vi = 0.0944; with ``"MC"``, yi = 2.5 and vi = 0.162:

    >>> effects = continuous_paired(2.5, 1.8, 20)
    >>> [round(float(v), 4) for v in (*effects["MC"], *effects["SMCC"])]
    [2.5, 0.162, 1.3332, 0.0944]
    """
    m, s, n = (np.asarray(v, dtype=float) for v in (mean_change, sd_change, n))
    dz = hedges_correction(n - 1) * m / s
    return {"MC": (m, s**2 / n), "SMCC": (dz, 1 / n + dz**2 / (2 * n))}


def se_from_p(estimate, p, df):
    """Standard error of a difference from its two-sided p of a t-test (Handbook 6.5.2.3).

    SE = |estimate| / t, with t the |t| that gives ``p`` on ``df`` degrees of freedom
    (:func:`t_from_p`). At a censored p ("< 0.05") it is taken at the limit, so what
    follows from it is a bound, not an estimate.

    Parameters
    ----------
    estimate : array_like
        The difference the test compared: a difference in means (``mean_1 - mean_2``) or a
        mean change (``mean_change``); only its size is used.
    p : array_like
        Its two-sided p, as parsed from ``p_reported``.
    df : array_like
        Degrees of freedom of the t-test: ``n_1 + n_2 - 2`` for two groups, ``n_total - 1``
        for a paired t-test.

    Returns
    -------
    ndarray of float
        The standard error of ``estimate``, broadcast over the inputs.

    References
    ----------
    .. [1] Higgins, J. P. T., et al. (Eds.) (2023). Cochrane Handbook for Systematic Reviews
       of Interventions, version 6.4, section 6.5.2.3.

    Examples
    --------
    The Handbook's example: MD = 3.8, p = 0.008, groups of 25 and 22 (df = 45):
    t = 2.78, so SE = 3.8 / 2.78 = 1.37.

    >>> round(float(se_from_p(3.8, 0.008, 45)), 2)
    1.37

    Unrounded, R's ``3.8 / qt(0.008 / 2, 45, lower.tail = FALSE)`` gives 1.36910:

    >>> round(float(se_from_p(3.8, 0.008, 45)), 5)
    1.3691
    """
    return np.abs(np.asarray(estimate, dtype=float)) / t_from_p(p, df)


def t_from_p(p, df):
    """The |t| with two-sided p on ``df`` degrees of freedom.

    Parameters
    ----------
    p : array_like
        A two-sided p of a t-test, as parsed from ``p_reported``.
    df : array_like
        Its degrees of freedom: ``n_1 + n_2 - 2`` for two groups, ``n_total - 1`` for a
        paired t-test.

    Returns
    -------
    ndarray of float
        The upper ``p / 2`` quantile of t on ``df``; ``inf`` where p is 0.

    References
    ----------
    .. [1] Higgins, J. P. T., et al. (Eds.) (2023). Cochrane Handbook for Systematic Reviews
       of Interventions, version 6.4, section 6.5.2.3.

    Examples
    --------
    The Handbook's t = 2.78 for p = 0.008 on 45 df, and p = 0.05 on 19 df; R's
    ``qt(c(0.008, 0.05) / 2, c(45, 19), lower.tail = FALSE)`` gives 2.775545 and 2.093024:

    >>> t_from_p([0.008, 0.05], [45, 19]).round(6).tolist()
    [2.775545, 2.093024]
    """
    return stats.t.isf(np.asarray(p, dtype=float) / 2, df)


# ----------------------------------------------------------------------------- per-row effects

_ORDER = {DIRECTION_ONLY_MEASURE: 0, NO_EFFECT_MEASURE: 0, **{m: i for measures in KIND_MEASURES.values() for i, m in enumerate(measures)}}


def effect_sizes(table: pd.DataFrame) -> pd.DataFrame:
    """Every effect the rows of a validated table support, with basis and assumption.

    Each row gets the measures of its kind (:data:`evsynth.vocabulary.KIND_MEASURES`, by
    ``design`` and ``outcome_type``) from the best numbers it has: counts, summary
    statistics, or a p-value with the reported direction; else a ``direction`` row (a reported
    direction only) or a ``no_effect`` row. A two-group binary row with no events in either
    group, or events in everyone of both, has no estimate on any measure (``drop00``).

    Parameters
    ----------
    table : DataFrame
        A validated extraction table (``data/README.md``; :func:`evsynth.inputs.studies.load_studies`),
        one row per study x outcome. Read are ``study_id``, ``outcome_id``, ``outcome_domain``,
        ``design``, ``outcome_type``, ``higher_is_better``, ``n_total``, ``test_reported``,
        ``p_reported``, ``direction_reported`` and, by kind of row, ``events_1``, ``n_1``,
        ``events_2``, ``n_2`` (two groups, binary), ``events_pre``, ``events_post``,
        ``improved``, ``worsened`` (one group before/after, binary), ``mean_1``, ``sd_1``,
        ``mean_2``, ``sd_2`` (two groups, continuous) or ``mean_change``, ``sd_change`` (one
        group, continuous). A contract column it lacks counts as empty.

    Returns
    -------
    DataFrame
        One row per effect, in table order, the measures of a row in
        :data:`evsynth.vocabulary.KIND_MEASURES` order.
        The columns of :data:`EFFECT_COLUMNS` (ratio measures exponentiated), plus
        ``yi`` and ``vi`` (analysis scale: log for ratios), ``direction``
        (favours_intervention | favours_control | none), ``design_group``
        (controlled | uncontrolled | unknown), ``n_total`` and ``row`` (the input row).
        ``basis`` is one of :data:`evsynth.vocabulary.BASIS_RANK`: ``counts``,
        ``summary_stats`` or ``reconstructed_counts`` for an estimate, ``bound_from_p``,
        ``direction_only`` (measure ``direction``) or ``no_estimate`` (measure ``no_effect``),
        whose ``direction`` says why from :data:`evsynth.vocabulary.NO_DIRECTION`
        (no_events | all_events | not_estimable | not_reported).
        A bound has no estimate: ``ci_low`` (or ``ci_high``) holds the bound.
        ``assumption`` holds notes as JSON text (:mod:`evsynth.notes`), free of language.

    References
    ----------
    .. [1] Viechtbauer, W. (2010). Conducting meta-analyses in R with the metafor package.
       Journal of Statistical Software, 36(3), 1-48.
    .. [2] Higgins, J. P. T., et al. (Eds.) (2023). Cochrane Handbook for Systematic Reviews
       of Interventions, version 6.4, sections 6.5.2.3 (standard errors from P values) and
       10.4.4.2 (studies with no events in either group).

    Examples
    --------
    BCG trial 1 (Aronson 1948, tuberculosis cases, so higher is not better), a trial with no
    cases in either group, a one-group before/after mean change and a row with only its
    reported direction. metafor's ``summary(escalc(measure = "RR", ai = 4, n1i = 123,
    ci = 11, n2i = 139), transf = exp)`` gives 0.4109 [0.1343, 1.2574]; ``"OR"`` gives
    0.3911 [0.1212, 1.2619]; ``"RD"`` with ``add = 0`` gives -0.0466 [-0.1014, 0.0081];
    ``summary(escalc(measure = "SMCC", m1i = 2.5, m2i = 0, sd1i = 1.8, sd2i = 0, ni = 20,
    ri = 0))`` gives 1.3332 [0.7309, 1.9355], and ``"MC"`` 2.5 [1.7111, 3.2889]:

    >>> trial = dict(outcome_id="tb", outcome_domain="tuberculosis", design="randomised_two_group",
    ...              outcome_type="binary", higher_is_better=False)
    >>> scores = dict(outcome_id="score", outcome_domain="knowledge", outcome_type="continuous",
    ...               higher_is_better=True)
    >>> table = pd.DataFrame([
    ...     dict(trial, study_id="aronson1948", n_total=262, n_1=123, events_1=4, n_2=139, events_2=11),
    ...     dict(trial, study_id="nocases2020", n_total=98, n_1=50, events_1=0, n_2=48, events_2=0),
    ...     dict(scores, study_id="change2021", design="one_group_pre_post", n_total=20,
    ...          mean_change=2.5, sd_change=1.8),
    ...     dict(scores, study_id="said2022", design="two_group_post_only", n_total=40,
    ...          direction_reported="favours_intervention")])
    >>> effects = effect_sizes(table)
    >>> shown = ["study_id", "measure", "estimate", "ci_low", "ci_high", "basis", "direction"]
    >>> print(effects[shown].round(4).to_string(index=False))
       study_id   measure  estimate  ci_low  ci_high          basis            direction
    aronson1948        RR    0.4109  0.1343   1.2574         counts favours_intervention
    aronson1948        OR    0.3911  0.1212   1.2619         counts favours_intervention
    aronson1948        RD   -0.0466 -0.1014   0.0081         counts favours_intervention
    nocases2020 no_effect       NaN     NaN      NaN    no_estimate            no_events
     change2021        MC    2.5000  1.7111   3.2889  summary_stats favours_intervention
     change2021      SMCC    1.3332  0.7309   1.9355  summary_stats favours_intervention
       said2022 direction       NaN     NaN      NaN direction_only favours_intervention
    """
    table = complete(table)
    say = notes_json
    with np.errstate(all="ignore"):  # an undefined effect is found below and given as a note, not warned about
        computed = [*_paired_binary(table, say), *_two_group_binary(table, say), *_continuous(table, say)]
    attempted = set().union(*(set(part["row"]) for part in computed)) if computed else set()
    parts = [part[_defined(part)] for part in computed]
    covered = set().union(*(set(part["row"]) for part in parts)) if parts else set()
    rest = table[~table.index.isin(covered)]
    if not rest.empty:
        # a row whose numbers were tried, or lack only n, says why they gave no effect
        why = _why_undefined(rest)
        tried = np.array([i in attempted or why[i] == "why.no_n" for i in rest.index], dtype=bool)
        reported = rest["direction_reported"].isin(DIRECTIONS).to_numpy()
        # the numbers' failure where they were tried, then what the row rests on instead
        last = np.where(reported, np.where(tried, "effect.reported_direction", "effect.direction_only"),
                        np.where(tried, "", "effect.not_reported"))
        words = np.array([say(([("effect.undefined", {"why": why[i]})] if t else []) + [(then, {})])
                          for i, t, then in zip(rest.index, tried, last)], dtype=object)
        if reported.any():
            parts.append(_chunk(rest[reported], DIRECTION_ONLY_MEASURE, np.nan, np.nan, "direction_only",
                                list(words[reported]), direction=rest["direction_reported"][reported].to_numpy()))
        if not reported.all():
            parts.append(_chunk(rest[~reported], NO_EFFECT_MEASURE, np.nan, np.nan, "no_estimate",
                                list(words[~reported]),
                                direction=np.where(tried[~reported], "not_estimable", "not_reported")))
    if not parts:  # no rows yet (a new review): the columns, without rows
        parts = [_chunk(table, DIRECTION_ONLY_MEASURE, np.nan, np.nan, "direction_only", [], direction=[])]
    frame = pd.concat(parts, ignore_index=True)
    frame["_order"] = frame["measure"].map(_ORDER)
    return frame.sort_values(["row", "_order"], kind="stable").drop(columns="_order").reset_index(drop=True)


def shown_effects(studies: pd.DataFrame, effects: pd.DataFrame, binary_measure: str = "RR",
                  continuous_measure: str = "SMD") -> dict[tuple[str, str], pd.Series]:
    """The one effect row shown for each study x outcome: on the measure its kind of row is shown
    on (:func:`evsynth.vocabulary.chosen_measure`), else its bound or reported direction.

    Parameters
    ----------
    studies : DataFrame
        The validated extraction table the effects come from (``data/README.md``); its
        ``study_id``, ``outcome_id``, ``design`` and ``outcome_type`` give each row's kind.
    effects : DataFrame
        :func:`effect_sizes` of ``studies``.
    binary_measure : {"RR", "OR", "RD"}, default "RR"
        The measure two-group binary rows are shown on
        (:data:`evsynth.vocabulary.BINARY_MEASURES`).
    continuous_measure : {"SMD", "MD"}, default "SMD"
        The measure two-group continuous rows are shown on
        (:data:`evsynth.vocabulary.CONTINUOUS_MEASURES`). One-group before/after rows are
        always shown on ``paired_RD`` (binary) or ``SMCC`` (continuous).

    Returns
    -------
    dict
        ``{(study_id, outcome_id): Series}``: for each study x outcome of ``effects``, its
        shown row of ``effects``; a row whose kind is unknown, or that has no effect on the
        chosen measure, shows its ``direction``, ``SMCC`` or ``SMD`` row (a bound), else its
        first row (e.g. ``no_effect``).

    Examples
    --------
    BCG trial 1 shown on the odds ratio (metafor's ``summary(escalc(measure = "OR", ai = 4,
    n1i = 123, ci = 11, n2i = 139), transf = exp)`` gives 0.3911), a mean change on SMCC
    (``escalc(measure = "SMCC", m1i = 2.5, m2i = 0, sd1i = 1.8, sd2i = 0, ni = 20, ri = 0)``
    gives 1.3332) and a row with only its reported direction:

    >>> table = pd.DataFrame([
    ...     dict(study_id="aronson1948", outcome_id="tb", design="randomised_two_group",
    ...          outcome_type="binary", higher_is_better=False, n_1=123, events_1=4, n_2=139, events_2=11),
    ...     dict(study_id="change2021", outcome_id="score", design="one_group_pre_post",
    ...          outcome_type="continuous", n_total=20, mean_change=2.5, sd_change=1.8),
    ...     dict(study_id="said2022", outcome_id="score", design="two_group_post_only",
    ...          outcome_type="continuous", direction_reported="favours_control")])
    >>> shown = shown_effects(table, effect_sizes(table), binary_measure="OR")
    >>> {key: (row["measure"], round(float(row["estimate"]), 4), row["direction"]) for key, row in shown.items()}
    ... # doctest: +NORMALIZE_WHITESPACE
    {('aronson1948', 'tb'): ('OR', 0.3911, 'favours_intervention'),
     ('change2021', 'score'): ('SMCC', 1.3332, 'favours_intervention'),
     ('said2022', 'score'): ('direction', nan, 'favours_control')}
    """
    kinds = dict(zip(zip(studies["study_id"], studies["outcome_id"]), row_kinds(complete(studies))))
    shown = {}
    for key, group in effects.groupby(["study_id", "outcome_id"], sort=False):
        chosen = group[group["measure"] == chosen_measure(kinds.get(key), binary_measure, continuous_measure)]
        if chosen.empty:  # e.g. no summary statistics: the row's bound or direction
            chosen = group[group["measure"].isin([DIRECTION_ONLY_MEASURE, "SMCC", "SMD"])]
        shown[key] = (chosen if not chosen.empty else group).iloc[0]
    return shown


def _defined(part: pd.DataFrame) -> np.ndarray:
    """Effect rows that can be drawn and pooled: a finite estimate with a positive variance, or a finite bound;
    a row that has no estimate for a known reason (no events in either group) is final as it is."""
    if (part["basis"] == "no_estimate").all():
        return np.ones(len(part), dtype=bool)
    if (part["basis"] == "bound_from_p").all():
        bound = np.where(np.isnan(part["ci_low"]), part["ci_high"], part["ci_low"])
        return np.isfinite(bound)
    yi, vi = part["yi"].to_numpy(dtype=float), part["vi"].to_numpy(dtype=float)
    shown = part[["estimate", "ci_low", "ci_high"]].to_numpy(dtype=float)
    return np.isfinite(yi) & np.isfinite(vi) & (vi > 0) & np.isfinite(shown).all(axis=1)


def _why_undefined(rows: pd.DataFrame) -> pd.Series:
    """Why no effect could be computed for each of ``rows``: a ``why.*`` message key.

    The first reason that holds is given; a number out of range where none does.
    """
    n, s = floats(rows, "n_total"), floats(rows, "sd_change")
    n_1, n_2 = floats(rows, "n_1"), floats(rows, "n_2")
    paired = (rows["design"] == UNCONTROLLED).to_numpy()
    p = parse_p(rows["p_reported"]).set_axis(rows.index)
    tiny_p = (p["value"].eq(0) & ~p["zero_printed"] & p["relation"].eq("=")).to_numpy()
    reasons = [
        ("why.no_n", paired & np.isnan(n) & (rows["outcome_type"] == "binary").to_numpy()
         & rows[["events_pre", "events_post", "improved"]].notna().any(axis=1).to_numpy()),
        ("why.too_few", np.where(paired, n <= 1, n_1 + n_2 <= 2)),
        ("why.sd_change_zero", paired & (s == 0)),
        ("why.sds_zero", ~paired & (floats(rows, "sd_1") == 0) & (floats(rows, "sd_2") == 0)),
        ("why.p_too_small", tiny_p),
    ]
    why = np.full(len(rows), "why.out_of_range", dtype=object)
    for key, holds in reversed(reasons):  # reversed, so the first reason that holds wins
        why[holds] = key
    return pd.Series(why, index=rows.index)


def _chunk(rows: pd.DataFrame, measure: str, yi, vi, basis, assumption, direction=None, critical=_Z) -> pd.DataFrame:
    """Effect rows for ``rows``, all on one ``measure``, from analysis-scale yi and vi; the
    interval is yi +- critical x sqrt(vi) (the normal quantile unless another is given)."""
    yi = np.broadcast_to(np.asarray(yi, dtype=float), (len(rows),))
    vi = np.broadcast_to(np.asarray(vi, dtype=float), (len(rows),))
    half = critical * np.sqrt(vi)
    shown = [yi, yi - half, yi + half]
    if measure in RATIO_MEASURES:
        shown = [np.exp(v) for v in shown]
    return pd.DataFrame({
        "study_id": rows["study_id"].to_numpy(), "outcome_id": rows["outcome_id"].to_numpy(),
        "outcome_domain": rows["outcome_domain"].to_numpy(), "measure": measure,
        "estimate": shown[0], "ci_low": shown[1], "ci_high": shown[2], "basis": basis, "assumption": assumption,
        "yi": yi, "vi": vi, "direction": _directions(yi, rows["higher_is_better"]) if direction is None else direction,
        "design_group": design_group(rows["design"]),
        "n_total": rows["n_total"].to_numpy(), "row": rows.index.to_numpy(),
    })


def _bound_chunk(rows: pd.DataFrame, measure: str, bound, assumption) -> pd.DataFrame:
    """One-sided bounds: the effect is at least ``bound`` (or at most, where it is negative)."""
    frame = _chunk(rows, measure, np.nan, np.nan, "bound_from_p", assumption,
                   direction=_directions(bound, rows["higher_is_better"]))
    frame["ci_low"] = np.where(bound > 0, bound, np.nan)
    frame["ci_high"] = np.where(bound > 0, np.nan, bound)
    return frame


def _directions(yi, higher_is_better: pd.Series) -> np.ndarray:
    """The direction an effect favours; where a table leaves higher_is_better empty, higher is better."""
    yi = np.asarray(yi, dtype=float)
    higher = higher_is_better.astype(object).where(higher_is_better.notna(), True).astype(bool).to_numpy()
    better = np.where(higher, yi > 0, yi < 0)
    return np.where(np.isnan(yi) | (yi == 0), "none", np.where(better, "favours_intervention", "favours_control"))


def _paired_binary(table, say):
    rows = table[row_kinds(table) == "paired_binary"]
    pairs = paired_counts(rows)
    b, c = pairs.improved, pairs.worsened
    n, pre = rows["n_total"].to_numpy(dtype=float), rows["events_pre"].to_numpy(dtype=float, na_value=np.nan)
    notes = [[pairs.assumption(k)] if pairs.assumption(k) else [] for k in range(len(rows))]
    parts = []

    # the margins give a difference in proportions only out of a known n
    margins = pairs.known & pairs.assumed_margins & ~np.isnan(n)
    if margins.any():
        # the margins fix the difference; its SE is widest at the most discordance they allow
        extra = np.minimum(pre - c, n - pre - b)[margins]
        b_max, c_max = b[margins] + extra, c[margins] + extra
        words = [say(notes[k] + [("effect.margins_only", {"b_max": int(bm), "c_max": int(cm)})])
                 for k, bm, cm in zip(np.flatnonzero(margins), b_max, c_max)]
        parts.append(_chunk(rows[margins], "paired_RD", *binary_paired(b_max, c_max, n[margins])["paired_RD"],
                            "reconstructed_counts", words))

    # no paired odds ratio: b / c is infinite when nobody worsened, and a corrected one with a Wald
    # interval would contradict the exact McNemar test the audit recomputes
    regular = pairs.known & ~pairs.assumed_margins
    if regular.any():
        words = [say(notes[k]) for k in np.flatnonzero(regular)]
        basis = np.where(pairs.assumed_worsened[regular], "reconstructed_counts", "counts")
        parts.append(_chunk(rows[regular], "paired_RD", *binary_paired(b[regular], c[regular], n[regular])["paired_RD"],
                            basis, words))
    return parts


def _two_group_binary(table, say):
    rows = table[row_kinds(table) == "two_group_binary"]
    found = two_group_counts(rows)
    have = np.array([bool(found.tables[i]) for i in rows.index], dtype=bool)
    if not have.any():
        return []
    a, n1, c, n2 = (np.array([found.tables[i][0][j] for i in rows.index[have]], dtype=float) for j in range(4))
    notes = [found.assumptions[i] for i in rows.index[have]]
    # no events in either group, or in everyone of both: no estimate and no direction (drop00)
    same = {"no_events": (a == 0) & (c == 0), "all_events": (a == n1) & (c == n2)}
    parts = [_chunk(rows[have][rows_of], NO_EFFECT_MEASURE, np.nan, np.nan, "no_estimate",
                    [say(n + [(f"effect.{code}", {})]) for n, keep in zip(notes, rows_of) if keep], direction=code)
             for code, rows_of in same.items() if rows_of.any()]
    kept = ~(same["no_events"] | same["all_events"])
    if not kept.any():
        return parts
    a, n1, c, n2 = a[kept], n1[kept], c[kept], n2[kept]
    notes = [n for n, keep in zip(notes, kept) if keep]
    zero = (a == 0) | (a == n1) | (c == 0) | (c == n2)
    words = {"RD": [say(n) for n in notes],  # the ratios alone get the zero-cell correction
             "ratio": [say(n + ([("effect.zero_cell", {})] if z else [])) for n, z in zip(notes, zero)]}
    basis = np.where([bool(n) for n in notes], "reconstructed_counts", "counts")
    return parts + [_chunk(rows[have][kept], m, yi, vi, basis, words["RD" if m == "RD" else "ratio"])
                    for m, (yi, vi) in binary_two_group(a, n1, c, n2).items()]


def _continuous(table, say):
    """Summary-statistic effects; else an estimate (exact p) or a bound (censored p) from the p-value."""
    rows = table[row_kinds(table).isin(["paired_continuous", "two_group_continuous"])]  # a known design only
    if rows.empty:
        return []
    paired = (rows["design"] == UNCONTROLLED).to_numpy()
    n, change, change_sd = floats(rows, "n_total"), floats(rows, "mean_change"), floats(rows, "sd_change")
    groups = [floats(rows, c) for c in ("mean_1", "sd_1", "n_1", "mean_2", "sd_2", "n_2")]
    parts = []

    with_change = paired & ~np.isnan(change) & ~np.isnan(change_sd)
    if with_change.any():
        effects = continuous_paired(change[with_change], change_sd[with_change], n[with_change])
        parts += [_chunk(rows[with_change], m, *effects[m], "summary_stats", "") for m in ("MC", "SMCC")]
    with_groups = ~paired & ~np.isnan(np.vstack(groups)).any(axis=0)
    if with_groups.any():
        effects = continuous_two_group(*(g[with_groups] for g in groups))
        parts += [_chunk(rows[with_groups], m, *effects[m], "summary_stats", "") for m in ("MD", "SMD")]

    printed = parse_p(rows["p_reported"]).set_axis(rows.index)
    n1, n2 = groups[2], groups[5]
    df = np.where(paired, n - 1, n1 + n2 - 2)
    scale = np.where(paired, 1 / np.sqrt(n), np.sqrt(1 / n1 + 1 / n2))
    usable = (~with_change & ~with_groups & printed["parsed"].to_numpy() & (printed["relation"] != ">").to_numpy()
              & ~np.isnan(df) & rows["direction_reported"].isin(["favours_intervention", "favours_control"]).to_numpy())
    if not usable.any():
        return parts
    is_censored = censored(printed).to_numpy()
    p = np.where(is_censored, printed["high"], printed["value"])
    with np.errstate(invalid="ignore", divide="ignore"):
        t = t_from_p(p, df)
    favours = rows["direction_reported"].eq("favours_intervention").to_numpy()
    higher = rows["higher_is_better"].astype(object).where(rows["higher_is_better"].notna(), True).astype(bool)
    sign = np.where(favours == higher.to_numpy(), 1.0, -1.0)
    standardised = sign * hedges_correction(df) * t * scale
    words = {k: dict(p={"number": float(p[k]), "decimals": 4 if p[k] < 0.001 else 3}, df=int(df[k]),
                     t={"number": float(t[k]), "decimals": 2}) for k in np.flatnonzero(usable)}
    # a p converted into t rests on a t-test; where the study names none, that is an assumption
    unnamed = rows["test_reported"].fillna("").str.strip().eq("").to_numpy()
    assumed = {k: [("assume.test", {"test": "test.paired_t" if paired[k] else "test.student_t",
                                    "kind": "kind.paired_continuous" if paired[k] else "kind.two_group_continuous"})]
               if unnamed[k] else [] for k in np.flatnonzero(usable)}

    for is_bound in (True, False):
        chosen = usable & (is_censored == is_bound)
        if not chosen.any():
            continue
        picked = np.flatnonzero(chosen)
        measure = np.where(paired[chosen], "SMCC", "SMD")
        note = "effect.bound" if is_bound else "effect.from_p"
        for m in ("SMCC", "SMD"):
            mask = measure == m
            if not mask.any():
                continue
            sub = rows.iloc[picked[mask]]
            text_rows = [say(assumed[k] + [(note, words[k])]) for k in picked[mask]]
            value = standardised[picked[mask]]
            if is_bound:
                parts.append(_bound_chunk(sub, m, value, text_rows))
            else:
                size = n[picked[mask]] if m == "SMCC" else n1[picked[mask]] + n2[picked[mask]]
                extra = 1 / size if m == "SMCC" else 1 / n1[picked[mask]] + 1 / n2[picked[mask]]
                parts.append(_chunk(sub, m, value, extra + value**2 / (2 * size), "summary_stats", text_rows))
        with_mean = picked[paired[chosen] & ~np.isnan(change[chosen])]
        if with_mean.size:
            # the SE comes from a t statistic on df degrees of freedom, so the interval takes t on df too
            note_mc = "effect.bound_se" if is_bound else "effect.from_p_mean"
            parts.append(_chunk(rows.iloc[with_mean], "MC", change[with_mean], (np.abs(change[with_mean]) /
                                t[with_mean]) ** 2, "bound_from_p" if is_bound else "summary_stats",
                                [say(assumed[k] + [(note_mc, words[k])]) for k in with_mean],
                                critical=stats.t.isf(0.025, df[with_mean])))
    return parts
