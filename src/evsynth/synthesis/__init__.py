"""Stage 2b, synthesis: effect sizes (``effects``), one direction per study and the vote
count (``directions``), and random-effects pooling where it is valid (``pooling``).

:func:`synthesise` runs all three for one review.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from evsynth.synthesis.directions import study_directions, vote_count
from evsynth.synthesis.effects import effect_sizes
from evsynth.synthesis.pooling import METHODS, pool


@dataclass(frozen=True)
class Synthesis:
    effects: pd.DataFrame
    directions: pd.DataFrame
    votes: dict
    pooled: pd.DataFrame
    decisions: pd.DataFrame
    #: The vote among controlled comparisons only, the primary synthesis: a change from
    #: baseline without a control group is not an effect of the intervention.
    controlled_votes: dict
    #: The one-group studies' changes from baseline, counted apart (never votes for the intervention).
    uncontrolled_votes: dict


def synthesise(studies: pd.DataFrame, binary_measure: str = "RR", continuous_measure: str = "SMD",
               hksj: bool = False, pool_uncontrolled: bool = False) -> Synthesis:
    """Effects of every row, one direction per study and domain, the sign test (over all
    studies, and over each design group apart), and random-effects pooling (REML, DL and
    PM) wherever it is valid."""
    effects = effect_sizes(studies)
    directions = study_directions(effects)
    pooled, decisions = pool(effects, binary_measure, continuous_measure, METHODS, hksj, pool_uncontrolled)
    controlled, uncontrolled = (vote_count(directions[directions["design_group"] == group])
                                for group in ("controlled", "uncontrolled"))
    return Synthesis(effects, directions, vote_count(directions), pooled, decisions, controlled, uncontrolled)
