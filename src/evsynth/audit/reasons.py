"""The notes that explain each row's verdict: why it cannot be checked, or the test, its p
and the print; and the GRIM notes on its percentages. Language-free: message keys and raw
values, put into words by :func:`evsynth.book.messages.render`.
"""

from __future__ import annotations

import pandas as pd

from evsynth.audit.findings import RowFindings
from evsynth.inputs.counts import grim_note


def _grim_notes(table, rows):
    """Percentages that no whole count out of the row's n can give, or only by truncation."""
    pairs = (("pct_1", "n_1"), ("pct_2", "n_2"), ("pct_pre", "n_total"), ("pct_post", "n_total"))
    for pct_column, n_column in pairs:
        filled = table[(table[pct_column].fillna("") != "") & table[n_column].notna()]
        for i, printed, n in zip(filled.index, filled[pct_column].tolist(), filled[n_column].tolist()):
            note = grim_note(printed, int(n))
            if note:
                rows[i].notes.append(note)


def _reason(row: RowFindings, printed: pd.Series, verdict: str, shown: str, alpha: float) -> list[tuple]:
    """The notes that explain a row's verdict: why it cannot be checked, or what the test gives."""
    if row.not_checkable:
        notes = [row.not_checkable]
    else:
        notes = [(f"audit.{verdict}", {"test": row.test, "p": row.p, "printed": shown.strip(),
                                       "relation": printed["relation"], "alpha": alpha})]
        if printed["zero_printed"]:
            # the bound such a print stands for: half a unit in its last place ("0,000": 0.0005)
            notes.append(("audit.zero_printed", {"printed": shown.strip(), "bound": float(printed["high"]),
                                                 "places": int(printed["decimals"])}))
        if row.variants:
            notes.append(("audit.variants", {"variants": [[key, p] for key, p in row.variants.items()]}))
    notes += [(key, {**fields, "alpha": alpha}) if key in _WITH_ALPHA else (key, fields) for key, fields in row.notes]
    return notes


_WITH_ALPHA = ("audit.tipping", "audit.tipping_none")
