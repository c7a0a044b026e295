"""Parse p-values exactly as a paper prints them.

A printed p carries more than a number: its relation (``=``, ``<``, ``>``), its
decimal separator and its precision. "0,016" means some p in [0.0155, 0.0165];
"0.000" means p < 0.0005 (a censored value, and a reporting error in statcheck's
sense, since an exact p is never 0); "< 0.05" means p in [0, 0.05].

References
----------
.. [1] Nuijten, M. B., Hartgerink, C. H. J., van Assen, M. A. L. M., Epskamp, S., &
   Wicherts, J. M. (2016). The prevalence of statistical reporting errors in
   psychology (1985-2013). Behavior Research Methods, 48(4), 1205-1226.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

_NUMBER = r"(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][-+]?\d+)?"
_PATTERN = (
    r"^\s*(?:[pP]\s*(?:-?\s*value)?\s*)?"
    r"(?P<relation><=|>=|≤|≥|=|<|>)?\s*"
    rf"(?P<number>{_NUMBER})\s*$"
)
_RELATION = {"<=": "<", "≤": "<", ">=": ">", "≥": ">", "=": "=", "<": "<", ">": ">"}


def parse_p(printed: pd.Series | list | str) -> pd.DataFrame:
    """Parse printed p-values into intervals, vectorised.

    Parameters
    ----------
    printed : Series, list or str
        Each item as printed, e.g. ``"0,016"``, ``"p = .04"``, ``"< 0.001"``; empty
        means not reported.

    Returns
    -------
    DataFrame
        One row per item, same index: ``reported`` (non-empty), ``parsed`` (a
        p-value was recognised), ``relation`` (``=``, ``<`` or ``>``), ``value``
        (the printed number), ``decimals`` (digits after the separator), ``low`` and
        ``high`` (the interval of true p consistent with the print), ``zero_printed``
        (an exact p printed as 0, i.e. censored).

    Examples
    --------
    >>> parse_p(["0,016", "p < .001", "0.000"])[["relation", "low", "high"]]
      relation     low    high
    0        =  0.0155  0.0165
    1        <  0.0000  0.0010
    2        =  0.0000  0.0005
    """
    series = pd.Series([printed] if isinstance(printed, str) else printed, dtype=object)
    text = series.fillna("").astype(str)
    found = text.str.extract(_PATTERN)
    number = found["number"].str.replace(",", ".", regex=False)
    value = pd.to_numeric(number, errors="coerce")
    fraction = number.str.extract(r"\.(\d*)", expand=False)
    has_exponent = number.str.contains(r"[eE]", na=False)
    decimals = fraction.str.len().where(~has_exponent)
    relation = found["relation"].map(_RELATION).where(value.notna())
    relation = relation.fillna("=").where(value.notna())

    half_unit = 0.5 * np.power(10.0, -decimals.fillna(np.inf).astype(float))
    exact = relation == "="
    low = np.where(exact, value - half_unit, np.where(relation == "<", 0.0, value))
    high = np.where(exact, value + half_unit, np.where(relation == "<", value, 1.0))
    out = pd.DataFrame(
        {
            "reported": text.str.strip() != "",
            "parsed": value.notna(),
            "relation": relation,
            "value": value,
            "decimals": decimals.astype("Int64"),
            "low": np.clip(low, 0.0, 1.0),
            "high": np.clip(high, 0.0, 1.0),
            "zero_printed": exact & (value == 0),
        },
        index=series.index,
    )
    out.loc[~out["parsed"], ["low", "high"]] = np.nan
    return out
