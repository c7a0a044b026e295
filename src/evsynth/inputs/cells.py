"""Parse text cells into numbers, reporting every cell that is not one.

Vectorised over a column: a regular expression decides what counts as a number, so
"1,5", "30 ibu" or "n/a" are reported as written instead of becoming NaN. Digits are
ASCII only: ``\\d`` would also match "٣٠" or "２０", which no number parser here
reads, so such a cell would silently become missing. A number the computer cannot
hold (a count beyond 64 bits, a real that overflows to infinity) is reported too,
never stored as something else.
"""

from __future__ import annotations

import math

import pandas as pd

_WHOLE = r"[0-9]+"
_REAL = r"[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?"
_PERCENT = r"(?:[0-9]+(?:[.,][0-9]*)?|[.,][0-9]+)\s*%?"
_TRUE, _FALSE = ("true", "yes", "1"), ("false", "no", "0")

#: The largest count a table may hold: what a 64-bit integer (pandas' ``Int64``) holds.
MAX_COUNT = 2**63 - 1


def bad_cells(text: pd.Series, pattern: str) -> pd.Series:
    """Non-empty cells of ``text`` that do not match ``pattern`` as a whole."""
    filled = text != ""
    return text[filled & ~text.str.fullmatch(pattern)]


def whole(text: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Whole numbers >= 0, as nullable integers.

    Returns
    -------
    values, bad, too_large : Series
        The numbers (``<NA>`` where empty, bad or too large); the cells that are not
        written as digits 0-9; the cells beyond :data:`MAX_COUNT`.

    Examples
    --------
    >>> values, bad, too_large = whole(pd.Series(["30", "", "٣٠", "99999999999999999999"]))
    >>> values.tolist(), bad.tolist(), too_large.tolist()
    ([30, <NA>, <NA>, <NA>], ['٣٠'], ['99999999999999999999'])
    """
    bad = bad_cells(text, _WHOLE)
    digits = text[(text != "") & ~text.index.isin(bad.index)]
    numbers = digits.map(int)  # Python integers: exact at any length, so the limit is checked exactly
    too_large = digits[numbers > MAX_COUNT]
    kept = numbers[numbers <= MAX_COUNT]
    values = pd.Series(pd.NA, index=text.index, dtype="Int64")
    values.loc[kept.index] = pd.array(kept.tolist(), dtype="Int64")
    return values, bad, too_large


def real(text: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Real numbers with a dot as decimal separator, as nullable floats.

    Returns
    -------
    values, bad, too_large : Series
        The numbers; the cells not written as such a number; the cells whose value
        overflows a 64-bit float (e.g. ``1e309``, which would become infinity).

    Examples
    --------
    >>> values, bad, too_large = real(pd.Series(["8.25", "8,25", "1e309", "-2e3"]))
    >>> values.tolist(), bad.tolist(), too_large.tolist()
    ([8.25, <NA>, <NA>, -2000.0], ['8,25'], ['1e309'])
    """
    bad = bad_cells(text, _REAL)
    written = text[(text != "") & ~text.index.isin(bad.index)]
    numbers = written.map(float)
    too_large = written[~numbers.map(math.isfinite)]
    values = pd.Series(pd.NA, index=text.index, dtype="Float64")
    kept = numbers.drop(too_large.index)
    values.loc[kept.index] = pd.array(kept.tolist(), dtype="Float64")
    return values, bad, too_large


def percent(text: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Printed percentages ("95,4", "22.7%") as nullable floats; the text stays as printed."""
    bad = bad_cells(text, _PERCENT)
    cleaned = text.str.replace("%", "", regex=False).str.replace(",", ".", regex=False).str.strip()
    values = pd.to_numeric(cleaned.where(~text.index.isin(bad.index) & (text != "")), errors="coerce")
    return values.astype("Float64"), bad


def boolean(text: pd.Series) -> tuple[pd.Series, pd.Series]:
    """true/false (also yes/no, 1/0, any case) as nullable booleans."""
    lowered = text.str.lower()
    bad = text[(text != "") & ~lowered.isin(_TRUE + _FALSE)]
    values = lowered.map(lambda v: True if v in _TRUE else (False if v in _FALSE else pd.NA))
    return values.astype("boolean"), bad
