"""Critical appraisal with the JBI checklist for quasi-experimental studies.

One row per study x item: ``study_id, item, answer, reason``. An answer other than
yes or no carries its reason, so every ``unclear`` says what would settle it.

References
----------
.. [1] Tufanaru, C., Munn, Z., Aromataris, E., Campbell, J., & Hopp, L. (2020).
   Chapter 3: Systematic reviews of effectiveness. In E. Aromataris & Z. Munn (Eds.),
   JBI Manual for Evidence Synthesis. JBI.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from evsynth.errors import InvalidData, Problem
from evsynth.inputs import cells
from evsynth.inputs.schema import duplicate_problems, missing_column_problems, schema_problems
from evsynth.inputs.text_tables import read_text_table
from evsynth.paths import shown

#: The nine items of the 2017/2020 checklist, by number, as short keys.
ITEMS = {
    1: "cause_effect_clear",
    2: "similar_participants",
    3: "similar_care",
    4: "control_group",
    5: "repeated_measurement",
    6: "follow_up_complete",
    7: "same_measurement",
    8: "reliable_measurement",
    9: "appropriate_statistics",
}
ANSWERS = ("yes", "no", "unclear", "not_applicable")
COLUMNS = ("study_id", "item", "answer", "reason")
#: Optional: the reason in Indonesian (``reason`` holds it in English).
REASON_ID = "reason_id"

_RULES = pa.DataFrameSchema(
    {
        "study_id": pa.Column(checks=pa.Check.str_matches(
            r"^[A-Za-z0-9_:.\-]+$", error="its BibTeX key: ASCII letters, digits and _ : . - only")),
        "item": pa.Column("Int64", pa.Check.isin(list(ITEMS), error="an item number from 1 to 9"),
                          nullable=True),
        "answer": pa.Column(checks=pa.Check.isin(ANSWERS, error="one of: " + " | ".join(ANSWERS))),
    },
    strict=False,
)


def load_appraisal(path: Path | str, references: set[str] | None = None) -> pd.DataFrame:
    """Load and validate an appraisal table.

    Every study must answer each of the nine items exactly once; ``unclear`` and
    ``not_applicable`` need a reason.

    Raises
    ------
    InvalidData
        With every problem, each naming the row, column, value and expectation.
    """
    name = shown(Path(path))
    text = read_text_table(path)
    missing = missing_column_problems(name, text, COLUMNS)
    if missing:
        raise InvalidData(missing)
    if text.empty:
        raise InvalidData([Problem(name, "at least one row of data below the header", row=2)])
    table = text.copy()
    table["item"], bad, too_large = cells.whole(text["item"])
    bad = pd.concat([bad, too_large])
    problems = [Problem(name, "an item number from 1 to 9", row=r, column="item", value=v) for r, v in bad.items()]
    empty = [Problem(name, "a value: this column may not be empty", row=r, column=c)
             for c in ("study_id", "item", "answer") for r in text.index[text[c] == ""]]
    # an empty cell is said once, as empty, not again as a value outside the rules
    said = {(q.row, q.column) for q in empty}
    problems += empty + [q for q in schema_problems(name, _RULES, table) if (q.row, q.column) not in said]
    problems += [
        Problem(name, f"a reason for the answer '{answer}'", row=r, column="reason")
        for r, answer in text["answer"].items() if answer in ("unclear", "not_applicable") and not text.at[r, "reason"]
    ]
    problems += duplicate_problems(name, text, ["study_id", "item"], "study x item")
    unknown = {key for key in text["study_id"] if key and references is not None and key not in references}
    problems += [Problem(name, "a key of an entry in the BibTeX file", row=r, column="study_id", value=key)
                 for r, key in text["study_id"].items() if key in unknown]
    # an unknown key is mostly a misspelt one: its rows belong to another study, not a study short of 8 items
    problems += _missing_item_problems(name, table[~table["study_id"].isin(unknown | {""})])
    if problems:
        raise InvalidData(sorted(problems, key=lambda q: (q.row or 0, q.column or "")))
    return table


def _missing_item_problems(name: str, table: pd.DataFrame) -> list[Problem]:
    """A study without a row for each item, named at its first row with the items its rows hold."""
    problems = []
    for study, rows in table.groupby("study_id", sort=False):
        items = rows["item"].dropna()
        absent = sorted(set(ITEMS) - set(items))
        if absent:
            problems.append(Problem(
                name, f"every item from 1 to 9 once in the rows of study '{study}' ({_rows_text(rows.index)}); "
                      "missing: " + ", ".join(map(str, absent)),
                row=int(rows.index[0]), column="item", value=", ".join(map(str, items))))
    return problems


def _rows_text(rows: pd.Index) -> str:
    """Spreadsheet rows as a reader finds them, runs of rows that follow each other as ranges.

    >>> _rows_text(pd.Index([2, 3, 4])), _rows_text(pd.Index([5])), _rows_text(pd.Index([11, 12, 13, 15, 16, 20]))
    ('rows 2-4', 'row 5', 'rows 11-13, 15-16, 20')
    """
    runs: list[list[int]] = []
    for row in rows:
        if runs and row == runs[-1][-1] + 1:
            runs[-1].append(row)
        else:
            runs.append([row])
    text = ", ".join(f"{run[0]}-{run[-1]}" if len(run) > 1 else str(run[0]) for run in runs)
    return f"row {text}" if len(rows) == 1 else f"rows {text}"
