"""Parse text cells into numbers, reporting every cell that is not one.

Vectorised over a column: a regular expression decides what counts as a number, so
"1,5", "30 ibu" or "n/a" are reported as written instead of becoming NaN.
"""

from __future__ import annotations

import pandas as pd

_WHOLE = r"^\d+$"
_REAL = r"^[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?$"
_PERCENT = r"^(?:\d+(?:[.,]\d*)?|[.,]\d+)\s*%?$"
_TRUE, _FALSE = ("true", "yes", "1"), ("false", "no", "0")


def bad_cells(text: pd.Series, pattern: str) -> pd.Series:
    """Non-empty cells of ``text`` that do not match ``pattern``."""
    filled = text != ""
    return text[filled & ~text.str.match(pattern)]


def whole(text: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Whole numbers >= 0, as nullable integers; returns (values, bad cells)."""
    bad = bad_cells(text, _WHOLE)
    values = pd.to_numeric(text.where(~text.index.isin(bad.index) & (text != "")), errors="coerce")
    return values.astype("Int64"), bad


def real(text: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Real numbers with a dot as decimal separator, as nullable floats."""
    bad = bad_cells(text, _REAL)
    values = pd.to_numeric(text.where(~text.index.isin(bad.index) & (text != "")), errors="coerce")
    return values.astype("Float64"), bad


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
