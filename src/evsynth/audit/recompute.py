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
    b, c = _arrays(improved, worsened)
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
    b, c = _arrays(improved, worsened)
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
    a, n1, c, n2 = _arrays(events_1, n_1, events_2, n_2)
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
    """Student's (pooled) or Welch's t-test from summary statistics.

    Parameters
    ----------
    mean_1, sd_1, n_1 : array_like
        Mean, SD and size of group 1, the intervention group (the extraction table's
        ``mean_1``, ``sd_1``, ``n_1``).
    mean_2, sd_2, n_2 : array_like
        The same for group 2, the control group.
    equal_var : bool, default True
        Student's test with the pooled variance on ``n_1 + n_2 - 2`` df; False for
        Welch's test with the Welch-Satterthwaite df.

    Returns
    -------
    ndarray of float
        Two-sided p of the difference in means; NaN where its standard error is 0.

    References
    ----------
    .. [1] Student (1908). The probable error of a mean. Biometrika, 6(1), 1-25.
    .. [2] Welch, B. L. (1947). The generalization of "Student's" problem when several
       different population variances are involved. Biometrika, 34(1-2), 28-35.

    Examples
    --------
    R's ``sleep`` data (Student 1908) taken as two independent groups, as in R's help
    for ``t.test``; ``t.test(extra ~ group, data = sleep, var.equal = TRUE)$p.value`` is
    0.0791867 and Welch's 0.0793941:

    >>> import numpy as np
    >>> drug_1 = np.array([0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0])
    >>> drug_2 = np.array([1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4])
    >>> summaries = (drug_2.mean(), drug_2.std(ddof=1), 10, drug_1.mean(), drug_1.std(ddof=1), 10)
    >>> round(float(t_two_sample(*summaries)), 7), round(float(t_two_sample(*summaries, equal_var=False)), 7)
    (0.0791867, 0.0793941)
    """
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
    """Paired t-test from the mean and SD of the within-person change.

    Parameters
    ----------
    mean_change, sd_change : array_like
        Mean and SD of the within-person change (the extraction table's ``mean_change``
        and ``sd_change``).
    n : array_like
        Participants analysed (``n_total``).

    Returns
    -------
    ndarray of float
        Two-sided p of ``mean_change / (sd_change / sqrt(n))`` on ``n - 1`` df; NaN where
        ``sd_change`` is 0 or ``n`` is 1 or less.

    References
    ----------
    .. [1] Student (1908). The probable error of a mean. Biometrika, 6(1), 1-25.

    Examples
    --------
    R's ``sleep`` data as the paired design it is; R's paired ``t.test`` gives
    p = 0.002833 (t = 4.0621, df = 9):

    >>> import numpy as np
    >>> drug_1 = np.array([0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0])
    >>> drug_2 = np.array([1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4])
    >>> change = drug_2 - drug_1
    >>> round(float(t_paired(change.mean(), change.std(ddof=1), 10)), 6)
    0.002833
    """
    m, s, n = _arrays(mean_change, sd_change, n)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):  # inf: a p of 0, judged as such
        t = m / (s / np.sqrt(n))
    return np.where((s > 0) & (n > 1), 2 * stats.t.sf(np.abs(t), n - 1), np.nan)


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
