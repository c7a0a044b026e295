"""The audit of paired binary rows (one group, before/after): McNemar from the discordant
pairs, in the variant SPSS reports for their number. Where only margins are reported,
minimum discordance is assumed, and the *tipping point* is the smallest number worsened
that would push p to alpha or above.
"""

from __future__ import annotations

import numpy as np

from evsynth.audit import recompute
from evsynth.audit.findings import _undefined
from evsynth.audit.verdict import judge
from evsynth.inputs.counts import floats, paired_counts
from evsynth.vocabulary import CONSISTENT

MCNEMAR_EXACT_BELOW = 25  # SPSS NPAR TESTS: binomial when fewer than 25 pairs change
# The tipping point tries every feasible number worsened; beyond this many, a row is too
# large to try one by one, and says so instead of exhausting the memory.
TIPPING_LIMIT = 1_000_000
_GRID_CELLS = 2_000_000  # p-values evaluated at once on the tipping-point grid


def _paired_binary(frame, family, printed, rows, alpha):
    if frame.empty:
        return
    n, pre = floats(frame, "n_total"), floats(frame, "events_pre")
    pairs = paired_counts(frame)
    b, c, known = pairs.improved, pairs.worsened, pairs.known
    assume_worsened, assume_margins = pairs.assumed_worsened, pairs.assumed_margins

    tests = family.loc[frame.index].to_numpy()
    supported = np.isin(tests, ["mcnemar", "none", "wilcoxon", "paired_t"])
    small = (b + c) < MCNEMAR_EXACT_BELOW
    variants = {
        "test.mcnemar_exact": recompute.mcnemar_exact(b, c),
        "test.mcnemar_cc": recompute.mcnemar_chi2(b, c, correction=True),
        "test.mcnemar": recompute.mcnemar_chi2(b, c, correction=False),
    }
    deciding = np.where(tests == "wilcoxon", "test.mcnemar",  # signed ranks of +-1 differences
                        np.where(tests == "paired_t", "test.paired_binary_t",
                                 np.where(small, "test.mcnemar_exact", "test.mcnemar_cc")))
    variants["test.paired_binary_t"] = recompute.paired_binary_t(b, c, n)

    assumed = known & (assume_worsened | assume_margins) & supported
    w_max = _feasible_worsened(b, c, n, pre, assume_margins)
    tipping_rows = assumed & ~np.isnan(n) & (w_max <= TIPPING_LIMIT)
    tipping = _tipping_points(b, c, n, w_max, assume_margins, deciding, tipping_rows, alpha,
                              printed.loc[frame.index])

    for k, i in enumerate(frame.index):
        row = rows[i]
        row.kind = "kind.paired_binary"
        if not known[k]:
            row.not_checkable = ("audit.no_paired_counts", {})
            continue
        if not supported[k]:
            row.not_checkable = ("audit.unsupported_test", {"test": frame.at[i, "test_reported"],
                                                             "kind": "kind.paired_binary"})
            continue
        row.test = deciding[k]
        row.p = float(variants[row.test][k])
        row.variants = {key: float(v[k]) for key, v in variants.items() if key != row.test}
        if np.isnan(row.p):
            row.not_checkable = _undefined(row.test, [("why.no_n", np.isnan(n[k])), ("why.too_few", n[k] <= 1),
                                                      ("why.no_change", b[k] + c[k] == 0)])
            continue
        if tests[k] == "none":
            row.assumptions.append(("assume.test", {"test": row.test, "kind": "kind.paired_binary"}))
        elif tests[k] == "mcnemar":
            reason = "assume.spss.mcnemar_small" if small[k] else "assume.spss.mcnemar_large"
            row.assumptions.append(("assume.spss_variant", {"reason": reason}))
        if pairs.assumption(k):
            row.assumptions.append(pairs.assumption(k))
        if tipping_rows[k]:
            row.tipping, tip_p, most, reproducing = tipping[k]
            every = list(reproducing) == list(range(int(c[k]), int(most) + 1))
            row.notes.append(("audit.reproduced_never", {}) if not reproducing else
                             (f"audit.reproduced_{'all' if every else 'with'}",
                              {"values": _runs(reproducing), "low": int(c[k]), "w_max": most}))
            row.notes.append(("audit.tipping", {"w": row.tipping, "p": tip_p}) if row.tipping != "none_feasible"
                             else ("audit.tipping_none", {"w_max": most}))
        elif assumed[k]:
            row.notes.append(("audit.tipping_no_n", {}) if np.isnan(n[k]) else
                             ("audit.tipping_too_many", {"w_max": int(c[k] + w_max[k]), "limit": TIPPING_LIMIT}))


def _runs(values: list[int]) -> list[list[int]]:
    """Ascending whole numbers as runs of consecutive ones, ``[first, last]``: a note stays short
    however many numbers it holds.

    >>> _runs([0, 1, 2, 3]), _runs(list(range(40)) + [45])
    ([[0, 3]], [[0, 39], [45, 45]])
    """
    runs = []
    for value in values:
        if runs and value == runs[-1][1] + 1:
            runs[-1][1] = value
        else:
            runs.append([value, value])
    return runs


def _spss_mcnemar(b, c, n):
    """McNemar as SPSS reports it: exact below 25 changed pairs, else chi-square with correction."""
    return np.where(b + c < MCNEMAR_EXACT_BELOW, recompute.mcnemar_exact(b, c),
                    recompute.mcnemar_chi2(b, c, correction=True))


# Deciding tests other than SPSS's McNemar, as functions of (improved, worsened, n).
_GRID_TESTS = {
    "test.mcnemar": lambda b, c, n: recompute.mcnemar_chi2(b, c, correction=False),
    "test.paired_binary_t": recompute.paired_binary_t,
}


def _feasible_worsened(b, c, n, pre, grow_both):
    """How many worsened pairs can be added to each row (NaN where n is unknown).

    Where only margins are known, each added worsened pair comes with one more
    improved pair, so both must fit.
    """
    has_pre = ~np.isnan(pre)
    room_total = n - b - c
    room_worse = np.where(has_pre, pre - c, room_total)
    room_better = np.where(has_pre, n - pre - b, room_total)
    return np.maximum(np.minimum(room_worse, np.where(grow_both, room_better, room_total)), 0)


def _grid_chunks(positions, width):
    """Rows in chunks whose padded grid (rows x widest row) stays within :data:`_GRID_CELLS`."""
    ordered = positions[np.argsort(width[positions], kind="stable")]
    chunk = []
    for row in ordered:
        if chunk and (len(chunk) + 1) * width[row] > _GRID_CELLS:
            yield np.array(chunk)
            chunk = []
        chunk.append(row)
    if chunk:
        yield np.array(chunk)


def _tipping_points(b, c, n, w_max, grow_both, deciding, rows, alpha, printed):
    """For each row with an assumed discordance: (tipping point, p there, largest feasible
    worsened, worsened values that reproduce the print).

    Worsened pairs are added one by one (``w_max`` at most); where only margins are known,
    each added worsened pair comes with one more improved pair, so the margins stay as
    printed. Rows are evaluated together on a padded grid of added pairs.
    """
    out = {}
    positions = np.flatnonzero(rows)
    for k in _grid_chunks(positions, w_max + 1):
        w = np.arange(int(w_max[k].max()) + 1)[None, :]
        feasible = w <= w_max[k, None]
        bb = b[k, None] + np.where(grow_both[k, None], w, 0)
        cc = c[k, None] + w
        chosen = np.broadcast_to(deciding[k, None], bb.shape)
        size = np.broadcast_to(n[k, None], bb.shape)
        p = np.full(bb.shape, np.nan)
        for test in np.unique(chosen):
            where = chosen == test
            p[where] = _GRID_TESTS.get(test, _spss_mcnemar)(bb[where], cc[where], size[where])
        p = np.where(feasible, p, np.nan)
        repeated = printed.iloc[np.repeat(k, w.shape[1])]
        fits = (judge(repeated, p.ravel(), alpha) == CONSISTENT).reshape(p.shape) & feasible
        over = (p >= alpha) & feasible
        first = over.argmax(axis=1)
        for j, row in enumerate(k):
            reached = bool(over[j].any())
            out[row] = (int(cc[j, first[j]]) if reached else "none_feasible",
                        float(p[j, first[j]]) if reached else np.nan,
                        int(c[row] + w_max[row]),
                        cc[j][fits[j]].astype(int).tolist())
    return out
