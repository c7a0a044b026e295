"""How many studies, outcomes and participants a review holds, and on what each study's
effect rests: counted once, for every sentence and table that states a count.

References
----------
.. [1] Page, M. J., et al. (2021). The PRISMA 2020 statement: an updated guideline for
   reporting systematic reviews. BMJ, 372, n71 (items 17 and 20b: study characteristics
   and the studies contributing to each synthesis).
"""

from __future__ import annotations

import pandas as pd

from evsynth.inputs.appraisal import ANSWERS
from evsynth.vocabulary import BASIS_RANK, BOUND_FROM_P, DIRECTION_ONLY, ESTIMABLE, NO_DIRECTION, design_group

GROUPS = ("controlled", "uncontrolled", "unknown")
#: On what a study's effect rests, best first: an estimate, a bound, a reported direction, or
#: no effect and no direction (by reason).
FOUNDATIONS = ("estimate", "bound", DIRECTION_ONLY, *NO_DIRECTION)


def _participants(n: pd.Series) -> dict:
    """Studies and participants of a set of studies (``n``: each study's largest ``n_total``);
    the sum is None where any study does not report its number."""
    known = n.dropna()
    return {"studies": int(len(n)), "participants": int(known.sum()) if len(known) == len(n) else None,
            "studies_without_n": int(len(n) - len(known))}


def foundation_of(basis: str, direction: str) -> str:
    """What an effect row rests on (one of :data:`FOUNDATIONS`), or why it has no effect.

    Parameters
    ----------
    basis : str
        The row's basis (:data:`evsynth.vocabulary.BASIS_RANK`).
    direction : str
        Its direction, which says why where there is no estimate.

    Returns
    -------
    str

    Examples
    --------
    >>> foundation_of("reconstructed_counts", "favours_control"), foundation_of("no_estimate", "no_events")
    ('estimate', 'no_events')
    """
    if basis in ESTIMABLE:
        return "estimate"
    return {BOUND_FROM_P: "bound", DIRECTION_ONLY: DIRECTION_ONLY}.get(basis, direction)


def shown_counts(shown: dict) -> dict:
    """How many outcomes, and from how many studies, each foundation holds among the effects
    shown (one per study x outcome), and the measures they are shown on.

    Parameters
    ----------
    shown : dict
        ``{(study_id, outcome_id): effect row}`` (:func:`evsynth.synthesis.effects.shown_effects`).

    Returns
    -------
    dict
        ``outcomes``, ``studies``, ``measures`` (in order of appearance) and ``foundations``:
        ``{foundation: {"outcomes": n, "studies": n}}``.

    Examples
    --------
    >>> rows = {("a", "x"): pd.Series({"basis": "counts", "direction": "favours_control", "measure": "RR"}),
    ...         ("a", "y"): pd.Series({"basis": "no_estimate", "direction": "no_events", "measure": "no_effect"}),
    ...         ("b", "x"): pd.Series({"basis": "counts", "direction": "none", "measure": "RR"})}
    >>> counts = shown_counts(rows)
    >>> counts["foundations"]["estimate"], counts["measures"]
    ({'outcomes': 2, 'studies': 2}, ['RR', 'no_effect'])
    """
    found = {name: set() for name in FOUNDATIONS}
    outcomes = {name: 0 for name in FOUNDATIONS}
    for (study, _), row in shown.items():
        name = foundation_of(row["basis"], row["direction"])
        found[name].add(study)
        outcomes[name] += 1
    return {"outcomes": len(shown), "studies": len({study for study, _ in shown}),
            "measures": list(dict.fromkeys(row["measure"] for row in shown.values())),
            "foundations": {name: {"outcomes": outcomes[name], "studies": len(found[name])} for name in FOUNDATIONS}}


def review_counts(studies: pd.DataFrame, directions: pd.DataFrame) -> dict:
    """The review's counts: studies, outcomes, participants, design groups, foundations of effect.

    Parameters
    ----------
    studies : DataFrame
        The validated extraction table (one row per study x outcome).
    directions : DataFrame
        One direction per study x outcome domain (:func:`evsynth.synthesis.directions.study_directions`).

    Returns
    -------
    dict
        ``studies``, ``outcomes`` (rows: study x outcome), ``outcome_domains``, ``participants``
        (the sum of each study's largest ``n_total``;
        None where a study does not report it) and ``studies_without_n``; ``design_groups``
        (studies per group of :data:`GROUPS`); ``with_co_intervention`` (studies naming one);
        ``foundations`` (studies per :data:`FOUNDATIONS`: what the best-founded of a study's
        rows rests on, or why it has no effect); ``domains``: per outcome domain and design
        group, its ``studies``, ``participants`` and ``studies_without_n``; ``study_n``: each
        study's largest ``n_total`` (None where not reported).

    Examples
    --------
    >>> studies = pd.DataFrame({"study_id": ["a", "a", "b"], "outcome_id": ["x", "y", "x"],
    ...     "outcome_domain": "d", "design": ["one_group_pre_post", "one_group_pre_post", ""],
    ...     "n_total": [30, 28, None]})
    >>> directions = pd.DataFrame({"study_id": ["a", "b"], "outcome_domain": "d",
    ...     "basis": ["counts", "no_estimate"], "direction": ["favours_intervention", "not_reported"]})
    >>> counts = review_counts(studies, directions)
    >>> counts["studies"], counts["participants"], counts["design_groups"]
    (2, None, {'controlled': 0, 'uncontrolled': 1, 'unknown': 1})
    >>> counts["foundations"]["estimate"], counts["foundations"]["not_reported"]
    (1, 1)
    """
    per_study = studies.groupby("study_id", sort=False).agg(design=("design", "first"), n=("n_total", "max"))
    groups = pd.Series(design_group(per_study["design"]), index=per_study.index)
    other = studies.get("co_intervention_en", pd.Series("", index=studies.index)).fillna("").astype(str).str.strip()
    ranked = directions.assign(_rank=directions["basis"].map(BASIS_RANK),
                               _why=directions["direction"].map({r: i for i, r in enumerate(NO_DIRECTION)}).fillna(-1))
    best = ranked.sort_values(["_rank", "_why"], kind="stable").groupby("study_id", sort=False).head(1)
    foundation = [foundation_of(basis, direction) for basis, direction in zip(best["basis"], best["direction"])]
    domains = {}
    for domain, rows in studies.groupby("outcome_domain", sort=False):
        n = rows.groupby("study_id", sort=False)["n_total"].max()
        in_group = pd.Series(design_group(per_study.loc[n.index, "design"]), index=n.index)
        domains[domain] = {group: _participants(n[in_group == group]) for group in GROUPS}
    return {
        "outcomes": int(len(studies)),
        "outcome_domains": int(studies["outcome_domain"].nunique()),
        **_participants(per_study["n"]),
        "design_groups": {group: int((groups == group).sum()) for group in GROUPS},
        "with_co_intervention": int(studies.loc[other != "", "study_id"].nunique()),
        "foundations": {name: foundation.count(name) for name in FOUNDATIONS},
        "domains": domains,
        "study_n": {study: None if pd.isna(n) else int(n) for study, n in per_study["n"].items()},
    }


def appraisal_counts(appraisal: pd.DataFrame) -> dict:
    """The appraisal's studies and its answers, counted.

    Parameters
    ----------
    appraisal : DataFrame
        The JBI appraisal (:func:`evsynth.inputs.appraisal.load_appraisal`): one row per study x item.

    Returns
    -------
    dict
        ``studies`` appraised and ``answers``: ``{answer: rows}`` for every answer of
        :data:`evsynth.inputs.appraisal.ANSWERS`.

    Examples
    --------
    >>> appraisal = pd.DataFrame({"study_id": ["a", "a", "b"], "answer": ["yes", "no", "yes"]})
    >>> appraisal_counts(appraisal)
    {'studies': 2, 'answers': {'yes': 2, 'no': 1, 'unclear': 0, 'not_applicable': 0}}
    """
    return {"studies": int(appraisal["study_id"].nunique()),
            "answers": {answer: int((appraisal["answer"] == answer).sum()) for answer in ANSWERS}}
