"""A synthetic extraction table following the data contract, for benchmarks only.

Every kind of row the audit and the synthesis handle appears in fixed shares; the
numbers are random but valid (events within n, and so on). Not data of any review.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from evsynth.inputs import contract


def synthetic_table(rows: int = 10_000, seed: int = 20261129) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    n = rng.integers(20, 200, rows)
    kind = rng.choice(["paired_counts", "paired_margins", "group_counts", "group_pcts", "paired_t", "group_t"],
                      size=rows, p=[0.25, 0.15, 0.25, 0.10, 0.15, 0.10])
    frame = pd.DataFrame({c: pd.Series([pd.NA] * rows, dtype="Int64") for c in contract.COUNTS})
    for c in contract.REALS:
        frame[c] = pd.Series(np.nan, index=frame.index, dtype="Float64")
    for c in (*contract.REQUIRED, *contract.PERCENTS):
        if c not in frame:
            frame[c] = ""
    frame["study_id"] = [f"study{i // 2}" for i in range(rows)]
    frame["outcome_id"] = [f"outcome{i % 2}" for i in range(rows)]
    frame["outcome_domain"] = np.where(np.arange(rows) % 3 == 0, "domain_a", "domain_b")
    frame["n_total"] = n
    frame["higher_is_better"] = True
    frame["p_reported"] = rng.choice(["0,016", "0.000", "< 0.05", "0.04", "0,213"], rows)
    frame["test_reported"] = ""
    frame["direction_reported"] = "favours_intervention"

    paired = np.isin(kind, ["paired_counts", "paired_margins", "paired_t"])
    frame["design"] = np.where(paired, "one_group_pre_post", "two_group_post_only")
    frame["outcome_type"] = np.where(np.isin(kind, ["paired_t", "group_t"]), "continuous", "binary")

    pre = (n * rng.uniform(0.1, 0.5, rows)).astype(int)
    improved = (n - pre) * rng.uniform(0.1, 0.8, rows)
    worsened = pre * rng.uniform(0, 0.2, rows)
    m = kind == "paired_counts"
    frame.loc[m, "events_pre"] = pre[m]
    frame.loc[m, "improved"] = improved[m].astype(int)
    frame.loc[m, "worsened"] = worsened[m].astype(int)
    frame.loc[m, "test_reported"] = "McNemar"
    m = kind == "paired_margins"
    frame.loc[m, "events_pre"] = pre[m]
    frame.loc[m, "events_post"] = pre[m] + improved[m].astype(int)

    n1 = n // 2
    n2 = n - n1
    e1 = (n1 * rng.uniform(0.3, 0.9, rows)).astype(int)
    e2 = (n2 * rng.uniform(0.1, 0.6, rows)).astype(int)
    m = kind == "group_counts"
    frame.loc[m, "n_1"], frame.loc[m, "events_1"] = n1[m], e1[m]
    frame.loc[m, "n_2"], frame.loc[m, "events_2"] = n2[m], e2[m]
    frame.loc[m, "test_reported"] = rng.choice(["Fisher", "chi-square", "Mann-Whitney", ""], m.sum())
    m = kind == "group_pcts"
    frame.loc[m, "pct_1"] = [f"{100 * a / b:.1f}".replace(".", ",") for a, b in zip(e1[m], n1[m])]
    frame.loc[m, "pct_2"] = [f"{100 * a / b:.1f}".replace(".", ",") for a, b in zip(e2[m], n2[m])]
    frame.loc[m, "test_reported"] = "Mann-Whitney"

    m = kind == "paired_t"
    frame.loc[m, "mean_change"] = rng.normal(5, 3, m.sum())
    frame.loc[m, "sd_change"] = rng.uniform(2, 10, m.sum())
    frame.loc[m, "test_reported"] = "paired t-test"
    m = kind == "group_t"
    for column, values in (("mean_1", rng.normal(10, 2, rows)), ("sd_1", rng.uniform(1, 4, rows)),
                           ("mean_2", rng.normal(9, 2, rows)), ("sd_2", rng.uniform(1, 4, rows))):
        frame.loc[m, column] = values[m]
    frame.loc[m, "n_1"], frame.loc[m, "n_2"] = n1[m], n2[m]
    frame.loc[m, "test_reported"] = "t-test"
    return frame
