"""The audit of continuous rows: Student or Welch t from group summaries, paired t from the
mean and SD of change. A rank test on continuous data cannot be recomputed from summaries.
"""

from __future__ import annotations

import numpy as np

from evsynth.audit import recompute
from evsynth.audit.findings import _undefined
from evsynth.inputs.counts import floats


def _continuous(frame, kind, family, rows):
    if frame.empty:
        return
    paired = (kind.loc[frame.index] == "paired_continuous").to_numpy()
    n = floats(frame, "n_total")
    m, s = floats(frame, "mean_change"), floats(frame, "sd_change")
    groups = [floats(frame, c) for c in ("mean_1", "sd_1", "n_1", "mean_2", "sd_2", "n_2")]
    p_paired = recompute.t_paired(m, s, n)
    p_student = recompute.t_two_sample(*groups, equal_var=True)
    p_welch = recompute.t_two_sample(*groups, equal_var=False)
    have_groups = ~np.isnan(np.vstack(groups)).any(axis=0)
    tests = family.loc[frame.index].to_numpy()
    for k, i in enumerate(frame.index):
        row = rows[i]
        row.kind = "kind.paired_continuous" if paired[k] else "kind.two_group_continuous"
        if tests[k] in ("wilcoxon", "mann_whitney"):
            row.not_checkable = ("audit.rank_test", {"test": frame.at[i, "test_reported"]})
            continue
        if paired[k]:
            if tests[k] not in ("paired_t", "t", "none"):
                row.not_checkable = ("audit.unsupported_test", {"test": frame.at[i, "test_reported"],
                                                                 "kind": row.kind})
                continue
            row.test = "test.paired_t"
            missing = [key for key, v in (("audit.missing.mean_change", m[k]), ("audit.missing.sd_change", s[k]))
                       if np.isnan(v)]
            if missing:
                row.not_checkable = ("audit.missing_summaries", {"test": "test.paired_t", "missing": missing})
                continue
            row.p = float(p_paired[k])
            if np.isnan(row.p):
                row.not_checkable = _undefined(row.test, [("why.no_n", np.isnan(n[k])), ("why.too_few", n[k] <= 1),
                                                          ("why.sd_change_zero", s[k] == 0)])
                continue
        else:
            if tests[k] not in ("t", "welch_t", "none"):
                row.not_checkable = ("audit.unsupported_test", {"test": frame.at[i, "test_reported"],
                                                                 "kind": row.kind})
                continue
            row.test = "test.welch_t" if tests[k] == "welch_t" else "test.student_t"
            if not have_groups[k]:
                row.not_checkable = ("audit.missing_summaries", {"test": row.test,
                                                                 "missing": ["audit.missing.group_summaries"]})
                continue
            row.p = float(p_welch[k] if tests[k] == "welch_t" else p_student[k])
            if np.isnan(row.p):
                n_1, n_2 = groups[2][k], groups[5][k]
                row.not_checkable = _undefined(row.test, [("why.too_few", n_1 + n_2 <= 2 or (
                                                               min(n_1, n_2) < 2 and row.test == "test.welch_t")),
                                                          ("why.sds_zero", groups[1][k] == groups[4][k] == 0)])
                continue
            row.variants = {"test.student_t" if tests[k] == "welch_t" else "test.welch_t":
                            float(p_student[k] if tests[k] == "welch_t" else p_welch[k])}
        if tests[k] == "none":
            row.assumptions.append(("assume.test", {"test": row.test, "kind": row.kind}))
