"""Random-effects meta-analysis, only where it is valid, and why each set was or was not pooled.

Which sets of effects are pooled: wherever at least two studies share a domain, a design
group and a measure, each set by every tau^2 estimator, and why each set was or was not
pooled. The model itself is :mod:`evsynth.synthesis.random_effects` (:func:`random_effects`,
:class:`Pooled`), its tau^2 estimators are :mod:`evsynth.synthesis.tau2`; both are importable
from here too.

The methods' references are given where each is implemented.
"""

from __future__ import annotations

from dataclasses import asdict

import numpy as np
import pandas as pd

from evsynth.notes import notes_json
from evsynth.parameters import DEFAULTS
from evsynth.synthesis.random_effects import Pooled, random_effects
from evsynth.vocabulary import (
    ALL_EVENTS,
    ESTIMABLE,
    KIND_PREFIX,
    NO_EVENTS,
    OUTCOME_OF_MEASURE,
    RATIO_MEASURES,
    TAU2_METHODS,
    UNKNOWN_GROUP,
    chosen_measure,
)

#: A pooled row: its domain and measure, the tau^2 estimator (``method``), whether the HKSJ
#: adjustment was used, and whether it is the row the run's parameters chose (the one the book
#: reports; the others are sensitivity analyses).
POOLED_COLUMNS = ["outcome_domain", "measure", "method", "hksj", "chosen", "k", "estimate", "ci_low", "ci_high", "pi_low",
                  "pi_high", "tau2", "i2", "q", "q_p"]
METHODS = TAU2_METHODS  # the vocabulary's names; tau2.ESTIMATORS implements each (tested)

__all__ = ["METHODS", "POOLED_COLUMNS", "Pooled", "pool", "random_effects"]


def pool(effects: pd.DataFrame, binary_measure: str = DEFAULTS["binary_measure"],
         continuous_measure: str = DEFAULTS["continuous_measure"],
         tau2_method: str = DEFAULTS["tau2_method"], hksj: bool = DEFAULTS["hksj"],
         pool_uncontrolled: bool = DEFAULTS["pool_uncontrolled"]) -> tuple[pd.DataFrame, pd.DataFrame]:
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
                    for code in (NO_EVENTS, ALL_EVENTS)}
            reasons = [(f"pool.left_out_{code}", n) for code, n in same.items()]
            reasons.append(("pool.left_out", studies - k - sum(same.values())))
            left_out = [(key, {"studies": n}) for key, n in reasons if n]
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
