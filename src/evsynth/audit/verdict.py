"""Judge a printed p against a recomputed one, in statcheck's terms.

``consistent``: the recomputed p (or its interval) lies in the interval the print
stands for; ``inconsistent``: it does not; ``decision_inconsistent``: it does not, and
significance at alpha flips. As in statcheck's default (``pEqualAlphaSig = TRUE``), a
p equal to alpha counts as significant. A print such as "p < .06" or "p > .04" says
nothing about significance at .05, so it can be inconsistent but never flips a decision.

References
----------
.. [1] Nuijten, M. B., et al. (2016). The prevalence of statistical reporting errors in
   psychology (1985-2013). Behavior Research Methods, 48(4), 1205-1226.
.. [2] Epskamp, S., & Nuijten, M. B. statcheck: Extract statistics from articles and
   recompute p-values. R package (tests/testthat/test-decisionerror.R documents the
   classification rules reproduced in this project's tests).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from evsynth.parameters import DEFAULTS
from evsynth.vocabulary import CONSISTENT, DECISION_INCONSISTENT, INCONSISTENT, NOT_CHECKABLE
_TOLERANCE = 1e-9  # floating-point slack at the edges of a printed interval


def judge(printed: pd.DataFrame, p, alpha: float = DEFAULTS["alpha"], p_low=None, p_high=None) -> np.ndarray:
    """Verdicts for recomputed p-values against parsed prints, in statcheck's terms.

    Parameters
    ----------
    printed : DataFrame
        The printed p-values (``p_reported`` of the extraction table) parsed by
        :func:`evsynth.inputs.printed_p.parse_p`: columns ``relation``, ``value``, ``low``
        and ``high``, one row per p.
    p : array_like
        The recomputed p-values, one per row of ``printed`` (NaN where none could be
        computed).
    alpha : float, default 0.05
        The significance level; a p equal to alpha counts as significant.
    p_low, p_high : array_like, optional
        An interval for the recomputed p (e.g. from a test statistic printed rounded);
        defaults to ``p`` itself.

    Returns
    -------
    ndarray of object
        One of :data:`evsynth.vocabulary.VERDICTS` per row: ``consistent`` where the recomputed p (or its
        interval) meets the interval the print stands for, else ``decision_inconsistent``
        where significance at ``alpha`` flips and ``inconsistent`` where it does not;
        ``not_checkable`` where p or the printed value is NaN.

    References
    ----------
    .. [1] Nuijten, M. B., et al. (2016). The prevalence of statistical reporting errors in
       psychology (1985-2013). Behavior Research Methods, 48(4), 1205-1226.

    Examples
    --------
    0.015625 is R's ``binom.test(7, 7)$p.value`` (an exact McNemar test, 7 pairs improved and
    none worsened), within "0,016" = [0.0155, 0.0165]. 0.0362255 is R's
    ``2 * pt(2.20, 28, lower.tail = FALSE)``, and "t(28) = 2.20, p = .06" is a decision error
    in statcheck's own tests (``test-decisionerror.R``):

    >>> from evsynth.inputs.printed_p import parse_p
    >>> printed = parse_p(["0,016", "0,015", "= .06", "< .05"])
    >>> judge(printed, [0.015625, 1.1e-6, 0.0362255, np.nan]).tolist()
    ['consistent', 'inconsistent', 'decision_inconsistent', 'not_checkable']
    """
    p = np.asarray(p, dtype=float)
    p_low = p if p_low is None else np.asarray(p_low, dtype=float)
    p_high = p if p_high is None else np.asarray(p_high, dtype=float)
    relation = printed["relation"].to_numpy(dtype=object)
    value = printed["value"].to_numpy(dtype=float)
    low, high = printed["low"].to_numpy(dtype=float), printed["high"].to_numpy(dtype=float)

    exact, below = relation == "=", relation == "<"
    with np.errstate(invalid="ignore"):
        consistent = np.where(
            exact, (p_high >= low - _TOLERANCE) & (p_low <= high + _TOLERANCE),
            np.where(below, p_low <= value + _TOLERANCE, p_high >= value - _TOLERANCE),
        )
        # significance the print claims: 1, 0, or NaN where the print does not say
        claimed = np.where(exact, (value <= alpha).astype(float),
                           np.where(below, np.where(value <= alpha, 1.0, np.nan),
                                    np.where(value >= alpha, 0.0, np.nan)))
        found = (p <= alpha).astype(float)
    flips = ~consistent & ~np.isnan(claimed) & (claimed != found)
    verdict = np.where(consistent, CONSISTENT, np.where(flips, DECISION_INCONSISTENT, INCONSISTENT))
    return np.where(np.isnan(p) | np.isnan(value), NOT_CHECKABLE, verdict).astype(object)
