"""Synthesis without meta-analysis: the direction of effect per study, and a vote count.

Each study gets one direction per outcome domain. Where a study has several outcomes
in a domain, those with a direction are combined by Boon & Thomson's rule: the direction
shared by at least 70% of them, else ``mixed``. The vote counts directions, never
statistical significance, and is tested with an exact two-sided sign test on the studies
that favour one side. Ties (``none``: no difference; ``mixed``) are left out of the test,
as the sign test leaves out zero differences, and so are studies without a direction (no
events in either group, no usable numbers, nothing reported: see
:data:`evsynth.vocabulary.NO_DIRECTION`); each vote says how many were left out and why.
The smallest p the test can give with the studies it counts is reported beside it,
because with few studies even unanimous results cannot be small.

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

from evsynth.vocabulary import BASIS_RANK, FAVOURS_CONTROL, FAVOURS_INTERVENTION, MIXED, NO_DIRECTION, VOTING

#: A domain's vote: studies, the votes each way, ties, the studies without a direction by
#: reason, the studies the sign test counts, its p and its floor (both None below two studies),
#: and the direction of a domain's only study.
VOTE_KEYS = ("k", "n_favouring_intervention", "n_favouring_control", "n_no_clear_direction",
             *(f"n_{reason}" for reason in NO_DIRECTION), "n_tested", "sign_test_p", "min_attainable_p",
             "only_direction")
AGREEMENT = 0.70  # Boon & Thomson: a direction shared by at least 70% of a study's outcomes
OUTCOME_COLUMNS = ["study_id", "outcome_id", "outcome_domain", "design_group", "basis", "direction", "n_total"]
STUDY_COLUMNS = ["study_id", "outcome_domain", "design_group", "direction", "n_outcomes", "n_total", "basis"]


def outcome_directions(effects: pd.DataFrame) -> pd.DataFrame:
    """One direction per study x outcome, from its best-founded effect row.

    Parameters
    ----------
    effects : DataFrame
        Effect rows as :func:`evsynth.synthesis.effects.effect_sizes` returns them.

    Returns
    -------
    DataFrame
        :data:`OUTCOME_COLUMNS`, one row per input row of the study table: the direction of its
        estimate, else of its bound, else the direction the study reports, else why it has none.

    Examples
    --------
    >>> effects = pd.DataFrame({"row": [0, 0], "study_id": "a", "outcome_id": "o", "outcome_domain": "d",
    ...     "design_group": "controlled", "basis": ["direction_only", "counts"],
    ...     "direction": ["none", "favours_intervention"], "n_total": 40})
    >>> outcome_directions(effects)[["basis", "direction"]].values.tolist()
    [['counts', 'favours_intervention']]
    """
    ranked = effects.assign(_rank=effects["basis"].map(BASIS_RANK))
    best = ranked.sort_values(["row", "_rank"], kind="stable").groupby("row", sort=True).head(1)
    return best[OUTCOME_COLUMNS].reset_index(drop=True)


def _combined(directions: pd.Series) -> str:
    """One study's direction in one domain from its outcomes' directions: the 70% rule among
    those with a direction; where none has one, the most informative reason why not."""
    directed = directions[~directions.isin(NO_DIRECTION)]
    if directed.empty:
        return min(directions, key=NO_DIRECTION.index)
    shares = directed.value_counts(normalize=True, sort=False)
    return shares.idxmax() if shares.max() >= AGREEMENT else MIXED


def study_directions(effects: pd.DataFrame) -> pd.DataFrame:
    """One direction per study x outcome domain, several outcomes combined by the 70% rule.

    Parameters
    ----------
    effects : DataFrame
        Effect rows as :func:`evsynth.synthesis.effects.effect_sizes` returns them.

    Returns
    -------
    DataFrame
        :data:`STUDY_COLUMNS`: the study's ``direction`` (one of
        :data:`evsynth.vocabulary.DIRECTIONS`, ``mixed``, or a reason of
        :data:`evsynth.vocabulary.NO_DIRECTION`), its number of outcomes in the domain, its
        largest ``n_total`` and the best basis among its outcomes there.

    Examples
    --------
    Three outcomes of one study, two favouring the intervention (67%, below 70%), and one
    with no events in either group, which has no direction and does not count:

    >>> effects = pd.DataFrame({"row": [0, 1, 2, 3], "study_id": "a", "outcome_id": list("wxyz"),
    ...     "outcome_domain": "d", "design_group": "controlled", "basis": "counts", "n_total": 40,
    ...     "direction": ["favours_intervention", "favours_intervention", "favours_control", "no_events"]})
    >>> study_directions(effects)[["direction", "n_outcomes"]].values.tolist()
    [['mixed', 4]]
    """
    per_outcome = outcome_directions(effects)
    keys = ["outcome_domain", "study_id"]
    ranked = per_outcome.assign(_rank=per_outcome["basis"].map(BASIS_RANK))
    summary = ranked.sort_values("_rank", kind="stable").groupby(keys, sort=False).agg(
        design_group=("design_group", "first"), n_outcomes=("direction", "size"), n_total=("n_total", "max"),
        basis=("basis", "first"))
    summary["direction"] = per_outcome.groupby(keys, sort=False)["direction"].agg(_combined)
    order = pd.MultiIndex.from_frame(per_outcome[keys].drop_duplicates())
    return summary.reindex(order).reset_index()[STUDY_COLUMNS]


def min_attainable_p(votes):
    """The smallest two-sided sign-test p that ``votes`` studies can give: 2 x 0.5^votes, at most 1.

    Parameters
    ----------
    votes : int or array_like of int
        Studies the sign test counts (those favouring one side).

    Returns
    -------
    ndarray of float

    Examples
    --------
    >>> float(min_attainable_p(6)), float(min_attainable_p(1))
    (0.03125, 1.0)
    """
    return np.minimum(1.0, 2 * 0.5 ** np.asarray(votes, dtype=float))


def vote_count(directions: pd.DataFrame) -> dict[str, dict]:
    """Per outcome domain: the studies, their votes, what was left out and why, and the sign test.

    The exact two-sided sign test counts only the studies that favour one side. With
    p = 0.5 the binomial is symmetric, so its p is twice the smaller tail (at most 1). It is
    run from two such studies on; below that ``sign_test_p`` and ``min_attainable_p`` are None.

    Parameters
    ----------
    directions : DataFrame
        One row per study and domain, as :func:`study_directions` returns them (at least the
        columns ``outcome_domain`` and ``direction``).

    Returns
    -------
    dict
        ``{domain: {key: value}}`` with the keys of :data:`VOTE_KEYS`: ``k`` studies,
        ``n_favouring_intervention``, ``n_favouring_control``, ``n_no_clear_direction`` (ties:
        ``none`` or ``mixed``), ``n_no_events``, ``n_all_events``, ``n_not_estimable``,
        ``n_not_reported`` (no direction, by reason), ``n_tested`` (the studies the sign test
        counts), ``sign_test_p``, ``min_attainable_p`` and ``only_direction`` (the direction of
        the domain's only study; None where there are several).

    References
    ----------
    .. [1] Conover, W. J. (1999). Practical Nonparametric Statistics (3rd ed.), section 3.4
       (the sign test; ties are discarded).

    Examples
    --------
    Nine studies: six favour the intervention, none the control, three had no events in either
    group. The test counts six studies, so p = 2 x 0.5^6 (scipy: ``binomtest(6, 6).pvalue``):

    >>> d = pd.DataFrame({"outcome_domain": ["a"] * 9,
    ...                   "direction": ["favours_intervention"] * 6 + ["no_events"] * 3})
    >>> vote = vote_count(d)["a"]
    >>> vote["k"], vote["n_tested"], vote["n_no_events"], vote["sign_test_p"]
    (9, 6, 3, 0.03125)
    """
    counts = pd.crosstab(directions["outcome_domain"], directions["direction"])
    counts = counts.reindex(index=list(dict.fromkeys(directions["outcome_domain"])), fill_value=0)
    counted = {name: counts[name].to_numpy(dtype=int) if name in counts else np.zeros(len(counts), dtype=int)
               for name in (*VOTING, "none", MIXED, *NO_DIRECTION)}
    n_for, n_against = counted[FAVOURS_INTERVENTION], counted[FAVOURS_CONTROL]
    tested = n_for + n_against
    p = np.minimum(1.0, 2 * stats.binom.cdf(np.minimum(n_for, n_against), tested, 0.5))
    floor = min_attainable_p(tested)
    only = {domain: group.iloc[0] if len(group) == 1 else None
            for domain, group in directions.groupby("outcome_domain", sort=False)["direction"]}
    votes = {}
    for i, domain in enumerate(counts.index):
        run = tested[i] >= 2
        ties = int(counted["none"][i] + counted[MIXED][i])
        values = (int(counts.iloc[i].sum()), int(n_for[i]), int(n_against[i]), ties,
                  *(int(counted[reason][i]) for reason in NO_DIRECTION), int(tested[i]),
                  float(p[i]) if run else None, float(floor[i]) if run else None, only[domain])
        votes[domain] = dict(zip(VOTE_KEYS, values))
    return votes
