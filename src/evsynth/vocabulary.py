"""The review's vocabularies, each defined once: designs and design groups, outcome types,
directions, kinds of row, effect measures, the bases an effect can rest on and the audit's
verdicts.

Every stage reads these names from here; the words a reader sees for them are in
:mod:`evsynth.book.messages` under the same names (``design_name.<design>``,
``measure.<measure>``, ``basis.<basis>``, ...).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

# --- designs
UNCONTROLLED = "one_group_pre_post"
RANDOMISED = "randomised_two_group"  # the one design GRADE starts at high certainty
DESIGNS = (UNCONTROLLED, "two_group_pre_post", "two_group_post_only", RANDOMISED)
#: A design's group: with a control group or without. A design the table does not give
#: is ``unknown``, never counted among the controlled comparisons.
DESIGN_GROUPS = {UNCONTROLLED: "uncontrolled", **{d: "controlled" for d in DESIGNS if d != UNCONTROLLED}}
UNKNOWN_GROUP = "unknown"
#: How each known design group names its kinds of row (``paired_binary``, ``two_group_continuous``...).
KIND_PREFIX = {"uncontrolled": "paired", "controlled": "two_group"}

# --- outcomes and directions
OUTCOME_TYPES = ("binary", "continuous")
#: Directions a study can report, and an effect can have; ``none`` is no difference (an estimate
#: of exactly zero, or a study's own "no difference"), a tie in the sign test.
FAVOURS_INTERVENTION, FAVOURS_CONTROL, NO_DIFFERENCE = "favours_intervention", "favours_control", "none"
DIRECTIONS = (FAVOURS_INTERVENTION, FAVOURS_CONTROL, NO_DIFFERENCE)
#: Why a row has no direction at all, most informative first: no events in either group, events
#: in everyone of both groups (a ratio is undefined and neither group fares better), numbers that
#: give no effect, or nothing reported. Such a row is left out of the sign test, never counted
#: as "no difference".
NO_EVENTS, ALL_EVENTS, NOT_ESTIMABLE, NOT_REPORTED = "no_events", "all_events", "not_estimable", "not_reported"
NO_DIRECTION = (NO_EVENTS, ALL_EVENTS, NOT_ESTIMABLE, NOT_REPORTED)
#: A study's outcomes in one domain that disagree (see :mod:`evsynth.synthesis.directions`): a tie.
MIXED = "mixed"
#: The two directions that vote in the sign test; ties (``none``, ``mixed``) and rows without
#: direction do not.
VOTING = (FAVOURS_INTERVENTION, FAVOURS_CONTROL)

# --- kinds of row and their measures
#: Risk ratio, odds ratio and risk difference of two groups; the paired risk difference of one
#: group before and after.
RR, OR, RD, PAIRED_RD = "RR", "OR", "RD", "paired_RD"
#: Mean difference and standardised mean difference (Hedges' g) of two groups; mean change and
#: standardised mean change (change-score standardised) of one group.
MD, SMD, MC, SMCC = "MD", "SMD", "MC", "SMCC"
#: What statistics a row's design and outcome type allow, each with its measures in the
#: order effect rows are listed.
KIND_MEASURES = {
    "paired_binary": (PAIRED_RD,),
    "two_group_binary": (RR, OR, RD),
    "paired_continuous": (MC, SMCC),
    "two_group_continuous": (MD, SMD),
}
#: A row with nothing more than a reported direction.
DIRECTION_ONLY_MEASURE = "direction"
#: A row with neither an effect nor a reported direction.
NO_EFFECT_MEASURE = "no_effect"
RATIO_MEASURES = (RR, OR)  # analysed on the log scale
BINARY_MEASURES = (RR, OR, RD)  # what a run may show and pool for two-group binary outcomes
CONTINUOUS_MEASURES = (SMD, MD)  # and for two-group continuous outcomes
#: Estimators of the between-study variance tau^2 a pooled estimate may use (metafor's method=).
TAU2_METHODS = ("REML", "DL", "PM")
#: Paired designs are shown and pooled on one fixed measure each.
PAIRED_MEASURE = {"binary": PAIRED_RD, "continuous": SMCC}
OUTCOME_OF_MEASURE = {m: kind.rsplit("_", 1)[1] for kind, measures in KIND_MEASURES.items() for m in measures}


def null_value(measure: str) -> float:
    """The value of no effect on a measure's shown scale: 1 for a ratio, 0 for a difference.

    >>> null_value("OR"), null_value("SMD")
    (1.0, 0.0)
    """
    return 1.0 if measure in RATIO_MEASURES else 0.0


# --- bases, from best founded to least
#: ``direction_only``: nothing but the direction the study reports; ``no_estimate``: no effect and
#: no reported direction (the row's direction, one of :data:`NO_DIRECTION`, says why).
COUNTS, SUMMARY_STATS, RECONSTRUCTED_COUNTS = "counts", "summary_stats", "reconstructed_counts"
BOUND_FROM_P, DIRECTION_ONLY, NO_ESTIMATE = "bound_from_p", "direction_only", "no_estimate"
BASIS_RANK = {COUNTS: 0, SUMMARY_STATS: 0, RECONSTRUCTED_COUNTS: 1, BOUND_FROM_P: 2, DIRECTION_ONLY: 3, NO_ESTIMATE: 4}
#: Bases that give an estimate with a variance, so the effect can be drawn as a point and pooled.
ESTIMABLE = tuple(basis for basis, rank in BASIS_RANK.items() if rank < 2)

# --- the audit's verdicts on a printed p (see :mod:`evsynth.audit.verdict`)
CONSISTENT, INCONSISTENT = "consistent", "inconsistent"
DECISION_INCONSISTENT, NOT_CHECKABLE = "decision_inconsistent", "not_checkable"
VERDICTS = (CONSISTENT, INCONSISTENT, DECISION_INCONSISTENT, NOT_CHECKABLE)


def design_group(design: pd.Series) -> np.ndarray:
    """``controlled``, ``uncontrolled`` or ``unknown`` for each design.

    >>> design_group(pd.Series(["one_group_pre_post", "two_group_post_only", ""])).tolist()
    ['uncontrolled', 'controlled', 'unknown']
    """
    return design.map(DESIGN_GROUPS).fillna(UNKNOWN_GROUP).to_numpy(dtype=object)


def row_kinds(table: pd.DataFrame) -> pd.Series:
    """Each row's key of :data:`KIND_MEASURES`, or None where its design or outcome type is unknown."""
    group = pd.Series(design_group(table["design"]), index=table.index)
    prefix = group.map(KIND_PREFIX)
    outcome = table["outcome_type"].where(table["outcome_type"].isin(OUTCOME_TYPES))
    kind = prefix + "_" + outcome
    return kind.astype(object).where(kind.notna(), None)


def chosen_measure(kind: str | None, binary_measure: str, continuous_measure: str) -> str:
    """The one measure a kind of row is shown and pooled on: the run's choice for two-group
    comparisons, a fixed paired measure otherwise, ``direction`` where the kind is unknown.

    >>> chosen_measure("two_group_binary", "OR", "SMD"), chosen_measure("paired_continuous", "OR", "SMD")
    ('OR', 'SMCC')
    """
    if kind is None or kind not in KIND_MEASURES:
        return DIRECTION_ONLY_MEASURE
    paired, outcome = kind.startswith("paired"), kind.rsplit("_", 1)[1]
    if paired:
        return PAIRED_MEASURE[outcome]
    return binary_measure if outcome == "binary" else continuous_measure


def value_key(*parts) -> str:
    """The key of a value of the book (:mod:`evsynth.book.values`) from its parts: lower case,
    anything but letters and digits becomes ``_``.

    >>> value_key("audit", "Triansyah2021", "milk adequacy", "p")
    'audit_triansyah2021_milk_adequacy_p'
    """
    return re.sub(r"[^a-z0-9]+", "_", "_".join(str(p) for p in parts).lower()).strip("_")
