"""The effect rows of each kind of study-table row, for :func:`evsynth.synthesis.effects.effect_sizes`:
paired and two-group binary rows from their counts, continuous rows from summary statistics
or from a reported p; which rows give a defined effect, and why the others do not.

Each function returns effect rows with the columns :func:`~evsynth.synthesis.effects.effect_sizes`
documents, their notes as JSON text (``say``: :func:`evsynth.notes.notes_json`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from evsynth.inputs.counts import floats, paired_counts, two_group_counts
from evsynth.inputs.printed_p import censored, parse_p
from evsynth.synthesis.effect_formulas import (
    binary_paired,
    binary_two_group,
    continuous_paired,
    continuous_two_group,
    hedges_correction,
    t_from_p,
)
from evsynth.vocabulary import (
    ALL_EVENTS,
    BOUND_FROM_P,
    COUNTS,
    FAVOURS_CONTROL,
    FAVOURS_INTERVENTION,
    MC,
    MD,
    NO_EFFECT_MEASURE,
    NO_ESTIMATE,
    NO_EVENTS,
    PAIRED_RD,
    RATIO_MEASURES,
    RD,
    RECONSTRUCTED_COUNTS,
    SMCC,
    SMD,
    SUMMARY_STATS,
    UNCONTROLLED,
    design_group,
    row_kinds,
)

_Z = stats.norm.isf(0.025)


def _defined(part: pd.DataFrame) -> np.ndarray:
    """Effect rows that can be drawn and pooled: a finite estimate with a positive variance, or a finite bound;
    a row that has no estimate for a known reason (no events in either group) is final as it is."""
    if (part["basis"] == NO_ESTIMATE).all():
        return np.ones(len(part), dtype=bool)
    if (part["basis"] == BOUND_FROM_P).all():
        bound = np.where(np.isnan(part["ci_low"]), part["ci_high"], part["ci_low"])
        return np.isfinite(bound)
    yi, vi = part["yi"].to_numpy(dtype=float), part["vi"].to_numpy(dtype=float)
    shown = part[["estimate", "ci_low", "ci_high"]].to_numpy(dtype=float)
    return np.isfinite(yi) & np.isfinite(vi) & (vi > 0) & np.isfinite(shown).all(axis=1)


def _why_undefined(rows: pd.DataFrame) -> pd.Series:
    """Why no effect could be computed for each of ``rows``: a ``why.*`` message key.

    The first reason that holds is given; a number out of range where none does.
    """
    n, s = floats(rows, "n_total"), floats(rows, "sd_change")
    n_1, n_2 = floats(rows, "n_1"), floats(rows, "n_2")
    paired = (rows["design"] == UNCONTROLLED).to_numpy()
    p = parse_p(rows["p_reported"]).set_axis(rows.index)
    tiny_p = (p["value"].eq(0) & ~p["zero_printed"] & p["relation"].eq("=")).to_numpy()
    reasons = [
        ("why.no_n", paired & np.isnan(n) & (rows["outcome_type"] == "binary").to_numpy()
         & rows[["events_pre", "events_post", "improved"]].notna().any(axis=1).to_numpy()),
        ("why.too_few", np.where(paired, n <= 1, n_1 + n_2 <= 2)),
        ("why.sd_change_zero", paired & (s == 0)),
        ("why.sds_zero", ~paired & (floats(rows, "sd_1") == 0) & (floats(rows, "sd_2") == 0)),
        ("why.p_too_small", tiny_p),
    ]
    why = np.full(len(rows), "why.out_of_range", dtype=object)
    for key, holds in reversed(reasons):  # reversed, so the first reason that holds wins
        why[holds] = key
    return pd.Series(why, index=rows.index)


def _chunk(rows: pd.DataFrame, measure: str, yi, vi, basis, assumption, direction=None, critical=_Z) -> pd.DataFrame:
    """Effect rows for ``rows``, all on one ``measure``, from analysis-scale yi and vi; the
    interval is yi +- critical x sqrt(vi) (the normal quantile unless another is given)."""
    yi = np.broadcast_to(np.asarray(yi, dtype=float), (len(rows),))
    vi = np.broadcast_to(np.asarray(vi, dtype=float), (len(rows),))
    half = critical * np.sqrt(vi)
    shown = [yi, yi - half, yi + half]
    if measure in RATIO_MEASURES:
        shown = [np.exp(v) for v in shown]
    return pd.DataFrame({
        "study_id": rows["study_id"].to_numpy(), "outcome_id": rows["outcome_id"].to_numpy(),
        "outcome_domain": rows["outcome_domain"].to_numpy(), "measure": measure,
        "estimate": shown[0], "ci_low": shown[1], "ci_high": shown[2], "basis": basis, "assumption": assumption,
        "yi": yi, "vi": vi, "direction": _directions(yi, rows["higher_is_better"]) if direction is None else direction,
        "design_group": design_group(rows["design"]),
        "n_total": rows["n_total"].to_numpy(), "row": rows.index.to_numpy(),
    })


def _bound_chunk(rows: pd.DataFrame, measure: str, bound, assumption) -> pd.DataFrame:
    """One-sided bounds: the effect is at least ``bound`` (or at most, where it is negative)."""
    frame = _chunk(rows, measure, np.nan, np.nan, BOUND_FROM_P, assumption,
                   direction=_directions(bound, rows["higher_is_better"]))
    frame["ci_low"] = np.where(bound > 0, bound, np.nan)
    frame["ci_high"] = np.where(bound > 0, np.nan, bound)
    return frame


def _directions(yi, higher_is_better: pd.Series) -> np.ndarray:
    """The direction an effect favours; where a table leaves higher_is_better empty, higher is better."""
    yi = np.asarray(yi, dtype=float)
    higher = higher_is_better.astype(object).where(higher_is_better.notna(), True).astype(bool).to_numpy()
    better = np.where(higher, yi > 0, yi < 0)
    return np.where(np.isnan(yi) | (yi == 0), "none", np.where(better, FAVOURS_INTERVENTION, FAVOURS_CONTROL))


def _paired_binary(table, say):
    rows = table[row_kinds(table) == "paired_binary"]
    pairs = paired_counts(rows)
    b, c = pairs.improved, pairs.worsened
    n, pre = rows["n_total"].to_numpy(dtype=float), rows["events_pre"].to_numpy(dtype=float, na_value=np.nan)
    notes = [[pairs.assumption(k)] if pairs.assumption(k) else [] for k in range(len(rows))]
    parts = []

    # the margins give a difference in proportions only out of a known n
    margins = pairs.known & pairs.assumed_margins & ~np.isnan(n)
    if margins.any():
        # the margins fix the difference; its SE is widest at the most discordance they allow
        extra = np.minimum(pre - c, n - pre - b)[margins]
        b_max, c_max = b[margins] + extra, c[margins] + extra
        words = [say(notes[k] + [("effect.margins_only", {"b_max": int(bm), "c_max": int(cm)})])
                 for k, bm, cm in zip(np.flatnonzero(margins), b_max, c_max)]
        parts.append(_chunk(rows[margins], PAIRED_RD, *binary_paired(b_max, c_max, n[margins])[PAIRED_RD],
                            RECONSTRUCTED_COUNTS, words))

    # no paired odds ratio: b / c is infinite when nobody worsened, and a corrected one with a Wald
    # interval would contradict the exact McNemar test the audit recomputes
    regular = pairs.known & ~pairs.assumed_margins
    if regular.any():
        words = [say(notes[k]) for k in np.flatnonzero(regular)]
        basis = np.where(pairs.assumed_worsened[regular], RECONSTRUCTED_COUNTS, COUNTS)
        parts.append(_chunk(rows[regular], PAIRED_RD, *binary_paired(b[regular], c[regular], n[regular])[PAIRED_RD],
                            basis, words))
    return parts


def _two_group_binary(table, say):
    rows = table[row_kinds(table) == "two_group_binary"]
    found = two_group_counts(rows)
    have = np.array([bool(found.tables[i]) for i in rows.index], dtype=bool)
    if not have.any():
        return []
    a, n1, c, n2 = (np.array([found.tables[i][0][j] for i in rows.index[have]], dtype=float) for j in range(4))
    notes = [found.assumptions[i] for i in rows.index[have]]
    # no events in either group, or in everyone of both: no estimate and no direction (drop00)
    same = {NO_EVENTS: (a == 0) & (c == 0), ALL_EVENTS: (a == n1) & (c == n2)}
    parts = [_chunk(rows[have][rows_of], NO_EFFECT_MEASURE, np.nan, np.nan, NO_ESTIMATE,
                    [say(n + [(f"effect.{code}", {})]) for n, keep in zip(notes, rows_of) if keep], direction=code)
             for code, rows_of in same.items() if rows_of.any()]
    kept = ~(same[NO_EVENTS] | same[ALL_EVENTS])
    if not kept.any():
        return parts
    a, n1, c, n2 = a[kept], n1[kept], c[kept], n2[kept]
    notes = [n for n, keep in zip(notes, kept) if keep]
    zero = (a == 0) | (a == n1) | (c == 0) | (c == n2)
    words = {RD: [say(n) for n in notes],  # the ratios alone get the zero-cell correction
             "ratio": [say(n + ([("effect.zero_cell", {})] if z else [])) for n, z in zip(notes, zero)]}
    basis = np.where([bool(n) for n in notes], RECONSTRUCTED_COUNTS, COUNTS)
    return parts + [_chunk(rows[have][kept], m, yi, vi, basis, words[RD if m == RD else "ratio"])
                    for m, (yi, vi) in binary_two_group(a, n1, c, n2).items()]


def _continuous(table, say):
    """Summary-statistic effects; else an estimate (exact p) or a bound (censored p) from the p-value."""
    rows = table[row_kinds(table).isin(["paired_continuous", "two_group_continuous"])]  # a known design only
    if rows.empty:
        return []
    paired = (rows["design"] == UNCONTROLLED).to_numpy()
    n, change, change_sd = floats(rows, "n_total"), floats(rows, "mean_change"), floats(rows, "sd_change")
    groups = [floats(rows, c) for c in ("mean_1", "sd_1", "n_1", "mean_2", "sd_2", "n_2")]
    parts = []

    with_change = paired & ~np.isnan(change) & ~np.isnan(change_sd)
    if with_change.any():
        effects = continuous_paired(change[with_change], change_sd[with_change], n[with_change])
        parts += [_chunk(rows[with_change], m, *effects[m], SUMMARY_STATS, "") for m in (MC, SMCC)]
    with_groups = ~paired & ~np.isnan(np.vstack(groups)).any(axis=0)
    if with_groups.any():
        effects = continuous_two_group(*(g[with_groups] for g in groups))
        parts += [_chunk(rows[with_groups], m, *effects[m], SUMMARY_STATS, "") for m in (MD, SMD)]

    printed = parse_p(rows["p_reported"]).set_axis(rows.index)
    n1, n2 = groups[2], groups[5]
    df = np.where(paired, n - 1, n1 + n2 - 2)
    scale = np.where(paired, 1 / np.sqrt(n), np.sqrt(1 / n1 + 1 / n2))
    usable = (~with_change & ~with_groups & printed["parsed"].to_numpy() & (printed["relation"] != ">").to_numpy()
              & ~np.isnan(df) & rows["direction_reported"].isin([FAVOURS_INTERVENTION, FAVOURS_CONTROL]).to_numpy())
    if not usable.any():
        return parts
    is_censored = censored(printed).to_numpy()
    p = np.where(is_censored, printed["high"], printed["value"])
    with np.errstate(invalid="ignore", divide="ignore"):
        t = t_from_p(p, df)
    favours = rows["direction_reported"].eq(FAVOURS_INTERVENTION).to_numpy()
    higher = rows["higher_is_better"].astype(object).where(rows["higher_is_better"].notna(), True).astype(bool)
    sign = np.where(favours == higher.to_numpy(), 1.0, -1.0)
    standardised = sign * hedges_correction(df) * t * scale
    words = {k: dict(p_used=float(p[k]), df=int(df[k]), t=float(t[k])) for k in np.flatnonzero(usable)}
    # a p converted into t rests on a t-test; where the study names none, that is an assumption
    unnamed = rows["test_reported"].fillna("").str.strip().eq("").to_numpy()
    assumed = {k: [("assume.test", {"test": "test.paired_t" if paired[k] else "test.student_t",
                                    "kind": "kind.paired_continuous" if paired[k] else "kind.two_group_continuous"})]
               if unnamed[k] else [] for k in np.flatnonzero(usable)}

    for is_bound in (True, False):
        chosen = usable & (is_censored == is_bound)
        if not chosen.any():
            continue
        picked = np.flatnonzero(chosen)
        measure = np.where(paired[chosen], SMCC, SMD)
        note = "effect.bound" if is_bound else "effect.from_p"
        for m in (SMCC, SMD):
            mask = measure == m
            if not mask.any():
                continue
            sub = rows.iloc[picked[mask]]
            text_rows = [say(assumed[k] + [(note, words[k])]) for k in picked[mask]]
            value = standardised[picked[mask]]
            if is_bound:
                parts.append(_bound_chunk(sub, m, value, text_rows))
            else:
                size = n[picked[mask]] if m == SMCC else n1[picked[mask]] + n2[picked[mask]]
                extra = 1 / size if m == SMCC else 1 / n1[picked[mask]] + 1 / n2[picked[mask]]
                parts.append(_chunk(sub, m, value, extra + value**2 / (2 * size), SUMMARY_STATS, text_rows))
        with_mean = picked[paired[chosen] & ~np.isnan(change[chosen])]
        if with_mean.size:
            # the SE comes from a t statistic on df degrees of freedom, so the interval takes t on df too
            note_mc = "effect.bound_se" if is_bound else "effect.from_p_mean"
            parts.append(_chunk(rows.iloc[with_mean], MC, change[with_mean], (np.abs(change[with_mean]) /
                                t[with_mean]) ** 2, BOUND_FROM_P if is_bound else SUMMARY_STATS,
                                [say(assumed[k] + [(note_mc, words[k])]) for k in with_mean],
                                critical=stats.t.isf(0.025, df[with_mean])))
    return parts
