"""The audit of two-group binary rows: Fisher, Pearson chi-square (with and without Yates)
and the Mann-Whitney U, which on a binary outcome is a test of the 2x2 table, on every
table the row's numbers allow (group sizes a study does not print are reconstructed from
its percentages and total n).
"""

from __future__ import annotations

import numpy as np

from evsynth.audit import recompute
from evsynth.audit.findings import _undefined
from evsynth.inputs.counts import two_group_counts

MANN_WHITNEY_EXACT_UP_TO = 40  # SPSS NPAR TESTS: exact level for 40 or fewer cases


def _two_group_binary(frame, family, rows):
    if frame.empty:
        return
    found = two_group_counts(frame)
    counts = found.tables
    for i in frame.index:
        rows[i].assumptions += found.assumptions[i]
        rows[i].notes += found.notes[i]
        if i in found.unsplittable:
            rows[i].not_checkable = ("audit.no_split", {"n": found.unsplittable[i]})
        if i in found.unsearched:
            rows[i].not_checkable = ("audit.split_too_many", found.unsearched[i])
    named = frame["test_reported"].tolist()

    # every candidate table of every row, tested at once
    owner = [i for i in frame.index for _ in counts[i]]
    a, n1, c, n2 = (np.array([t[j] for i in frame.index for t in counts[i]], dtype=float) for j in range(4))
    variants = {
        "test.fisher": recompute.fisher_exact(a, n1, c, n2),
        "test.chi2": recompute.chi2_2x2(a, n1, c, n2),
        "test.chi2_yates": recompute.chi2_2x2(a, n1, c, n2, correction=True),
        "test.mann_whitney": recompute.mann_whitney_2x2(a, n1, c, n2),
        "test.mann_whitney_cc": recompute.mann_whitney_2x2(a, n1, c, n2, continuity=True),
        "test.mann_whitney_exact": recompute.fisher_one_sided_doubled(a, n1, c, n2),
    }
    variants = {key: v.tolist() for key, v in variants.items()}
    small = ((n1 + n2) <= MANN_WHITNEY_EXACT_UP_TO).tolist()
    first = {}
    for position, i in enumerate(owner):
        first.setdefault(i, position)

    tests = family.loc[frame.index].tolist()
    for k, i in enumerate(frame.index):
        row = rows[i]
        row.kind = "kind.two_group_binary"
        if row.not_checkable:
            continue
        if not counts[i]:
            row.not_checkable = ("audit.no_group_counts", {})
            continue
        test = tests[k]
        if test not in ("fisher", "chi2", "chi2_yates", "mann_whitney", "none"):
            row.not_checkable = ("audit.unsupported_test", {"test": named[k], "kind": "kind.two_group_binary"})
            continue
        at = first[i]
        if test == "mann_whitney":
            row.test = "test.mann_whitney_exact" if small[at] else "test.mann_whitney"
            reason = "assume.spss.mw_small" if small[at] else "assume.spss.mw_large"
            # a rank test recomputed on a 2x2 table assumes the outcome had two values
            row.assumptions += [("assume.binary_outcome", {}), ("assume.spss_variant", {"reason": reason})]
        else:
            row.test = _TWO_BY_TWO_TESTS[test]
            if test == "none":
                row.assumptions.append(("assume.test", {"test": row.test, "kind": "kind.two_group_binary"}))
        row.p = variants[row.test][at]
        row.candidates = variants[row.test][at + 1:at + len(counts[i])]
        row.variants = {key: v[at] for key, v in variants.items() if key != row.test}
        if np.isnan(row.p):
            events, _, others, _ = counts[i][0]
            total = n1[at] + n2[at]
            row.not_checkable = _undefined(row.test, [("why.no_variation", events + others in (0, total))])


_TWO_BY_TWO_TESTS = {"none": "test.fisher", "fisher": "test.fisher", "chi2": "test.chi2",
                     "chi2_yates": "test.chi2_yates"}
