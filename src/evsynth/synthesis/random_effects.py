"""The random-effects model: one pooled effect, its confidence and prediction intervals,
tau^2, I^2 and Cochran's Q, from the effects and their sampling variances.

tau^2 comes from one of the estimators of :mod:`evsynth.synthesis.tau2`. The
Hartung-Knapp-Sidik-Jonkman adjustment is optional. The prediction interval uses
t on k - 2 degrees of freedom (Cochrane Handbook 10.10.4.3); note that metafor's
``predict`` uses the normal quantile unless ``test = "t"`` or ``"knha"``. I^2 is
metafor's: 100 tau^2 / (tau^2 + s^2), with s^2 the typical within-study variance.

References
----------
.. [1] IntHout, J., Ioannidis, J. P. A., & Borm, G. F. (2014). The Hartung-Knapp-Sidik-
   Jonkman method for random effects meta-analysis is straightforward and considerably
   outperforms the standard DerSimonian-Laird method. BMC Medical Research
   Methodology, 14, 25.
.. [2] Higgins, J. P. T., et al. (Eds.) (2023). Cochrane Handbook for Systematic Reviews
   of Interventions, version 6.4, section 10.10.4.3 (prediction intervals).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import stats

from evsynth.synthesis.tau2 import ESTIMATORS


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
    tau2 = float(ESTIMATORS[method](y, v))
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
