"""Two-sided p-values recomputed from a study's own numbers, vectorised.

Every function takes arrays (or scalars) and returns an array of p-values, so an
audit of thousands of rows runs without a Python loop per row. A table whose test is
undefined (e.g. a zero margin) gives NaN.

References
----------
.. [1] Agresti, A. (2013). Categorical Data Analysis (3rd ed.). Wiley. Sections 3.5
   (Fisher's exact test) and 11.1 (McNemar's test).
.. [2] IBM SPSS Statistics Command Syntax Reference, NPAR TESTS: the McNemar
   subcommand uses the binomial distribution when fewer than 25 pairs change;
   the M-W subcommand computes an exact level for 40 or fewer cases.
.. [3] R Core Team. ``mcnemar.test``, ``fisher.test``, ``chisq.test`` (stats package):
   the continuity corrections used here follow these definitions.

Examples
--------
Liddell's exact McNemar test for 12 vs 2 discordant pairs (Armitage & Berry's
culture-media example):

>>> round(float(mcnemar_exact(12, 2)), 4)
0.0129
"""

from __future__ import annotations

import numpy as np
from scipy import special, stats

_FISHER_RELATIVE_TOLERANCE = 1 + 1e-7  # R's fisher.test: ties in probability count as "as extreme"
# Fisher's test sums every table of a row's support at once up to this width; a wider
# support (a trial of millions) is summed by scipy's search of the two tails instead,
# which never holds the whole support in memory.
_FISHER_ENUMERATED_UP_TO = 100_000
_FISHER_CELLS = 4_000_000  # probabilities held at once while enumerating


def _arrays(*values):
    return [np.asarray(v, dtype=float) for v in values]


def mcnemar_exact(improved, worsened):
    """Exact McNemar test: a two-sided binomial test of ``improved`` among the discordant pairs."""
    b, c = _arrays(improved, worsened)
    n = b + c
    p = 2 * stats.binom.cdf(np.minimum(b, c), n, 0.5)
    return np.where(n > 0, np.minimum(p, 1.0), 1.0)


def mcnemar_chi2(improved, worsened, correction: bool = True):
    """Asymptotic McNemar test, optionally with Edwards' continuity correction.

    As in R's ``mcnemar.test``, the correction is applied only when the two
    discordant counts differ.
    """
    b, c = _arrays(improved, worsened)
    n = b + c
    shift = np.where(correction & (b != c), 1.0, 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        statistic = (np.abs(b - c) - shift) ** 2 / n
    return np.where(n > 0, stats.chi2.sf(statistic, 1), np.nan)


def paired_binary_t(improved, worsened, n):
    """Paired t-test on 0/1 outcomes, which the discordant counts determine exactly."""
    b, c, n = _arrays(improved, worsened, n)
    mean = (b - c) / n
    with np.errstate(divide="ignore", invalid="ignore"):
        variance = (b + c - n * mean**2) / (n - 1)
        t = mean / np.sqrt(variance / n)
    return np.where(variance > 0, 2 * stats.t.sf(np.abs(t), n - 1), np.nan)


def _log_choose(n, k):
    return special.gammaln(n + 1) - special.gammaln(k + 1) - special.gammaln(n - k + 1)


def fisher_exact(events_1, n_1, events_2, n_2, chunk: int = 4096):
    """Fisher's exact test, two-sided by summing tables no more probable than the observed.

    Rows are processed in chunks ordered by the width of their support, so a few
    large tables do not inflate the work for all the others; a support too wide to
    hold goes to scipy's ``fisher_exact``, which gives the same p.

    Examples
    --------
    BCG trial 1 (4/123 vs 11/139), and a trial of two million:

    >>> round(float(fisher_exact(4, 123, 11, 139)), 4), float(fisher_exact(3 * 10**8, 10**9, 2 * 10**8, 10**9))
    (0.1182, 0.0)
    """
    a, n1, c, n2 = _arrays(events_1, n_1, events_2, n_2)
    a, n1, c, n2 = np.broadcast_arrays(a, n1, c, n2)
    k = a + c
    low = np.maximum(0, k - n2)
    high = np.minimum(k, n1)
    width = np.nan_to_num(high - low + 1, nan=1, posinf=1).astype(np.int64)
    log_total = _log_choose(n1 + n2, k)
    log_observed = _log_choose(n1, a) + _log_choose(n2, c) - log_total
    p = np.empty(a.shape)
    wide = width.ravel() > _FISHER_ENUMERATED_UP_TO
    for row in np.flatnonzero(wide):
        e1, m1, e2, m2 = (v.ravel()[row] for v in (a, n1, c, n2))
        p.ravel()[row] = stats.fisher_exact(np.array([[e1, m1 - e1], [e2, m2 - e2]], dtype=np.int64)).pvalue
    order = np.flatnonzero(~wide)[np.argsort(width.ravel()[~wide], kind="stable")]
    start = 0
    while start < order.size:
        # as many rows as fit the budget of probabilities held at once (at least one)
        fitting = int(np.searchsorted(width.ravel()[order[start:]] * np.arange(1, order.size - start + 1),
                                      _FISHER_CELLS, side="right"))
        rows = order[start:start + max(1, min(chunk, fitting))]
        start += rows.size
        x = low.ravel()[rows, None] + np.arange(width.ravel()[rows].max())
        inside = x <= high.ravel()[rows, None]
        n1r, n2r, kr = (v.ravel()[rows, None] for v in (n1, n2, k))
        log_pmf = _log_choose(n1r, x) + _log_choose(n2r, kr - x) - log_total.ravel()[rows, None]
        as_extreme = inside & (log_pmf <= log_observed.ravel()[rows, None] + np.log(_FISHER_RELATIVE_TOLERANCE))
        p.ravel()[rows] = np.where(as_extreme, np.exp(log_pmf), 0.0).sum(axis=1)
    p[np.isnan(a + n1 + c + n2)] = np.nan
    return np.minimum(p, 1.0)


def fisher_one_sided_doubled(events_1, n_1, events_2, n_2):
    """Twice the smaller one-sided hypergeometric tail (capped at 1).

    On a 2x2 table this is the exact permutation test of the Mann-Whitney statistic
    as SPSS reports it for small samples ("Exact Sig. [2*(1-tailed Sig.)]").
    """
    a, n1, c, n2 = _arrays(events_1, n_1, events_2, n_2)
    total, k = n1 + n2, a + c
    lower = stats.hypergeom.cdf(a, total, k, n1)
    upper = stats.hypergeom.sf(a - 1, total, k, n1)
    return np.minimum(1.0, 2 * np.minimum(lower, upper))


def chi2_2x2(events_1, n_1, events_2, n_2, correction: bool = False):
    """Pearson's chi-square test of a 2x2 table, optionally with Yates' correction.

    The correction shrinks |O - E| by at most 0.5, never past zero, as R's
    ``chisq.test`` and scipy's ``chi2_contingency`` do.
    """
    a, n1, c, n2 = _arrays(events_1, n_1, events_2, n_2)
    b, d = n1 - a, n2 - c
    total = n1 + n2
    deviation = np.abs(a * d - b * c) / total
    if correction:
        deviation = deviation - np.minimum(0.5, deviation)
    margins = n1 * n2 * (a + c) * (b + d)
    with np.errstate(divide="ignore", invalid="ignore"):
        statistic = deviation**2 * total**3 / margins
    return np.where(margins > 0, stats.chi2.sf(statistic, 1), np.nan)


def mann_whitney_2x2(events_1, n_1, events_2, n_2, continuity: bool = False):
    """Mann-Whitney U test on a binary outcome, normal approximation with the tie correction.

    A binary outcome has two tied values, so U and its tie-corrected variance follow
    from the 2x2 table alone.
    """
    a, n1, c, n2 = _arrays(events_1, n_1, events_2, n_2)
    total, ones = n1 + n2, a + c
    zeros = total - ones
    u = a * (n2 - c) + 0.5 * (a * c + (n1 - a) * (n2 - c))
    ties = (ones**3 - ones + zeros**3 - zeros) / (total * (total - 1))
    variance = n1 * n2 / 12 * ((total + 1) - ties)
    distance = np.abs(u - n1 * n2 / 2) - (0.5 if continuity else 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.maximum(distance, 0) / np.sqrt(variance)
    return np.where(variance > 0, 2 * stats.norm.sf(z), np.nan)


def t_two_sample(mean_1, sd_1, n_1, mean_2, sd_2, n_2, equal_var: bool = True):
    """Student's (pooled) or Welch's t-test from summary statistics."""
    m1, s1, n1, m2, s2, n2 = _arrays(mean_1, sd_1, n_1, mean_2, sd_2, n_2)
    v1, v2 = s1**2 / n1, s2**2 / n2
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):  # inf: a p of 0, judged as such
        if equal_var:
            df = n1 + n2 - 2
            pooled = ((n1 - 1) * s1**2 + (n2 - 1) * s2**2) / df
            se = np.sqrt(pooled * (1 / n1 + 1 / n2))
        else:
            se = np.sqrt(v1 + v2)
            df = (v1 + v2) ** 2 / (v1**2 / (n1 - 1) + v2**2 / (n2 - 1))
        t = (m1 - m2) / se
    return np.where(se > 0, 2 * stats.t.sf(np.abs(t), df), np.nan)


def t_paired(mean_change, sd_change, n):
    """Paired t-test from the mean and SD of the within-person change."""
    m, s, n = _arrays(mean_change, sd_change, n)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):  # inf: a p of 0, judged as such
        t = m / (s / np.sqrt(n))
    return np.where((s > 0) & (n > 1), 2 * stats.t.sf(np.abs(t), n - 1), np.nan)


def p_from_statistic(kind: str, statistic, df1=None, df2=None):
    """Two-sided p of a reported test statistic, as statcheck recomputes it.

    ``kind`` is ``t``, ``z``, ``r`` (df = n - 2), ``chi2``, ``F`` or ``Q``.
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
