"""Stage 2a, audit: every printed p-value recomputed from the study's own numbers and judged.

``recheck`` decides, row by row, which test to recompute and on what assumption (each kind of
row in its own module: ``paired_binary``, ``two_group_binary``, ``continuous``), and
``reasons`` writes the notes that explain its verdict;
``recompute`` holds the tests themselves (McNemar, Fisher, chi-square, Mann-Whitney on a
2x2 table, t-tests), and ``verdict`` judges a recomputed p against the printed one.
"""

from evsynth.audit.recheck import audit

__all__ = ["audit"]
