"""The counts a row's statistics need, derived where the row determines them and
assumed, in words, where it does not.

Shared by the audit (to recompute p) and the effect sizes (to estimate effects), so
both rest on the same reconstruction and say the same about it. Assumptions and notes
are message keys with their fields (see :mod:`evsynth.book.messages`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from evsynth.inputs import grim

#: Other splits a note names; the rest it counts, so that a result file stays small.
_NOTED = 10


def floats(frame: pd.DataFrame, column: str) -> np.ndarray:
    return pd.to_numeric(frame[column], errors="coerce").to_numpy(dtype=float)


@dataclass(frozen=True)
class PairedCounts:
    """Discordant pairs per row (NaN where unknown) and how each was obtained."""

    improved: np.ndarray
    worsened: np.ndarray
    known: np.ndarray
    assumed_worsened: np.ndarray  # improved known, worsened not: taken as 0
    assumed_margins: np.ndarray  # only before/after counts: minimum discordance

    def assumption(self, k: int) -> tuple | None:
        if self.assumed_worsened[k]:
            return ("assume.min_discordance_worsened", {})  # the words name the row's outcome
        if self.assumed_margins[k]:
            return ("assume.min_discordance_margins", {"b": int(self.improved[k]), "c": int(self.worsened[k])})
        return None


def paired_counts(frame: pd.DataFrame) -> PairedCounts:
    """Improved (b) and worsened (c) pairs of one-group binary rows.

    What the margins determine is derived, not assumed: with before and after counts,
    b - c = after - before. Where a discordant count stays unknown, minimum
    discordance is assumed: nobody moved against the reported change.
    """
    pre, post = floats(frame, "events_pre"), floats(frame, "events_post")
    b, c = floats(frame, "improved"), floats(frame, "worsened")
    margins = ~np.isnan(pre) & ~np.isnan(post)
    change = post - pre
    c = np.where(np.isnan(c) & ~np.isnan(b) & margins, b - change, c)
    b = np.where(np.isnan(b) & ~np.isnan(c) & margins, c + change, b)
    assumed_worsened = ~np.isnan(b) & np.isnan(c)
    assumed_margins = np.isnan(b) & np.isnan(c) & margins
    c = np.where(assumed_worsened, 0, c)
    b = np.where(assumed_margins, np.maximum(change, 0), b)
    c = np.where(assumed_margins, np.maximum(-change, 0), c)
    return PairedCounts(b, c, ~np.isnan(b) & ~np.isnan(c), assumed_worsened, assumed_margins)


@dataclass
class GroupTables:
    """Candidate 2x2 tables (events_1, n_1, events_2, n_2) per row, the first primary."""

    tables: dict = field(default_factory=dict)
    assumptions: dict = field(default_factory=dict)
    notes: dict = field(default_factory=dict)
    unsplittable: dict = field(default_factory=dict)  # row -> n_total no split fits
    unsearched: dict = field(default_factory=dict)  # row -> fields of audit.split_too_many


def grim_note(printed: str, n: int) -> tuple | None:
    """A note where a printed percentage is no count of n, or only a truncated one."""
    rule = grim.percent_rule(printed, n)
    if rule is None:
        return ("audit.grim_none", {"pct": printed, "n": n})
    if rule == "truncation":
        k = int(grim.count_range(printed, n, "truncation")[0])
        return ("audit.grim_truncated", {"pct": printed, "k": k, "n": n, "exact": 100 * k / n})
    return None


def _count_from_pct(printed: str, n: int) -> int | None:
    for rule in grim.RULES:
        # the range, not the list of counts: out of a large n, a print fits very many
        k_min, k_max = grim.count_range(printed, n, rule)
        if k_min <= k_max:
            return int(k_min) if k_min == k_max else None  # several counts fit: the print cannot choose
    return None


def two_group_counts(frame: pd.DataFrame) -> GroupTables:
    """2x2 tables of two-group binary rows: as given, from percentages of printed group
    sizes, or with group sizes reconstructed from all of a study's percentages."""
    found = GroupTables({i: [] for i in frame.index}, {i: [] for i in frame.index}, {i: [] for i in frame.index})
    columns = ("events_1", "n_1", "events_2", "n_2", "pct_1", "pct_2")
    for i, a, n1, c, n2, pct_1, pct_2 in zip(frame.index, *(frame[col].tolist() for col in columns)):
        if not any(pd.isna(v) for v in (a, n1, c, n2)):
            found.tables[i] = [(a, n1, c, n2)]
        elif not pd.isna(n1) and not pd.isna(n2) and pct_1 and pct_2:
            ks = [_count_from_pct(pct_1, int(n1)), _count_from_pct(pct_2, int(n2))]
            if None not in ks:
                found.tables[i] = [(ks[0], n1, ks[1], n2)]
                found.assumptions[i].append(("assume.counts_from_pct",
                                             {"events_1": ks[0], "n_1": int(n1), "events_2": ks[1], "n_2": int(n2)}))
    _reconstruct_groups(frame, found)
    return found


def _reconstruct_groups(frame: pd.DataFrame, found: GroupTables) -> None:
    """Group sizes a study does not print, from all its rows' percentages at once."""
    cells = zip(frame.index, frame["study_id"].tolist(), frame["n_total"].tolist(),
                frame["pct_1"].tolist(), frame["pct_2"].tolist())
    by_study = {}
    for i, study, n_total, pct_1, pct_2 in cells:
        if not found.tables[i] and not pd.isna(n_total) and pct_1 and pct_2:
            by_study.setdefault((study, int(n_total)), []).append((i, pct_1, pct_2))
    for (_, n_total), members in by_study.items():
        try:
            splits = grim.reconstruct_groups([m[1] for m in members], [m[2] for m in members], n_total)
        except grim.TooManySplits as err:
            for i, _, _ in members:
                found.unsearched[i] = {"n": n_total, "splits": err.count, "limit": grim.SPLIT_LIMIT}
            continue
        for position, (i, pct_1, pct_2) in enumerate(members):
            if not splits:
                found.unsplittable[i] = n_total
                continue
            found.tables[i] = [(s.counts_1[position], s.n_1, s.counts_2[position], s.n_2) for s in splits]
            first = splits[0]
            rule = "assume.groups_truncation" if first.rule == "truncation" else ""
            found.assumptions[i].append(("assume.groups", {"n_1": first.n_1, "n_2": first.n_2, "n": n_total,
                                                           "rule": rule}))
            found.notes[i] += [note for note in (grim_note(pct_1, first.n_1), grim_note(pct_2, first.n_2)) if note]
            if len(splits) > 1:
                others = splits[1:]
                found.notes[i].append(("audit.other_splits", {"splits": [[s.n_1, s.n_2] for s in others[:_NOTED]],
                                                              "more": max(len(others) - _NOTED, 0)}))

