"""Effect-size formulas, vectorised over arrays: each takes a row's numbers and gives the
effect on its analysis scale with its sampling variance, as metafor's ``escalc`` does
(Viechtbauer 2010); and the t a reported p stands for, from which its standard error follows (Cochrane
Handbook 6.5.2.3). :mod:`evsynth.synthesis.effects` applies them to a study table.

References
----------
.. [1] Viechtbauer, W. (2010). Conducting meta-analyses in R with the metafor package.
   Journal of Statistical Software, 36(3), 1-48.
.. [2] Higgins, J. P. T., et al. (Eds.) (2023). Cochrane Handbook for Systematic Reviews
   of Interventions, version 6.4, section 6.5.2.3 (standard errors from P values).
"""

from __future__ import annotations

import numpy as np
from scipy import special, stats

from evsynth.vocabulary import MC, MD, OR, PAIRED_RD, RD, RR, SMCC, SMD


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
        screened out here: :func:`evsynth.synthesis.effects.effect_sizes` gives it no estimate (``drop00``).

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
        RR: (np.log((a / m1) / (c / m2)), 1 / a - 1 / m1 + 1 / c - 1 / m2),
        OR: (np.log(a * d / (b * c)), 1 / a + 1 / b + 1 / c + 1 / d),
        RD: difference,
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
    return {PAIRED_RD: ((b - c) / n, ((b + c) - (b - c) ** 2 / n) / n**2)}


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
        MD: (m1 - m2, s1**2 / n1 + s2**2 / n2),
        SMD: (g, 1 / n1 + 1 / n2 + g**2 / (2 * (n1 + n2))),
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
    return {MC: (m, s**2 / n), SMCC: (dz, 1 / n + dz**2 / (2 * n))}


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
