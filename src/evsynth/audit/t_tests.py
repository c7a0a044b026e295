"""t-tests recomputed from summary statistics: two groups' means and SDs, or a mean change.

Every function takes arrays (or scalars) and returns an array of p-values; NaN where the
standard error is 0.

References
----------
.. [1] R Core Team. ``t.test`` (stats package): Student's and Welch's tests as defined there.
"""

from __future__ import annotations

import numpy as np
from scipy import stats


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
    m1, s1, n1, m2, s2, n2 = (np.asarray(v, dtype=float) for v in (mean_1, sd_1, n_1, mean_2, sd_2, n_2))
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
    m, s, n = (np.asarray(v, dtype=float) for v in (mean_change, sd_change, n))
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):  # inf: a p of 0, judged as such
        t = m / (s / np.sqrt(n))
    return np.where((s > 0) & (n > 1), 2 * stats.t.sf(np.abs(t), n - 1), np.nan)
