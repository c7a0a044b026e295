"""Estimators of the between-study variance tau^2 of a random-effects model.

REML (the default, by Fisher scoring as metafor does), DerSimonian-Laird (truncated at 0)
and Paule-Mandel. statsmodels' ``combine_effects`` offers no REML and leaves the DL
estimate untruncated, so the estimators are implemented here, each a few lines, and
checked against metafor. :data:`ESTIMATORS` maps each name to its function of the
effects ``y`` and their sampling variances ``v``.

References
----------
.. [1] Viechtbauer, W. (2005). Bias and efficiency of meta-analytic variance estimators
   in the random-effects model. Journal of Educational and Behavioral Statistics,
   30(3), 261-293.
.. [2] DerSimonian, R., & Laird, N. (1986). Meta-analysis in clinical trials.
   Controlled Clinical Trials, 7(3), 177-188.
.. [3] Paule, R. C., & Mandel, J. (1982). Consensus values and weighting factors.
   Journal of Research of the National Bureau of Standards, 87(5), 377-385.
"""

from __future__ import annotations

import numpy as np
from scipy import optimize


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


#: The tau^2 estimators by name, the book's default first: REML, DL and PM.
ESTIMATORS = {"REML": _tau2_reml, "DL": _tau2_dl, "PM": _tau2_pm}
