"""Tests of a before/after yes/no outcome, recomputed from its discordant pairs.

A one-group study that counts who moved into the favourable category (``improved``) and
who moved out of it (``worsened``) gives the whole before-by-after 2x2 table the tests
need: McNemar's test, exact or asymptotic, and the paired t-test on 0/1 changes. Every
function takes arrays (or scalars) and returns an array of p-values.

References
----------
.. [1] Agresti, A. (2013). Categorical Data Analysis (3rd ed.). Wiley. Section 11.1
   (McNemar's test).
.. [2] IBM SPSS Statistics Command Syntax Reference, NPAR TESTS: the McNemar
   subcommand uses the binomial distribution when fewer than 25 pairs change.
.. [3] R Core Team. ``mcnemar.test`` (stats package): the continuity correction used
   here follows its definition.
"""

from __future__ import annotations

import numpy as np
from scipy import stats


def mcnemar_exact(improved, worsened):
    """Exact McNemar test: a two-sided binomial test of ``improved`` among the discordant pairs.

    The variant SPSS reports when fewer than 25 pairs change.

    Parameters
    ----------
    improved : array_like
        Discordant pairs that moved into the favourable category (the extraction table's
        ``improved``; *b* of the before-by-after 2x2 table).
    worsened : array_like
        Discordant pairs that moved out of it (``worsened``; *c*).

    Returns
    -------
    ndarray of float
        Two-sided p, ``min(1, 2 P(X <= min(b, c)))`` for X ~ Binomial(b + c, 1/2); 1 where
        no pair changed. Broadcast over the inputs (0-d for scalars).

    References
    ----------
    .. [1] McNemar, Q. (1947). Note on the sampling error of the difference between
       correlated proportions or percentages. Psychometrika, 12(2), 153-157.
    .. [2] Agresti, A. (2013). Categorical Data Analysis (3rd ed.). Wiley. Section 11.1.

    Examples
    --------
    12 pairs improved and 2 worsened; R's ``binom.test(12, 14)$p.value`` is 0.012939453125:

    >>> float(mcnemar_exact(12, 2))
    0.012939453125

    Several rows at once (R: ``binom.test(7, 7)`` gives 0.015625), one with no change:

    >>> mcnemar_exact([12, 7, 0], [2, 0, 0]).tolist()
    [0.012939453125, 0.015625, 1.0]
    """
    b, c = (np.asarray(v, dtype=float) for v in (improved, worsened))
    n = b + c
    p = 2 * stats.binom.cdf(np.minimum(b, c), n, 0.5)
    return np.where(n > 0, np.minimum(p, 1.0), 1.0)


def mcnemar_chi2(improved, worsened, correction: bool = True):
    """Asymptotic McNemar test, optionally with Edwards' continuity correction.

    As in R's ``mcnemar.test``, the correction is applied only when the two
    discordant counts differ. SPSS reports the corrected test from 25 changed pairs on.

    Parameters
    ----------
    improved : array_like
        Discordant pairs that moved into the favourable category (the extraction table's
        ``improved``; *b* of the before-by-after 2x2 table).
    worsened : array_like
        Discordant pairs that moved out of it (``worsened``; *c*).
    correction : bool, default True
        Subtract 1 from ``|b - c|`` before squaring (Edwards' correction).

    Returns
    -------
    ndarray of float
        Two-sided p of the chi-square statistic ``(|b - c| - 1)^2 / (b + c)`` (without the
        1 when uncorrected) on 1 df; NaN where no pair changed.

    References
    ----------
    .. [1] McNemar, Q. (1947). Note on the sampling error of the difference between
       correlated proportions or percentages. Psychometrika, 12(2), 153-157.
    .. [2] Edwards, A. L. (1948). Note on the "correction for continuity" in testing the
       significance of the difference between correlated proportions. Psychometrika,
       13(3), 185-187.

    Examples
    --------
    12 improved, 2 worsened; R's ``mcnemar.test(matrix(c(10, 2, 12, 10), 2))`` gives
    0.01616, and 0.007526 with ``correct = FALSE``:

    >>> round(float(mcnemar_chi2(12, 2)), 6), round(float(mcnemar_chi2(12, 2, correction=False)), 6)
    (0.016157, 0.007526)

    Equal counts are not corrected (R gives 1 too); no change gives no test:

    >>> mcnemar_chi2([5, 0], [5, 0]).tolist()
    [1.0, nan]
    """
    b, c = (np.asarray(v, dtype=float) for v in (improved, worsened))
    n = b + c
    shift = np.where(correction & (b != c), 1.0, 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        statistic = (np.abs(b - c) - shift) ** 2 / n
    return np.where(n > 0, stats.chi2.sf(statistic, 1), np.nan)


def paired_binary_t(improved, worsened, n):
    """Paired t-test on 0/1 outcomes, which the discordant counts determine exactly.

    Each participant's change is +1 (improved), -1 (worsened) or 0, so the mean and SD
    of the changes follow from the two discordant counts and ``n``.

    Parameters
    ----------
    improved : array_like
        Discordant pairs that moved into the favourable category (the extraction table's
        ``improved``; *b* of the before-by-after 2x2 table).
    worsened : array_like
        Discordant pairs that moved out of it (``worsened``; *c*).
    n : array_like
        Participants analysed, i.e. pairs (the extraction table's ``n_total``).

    Returns
    -------
    ndarray of float
        Two-sided p of the one-sample t-test of the changes on ``n - 1`` df; NaN where the
        changes do not vary (all equal, e.g. no discordant pair) or ``n`` is 1.

    References
    ----------
    .. [1] Student (1908). The probable error of a mean. Biometrika, 6(1), 1-25.

    Examples
    --------
    7 improved and 2 worsened out of 30; R's
    ``t.test(c(rep(1, 7), rep(-1, 2), rep(0, 21)))$p.value`` is 0.0960470:

    >>> round(float(paired_binary_t(7, 2, 30)), 7)
    0.096047
    """
    b, c, n = (np.asarray(v, dtype=float) for v in (improved, worsened, n))
    mean = (b - c) / n
    with np.errstate(divide="ignore", invalid="ignore"):
        variance = (b + c - n * mean**2) / (n - 1)
        t = mean / np.sqrt(variance / n)
    return np.where(variance > 0, 2 * stats.t.sf(np.abs(t), n - 1), np.nan)
