"""How the audit's verdicts add up: counted once, for every sentence that states them."""

from __future__ import annotations

import pandas as pd

from evsynth.inputs.printed_p import parse_p
from evsynth.vocabulary import NOT_CHECKABLE, VERDICTS


def audit_counts(consistency: pd.DataFrame) -> dict:
    """The verdicts of an audit, counted over every row and over the rows that print a p.

    Parameters
    ----------
    consistency : DataFrame
        The audit (:func:`evsynth.audit.audit`): at least ``p_reported`` and ``verdict``.

    Returns
    -------
    dict
        ``rows`` and ``reported`` (rows that print a p); ``verdicts`` and ``verdicts_reported``
        (``{verdict: rows}`` over each); ``checked`` (rows whose p could be recomputed);
        ``zero_printed`` (p printed as zero, such as "0.000") and ``zero_printed_not_checkable``.

    Examples
    --------
    >>> consistency = pd.DataFrame({"p_reported": ["0.000", "0.016", ""],
    ...     "verdict": ["not_checkable", "consistent", "not_checkable"]})
    >>> counts = audit_counts(consistency)
    >>> counts["reported"], counts["verdicts_reported"]["not_checkable"], counts["verdicts"]["not_checkable"]
    (2, 1, 2)
    >>> counts["zero_printed_not_checkable"], counts["checked"]
    (1, 1)
    """
    printed = consistency["p_reported"].fillna("").astype(str).str.strip() != ""
    zero = parse_p(consistency["p_reported"])["zero_printed"].to_numpy(dtype=bool)
    verdict = consistency["verdict"]
    return {
        "rows": int(len(consistency)),
        "reported": int(printed.sum()),
        "verdicts": {v: int((verdict == v).sum()) for v in VERDICTS},
        "verdicts_reported": {v: int((verdict[printed] == v).sum()) for v in VERDICTS},
        "checked": int((verdict != NOT_CHECKABLE).sum()),
        "zero_printed": int(zero.sum()),
        "zero_printed_not_checkable": int((zero & (verdict == NOT_CHECKABLE).to_numpy()).sum()),
    }
