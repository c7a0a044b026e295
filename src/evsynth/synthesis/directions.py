"""Synthesis without meta-analysis: the direction of effect per study, and a vote count.

Each study gets one direction per outcome domain. Where a study has several outcomes
in a domain, they are combined by Boon & Thomson's rule: the direction shared by at
least 70% of them, else ``mixed`` (which, like ``none``, does not vote). The vote
counts directions, never statistical significance, and is tested with an exact
two-sided sign test; the smallest p that test can give with that many studies is
reported beside it, because with few studies even unanimous results cannot be small.

References
----------
.. [1] McKenzie, J. E., & Brennan, S. E. (2023). Chapter 12: Synthesizing and presenting
   findings using other methods. In Cochrane Handbook for Systematic Reviews of
   Interventions, version 6.4.
.. [2] Campbell, M., et al. (2020). Synthesis without meta-analysis (SWiM) in systematic
   reviews: reporting guideline. BMJ, 368, l6890.
.. [3] Boon, M. H., & Thomson, H. (2021). The effect direction plot revisited: Application
   of the 2019 Cochrane Handbook guidance on alternative synthesis methods. Research
   Synthesis Methods, 12(1), 29-33.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from evsynth.vocabulary import BASIS_RANK

SYNTHESIS_KEYS = ("k", "n_favouring_intervention", "n_favouring_control", "sign_test_p", "min_attainable_p")
AGREEMENT = 0.70  # Boon & Thomson: a direction shared by at least 70% of a study's outcomes


def outcome_directions(effects: pd.DataFrame) -> pd.DataFrame:
    """One direction per study x outcome: from its best-founded effect row.

    Estimates come before bounds, bounds before a reported direction alone.
    """
    ranked = effects.assign(_rank=effects["basis"].map(BASIS_RANK))
    best = ranked.sort_values(["row", "_rank"], kind="stable").groupby("row", sort=True).head(1)
    return best[["study_id", "outcome_id", "outcome_domain", "design_group", "basis", "direction",
                 "n_total"]].reset_index(drop=True)


def study_directions(effects: pd.DataFrame) -> pd.DataFrame:
    """One direction per study x outcome domain, several outcomes combined by the 70% rule.

    Returns columns ``study_id, outcome_domain, design_group, direction, n_outcomes,
    n_total, basis`` (the best basis among the study's outcomes in the domain).
    """
    per_outcome = outcome_directions(effects)
    keys = ["outcome_domain", "study_id"]
    shares = pd.crosstab([per_outcome["outcome_domain"], per_outcome["study_id"]], per_outcome["direction"],
                         normalize="index")
    leading, share = shares.idxmax(axis=1), shares.max(axis=1)
    order = per_outcome[keys].drop_duplicates()
    best_first = per_outcome.assign(_rank=per_outcome["basis"].map(BASIS_RANK)).sort_values("_rank", kind="stable")
    summary = best_first.groupby(keys, sort=False).agg(
        design_group=("design_group", "first"), n_outcomes=("direction", "size"), n_total=("n_total", "max"),
        basis=("basis", "first"))
    summary = summary.reindex(pd.MultiIndex.from_frame(order))
    summary["direction"] = leading.where(share >= AGREEMENT, "mixed").reindex(summary.index)
    return summary.reset_index()[["study_id", "outcome_domain", "design_group", "direction", "n_outcomes",
                                  "n_total", "basis"]]


def min_attainable_p(votes):
    """The smallest two-sided sign-test p that ``votes`` studies can give: 2 x 0.5^votes, at most 1.

    >>> float(min_attainable_p(6))
    0.03125
    """
    return np.minimum(1.0, 2 * 0.5 ** np.asarray(votes, dtype=float))


def vote_count(directions: pd.DataFrame) -> dict[str, dict]:
    """Per outcome domain: ``k`` studies, the votes each way, the exact sign-test p and its floor.

    With p = 0.5 the binomial is symmetric, so the two-sided exact p is twice the
    smaller tail (at most 1), computed for all domains at once.

    Examples
    --------
    >>> d = pd.DataFrame({"outcome_domain": ["a"] * 6, "direction": ["favours_intervention"] * 6})
    >>> vote_count(d)["a"]
    {'k': 6, 'n_favouring_intervention': 6, 'n_favouring_control': 0, 'sign_test_p': 0.03125, 'min_attainable_p': 0.03125}
    """
    votes = (directions.assign(_for=directions["direction"] == "favours_intervention",
                               _against=directions["direction"] == "favours_control")
             .groupby("outcome_domain", sort=False)[["_for", "_against"]])
    k = votes.size().to_numpy()
    n_for, n_against = (votes.sum()[c].to_numpy(dtype=int) for c in ("_for", "_against"))
    cast = n_for + n_against
    tail = stats.binom.cdf(np.minimum(n_for, n_against), cast, 0.5)
    p = np.where(cast > 0, np.minimum(1.0, 2 * tail), 1.0)
    return {
        domain: dict(zip(SYNTHESIS_KEYS, (int(a), int(b), int(c), float(d), float(e))))
        for domain, a, b, c, d, e in zip(votes.size().index, k, n_for, n_against, p, min_attainable_p(cast))
    }
