"""Audit every reported p-value against the study's own numbers.

For each row of a validated extraction table: parse the printed p, recompute it with
the test the study names (in the variant its software reports for that size) from
whatever the row gives, state every assumption in words, and judge consistency.
Pure functions on DataFrames: no I/O.

How each kind of row is recomputed
----------------------------------
Each kind in its own module (:mod:`evsynth.audit.recheck_paired_binary`, :mod:`evsynth.audit.recheck_two_group_binary`,
:mod:`evsynth.audit.recheck_continuous`):

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

import numpy as np
import pandas as pd

from evsynth.audit.recheck_continuous import _continuous
from evsynth.audit.findings import RowFindings
from evsynth.audit.recheck_paired_binary import _paired_binary
from evsynth.audit.reasons import _grim_notes, _reason
from evsynth.audit.recheck_two_group_binary import _two_group_binary
from evsynth.audit.verdict import judge
from evsynth.inputs.contract import complete
from evsynth.inputs.printed_p import parse_p
from evsynth.notes import notes_json
from evsynth.parameters import DEFAULTS
from evsynth.vocabulary import CONSISTENT, DECISION_INCONSISTENT, INCONSISTENT, NOT_CHECKABLE, row_kinds

COLUMNS = ["study_id", "outcome_id", "test_reported", "p_reported", "test_recomputed", "p_recomputed",
           "verdict", "reason", "assumption", "tipping_point"]

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


def audit(table: pd.DataFrame, alpha: float = DEFAULTS["alpha"]) -> pd.DataFrame:
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
            One of :data:`evsynth.vocabulary.VERDICTS`; a row where several
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
    rows = {i: RowFindings() for i in table.index}
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
            verdict[position] = NOT_CHECKABLE

    prints, shown = printed.to_dict("records"), table["p_reported"].tolist()
    return pd.DataFrame({
        "study_id": table["study_id"].to_numpy(),
        "outcome_id": table["outcome_id"].to_numpy(),
        "test_reported": table["test_reported"].to_numpy(),
        "p_reported": table["p_reported"].to_numpy(),
        "test_recomputed": [rows[i].test.removeprefix("test.") if rows[i].test and not rows[i].not_checkable
                            else "" for i in table.index],
        "p_recomputed": np.where(verdict == NOT_CHECKABLE, np.nan, p),
        "verdict": verdict,
        "reason": [notes_json(_reason(rows[i], prints[k], verdict[k], shown[k], alpha))
                   for k, i in enumerate(table.index)],
        "assumption": [notes_json(rows[i].assumptions) for i in table.index],
        "tipping_point": pd.Series([rows[i].tipping for i in table.index], dtype=object).to_numpy(),
    })


def _any_candidate(index, rows, printed, verdict, alpha):
    """Where several reconstructions fit, a row is consistent if any of them reproduces the print."""
    pending = [(k, p) for k, i in enumerate(index) if verdict[k] != CONSISTENT for p in rows[i].candidates]
    if not pending:
        return
    owners, p = map(list, zip(*pending))
    others = pd.Series(judge(printed.iloc[owners], p, alpha)).groupby(np.array(owners)).agg(set)
    for k, found in others.items():
        if CONSISTENT in found:
            verdict[k] = CONSISTENT
        elif verdict[k] == DECISION_INCONSISTENT and INCONSISTENT in found:
            verdict[k] = INCONSISTENT
