"""What the audit finds for one row, kind by kind, before its notes are written
(:mod:`evsynth.audit.recheck` writes them)."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np


@dataclass
class RowFindings:
    """What the audit decided for one row, before its words are written."""

    kind: str | None = None
    test: str | None = None  # message key of the deciding test
    p: float = np.nan
    variants: dict[str, float] = field(default_factory=dict)
    not_checkable: tuple | None = None  # (message key, fields)
    assumptions: list[tuple] = field(default_factory=list)
    notes: list[tuple] = field(default_factory=list)
    candidates: list[float] = field(default_factory=list)  # p under other reconstructions
    tipping: object = None


def _undefined(test: str, reasons: list[tuple[str, bool]]) -> tuple:
    """Why ``test`` gives no p for a row: the first reason that holds, else a number out of range."""
    why = next((key for key, holds in reasons if holds), "why.out_of_range")
    if why == "why.no_n":
        return ("audit.missing_summaries", {"test": test, "missing": ["audit.missing.n_total"]})
    return ("audit.undefined", {"test": test, "why": why})
