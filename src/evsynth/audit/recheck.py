"""Audit every reported p-value against the study's own numbers.

For each row of a validated extraction table: parse the printed p, recompute it with
the test the study names (in the variant its software reports for that size) from
whatever the row gives, state every assumption in words, and judge consistency.
Pure functions on DataFrames: no I/O.

How each kind of row is recomputed
----------------------------------
- paired binary (one group, before/after): McNemar from the discordant pairs. Where
  only margins are reported, minimum discordance is assumed, and the *tipping point*
  is the smallest number worsened that would push p to alpha or above.
- two-group binary: Fisher, Pearson chi-square (with and without Yates), and the
  Mann-Whitney U, which on a binary outcome is a test of the 2x2 table. Group sizes a
  study does not print are reconstructed from its percentages and total n.
- continuous: Student or Welch t from group summaries, paired t from the mean and SD of
  change. A rank test on continuous data cannot be recomputed from summaries.

References
----------
.. [1] Nuijten, M. B., et al. (2016). Behavior Research Methods, 48(4), 1205-1226 (statcheck).
.. [2] Brown, N. J. L., & Heathers, J. A. J. (2017). Social Psychological and Personality
   Science, 8(4), 363-369 (GRIM).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from evsynth.audit import recompute
from evsynth.audit.verdict import judge
from evsynth.inputs.contract import complete
from evsynth.inputs.counts import floats, grim_note, paired_counts, two_group_counts
from evsynth.inputs.printed_p import parse_p
from evsynth.notes import notes_json
from evsynth.vocabulary import row_kinds

COLUMNS = ["study_id", "outcome_id", "test_reported", "p_reported", "test_recomputed", "p_recomputed",
           "verdict", "reason", "assumption", "tipping_point"]

MCNEMAR_EXACT_BELOW = 25  # SPSS NPAR TESTS: binomial when fewer than 25 pairs change
MANN_WHITNEY_EXACT_UP_TO = 40  # SPSS NPAR TESTS: exact level for 40 or fewer cases
# The tipping point tries every feasible number worsened; beyond this many, a row is too
# large to try one by one, and says so instead of exhausting the memory.
TIPPING_LIMIT = 1_000_000
_GRID_CELLS = 2_000_000  # p-values evaluated at once on the tipping-point grid

# The test a study names, recognised from its words; the first match wins.
_TEST_PATTERNS = (
    ("mcnemar", r"mc\s*nemar"),
    ("wilcoxon", r"wilcoxon|signed.?rank"),
    ("mann_whitney", r"mann.?whitney|\bu[\s-]?test|rank.?sum"),
    ("fisher", r"fisher"),
    ("chi2_yates", r"yates|continuity"),
    ("chi2", r"chi|χ"),
    ("welch_t", r"welch"),
    ("paired_t", r"\bpaired|\bdependent|\brelated"),
    ("t", r"\bt[\s-]?test|student"),
)


def classify_test(named: pd.Series) -> pd.Series:
    """The test family each row names, recognised from its words.

    Parameters
    ----------
    named : Series of str
        The test each study names (the extraction table's ``test_reported``), in any
        language or case.

    Returns
    -------
    Series of str
        Same index: the first family whose pattern matches (``mcnemar``, ``wilcoxon``,
        ``mann_whitney``, ``fisher``, ``chi2_yates``, ``chi2``, ``welch_t``, ``paired_t``,
        ``t``, in that order), ``none`` where no test is named, ``other`` otherwise.

    Examples
    --------
    >>> named = pd.Series(["McNemar", "Chi-square (Yates)", "uji Mann-Whitney", "Paired t-test", "", "ANOVA"])
    >>> classify_test(named).tolist()
    ['mcnemar', 'chi2_yates', 'mann_whitney', 'paired_t', 'none', 'other']
    """
    lowered = named.fillna("").str.lower()
    family = pd.Series("other", index=named.index, dtype=object)
    for key, pattern in reversed(_TEST_PATTERNS):  # reversed, so the first pattern wins
        family[lowered.str.contains(pattern, regex=True)] = key
    family[lowered.str.strip() == ""] = "none"
    return family


@dataclass
class _Row:
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


def audit(table: pd.DataFrame, alpha: float = 0.05) -> pd.DataFrame:
    """Audit every row's printed p-value.

    Parameters
    ----------
    table : DataFrame
        A validated extraction table (:func:`evsynth.inputs.studies.load_studies`), one row
        per study x outcome, with the columns of ``data/README.md``; an optional column
        that is absent counts as empty. The audit reads ``design``, ``outcome_type``,
        ``n_total``, ``test_reported``, ``p_reported`` and the counts or summaries of the
        row's kind.
    alpha : float, default 0.05
        The significance level for decision inconsistencies and tipping points.

    Returns
    -------
    DataFrame
        Exactly the columns of :data:`COLUMNS`, one row per input row, same order, on a
        fresh RangeIndex. Free of language: notes are JSON text (:mod:`evsynth.notes`),
        which :func:`evsynth.book.messages.render` puts into words.

        study_id, outcome_id, test_reported, p_reported : str
            Copied from ``table``.
        test_recomputed : str
            Code of the test that decided the verdict (``mcnemar_exact``, ``mcnemar_cc``,
            ``mcnemar``, ``paired_binary_t``, ``fisher``, ``chi2``, ``chi2_yates``,
            ``mann_whitney``, ``mann_whitney_exact``, ``student_t``, ``welch_t``,
            ``paired_t``); "" where the row is not checkable.
        p_recomputed : float
            The p that test gives; NaN where the row is not checkable.
        verdict : str
            One of :data:`evsynth.audit.verdict.VERDICTS`; a row where several
            reconstructed 2x2 tables fit is consistent if any of them reproduces the print.
        reason : str
            Notes explaining the verdict: why the row cannot be checked, or the test, its p
            and the print (with the bound a p printed as zero stands for) and the other
            variants' p; then the row's findings, such as the worsened counts that
            reproduce the print, the tipping point and GRIM.
        assumption : str
            Notes of every assumption made ("" for none), such as the test where the study
            names none, the SPSS variant, minimum discordance or reconstructed group sizes.
        tipping_point : int, str or None
            For a paired binary row whose discordant pairs are assumed: the smallest
            number worsened at which p reaches ``alpha`` or above, ``"none_feasible"``
            where no feasible number does. None for every other row, and where ``n_total``
            is unknown or too many numbers would have to be tried (a note says so).

    References
    ----------
    .. [1] Nuijten, M. B., et al. (2016). The prevalence of statistical reporting errors in
       psychology (1985-2013). Behavior Research Methods, 48(4), 1205-1226.
    .. [2] Brown, N. J. L., & Heathers, J. A. J. (2017). The GRIM test: a simple technique
       detects numerous anomalies in the reporting of results in psychology. Social
       Psychological and Personality Science, 8(4), 363-369.

    Examples
    --------
    One group of 30, 12 in the favourable category before and 7 improved; nobody
    worsened is assumed (minimum discordance). The exact McNemar test of 7 vs 0 is R's
    ``binom.test(7, 7)$p.value`` = 0.015625, as printed ("0,016"); one worsened pair would
    give ``binom.test(7, 8)$p.value`` = 0.0703 >= 0.05, so the tipping point is 1:

    >>> import pandas as pd
    >>> row = dict(study_id="s", outcome_id="o", design="one_group_pre_post", outcome_type="binary",
    ...            n_total=30, test_reported="McNemar", p_reported="0,016", events_pre=12, improved=7)
    >>> result = audit(pd.DataFrame([row]))
    >>> result.loc[0, ["test_recomputed", "verdict", "tipping_point"]].tolist(), float(result.loc[0, "p_recomputed"])
    (['mcnemar_exact', 'consistent', 1], 0.015625)
    """
    table = complete(table)
    printed = parse_p(table["p_reported"]).set_axis(table.index)
    family = classify_test(table["test_reported"])
    rows = {i: _Row() for i in table.index}
    for i in table.index[~printed["reported"]]:
        rows[i].not_checkable = ("audit.no_p", {})
    for i in table.index[printed["reported"] & ~printed["parsed"]]:  # only in a table that skipped validation
        rows[i].not_checkable = ("audit.unreadable_p", {})

    kind = row_kinds(table)
    todo = printed["reported"] & printed["parsed"]
    for i in table.index[todo & kind.isna()]:
        missing = "outcome_type" if table.at[i, "outcome_type"] in ("", None) else "design"
        rows[i].not_checkable = ("audit.no_kind", {"missing": [f"audit.missing.{missing}"]})

    _paired_binary(table[todo & (kind == "paired_binary")], family, printed, rows, alpha)
    _two_group_binary(table[todo & (kind == "two_group_binary")], family, rows)
    _continuous(table[todo & kind.isin(["paired_continuous", "two_group_continuous"])], kind, family, rows)
    _grim_notes(table, rows)

    p = np.array([rows[i].p for i in table.index], dtype=float)
    verdict = judge(printed, p, alpha)
    _any_candidate(table.index, rows, printed, verdict, alpha)
    for position, i in enumerate(table.index):
        if rows[i].not_checkable:
            verdict[position] = "not_checkable"

    prints, shown = printed.to_dict("records"), table["p_reported"].tolist()
    return pd.DataFrame({
        "study_id": table["study_id"].to_numpy(),
        "outcome_id": table["outcome_id"].to_numpy(),
        "test_reported": table["test_reported"].to_numpy(),
        "p_reported": table["p_reported"].to_numpy(),
        "test_recomputed": [rows[i].test.removeprefix("test.") if rows[i].test and not rows[i].not_checkable
                            else "" for i in table.index],
        "p_recomputed": np.where(verdict == "not_checkable", np.nan, p),
        "verdict": verdict,
        "reason": [notes_json(_reason(rows[i], prints[k], verdict[k], shown[k], alpha))
                   for k, i in enumerate(table.index)],
        "assumption": [notes_json(rows[i].assumptions) for i in table.index],
        "tipping_point": pd.Series([rows[i].tipping for i in table.index], dtype=object).to_numpy(),
    })


def _any_candidate(index, rows, printed, verdict, alpha):
    """Where several reconstructions fit, a row is consistent if any of them reproduces the print."""
    pending = [(k, p) for k, i in enumerate(index) if verdict[k] != "consistent" for p in rows[i].candidates]
    if not pending:
        return
    owners, p = map(list, zip(*pending))
    others = pd.Series(judge(printed.iloc[owners], p, alpha)).groupby(np.array(owners)).agg(set)
    for k, found in others.items():
        if "consistent" in found:
            verdict[k] = "consistent"
        elif verdict[k] == "decision_inconsistent" and "inconsistent" in found:
            verdict[k] = "inconsistent"


# ----------------------------------------------------------------------------- paired binary

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
                              {"values": _listed(reproducing), "low": int(c[k]), "w_max": most}))
            row.notes.append(("audit.tipping", {"w": row.tipping, "p": tip_p}) if row.tipping != "none_feasible"
                             else ("audit.tipping_none", {"w_max": most}))
        elif assumed[k]:
            row.notes.append(("audit.tipping_no_n", {}) if np.isnan(n[k]) else
                             ("audit.tipping_too_many", {"w_max": int(c[k] + w_max[k]), "limit": TIPPING_LIMIT}))


def _undefined(test: str, reasons: list[tuple[str, bool]]) -> tuple:
    """Why ``test`` gives no p for a row: the first reason that holds, else a number out of range."""
    why = next((key for key, holds in reasons if holds), "why.out_of_range")
    if why == "why.no_n":
        return ("audit.missing_summaries", {"test": test, "missing": ["audit.missing.n_total"]})
    return ("audit.undefined", {"test": test, "why": why})


def _listed(values: list[int], up_to: int = 10) -> str:
    """Whole numbers for a sentence: all of them when few, else runs written as first-last.

    >>> _listed([0, 1, 2, 3]), _listed(list(range(40)) + [45])
    ('0, 1, 2, 3', '0-39, 45')
    """
    if len(values) <= up_to:
        return ", ".join(map(str, values))
    runs, start = [], 0
    for position in range(1, len(values) + 1):
        if position == len(values) or values[position] != values[position - 1] + 1:
            first, last = values[start], values[position - 1]
            runs.append(str(first) if first == last else f"{first}-{last}")
            start = position
    return ", ".join(runs)


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
        fits = (judge(repeated, p.ravel(), alpha) == "consistent").reshape(p.shape) & feasible
        over = (p >= alpha) & feasible
        first = over.argmax(axis=1)
        for j, row in enumerate(k):
            reached = bool(over[j].any())
            out[row] = (int(cc[j, first[j]]) if reached else "none_feasible",
                        float(p[j, first[j]]) if reached else np.nan,
                        int(c[row] + w_max[row]),
                        cc[j][fits[j]].astype(int).tolist())
    return out


# ----------------------------------------------------------------------------- two-group binary

def _two_group_binary(frame, family, rows):
    if frame.empty:
        return
    found = two_group_counts(frame)
    counts = found.tables
    for i in frame.index:
        rows[i].assumptions += found.assumptions[i]
        rows[i].notes += found.notes[i]
        if i in found.unsplittable:
            rows[i].not_checkable = ("audit.no_split", {"n": found.unsplittable[i]})
        if i in found.unsearched:
            rows[i].not_checkable = ("audit.split_too_many", found.unsearched[i])
    named = frame["test_reported"].tolist()

    # every candidate table of every row, tested at once
    owner = [i for i in frame.index for _ in counts[i]]
    a, n1, c, n2 = (np.array([t[j] for i in frame.index for t in counts[i]], dtype=float) for j in range(4))
    variants = {
        "test.fisher": recompute.fisher_exact(a, n1, c, n2),
        "test.chi2": recompute.chi2_2x2(a, n1, c, n2),
        "test.chi2_yates": recompute.chi2_2x2(a, n1, c, n2, correction=True),
        "test.mann_whitney": recompute.mann_whitney_2x2(a, n1, c, n2),
        "test.mann_whitney_cc": recompute.mann_whitney_2x2(a, n1, c, n2, continuity=True),
        "test.mann_whitney_exact": recompute.fisher_one_sided_doubled(a, n1, c, n2),
    }
    variants = {key: v.tolist() for key, v in variants.items()}
    small = ((n1 + n2) <= MANN_WHITNEY_EXACT_UP_TO).tolist()
    first = {}
    for position, i in enumerate(owner):
        first.setdefault(i, position)

    tests = family.loc[frame.index].tolist()
    for k, i in enumerate(frame.index):
        row = rows[i]
        row.kind = "kind.two_group_binary"
        if row.not_checkable:
            continue
        if not counts[i]:
            row.not_checkable = ("audit.no_group_counts", {})
            continue
        test = tests[k]
        if test not in ("fisher", "chi2", "chi2_yates", "mann_whitney", "none"):
            row.not_checkable = ("audit.unsupported_test", {"test": named[k], "kind": "kind.two_group_binary"})
            continue
        at = first[i]
        if test == "mann_whitney":
            row.test = "test.mann_whitney_exact" if small[at] else "test.mann_whitney"
            reason = "assume.spss.mw_small" if small[at] else "assume.spss.mw_large"
            # a rank test recomputed on a 2x2 table assumes the outcome had two values
            row.assumptions += [("assume.binary_outcome", {}), ("assume.spss_variant", {"reason": reason})]
        else:
            row.test = _TWO_BY_TWO_TESTS[test]
            if test == "none":
                row.assumptions.append(("assume.test", {"test": row.test, "kind": "kind.two_group_binary"}))
        row.p = variants[row.test][at]
        row.candidates = variants[row.test][at + 1:at + len(counts[i])]
        row.variants = {key: v[at] for key, v in variants.items() if key != row.test}
        if np.isnan(row.p):
            events, _, others, _ = counts[i][0]
            total = n1[at] + n2[at]
            row.not_checkable = _undefined(row.test, [("why.no_variation", events + others in (0, total))])


_TWO_BY_TWO_TESTS = {"none": "test.fisher", "fisher": "test.fisher", "chi2": "test.chi2",
                     "chi2_yates": "test.chi2_yates"}


# ----------------------------------------------------------------------------- continuous

def _continuous(frame, kind, family, rows):
    if frame.empty:
        return
    paired = (kind.loc[frame.index] == "paired_continuous").to_numpy()
    n = floats(frame, "n_total")
    m, s = floats(frame, "mean_change"), floats(frame, "sd_change")
    groups = [floats(frame, c) for c in ("mean_1", "sd_1", "n_1", "mean_2", "sd_2", "n_2")]
    p_paired = recompute.t_paired(m, s, n)
    p_student = recompute.t_two_sample(*groups, equal_var=True)
    p_welch = recompute.t_two_sample(*groups, equal_var=False)
    have_groups = ~np.isnan(np.vstack(groups)).any(axis=0)
    tests = family.loc[frame.index].to_numpy()
    for k, i in enumerate(frame.index):
        row = rows[i]
        row.kind = "kind.paired_continuous" if paired[k] else "kind.two_group_continuous"
        if tests[k] in ("wilcoxon", "mann_whitney"):
            row.not_checkable = ("audit.rank_test", {"test": frame.at[i, "test_reported"]})
            continue
        if paired[k]:
            if tests[k] not in ("paired_t", "t", "none"):
                row.not_checkable = ("audit.unsupported_test", {"test": frame.at[i, "test_reported"],
                                                                 "kind": row.kind})
                continue
            row.test = "test.paired_t"
            missing = [key for key, v in (("audit.missing.mean_change", m[k]), ("audit.missing.sd_change", s[k]))
                       if np.isnan(v)]
            if missing:
                row.not_checkable = ("audit.missing_summaries", {"test": "test.paired_t", "missing": missing})
                continue
            row.p = float(p_paired[k])
            if np.isnan(row.p):
                row.not_checkable = _undefined(row.test, [("why.no_n", np.isnan(n[k])), ("why.too_few", n[k] <= 1),
                                                          ("why.sd_change_zero", s[k] == 0)])
                continue
        else:
            if tests[k] not in ("t", "welch_t", "none"):
                row.not_checkable = ("audit.unsupported_test", {"test": frame.at[i, "test_reported"],
                                                                 "kind": row.kind})
                continue
            row.test = "test.welch_t" if tests[k] == "welch_t" else "test.student_t"
            if not have_groups[k]:
                row.not_checkable = ("audit.missing_summaries", {"test": row.test,
                                                                 "missing": ["audit.missing.group_summaries"]})
                continue
            row.p = float(p_welch[k] if tests[k] == "welch_t" else p_student[k])
            if np.isnan(row.p):
                n_1, n_2 = groups[2][k], groups[5][k]
                row.not_checkable = _undefined(row.test, [("why.too_few", n_1 + n_2 <= 2 or (
                                                               min(n_1, n_2) < 2 and row.test == "test.welch_t")),
                                                          ("why.sds_zero", groups[1][k] == groups[4][k] == 0)])
                continue
            row.variants = {"test.student_t" if tests[k] == "welch_t" else "test.welch_t":
                            float(p_student[k] if tests[k] == "welch_t" else p_welch[k])}
        if tests[k] == "none":
            row.assumptions.append(("assume.test", {"test": row.test, "kind": row.kind}))


# ----------------------------------------------------------------------------- GRIM and words

def _grim_notes(table, rows):
    """Percentages that no whole count out of the row's n can give, or only by truncation."""
    pairs = (("pct_1", "n_1"), ("pct_2", "n_2"), ("pct_pre", "n_total"), ("pct_post", "n_total"))
    for pct_column, n_column in pairs:
        filled = table[(table[pct_column].fillna("") != "") & table[n_column].notna()]
        for i, printed, n in zip(filled.index, filled[pct_column].tolist(), filled[n_column].tolist()):
            note = grim_note(printed, int(n))
            if note:
                rows[i].notes.append(note)


def _bound(printed: pd.Series):
    """The bound a p printed as zero stands for: half a unit in its last place ("0,000" -> 0.0005)."""
    places = int(printed["decimals"])
    if places > 12:  # "0e-400": written as the print does, since a float would show 0
        return f"5e-{places + 1}"
    return {"number": float(printed["high"]), "decimals": max(places + 1, 0)}


def _reason(row: _Row, printed: pd.Series, verdict: str, shown: str, alpha: float) -> list[tuple]:
    """The notes that explain a row's verdict: why it cannot be checked, or what the test gives."""
    level = {"number": alpha, "decimals": 2}
    if row.not_checkable:
        notes = [row.not_checkable]
    else:
        printed_text = ("= " if printed["relation"] == "=" else "") + shown.strip()
        notes = [(f"audit.{verdict}", {"test": row.test, "p": row.p, "printed": printed_text, "alpha": level})]
        if printed["zero_printed"]:
            notes.append(("audit.zero_printed", {"printed": shown.strip(), "bound": _bound(printed)}))
        if row.variants:
            notes.append(("audit.variants", {"variants": [[key, p] for key, p in row.variants.items()]}))
    notes += [(key, {**fields, "alpha": level}) if key in _WITH_ALPHA else (key, fields) for key, fields in row.notes]
    return notes


_WITH_ALPHA = ("audit.tipping", "audit.tipping_none")
