"""Stage 2b, synthesis: effect sizes (``effects``), one direction per study and the vote
count (``directions``), random-effects pooling where it is valid (``pooling``), the review's
counts (``counts``), one p-value per row for the albatross plot (``p_values``) and the GRADE
certainty of each outcome domain (``grade``).

:func:`synthesise` runs them all for one review, and returns every decision the book states.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from evsynth.audit import audit
from evsynth.audit.summary import audit_counts
from evsynth.inputs.contract import complete
from evsynth.parameters import DEFAULTS
from evsynth.synthesis.counts import review_counts, shown_counts
from evsynth.synthesis.directions import study_directions, vote_count
from evsynth.synthesis.effects import effect_sizes, shown_effects
from evsynth.synthesis.grade import grade_certainty
from evsynth.synthesis.p_values import study_p_values
from evsynth.synthesis.pooling import pool

#: The fields of :class:`Synthesis` that hold a vote per outcome domain, the primary analysis
#: (the controlled comparisons) first.
VOTE_FIELDS = ("controlled_votes", "votes", "uncontrolled_votes")


@dataclass(frozen=True)
class Synthesis:
    """Everything the synthesis decided for one review: what the figures, tables and sentences state.

    Attributes
    ----------
    effects : DataFrame
        Every effect of every row (:func:`evsynth.synthesis.effects.effect_sizes`): measure,
        estimate and interval, basis, assumptions (notes), direction.
    directions : DataFrame
        One direction per study x outcome domain (:func:`evsynth.synthesis.directions.study_directions`),
        or why it has none.
    votes : dict
        The vote per outcome domain over all studies (:func:`evsynth.synthesis.directions.vote_count`).
    pooled : DataFrame
        Random-effects results (:data:`evsynth.synthesis.pooling.POOLED_COLUMNS`); ``chosen`` marks
        the row the run's parameters chose, the others are sensitivity analyses.
    decisions : DataFrame
        Why each set of studies was or was not pooled.
    controlled_votes : dict
        The vote among controlled comparisons only, the primary synthesis: a change from baseline
        without a control group is not an effect of the intervention.
    uncontrolled_votes : dict
        The one-group studies' changes from baseline, counted apart (never votes for the intervention).
    counts : dict
        Every count the book states: studies, outcomes, participants, design groups and the
        foundation of each study's effect (:func:`evsynth.synthesis.counts.review_counts`); the
        audit's verdicts (``audit``: :func:`evsynth.audit.summary.audit_counts`); ``pooled_sets``;
        the effects shown per study x outcome (``shown``: :func:`evsynth.synthesis.counts.shown_counts`);
        and the p-values (``p_values``: ``points``, ``bounds``, ``paired`` and ``sources``, the
        points per source of :func:`evsynth.synthesis.p_values.study_p_values`).
    p_values : DataFrame
        One two-sided p per study x outcome (:func:`evsynth.synthesis.p_values.study_p_values`).
    certainty : dict
        The GRADE certainty per judged outcome domain (:func:`evsynth.synthesis.grade.grade_certainty`).
    options : dict
        The parameters the synthesis ran with: ``binary_measure``, ``continuous_measure``,
        ``tau2_method``, ``hksj`` and ``pool_uncontrolled``.
    """

    effects: pd.DataFrame
    directions: pd.DataFrame
    votes: dict
    pooled: pd.DataFrame
    decisions: pd.DataFrame
    controlled_votes: dict
    uncontrolled_votes: dict
    counts: dict
    p_values: pd.DataFrame
    certainty: dict
    options: dict

    @property
    def chosen_pooled(self) -> pd.DataFrame:
        """The pooled rows the run's parameters chose: one per pooled domain and measure."""
        return self.pooled[self.pooled["chosen"].astype(bool)]


def synthesise(studies: pd.DataFrame, consistency: pd.DataFrame | None = None, grade: list[dict] | None = None,
               binary_measure: str = DEFAULTS["binary_measure"],
               continuous_measure: str = DEFAULTS["continuous_measure"],
               tau2_method: str = DEFAULTS["tau2_method"], hksj: bool = DEFAULTS["hksj"],
               pool_uncontrolled: bool = DEFAULTS["pool_uncontrolled"]) -> Synthesis:
    """Effects of every row, one direction per study and domain, the sign tests (over all
    studies, and over each design group apart), random-effects pooling wherever it is valid,
    the review's counts, one p per row and the GRADE certainty.

    Parameters
    ----------
    studies : DataFrame
        The validated extraction table (:func:`evsynth.inputs.load_inputs`).
    consistency : DataFrame, optional
        The audit (:func:`evsynth.audit.audit`), whose recomputed p-values the p per row
        prefers; computed here when not given.
    grade : list of dict, optional
        The reviewers' GRADE judgements (``grade.yml``); none: no certainty.
    binary_measure : {"RR", "OR", "RD"}
        The measure two-group binary outcomes are shown and pooled on.
    continuous_measure : {"SMD", "MD"}
        The measure two-group continuous outcomes are shown and pooled on.
    tau2_method : {"REML", "DL", "PM"}
        The tau^2 estimator of the pooled row the book reports.
    hksj : bool
        Whether that row uses the Hartung-Knapp-Sidik-Jonkman adjustment.
    pool_uncontrolled : bool
        Pool one-group before/after designs too (their changes from baseline).

    Returns
    -------
    Synthesis

    Examples
    --------
    Two randomised trials of the BCG vaccine (metafor's ``dat.bcg``, trials 1 and 2), both with
    fewer cases among the vaccinated:

    >>> studies = pd.DataFrame({"study_id": ["aronson1948", "ferguson1949"], "outcome_id": "tb",
    ...     "outcome_domain": "tuberculosis", "design": "randomised_two_group", "outcome_type": "binary",
    ...     "higher_is_better": False, "n_total": [262, 609], "n_1": [123, 306], "events_1": [4, 6],
    ...     "n_2": [139, 303], "events_2": [11, 29]})
    >>> review = synthesise(studies)
    >>> vote = review.controlled_votes["tuberculosis"]
    >>> vote["n_favouring_intervention"], vote["sign_test_p"]
    (2, 0.5)
    >>> review.chosen_pooled[["measure", "method", "k"]].values.tolist()
    [['RR', 'REML', 2]]
    """
    studies = complete(studies)
    if consistency is None:
        consistency = audit(studies)
    effects = effect_sizes(studies)
    directions = study_directions(effects)
    pooled, decisions = pool(effects, binary_measure, continuous_measure, tau2_method, hksj, pool_uncontrolled)
    controlled, uncontrolled = (vote_count(directions[directions["design_group"] == group])
                                for group in ("controlled", "uncontrolled"))
    options = {"binary_measure": binary_measure, "continuous_measure": continuous_measure, "tau2_method": tau2_method,
               "hksj": hksj, "pool_uncontrolled": pool_uncontrolled}
    p_values = study_p_values(studies, consistency, effects)
    counts = {**review_counts(studies, directions), "audit": audit_counts(consistency),
              "pooled_sets": int(decisions["pooled"].sum()),
              "shown": shown_counts(shown_effects(studies, effects, binary_measure, continuous_measure)),
              "p_values": {"points": int(len(p_values)), "bounds": int(p_values["bound"].sum()),
                           "paired": int(p_values["paired"].sum()),
                           "sources": {source: int((p_values["source"] == source).sum())
                                       for source in ("recomputed", "printed", "wald")}}}
    return Synthesis(effects, directions, vote_count(directions), pooled, decisions, controlled, uncontrolled,
                     counts, p_values, grade_certainty(grade, studies), options)
