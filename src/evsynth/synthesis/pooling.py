"""Random-effects meta-analysis, only where it is valid, and why each set was or was not pooled.

Estimators of the between-study variance tau^2: REML (the default, by Fisher scoring as
metafor does), DerSimonian-Laird (truncated at 0) and Paule-Mandel. statsmodels'
``combine_effects`` offers no REML and leaves the DL estimate untruncated, so the
estimators are implemented here, each a few lines, and checked against metafor.

The Hartung-Knapp-Sidik-Jonkman adjustment is optional. The prediction interval uses
t on k - 2 degrees of freedom (Cochrane Handbook 10.10.4.3); note that metafor's
``predict`` uses the normal quantile unless ``test = "t"`` or ``"knha"``. I^2 is
metafor's: 100 tau^2 / (tau^2 + s^2), with s^2 the typical within-study variance.

References
----------
.. [1] Viechtbauer, W. (2005). Bias and efficiency of meta-analytic variance estimators
   in the random-effects model. Journal of Educational and Behavioral Statistics,
   30(3), 261-293.
.. [2] DerSimonian, R., & Laird, N. (1986). Meta-analysis in clinical trials.
   Controlled Clinical Trials, 7(3), 177-188.
.. [3] Paule, R. C., & Mandel, J. (1982). Consensus values and weighting factors.
   Journal of Research of the National Bureau of Standards, 87(5), 377-385.
.. [4] IntHout, J., Ioannidis, J. P. A., & Borm, G. F. (2014). The Hartung-Knapp-Sidik-
   Jonkman method for random effects meta-analysis is straightforward and considerably
   outperforms the standard DerSimonian-Laird method. BMC Medical Research
   Methodology, 14, 25.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd
from scipy import optimize, stats

from evsynth.notes import notes_json
from evsynth.vocabulary import (
    ESTIMABLE,
    KIND_PREFIX,
    OUTCOME_OF_MEASURE,
    RATIO_MEASURES,
    UNKNOWN_GROUP,
    chosen_measure,
)

#: A pooled row: its domain and measure, the tau^2 estimator (``method``), whether the HKSJ
#: adjustment was used, and whether it is the row the run's parameters chose (the one the book
#: reports; the others are sensitivity analyses).
POOLED_COLUMNS = ["outcome_domain", "measure", "method", "hksj", "chosen", "k", "estimate", "ci_low", "ci_high", "pi_low",
                  "pi_high", "tau2", "i2", "q", "q_p"]
METHODS = ("REML", "DL", "PM")


@dataclass(frozen=True)
class Pooled:
    """A pooled random-effects result on the analysis scale (log for ratios).

    Attributes
    ----------
    method : str
        The tau^2 estimator: REML, DL or PM.
    hksj : bool
        Whether the confidence interval uses the Hartung-Knapp-Sidik-Jonkman adjustment.
    k : int
        Number of effects pooled.
    estimate, se : float
        The pooled effect and its standard error.
    ci_low, ci_high : float
        Its confidence interval (z, or t on k - 1 df with HKSJ).
    pi_low, pi_high : float
        The prediction interval, t on k - 2 df (NaN below three effects).
    tau2 : float
        The between-study variance.
    i2 : float
        I^2 in percent: 100 tau^2 / (tau^2 + s^2), s^2 the typical within-study variance.
    q, q_p : float
        Cochran's Q and its chi-squared p on k - 1 df.
    """

    method: str
    hksj: bool
    k: int
    estimate: float
    se: float
    ci_low: float
    ci_high: float
    pi_low: float
    pi_high: float
    tau2: float
    i2: float
    q: float
    q_p: float


def _tau2_dl(y, v):
    w = 1 / v
    mean = np.sum(w * y) / np.sum(w)
    q = np.sum(w * (y - mean) ** 2)
    return max(0.0, (q - (len(y) - 1)) / (np.sum(w) - np.sum(w**2) / np.sum(w)))


def _q_generalised(tau2, y, v):
    w = 1 / (v + tau2)
    mean = np.sum(w * y) / np.sum(w)
    return np.sum(w * (y - mean) ** 2)


def _tau2_pm(y, v):
    df = len(y) - 1
    if _q_generalised(0.0, y, v) <= df:
        return 0.0
    high = max(np.var(y), 1e-8)
    while _q_generalised(high, y, v) > df:
        high *= 2
    return optimize.brentq(lambda t: _q_generalised(t, y, v) - df, 0.0, high, xtol=1e-12, rtol=1e-12)


def _tau2_reml(y, v, tolerance=1e-10, max_iterations=200):
    """REML tau^2 by Fisher scoring, started at the DerSimonian-Laird value.

    Full Fisher steps can overshoot and oscillate without converging (for instance
    ``yi = [0, 1, 1, 1, 1]``, ``vi = [0.125, 1, 1, 1, 1]``); the remedy metafor documents
    is a step adjustment (``control = list(stepadj = 0.5)``), tried here in turn. The
    adjustment changes the path, not the maximum it reaches. Where scoring still creeps
    (far from the maximum its steps can be tiny), the maximum on tau^2 >= 0 is found
    directly, as the root of the likelihood's score.
    """
    for step_adjustment in (1.0, 0.5, 0.25):
        tau2 = _tau2_dl(y, v)
        for _ in range(max_iterations):
            w = 1 / (v + tau2)
            sw, sw2, sw3 = np.sum(w), np.sum(w**2), np.sum(w**3)
            mean = np.sum(w * y) / sw
            score = np.sum(w**2 * (y - mean) ** 2) - sw + sw2 / sw
            information = sw2 - 2 * sw3 / sw + (sw2 / sw) ** 2
            new = max(0.0, tau2 + step_adjustment * score / information)
            if abs(new - tau2) < tolerance:
                return new
            tau2 = new
    return _tau2_reml_root(y, v)


def _reml_score(tau2, y, v):
    """The derivative of the restricted log-likelihood in tau^2, times 2 (Viechtbauer 2005)."""
    w = 1 / (v + tau2)
    sw = np.sum(w)
    mean = np.sum(w * y) / sw
    return np.sum(w**2 * (y - mean) ** 2) - sw + np.sum(w**2) / sw


def _tau2_reml_root(y, v):
    """The tau^2 >= 0 where the restricted likelihood stops rising: 0 when it falls from the
    start, else the root of its score, bracketed by doubling and found by Brent's method."""
    if _reml_score(0.0, y, v) <= 0:
        return 0.0
    upper = max(np.var(y), np.max(v), 1e-8)
    while _reml_score(upper, y, v) > 0:
        upper *= 2
    return optimize.brentq(_reml_score, 0.0, upper, args=(y, v), xtol=1e-15, rtol=1e-14)


_TAU2 = {"REML": _tau2_reml, "DL": _tau2_dl, "PM": _tau2_pm}


def random_effects(yi, vi, method: str = "REML", hksj: bool = False, level: float = 0.95) -> Pooled:
    """Pool effects ``yi`` with sampling variances ``vi`` under a random-effects model.

    The weights are 1 / (vi + tau^2); the CI is normal-based, or t on k - 1 df with HKSJ; the
    prediction interval takes t on k - 2 df (Cochrane Handbook 10.10.4.3).

    Parameters
    ----------
    yi : array_like
        The effects on the analysis scale (log for RR and OR), as in the ``yi`` column of
        :func:`evsynth.synthesis.effects.effect_sizes`; at least two.
    vi : array_like
        Their sampling variances (the ``vi`` column), all positive.
    method : {"REML", "DL", "PM"}, default "REML"
        The tau^2 estimator: restricted maximum likelihood, DerSimonian-Laird or
        Paule-Mandel.
    hksj : bool, default False
        Hartung-Knapp-Sidik-Jonkman: the CI uses t on k - 1 df and a weighted residual SE.
    level : float, default 0.95
        Coverage of the confidence and prediction intervals.

    Returns
    -------
    Pooled
        Estimate, SE, confidence and prediction intervals on the analysis scale, with
        tau^2, I^2 (percent), Cochran's Q and its p (:class:`Pooled`).

    Raises
    ------
    ValueError
        With fewer than two effects.

    References
    ----------
    .. [1] Viechtbauer, W. (2005). Bias and efficiency of meta-analytic variance estimators
       in the random-effects model. Journal of Educational and Behavioral Statistics,
       30(3), 261-293.
    .. [2] DerSimonian, R., & Laird, N. (1986). Meta-analysis in clinical trials.
       Controlled Clinical Trials, 7(3), 177-188.
    .. [3] Paule, R. C., & Mandel, J. (1982). Consensus values and weighting factors.
       Journal of Research of the National Bureau of Standards, 87(5), 377-385.
    .. [4] IntHout, J., Ioannidis, J. P. A., & Borm, G. F. (2014). The Hartung-Knapp-Sidik-
       Jonkman method for random effects meta-analysis is straightforward and considerably
       outperforms the standard DerSimonian-Laird method. BMC Medical Research
       Methodology, 14, 25.
    .. [5] Higgins, J. P. T., et al. (Eds.) (2023). Cochrane Handbook for Systematic Reviews
       of Interventions, version 6.4, section 10.10.4.3 (prediction intervals).

    Examples
    --------
    The BCG trials' log risk ratios (metafor: ``rma(yi, vi, data = dat.bcg...)``
    gives tau^2 = 0.3132 by REML):

    >>> from evsynth.synthesis.effects import binary_two_group
    >>> a = [4, 6, 3, 62, 33, 180, 8, 505, 29, 17, 186, 5, 27]
    >>> n1 = [123, 306, 231, 13598, 5069, 1541, 2545, 88391, 7499, 1716, 50634, 2498, 16913]
    >>> c = [11, 29, 11, 248, 47, 372, 10, 499, 45, 65, 141, 3, 29]
    >>> n2 = [139, 303, 220, 12867, 5808, 1451, 629, 88391, 7277, 1665, 27338, 2341, 17854]
    >>> yi, vi = binary_two_group(a, n1, c, n2)["RR"]
    >>> round(random_effects(yi, vi).tau2, 4)
    0.3132

    With HKSJ: ``dat <- escalc(measure = "RR", ai = tpos, bi = tneg, ci = cpos, di = cneg,
    data = dat.bcg); fit <- rma(yi, vi, data = dat, test = "knha")`` gives RR 0.4894
    [0.3301, 0.7257], I^2 = 92.22% and Q = 152.233; the prediction interval
    ``exp(fit$b + c(-1, 1) * qt(0.975, fit$k - 2) * sqrt(fit$tau2 + fit$se^2))`` is
    [0.1341, 1.7860]:

    >>> fit = random_effects(yi, vi, hksj=True)
    >>> [round(float(np.exp(v)), 4) for v in (fit.estimate, fit.ci_low, fit.ci_high, fit.pi_low, fit.pi_high)]
    [0.4894, 0.3301, 0.7257, 0.1341, 1.786]
    >>> round(fit.i2, 2), round(fit.q, 3)
    (92.22, 152.233)
    """
    y, v = np.asarray(yi, dtype=float), np.asarray(vi, dtype=float)
    k = len(y)
    if k < 2:
        raise ValueError(f"pooling needs at least 2 effects, got {k}")
    w_fixed = 1 / v
    fixed_mean = np.sum(w_fixed * y) / np.sum(w_fixed)
    q = float(np.sum(w_fixed * (y - fixed_mean) ** 2))
    tau2 = float(_TAU2[method](y, v))
    w = 1 / (v + tau2)
    estimate = float(np.sum(w * y) / np.sum(w))
    if hksj:
        se = float(np.sqrt(np.sum(w * (y - estimate) ** 2) / ((k - 1) * np.sum(w))))
        critical = stats.t.isf((1 - level) / 2, k - 1)
    else:
        se = float(np.sqrt(1 / np.sum(w)))
        critical = stats.norm.isf((1 - level) / 2)
    typical = (k - 1) * np.sum(w_fixed) / (np.sum(w_fixed) ** 2 - np.sum(w_fixed**2))
    half_pi = stats.t.isf((1 - level) / 2, k - 2) * np.sqrt(tau2 + se**2) if k >= 3 else np.nan
    return Pooled(
        method=method, hksj=hksj, k=k, estimate=estimate, se=se,
        ci_low=estimate - critical * se, ci_high=estimate + critical * se,
        pi_low=estimate - half_pi, pi_high=estimate + half_pi,
        tau2=tau2, i2=float(100 * tau2 / (tau2 + typical)), q=q, q_p=float(stats.chi2.sf(q, k - 1)),
    )


def pool(effects: pd.DataFrame, binary_measure: str = "RR", continuous_measure: str = "SMD",
         tau2_method: str = "REML", hksj: bool = False,
         pool_uncontrolled: bool = False) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Pool wherever at least two studies share a domain, a design group and a measure.

    Only estimates are pooled (basis counts, summary statistics or reconstructed
    counts), one per study (its first listed outcome); bounds and directions never
    are. One-group before/after designs are not pooled unless ``pool_uncontrolled``:
    without a control group their change from baseline is not an effect of the
    intervention.

    Each set is pooled by every tau^2 estimator (:data:`METHODS`), with and without the HKSJ
    adjustment where ``hksj``: the row the parameters choose is the one the book reports,
    the others are sensitivity analyses.

    Parameters
    ----------
    effects : DataFrame
        :func:`evsynth.synthesis.effects.effect_sizes` of a validated extraction table; its
        ``outcome_domain``, ``design_group``, ``study_id``, ``measure``, ``basis``, ``yi``,
        ``vi`` and ``direction`` are read.
    binary_measure : {"RR", "OR", "RD"}, default "RR"
        The measure two-group binary outcomes are pooled on
        (:data:`evsynth.vocabulary.BINARY_MEASURES`).
    continuous_measure : {"SMD", "MD"}, default "SMD"
        The measure two-group continuous outcomes are pooled on
        (:data:`evsynth.vocabulary.CONTINUOUS_MEASURES`). One-group before/after outcomes are
        pooled on ``paired_RD`` (binary) or ``SMCC`` (continuous).
    tau2_method : {"REML", "DL", "PM"}, default "REML"
        The tau^2 estimator of the chosen row (see :func:`random_effects`).
    hksj : bool, default False
        Whether the chosen row uses the Hartung-Knapp-Sidik-Jonkman adjustment; if True,
        every estimator is also pooled with it.
    pool_uncontrolled : bool, default False
        Pool one-group before/after (``one_group_pre_post``) designs too.

    Returns
    -------
    pooled : DataFrame
        :data:`POOLED_COLUMNS` (ratio measures exponentiated, ``i2`` in percent), one row
        per pooled set x estimator (x HKSJ or not, where ``hksj``); ``chosen`` marks the
        row with ``method == tau2_method`` and ``hksj == hksj``.
    decisions : DataFrame
        ``outcome_domain, design_group, measure, k, pooled, reason``: why each set was
        or was not pooled, as notes (JSON text, :mod:`evsynth.notes`).

    References
    ----------
    .. [1] Viechtbauer, W. (2005). Bias and efficiency of meta-analytic variance estimators
       in the random-effects model. Journal of Educational and Behavioral Statistics,
       30(3), 261-293.
    .. [2] IntHout, J., Ioannidis, J. P. A., & Borm, G. F. (2014). The Hartung-Knapp-Sidik-
       Jonkman method for random effects meta-analysis is straightforward and considerably
       outperforms the standard DerSimonian-Laird method. BMC Medical Research
       Methodology, 14, 25.
    .. [3] Higgins, J. P. T., et al. (Eds.) (2023). Cochrane Handbook for Systematic Reviews
       of Interventions, version 6.4, section 10.10.4.3 (prediction intervals).

    Examples
    --------
    The first six BCG trials on the risk ratio, REML with HKSJ. metafor's
    ``dat <- escalc(measure = "RR", ai = tpos, bi = tneg, ci = cpos, di = cneg, data = dat.bcg);
    fit <- rma(yi, vi, data = dat, subset = 1:6, test = "knha", control = list(threshold = 1e-12))``
    gives RR 0.3724 [0.2125, 0.6527], tau^2 = 0.2237, I^2 = 84.1552% and Q = 28.5126; the
    prediction interval ``exp(fit$b + c(-1, 1) * qt(0.975, fit$k - 2) * sqrt(fit$tau2 + fit$se^2))``
    is [0.0877, 1.5818]:

    >>> from evsynth.synthesis.effects import effect_sizes
    >>> trials = pd.DataFrame({
    ...     "study_id": ["aronson1948", "ferguson1949", "rosenthal1960", "hart1977", "frimodtmoller1973", "stein1953"],
    ...     "events_1": [4, 6, 3, 62, 33, 180], "n_1": [123, 306, 231, 13598, 5069, 1541],
    ...     "events_2": [11, 29, 11, 248, 47, 372], "n_2": [139, 303, 220, 12867, 5808, 1451]})
    >>> trials = trials.assign(outcome_id="tb", outcome_domain="tuberculosis", design="randomised_two_group",
    ...                        outcome_type="binary", higher_is_better=False)
    >>> pooled, decisions = pool(effect_sizes(trials), hksj=True)
    >>> len(pooled), int(pooled["chosen"].sum())  # REML, DL and PM, each without and with HKSJ
    (6, 1)
    >>> chosen = pooled[pooled["chosen"]].round(4)
    >>> print(chosen[["measure", "method", "hksj", "k", "estimate", "ci_low", "ci_high"]].to_string(index=False))
    measure method  hksj  k  estimate  ci_low  ci_high
         RR   REML  True  6    0.3724  0.2125   0.6527
    >>> print(chosen[["pi_low", "pi_high", "tau2", "i2", "q"]].to_string(index=False))
     pi_low  pi_high   tau2      i2       q
     0.0877   1.5818 0.2237 84.1552 28.5126
    >>> print(decisions[["design_group", "measure", "k", "pooled"]].to_string(index=False))
    design_group measure  k  pooled
      controlled      RR  6    True
    """
    pooled, decisions = [], []
    for (domain, group), rows in effects.groupby(["outcome_domain", "design_group"], sort=False):
        studies = rows["study_id"].nunique()
        if group == UNKNOWN_GROUP:
            decisions.append(_decision(domain, group, "", 0, False, [("pool.unknown_design", {})]))
            continue
        outcomes = sorted({OUTCOME_OF_MEASURE[m] for m in rows["measure"] if m in OUTCOME_OF_MEASURE})
        measures = [chosen_measure(f"{KIND_PREFIX[group]}_{outcome}", binary_measure, continuous_measure)
                    for outcome in outcomes]
        if not any((rows["measure"] == m).any() and rows.loc[rows["measure"] == m, "basis"].isin(ESTIMABLE).any()
                   for m in measures):
            decisions.append(_decision(domain, group, ", ".join(measures), 0, False,
                                       [("pool.none_estimable", {})]))
            continue
        for measure in measures:
            chosen = rows[(rows["measure"] == measure) & rows["basis"].isin(ESTIMABLE)].drop_duplicates("study_id")
            k = len(chosen)
            # a study is left out for having no events in either group (or events in all), or for the rest
            unpooled = rows[~rows["study_id"].isin(chosen["study_id"])]
            same = {code: unpooled.loc[unpooled["direction"] == code, "study_id"].nunique()
                    for code in ("no_events", "all_events")}
            left_out = [(key, {"studies": n}) for key, n in (("pool.left_out_no_events", same["no_events"]),
                                                              ("pool.left_out_all_events", same["all_events"]),
                                                              ("pool.left_out", studies - k - sum(same.values())))
                        if n]
            if group == "uncontrolled" and not pool_uncontrolled:
                decisions.append(_decision(domain, group, measure, k, False, [("pool.uncontrolled", {})]))
                continue
            if k < 2:
                decisions.append(_decision(domain, group, measure, k, False,
                                           [("pool.too_few", {"studies": k, "measure": measure}), *left_out]))
                continue
            width = {}  # of the chosen method's interval, with and without HKSJ
            for method in METHODS:  # the chosen row, and the others as sensitivity analyses
                for adjusted in ((False, True) if hksj else (False,)):
                    result = random_effects(chosen["yi"], chosen["vi"], method, hksj=adjusted)
                    pooled.append({"outcome_domain": domain, "chosen": method == tau2_method and adjusted == hksj,
                                   **_shown(result, measure)})
                    if method == tau2_method:
                        width[adjusted] = result.ci_high - result.ci_low
            notes = [("pool.done", {"studies": k, "measure": measure}), *left_out]
            if k < 3:
                notes.append(("pool.no_prediction", {}))
            if hksj and width[True] < width[False]:  # Q below its df: the adjustment narrows the interval
                notes.append(("pool.hksj_narrower", {}))
            decisions.append(_decision(domain, group, measure, k, True, notes))
    return (pd.DataFrame(pooled, columns=POOLED_COLUMNS),
            pd.DataFrame(decisions, columns=["outcome_domain", "design_group", "measure", "k", "pooled", "reason"]))


def _shown(result: Pooled, measure: str) -> dict:
    values = asdict(result)
    if measure in RATIO_MEASURES:
        for key in ("estimate", "ci_low", "ci_high", "pi_low", "pi_high"):
            values[key] = float(np.exp(values[key]))
    values["measure"] = measure
    return {key: values[key] for key in POOLED_COLUMNS if key not in ("outcome_domain", "chosen")}


def _decision(domain, group, measure, k, done, notes):
    return {"outcome_domain": domain, "design_group": group, "measure": measure, "k": k, "pooled": done,
            "reason": notes_json(notes)}
