"""Two-sided p-values recomputed from a study's own numbers, vectorised.

Every function takes arrays (or scalars) and returns an array of p-values, so an
audit of thousands of rows runs without a Python loop per row. A table whose test is
undefined (e.g. a zero margin) gives NaN.

The tests live in one module per kind of data, and are all importable from here:
:mod:`evsynth.audit.paired_binary` (McNemar, the paired t-test on 0/1 changes),
:mod:`evsynth.audit.two_group_binary` (Fisher, chi-square, Mann-Whitney on a 2x2 table),
:mod:`evsynth.audit.t_tests` (t-tests from means and SDs) and
:mod:`evsynth.audit.reported_statistic` (the p of a printed test statistic).

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

from evsynth.audit.paired_binary import mcnemar_chi2, mcnemar_exact, paired_binary_t
from evsynth.audit.reported_statistic import p_from_statistic
from evsynth.audit.t_tests import t_paired, t_two_sample
from evsynth.audit.two_group_binary import chi2_2x2, fisher_exact, fisher_one_sided_doubled, mann_whitney_2x2

__all__ = ["chi2_2x2", "fisher_exact", "fisher_one_sided_doubled", "mann_whitney_2x2", "mcnemar_chi2",
           "mcnemar_exact", "p_from_statistic", "paired_binary_t", "t_paired", "t_two_sample"]
