"""Effect sizes with 95% confidence intervals, each with its basis and assumption.

Every row of an extraction table gets at least one effect row, on its native metric:

- two groups, binary: risk ratio (RR), odds ratio (OR), risk difference (RD);
- one group before/after, binary: paired risk difference (paired_RD) and the
  conditional paired odds ratio (paired_OR);
- two groups, continuous: mean difference (MD) and Hedges' g (SMD);
- one group before/after, continuous: mean change (MC) and d_z (SMCC, standardised by
  the SD of the change).

Formulas, small-sample corrections and the zero-cell rule follow metafor's
``escalc`` (Viechtbauer 2010): a table with a zero cell gets 0.5 added to every cell
(``add = 1/2, to = "only0"``); confidence intervals are normal-based, as in
``summary.escalc``. Where a study prints only a censored p ("0.000", "< 0.05"), the
Cochrane Handbook's conversion (section 6.5.2.3) at the censoring limit gives a
*bound*, never an estimate; a study with nothing more than a reported direction gets a
``direction_only`` row.

References
----------
.. [1] Viechtbauer, W. (2010). Conducting meta-analyses in R with the metafor package.
   Journal of Statistical Software, 36(3), 1-48.
.. [2] Higgins, J. P. T., et al. (Eds.) (2023). Cochrane Handbook for Systematic Reviews
   of Interventions, version 6.4, section 6.5.2.3 (standard errors from P values).
.. [3] Agresti, A. (2013). Categorical Data Analysis (3rd ed.), section 11.1 (paired
   proportions).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import special, stats

from .contract import complete
from .counts import paired_counts, two_group_counts
from .i18n import localise, number, text
from .pvalues import parse_p

EFFECT_COLUMNS = ["study_id", "outcome_id", "outcome_domain", "measure", "estimate", "ci_low", "ci_high",
                  "basis", "assumption"]
BASES = ("counts", "summary_stats", "reconstructed_counts", "bound_from_p", "direction_only")
RATIO_MEASURES = ("RR", "OR", "paired_OR")
ESTIMABLE = ("counts", "summary_stats", "reconstructed_counts")
_Z = stats.norm.isf(0.025)


# ----------------------------------------------------------------------------- formulas (vectorised)

def _zero_corrected(*cells):
    """Add 0.5 to every cell of each table that has a zero cell (metafor's default)."""
    cells = [np.asarray(c, dtype=float) for c in cells]
    has_zero = np.logical_or.reduce([c == 0 for c in cells])
    return [np.where(has_zero, c + 0.5, c) for c in cells], has_zero


def binary_two_group(events_1, n_1, events_2, n_2):
    """log RR, log OR and RD with their sampling variances: ``{measure: (yi, vi)}``.

    Examples
    --------
    BCG trial 1 (Aronson 1948): 4/123 vaccinated vs 11/139 controls.

    >>> yi, vi = binary_two_group(4, 123, 11, 139)["RR"]
    >>> round(float(np.exp(yi)), 4), round(float(vi), 4)
    (0.4109, 0.3256)
    """
    a, n1, c, n2 = (np.asarray(v, dtype=float) for v in (events_1, n_1, events_2, n_2))
    (a, b, c, d), _ = _zero_corrected(a, n1 - a, c, n2 - c)
    n1, n2 = a + b, c + d
    p1, p2 = a / n1, c / n2
    return {
        "RR": (np.log(p1 / p2), 1 / a - 1 / n1 + 1 / c - 1 / n2),
        "OR": (np.log(a * d / (b * c)), 1 / a + 1 / b + 1 / c + 1 / d),
        "RD": (p1 - p2, p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2),
    }


def binary_paired(improved, worsened, n):
    """Paired risk difference (b - c) / n and log conditional odds ratio b / c.

    The variance of the paired difference is ((b + c) - (b - c)^2 / n) / n^2 (Agresti
    2013, 11.1). Where b or c is zero, 0.5 is added to each of the four cells of the
    pair table (so n grows by 2), as metafor's ``MPRD`` and ``MPORC`` do.
    """
    b, c, n = (np.asarray(v, dtype=float) for v in (improved, worsened, n))
    zero = (b == 0) | (c == 0)
    b, c, n = np.where(zero, b + 0.5, b), np.where(zero, c + 0.5, c), np.where(zero, n + 2, n)
    return {
        "paired_RD": ((b - c) / n, ((b + c) - (b - c) ** 2 / n) / n**2),
        "paired_OR": (np.log(b / c), 1 / b + 1 / c),
    }


def hedges_correction(df):
    """metafor's exact small-sample correction J(m) = Gamma(m/2) / (sqrt(m/2) Gamma((m-1)/2))."""
    m = np.asarray(df, dtype=float)
    return np.exp(special.gammaln(m / 2) - 0.5 * np.log(m / 2) - special.gammaln((m - 1) / 2))


def continuous_two_group(mean_1, sd_1, n_1, mean_2, sd_2, n_2):
    """MD and Hedges' g (metafor's SMD, large-sample variance) with their variances."""
    m1, s1, n1, m2, s2, n2 = (np.asarray(v, dtype=float) for v in (mean_1, sd_1, n_1, mean_2, sd_2, n_2))
    pooled = np.sqrt(((n1 - 1) * s1**2 + (n2 - 1) * s2**2) / (n1 + n2 - 2))
    g = hedges_correction(n1 + n2 - 2) * (m1 - m2) / pooled
    return {
        "MD": (m1 - m2, s1**2 / n1 + s2**2 / n2),
        "SMD": (g, 1 / n1 + 1 / n2 + g**2 / (2 * (n1 + n2))),
    }


def continuous_paired(mean_change, sd_change, n):
    """Mean change (MC) and d_z standardised by the SD of change (metafor's SMCC)."""
    m, s, n = (np.asarray(v, dtype=float) for v in (mean_change, sd_change, n))
    dz = hedges_correction(n - 1) * m / s
    return {"MC": (m, s**2 / n), "SMCC": (dz, 1 / n + dz**2 / (2 * n))}


def se_from_p(estimate, p, df):
    """Standard error of a difference from its two-sided p of a t-test (Handbook 6.5.2.3).

    Examples
    --------
    The Handbook's example: MD = 3.8, p = 0.008, groups of 25 and 22 (df = 45):
    t = 2.78, so SE = 3.8 / 2.78 = 1.37.

    >>> round(float(se_from_p(3.8, 0.008, 45)), 2)
    1.37
    """
    return np.abs(np.asarray(estimate, dtype=float)) / stats.t.isf(np.asarray(p, dtype=float) / 2, df)


def t_from_p(p, df):
    """The |t| with two-sided p on ``df`` degrees of freedom."""
    return stats.t.isf(np.asarray(p, dtype=float) / 2, df)


# ----------------------------------------------------------------------------- per-row effects

def effect_sizes(table: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """Every effect the rows of a validated table support, with basis and assumption.

    Returns
    -------
    DataFrame
        The columns of :data:`EFFECT_COLUMNS` (ratio measures exponentiated), plus
        ``yi`` and ``vi`` (analysis scale: log for ratios), ``direction``
        (favours_intervention | favours_control | none), ``design_group``
        (controlled | uncontrolled), ``n_total`` and ``row`` (the input row).
        A bound has no estimate: ``ci_low`` (or ``ci_high``) holds the bound.
    """
    table = complete(table)
    printed = parse_p(table["p_reported"]).set_axis(table.index)
    out = []

    def words(*keys):
        return " ".join(text(key, lang, **localise(fields, lang)) for key, fields in keys if key)

    paired = table[(table.design == "one_group_pre_post") & (table.outcome_type == "binary")]
    pairs = paired_counts(paired)
    for k, i in enumerate(paired.index):
        if not pairs.known[k]:
            continue
        row, b, c = table.loc[i], pairs.improved[k], pairs.worsened[k]
        assumed = [pairs.assumption(k)] if pairs.assumption(k) else []
        if pairs.assumed_margins[k]:
            # the margins fix the difference; its SE is widest at the most discordance they allow
            b_max, c_max = _most_discordant(row, b, c)
            note = ("effect.margins_only", {"b_max": int(b_max), "c_max": int(c_max)})
            out.append(_row(row, "paired_RD", *binary_paired(b_max, c_max, row.n_total)["paired_RD"],
                            "reconstructed_counts", words(*assumed, note)))
            continue
        effects = binary_paired(b, c, row.n_total)
        for measure in ("paired_RD", "paired_OR"):
            zero = [("effect.zero_cell", {})] if 0 in (b, c) else []
            out.append(_row(row, measure, *effects[measure], "reconstructed_counts" if assumed else "counts",
                            words(*assumed, *zero)))

    groups = table[table.design.isin(_CONTROLLED) & (table.outcome_type == "binary")]
    found = two_group_counts(groups)
    for i in groups.index:
        if not found.tables[i]:
            continue
        row = table.loc[i]
        a, n1, c, n2 = found.tables[i][0]
        zero = [("effect.zero_cell", {})] if 0 in (a, n1 - a, c, n2 - c) else []
        basis = "reconstructed_counts" if found.assumptions[i] else "counts"
        for measure, (yi, vi) in binary_two_group(a, n1, c, n2).items():
            out.append(_row(row, measure, yi, vi, basis, words(*found.assumptions[i], *zero)))

    for i, row in table[table.outcome_type == "continuous"].iterrows():
        out.extend(_continuous_rows(row, printed.loc[i], lang))

    covered = {r["row"] for r in out}
    for i, row in table.iterrows():
        if i not in covered:
            out.append(_direction_row(row, lang))
    frame = pd.DataFrame(out).sort_values("row", kind="stable").reset_index(drop=True)
    return frame


_CONTROLLED = ("two_group_pre_post", "two_group_post_only", "randomised_two_group")


def _design_group(design: str) -> str:
    return "uncontrolled" if design == "one_group_pre_post" else "controlled"


def _row(row, measure, yi, vi, basis, assumption):
    yi, vi = float(yi), float(vi)
    low, high = yi - _Z * np.sqrt(vi), yi + _Z * np.sqrt(vi)
    ratio = measure in RATIO_MEASURES
    shown = (np.exp(yi), np.exp(low), np.exp(high)) if ratio else (yi, low, high)
    return {
        "study_id": row.study_id, "outcome_id": row.outcome_id, "outcome_domain": row.outcome_domain,
        "measure": measure, "estimate": shown[0], "ci_low": shown[1], "ci_high": shown[2], "basis": basis,
        "assumption": assumption, "yi": yi, "vi": vi, "direction": _direction(yi, row.higher_is_better),
        "design_group": _design_group(row.design), "n_total": row.n_total, "row": row.name,
    }


def _higher_is_better(value) -> bool:
    """The contract's flag; where a table leaves it empty, higher is taken as better."""
    return True if pd.isna(value) else bool(value)


def _direction(yi: float, higher_is_better) -> str:
    if np.isnan(yi) or yi == 0:
        return "none"
    better = yi > 0 if _higher_is_better(higher_is_better) else yi < 0
    return "favours_intervention" if better else "favours_control"


def _most_discordant(row, b, c):
    """The discordant pairs at the largest discordance the margins allow."""
    pre, n = float(row.events_pre), float(row.n_total)
    extra = min(pre - c, n - pre - b)
    return b + extra, c + extra


def _direction_row(row, lang):
    direction = row.direction_reported if row.direction_reported in ("favours_intervention", "favours_control",
                                                                     "none") else "none"
    return {
        "study_id": row.study_id, "outcome_id": row.outcome_id, "outcome_domain": row.outcome_domain,
        "measure": "direction", "estimate": np.nan, "ci_low": np.nan, "ci_high": np.nan,
        "basis": "direction_only", "assumption": text("effect.direction_only", lang),
        "yi": np.nan, "vi": np.nan, "direction": direction, "design_group": _design_group(row.design),
        "n_total": row.n_total, "row": row.name,
    }


def _continuous_rows(row, printed, lang):
    """Summary-statistic effects; else an estimate or a bound from the p-value."""
    n = float(row.n_total) if not pd.isna(row.n_total) else np.nan
    if row.design == "one_group_pre_post":
        if not pd.isna(row.mean_change) and not pd.isna(row.sd_change):
            effects = continuous_paired(row.mean_change, row.sd_change, n)
            return [_row(row, m, *effects[m], "summary_stats", "") for m in ("MC", "SMCC")]
        df, scale = n - 1, 1 / np.sqrt(n)
        measure = "SMCC"
    else:
        groups = [row.get(c) for c in ("mean_1", "sd_1", "n_1", "mean_2", "sd_2", "n_2")]
        if not any(pd.isna(v) for v in groups):
            effects = continuous_two_group(*groups)
            return [_row(row, m, *effects[m], "summary_stats", "") for m in ("MD", "SMD")]
        n1, n2 = row.get("n_1"), row.get("n_2")
        if pd.isna(n1) or pd.isna(n2):
            return []
        df, scale = n1 + n2 - 2, np.sqrt(1 / n1 + 1 / n2)
        measure = "SMD"
    if not printed["parsed"] or np.isnan(n) or row.direction_reported not in ("favours_intervention",
                                                                              "favours_control"):
        return []
    censored = printed["relation"] == "<" or printed["zero_printed"]
    if printed["relation"] == ">":
        return []
    p = printed["high"] if censored else printed["value"]
    t = float(t_from_p(p, df))
    sign = 1.0 if (row.direction_reported == "favours_intervention") == _higher_is_better(row.higher_is_better) else -1.0
    standardised = sign * float(hedges_correction(df)) * t * scale
    fields = dict(p=number(p, lang, 4 if p < 0.001 else 3), df=int(df), t=number(t, lang, 2))
    rows = []
    if censored:
        words = text("effect.bound", lang, **fields)
        rows.append(_bound_row(row, measure, standardised, words))
        if row.design == "one_group_pre_post" and not pd.isna(row.mean_change):
            se_max = abs(row.mean_change) / t
            rows.append(_row(row, "MC", row.mean_change, se_max**2, "bound_from_p",
                             text("effect.bound_se", lang, **fields)))
        return rows
    words = text("effect.from_p", lang, **fields)
    rows.append(_row(row, measure, standardised, _standardised_variance(row, measure, standardised, n),
                     "summary_stats", words))
    if row.design == "one_group_pre_post" and not pd.isna(row.mean_change):
        rows.insert(0, _row(row, "MC", row.mean_change, (abs(row.mean_change) / t) ** 2, "summary_stats", words))
    return rows


def _standardised_variance(row, measure, value, n):
    if measure == "SMCC":
        return 1 / n + value**2 / (2 * n)
    n1, n2 = float(row.n_1), float(row.n_2)
    return 1 / n1 + 1 / n2 + value**2 / (2 * (n1 + n2))


def _bound_row(row, measure, bound, words):
    """A one-sided bound: the effect is at least ``bound`` (or at most, if negative)."""
    positive = bound > 0
    return {
        "study_id": row.study_id, "outcome_id": row.outcome_id, "outcome_domain": row.outcome_domain,
        "measure": measure, "estimate": np.nan, "ci_low": bound if positive else np.nan,
        "ci_high": np.nan if positive else bound, "basis": "bound_from_p", "assumption": words,
        "yi": np.nan, "vi": np.nan, "direction": _direction(bound, row.higher_is_better),
        "design_group": _design_group(row.design), "n_total": row.n_total, "row": row.name,
    }
