"""Tables for the book, as Markdown the chapters include, in each language.

The chapters never type a table: the pipeline writes these files into
``_outputs/tables/`` and a chapter includes them inside its own captioned,
cross-referenceable div.
"""

from __future__ import annotations

import pandas as pd

from evsynth import escape
from evsynth.book.messages import p_statement, text
from evsynth.figures.labels import study_label


def markdown_table(header: list[str], rows: list[list[str]]) -> str:
    """A pipe table whose every cell reads as written: text from data cannot become markup.

    Cells are escaped by :func:`evsynth.escape.markdown`, so a label such as
    ``<img src=x onerror=alert(1)>``, ``[x](javascript:...)`` or ``{{< include ... >}}``
    is shown, not run, and a pipe or a line break stays inside its cell.

    >>> print(markdown_table(["test", "p"], [["<b>McNemar</b>", "p < 0,05"]]), end="")
    | test | p |
    |---|---|
    | \\<b>McNemar\\</b> | p < 0,05 |
    """
    lines = ["| " + " | ".join(map(escape.markdown, header)) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(map(escape.markdown, row)) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def frame_table(frame: pd.DataFrame) -> str:
    """A data frame as a pipe table, missing values left empty.

    The notebooks show their tables this way rather than as pandas' HTML: the book renders
    the executed notebooks, and HTML outputs would make Quarto load require.js from a CDN.

    >>> print(frame_table(pd.DataFrame({"study": ["a"], "p": [None]})), end="")
    | study | p |
    |---|---|
    | a |  |
    """
    rows = frame.astype(object).where(frame.notna(), "").values.tolist()
    return markdown_table([str(c) for c in frame.columns], rows)


def characteristics_table(studies: pd.DataFrame, references: dict, lang: str) -> str:
    """One row per study x outcome: study, design, n, outcome, test and p as reported."""
    header = [text(f"table.{k}", lang) for k in ("study", "design", "n", "outcome", "test", "p_printed")]
    rows = [[study_label(r.study_id, references), text(f"design_name.{r.design}", lang) if r.design else "?",
             "?" if pd.isna(r.n_total) else int(r.n_total), getattr(r, f"outcome_label_{lang}") or r.outcome_id,
             r.test_reported or text("table.not_named", lang), r.p_reported or text("table.not_reported", lang)]
            for r in studies.itertuples()]
    return markdown_table(header, rows)


def audit_table(consistency: pd.DataFrame, studies: pd.DataFrame, references: dict, lang: str,
                with_reasons: bool = False) -> str:
    """The consistency audit: printed and recomputed p, the verdict, and (in full) why."""
    labels = {(r.study_id, r.outcome_id): getattr(r, f"outcome_label_{lang}") or r.outcome_id
              for r in studies.itertuples()}
    keys = ["study", "outcome", "p_printed", "test_recomputed", "p_recomputed", "verdict"]
    header = [text(f"table.{k}", lang) for k in keys] + ([text("table.reason", lang)] if with_reasons else [])
    rows = []
    for r in consistency.itertuples():
        row = [study_label(r.study_id, references), labels[(r.study_id, r.outcome_id)],
               r.p_reported or text("table.not_reported", lang), r.test_recomputed or "-",
               "-" if pd.isna(r.p_recomputed) else p_statement(r.p_recomputed, lang),
               text(f"verdict.{r.verdict}", lang)]
        if with_reasons:
            row.append(" ".join(filter(None, [r.reason, r.assumption])))
        rows.append(row)
    return markdown_table(header, rows)
