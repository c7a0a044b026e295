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

_NUMBER = r"(?:[0-9]+(?:[.,][0-9]*)?|[.,][0-9]+)(?:[eE][-+]?[0-9]+)?"  # ASCII digits: "٠,٠١" is no p
_PATTERN = (
    r"^\s*(?:[pP]\s*(?:-?\s*value)?\s*)?"
    r"(?P<relation><=|>=|≤|≥|=|<|>)?\s*"
    rf"(?P<number>{_NUMBER})\s*$"
)
# An exponent beyond this many places says nothing more: 10^-400 is already 0 to a float.
_MAX_PLACES = 400
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
        (the printed number), ``decimals`` (the decimal places printed: digits after
        the separator, less the exponent, so "0" has 0 and "1.5e-3" has 4), ``low`` and
        ``high`` (the interval of true p consistent with the print), ``zero_printed``
        (an exact p printed as 0, i.e. censored).

    Examples
    --------
    >>> parse_p(["0,016", "p < .001", "0.000"])[["relation", "low", "high"]]
      relation     low    high
    0        =  0.0155  0.0165
    1        <  0.0000  0.0010
    2        =  0.0000  0.0005

    A print without a decimal separator is rounded to a whole number, and one with an
    exponent to the places its mantissa gives:

    >>> parse_p(["0", "1.5e-3"])[["decimals", "low", "high", "zero_printed"]]
       decimals      low     high  zero_printed
    0         0  0.00000  0.50000          True
    1         4  0.00145  0.00155         False
    """
    series = pd.Series([printed] if isinstance(printed, str) else printed, dtype=object)
    text = series.fillna("").astype(str)
    found = text.str.extract(_PATTERN)
    number = found["number"].fillna("").astype(str).str.replace(",", ".", regex=False).str.lower()
    value = pd.to_numeric(number.where(number != ""), errors="coerce")
    mantissa = number.str.split("e").str[0]
    decimals = _places(number)
    relation = found["relation"].map(_RELATION).where(value.notna())
    relation = relation.fillna("=").where(value.notna())

    half_unit = 0.5 * np.power(10.0, -decimals.astype(float))
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
            # from the digits, not the float: "1e-400" is no zero, though a float holds it as 0
            "zero_printed": exact & ~mantissa.str.contains("[1-9]"),
        },
        index=series.index,
    )
    out.loc[~out["parsed"], ["low", "high"]] = np.nan
    return out


def censored(printed: pd.DataFrame) -> pd.Series:
    """Prints that give only a bound on p, ``p < 0.05`` or a zero such as ``0.000``: their true p
    lies below ``high``.

    >>> censored(parse_p(["< 0,05", "0,000", "0,016"])).tolist()
    [True, True, False]
    """
    return printed["relation"].eq("<") | printed["zero_printed"].astype(bool)


def _places(number: pd.Series) -> pd.Series:
    """Decimal places of each printed number ("" where none): digits after the separator less the exponent."""
    parts = number.str.extract(r"^[0-9]*(?:\.(?P<fraction>[0-9]*))?(?:e(?P<power>[-+]?[0-9]+))?$")
    fraction = parts["fraction"].fillna("").str.len()
    # an exponent of any length, bounded before it becomes a number: "1e-99999999999999999999" is just tiny
    power = pd.to_numeric(parts["power"], errors="coerce").fillna(0).clip(-_MAX_PLACES, _MAX_PLACES)
    return (fraction - power).where(number != "").astype(float)
