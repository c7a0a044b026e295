"""Stage 2a, audit: every printed p-value recomputed from the study's own numbers and judged.

``recheck`` decides, row by row, which test to recompute and on what assumption;
``recompute`` holds the tests themselves (McNemar, Fisher, chi-square, Mann-Whitney on a
2x2 table, t-tests), and ``verdict`` judges a recomputed p against the printed one.
"""

from evsynth.audit.recheck import audit

__all__ = ["audit"]
