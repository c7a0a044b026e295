"""The p-value of a test statistic as a study reports it (t, z, r, chi-square, F, Q).

References
----------
.. [1] Nuijten, M. B., et al. (2016). The prevalence of statistical reporting errors
   in psychology (1985-2013). Behavior Research Methods, 48(4), 1205-1226.
"""

from __future__ import annotations

import numpy as np
from scipy import stats


def p_from_statistic(kind: str, statistic, df1=None, df2=None):
    """Two-sided p of a reported test statistic, as statcheck recomputes it.

    Parameters
    ----------
    kind : {"t", "z", "r", "chi2", "F", "Q"}
        The statistic: t, z, a correlation r (tested as t = r sqrt(df / (1 - r^2))),
        chi-square, F, or Cochran's Q (a chi-square).
    statistic : array_like
        The statistic's value(s) as reported.
    df1 : array_like, optional
        Degrees of freedom: of t, of r (n - 2), of chi-square and Q, or F's numerator.
        Not used for z.
    df2 : array_like, optional
        F's denominator degrees of freedom.

    Returns
    -------
    ndarray or numpy.float64
        Two-sided p for t, z and r; the upper tail for chi-square, Q and F. A NumPy scalar
        for a scalar statistic.

    Raises
    ------
    ValueError
        If ``kind`` is none of the above.

    References
    ----------
    .. [1] Nuijten, M. B., et al. (2016). The prevalence of statistical reporting errors
       in psychology (1985-2013). Behavior Research Methods, 48(4), 1205-1226.

    Examples
    --------
    t(28) = 2.20 and F(1, 28) = 4.20; R's ``2 * pt(2.20, 28, lower.tail = FALSE)`` is
    0.0362255 and ``pf(4.20, 1, 28, lower.tail = FALSE)`` is 0.0498975:

    >>> round(float(p_from_statistic("t", 2.20, 28)), 7), round(float(p_from_statistic("F", 4.20, 1, 28)), 7)
    (0.0362255, 0.0498975)

    z = 1.96 (R: ``2 * pnorm(-1.96)`` is 0.04999579):

    >>> round(float(p_from_statistic("z", 1.96)), 8)
    0.04999579
    """
    x = np.asarray(statistic, dtype=float)
    if kind == "t":
        return 2 * stats.t.sf(np.abs(x), df1)
    if kind == "z":
        return 2 * stats.norm.sf(np.abs(x))
    if kind == "r":
        t = x * np.sqrt(df1 / (1 - x**2))
        return 2 * stats.t.sf(np.abs(t), df1)
    if kind in ("chi2", "Q"):
        return stats.chi2.sf(x, df1)
    if kind == "F":
        return stats.f.sf(x, df1, df2)
    raise ValueError(f"unknown test statistic {kind!r}: expected t, z, r, chi2, F or Q")
