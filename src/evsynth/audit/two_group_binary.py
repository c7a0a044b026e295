"""Tests of a two-group yes/no outcome, recomputed from its 2x2 table.

Fisher's exact test, Pearson's chi-square (with or without Yates' correction) and the
Mann-Whitney U on a binary outcome (normal approximation, or exact as twice the smaller
hypergeometric tail), each from the events and size of the two groups. Every function
takes arrays (or scalars) and returns an array of p-values; a table whose test is
undefined (e.g. a zero margin) gives NaN.

References
----------
.. [1] Agresti, A. (2013). Categorical Data Analysis (3rd ed.). Wiley. Section 3.5
   (Fisher's exact test).
.. [2] IBM SPSS Statistics Command Syntax Reference, NPAR TESTS: the M-W subcommand
   computes an exact level for 40 or fewer cases.
.. [3] R Core Team. ``fisher.test``, ``chisq.test`` (stats package): the continuity
   correction used here follows these definitions.
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


def _log_choose(n, k):
    return special.gammaln(n + 1) - special.gammaln(k + 1) - special.gammaln(n - k + 1)


def fisher_exact(events_1, n_1, events_2, n_2, chunk: int = 4096):
    """Fisher's exact test, two-sided by summing tables no more probable than the observed.

    As in R's ``fisher.test``, a table counts as no more probable when its probability
    is at most the observed one times 1 + 1e-7. Rows are processed in chunks ordered by
    the width of their support, so a few large tables do not inflate the work for all
    the others; a support too wide to hold goes to scipy's ``fisher_exact``, which gives
    the same p.

    Parameters
    ----------
    events_1, n_1 : array_like
        Events and size of group 1, the intervention group (the extraction table's
        ``events_1`` and ``n_1``).
    events_2, n_2 : array_like
        Events and size of group 2, the control group (``events_2``, ``n_2``).
    chunk : int, default 4096
        Most rows enumerated together (fewer where their supports are wide).

    Returns
    -------
    ndarray or numpy.float64
        Two-sided p for each 2x2 table (a NumPy scalar for scalar inputs); NaN where any
        count is NaN.

    References
    ----------
    .. [1] Agresti, A. (2013). Categorical Data Analysis (3rd ed.). Wiley. Section 3.5.
    .. [2] R Core Team. ``fisher.test`` (stats package).

    Examples
    --------
    BCG trial 1 (Aronson 1948, in metafor's ``dat.bcg``: tuberculosis in 4 of 123
    vaccinated and 11 of 139 unvaccinated); R's
    ``fisher.test(matrix(c(4, 11, 119, 128), 2))$p.value`` is 0.1182485:

    >>> round(float(fisher_exact(4, 123, 11, 139)), 7)
    0.1182485

    A trial of two million, whose support is summed by scipy:

    >>> float(fisher_exact(3 * 10**8, 10**9, 2 * 10**8, 10**9))
    0.0
    """
    a, n1, c, n2 = (np.asarray(v, dtype=float) for v in (events_1, n_1, events_2, n_2))
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
    as SPSS reports it for small samples ("Exact Sig. [2*(1-tailed Sig.)]"); it differs
    from Fisher's two-sided p, which sums both tails by probability.

    Parameters
    ----------
    events_1, n_1 : array_like
        Events and size of group 1, the intervention group (the extraction table's
        ``events_1`` and ``n_1``).
    events_2, n_2 : array_like
        Events and size of group 2, the control group (``events_2``, ``n_2``).

    Returns
    -------
    ndarray or numpy.float64
        ``min(1, 2 min(P(X <= a), P(X >= a)))`` for ``a = events_1`` and X hypergeometric
        (n_1 drawn from n_1 + n_2 holding events_1 + events_2 events); a NumPy scalar for
        scalar inputs.

    References
    ----------
    .. [1] IBM SPSS Statistics Command Syntax Reference, NPAR TESTS, M-W subcommand:
       an exact level for 40 or fewer cases.

    Examples
    --------
    3 of 10 vs 9 of 12: by hand 2 x 383/8398 = 0.0912122; R's
    ``2 * phyper(3, 12, 10, 10)`` is 0.09121219 (Fisher's p is 0.0836 here):

    >>> round(float(fisher_one_sided_doubled(3, 10, 9, 12)), 7), round(383 / 4199, 7)
    (0.0912122, 0.0912122)
    """
    a, n1, c, n2 = (np.asarray(v, dtype=float) for v in (events_1, n_1, events_2, n_2))
    total, k = n1 + n2, a + c
    lower = stats.hypergeom.cdf(a, total, k, n1)
    upper = stats.hypergeom.sf(a - 1, total, k, n1)
    return np.minimum(1.0, 2 * np.minimum(lower, upper))


def chi2_2x2(events_1, n_1, events_2, n_2, correction: bool = False):
    """Pearson's chi-square test of a 2x2 table, optionally with Yates' correction.

    The correction shrinks |O - E| by at most 0.5, never past zero, as R's
    ``chisq.test`` and scipy's ``chi2_contingency`` do.

    Parameters
    ----------
    events_1, n_1 : array_like
        Events and size of group 1, the intervention group (the extraction table's
        ``events_1`` and ``n_1``).
    events_2, n_2 : array_like
        Events and size of group 2, the control group (``events_2``, ``n_2``).
    correction : bool, default False
        Apply Yates' continuity correction.

    Returns
    -------
    ndarray of float
        p of the chi-square statistic on 1 df; NaN where a row or column total is 0.

    References
    ----------
    .. [1] Pearson, K. (1900). On the criterion that a given system of deviations from
       the probable in the case of a correlated system of variables is such that it can
       be reasonably supposed to have arisen from random sampling. Philosophical
       Magazine, 50(302), 157-175.
    .. [2] Yates, F. (1934). Contingency tables involving small numbers and the chi2
       test. Supplement to the Journal of the Royal Statistical Society, 1(2), 217-235.

    Examples
    --------
    3 of 10 vs 9 of 12; R's ``chisq.test(matrix(c(3, 9, 7, 3), 2), correct = FALSE)``
    gives 0.0347992, and 0.0928149 with Yates' correction:

    >>> round(float(chi2_2x2(3, 10, 9, 12)), 7), round(float(chi2_2x2(3, 10, 9, 12, correction=True)), 7)
    (0.0347992, 0.0928149)
    """
    a, n1, c, n2 = (np.asarray(v, dtype=float) for v in (events_1, n_1, events_2, n_2))
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
    from the 2x2 table alone. SPSS reports this variant above 40 cases.

    Parameters
    ----------
    events_1, n_1 : array_like
        Events and size of group 1, the intervention group (the extraction table's
        ``events_1`` and ``n_1``).
    events_2, n_2 : array_like
        Events and size of group 2, the control group (``events_2``, ``n_2``).
    continuity : bool, default False
        Shrink ``|U - n_1 n_2 / 2|`` by 0.5 (never past 0) before dividing by its SD.

    Returns
    -------
    ndarray of float
        Two-sided normal p of U; NaN where the outcome does not vary (all events or none).

    References
    ----------
    .. [1] Mann, H. B., & Whitney, D. R. (1947). On a test of whether one of two random
       variables is stochastically larger than the other. Annals of Mathematical
       Statistics, 18(1), 50-60.

    Examples
    --------
    3 of 10 vs 9 of 12; R's ``wilcox.test(c(rep(1, 3), rep(0, 7)), c(rep(1, 9), rep(0, 3)),
    exact = FALSE, correct = FALSE)`` gives 0.0391926, and 0.0429731 with ``correct = TRUE``:

    >>> [round(float(mann_whitney_2x2(3, 10, 9, 12, continuity=cc)), 7) for cc in (False, True)]
    [0.0391926, 0.0429731]
    """
    a, n1, c, n2 = (np.asarray(v, dtype=float) for v in (events_1, n_1, events_2, n_2))
    total, ones = n1 + n2, a + c
    zeros = total - ones
    u = a * (n2 - c) + 0.5 * (a * c + (n1 - a) * (n2 - c))
    ties = (ones**3 - ones + zeros**3 - zeros) / (total * (total - 1))
    variance = n1 * n2 / 12 * ((total + 1) - ties)
    distance = np.abs(u - n1 * n2 / 2) - (0.5 if continuity else 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.maximum(distance, 0) / np.sqrt(variance)
    return np.where(variance > 0, 2 * stats.norm.sf(z), np.nan)
