"""GRADE certainty of each outcome domain's evidence, from the reviewers' ratings
(``data/grade.yml``, validated by :mod:`evsynth.inputs.grade`) and the studies' designs.

The certainty is never written in the file: it is computed here, once, so the table, the
prose and the file cannot disagree.

References
----------
.. [1] Schünemann, H., Brożek, J., Guyatt, G., & Oxman, A. (Eds.) (2013). GRADE handbook,
   sections 5.1 (starting certainty by design) and 5.2 (reasons to rate down).
"""

from __future__ import annotations

import pandas as pd

from evsynth.inputs.grade import DOWNGRADES
from evsynth.vocabulary import RANDOMISED

LEVELS = ("very_low", "low", "moderate", "high")


def certainty(ratings: dict[str, str], randomised: bool) -> str:
    """GRADE certainty: high for randomised evidence, low otherwise, lowered by each rating,
    never below very low.

    Parameters
    ----------
    ratings : dict
        ``{GRADE domain: rating}``, each rating one of :data:`evsynth.inputs.grade.DOWNGRADES`'.
    randomised : bool
        Whether all the evidence comes from randomised trials.

    Returns
    -------
    str
        One of :data:`LEVELS`.

    Examples
    --------
    The GRADE handbook's rule: non-randomised evidence starts low; a very serious risk of bias
    takes two levels, a serious imprecision one, and the certainty cannot go below very low.

    >>> certainty({"risk_of_bias": "very_serious", "imprecision": "serious"}, randomised=False)
    'very_low'
    >>> certainty({"risk_of_bias": "serious", "publication_bias": "undetected"}, randomised=True)
    'moderate'
    """
    start = LEVELS.index("high" if randomised else "low")
    lowered = sum(DOWNGRADES[domain][rating] for domain, rating in ratings.items())
    return LEVELS[max(start - lowered, 0)]


def grade_certainty(grade: list[dict] | None, studies: pd.DataFrame) -> dict[str, dict]:
    """Each judged outcome domain's GRADE certainty, with what it was computed from.

    Parameters
    ----------
    grade : list of dict or None
        The entries of ``grade.yml`` (:func:`evsynth.inputs.grade.load_grade`); None: none given.
    studies : DataFrame
        The validated extraction table, for the designs of each domain's studies.

    Returns
    -------
    dict
        ``{domain: {"randomised": bool, "lowered": {GRADE domain: levels}, "certainty": level}}``:
        whether every study of the domain is randomised (the evidence then starts high), how far
        each rating lowers it, and the certainty (one of :data:`LEVELS`).

    Examples
    --------
    >>> studies = pd.DataFrame({"outcome_domain": ["d", "d"], "design": ["randomised_two_group"] * 2})
    >>> ratings = {domain: {"rating": "not_serious"} for domain in DOWNGRADES}
    >>> ratings["publication_bias"] = {"rating": "undetected"}
    >>> ratings["imprecision"] = {"rating": "serious"}
    >>> grade_certainty([{"domain": "d", **ratings}], studies)["d"]["certainty"]
    'moderate'
    """
    judged = {}
    for entry in grade or []:
        designs = studies.loc[studies["outcome_domain"] == entry["domain"], "design"]
        randomised = bool(len(designs)) and bool((designs == RANDOMISED).all())
        ratings = {domain: entry[domain]["rating"] for domain in DOWNGRADES}
        lowered = {domain: DOWNGRADES[domain][rating] for domain, rating in ratings.items()}
        judged[entry["domain"]] = {"randomised": randomised, "lowered": lowered,
                                   "certainty": certainty(ratings, randomised)}
    return judged
